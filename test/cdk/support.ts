// Shared set-up for the CDK tests: deployment configurations for the two partitions and the
// cdk-nag check, so each test file synthesizes its stacks once and asserts on the templates.

import type { Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { type DeploymentConfig, type DeploymentConfigInput, parseConfig } from '../../cdk/config';
import { AwsSolutionsChecks } from '../../cdk/nag';

export function aConfig(overrides: Partial<DeploymentConfigInput> = {}): DeploymentConfig {
  return parseConfig({
    stage: 'test',
    region: 'ap-east-1',
    auth: { issuer: 'https://issuer.example.org/realm', audience: ['fanpin-web'] },
    mail: { mode: 'ses', from: 'fanpin@mail.example.org', recipients: { '532931': ['admin@example.org'] } },
    alarmEmail: 'ops@example.org',
    ...overrides,
  });
}

/** China (Ningxia): no SES, so mail goes through the SNS digest topic. */
export function aChinaConfig(overrides: Partial<DeploymentConfigInput> = {}): DeploymentConfig {
  return aConfig({
    region: 'cn-northwest-1',
    mail: {
      mode: 'sns',
      from: 'fanpin@example.cn',
      recipients: { '532931': ['admin@example.cn'], '640521001': ['a@example.cn', 'b@example.cn'] },
    },
    ...overrides,
  });
}

/** cdk-nag AwsSolutions findings that were not acknowledged, as `rule @ construct path`. */
export function unacknowledgedNagFindings(stack: Stack): string[] {
  const report = new AwsSolutionsChecks().validateScope(stack);
  return report.violations.flatMap((v) =>
    v.violatingResources.map((r) => `${v.ruleName} @ ${r.constructPath}`),
  );
}

export function annotationErrors(stack: Stack): unknown[] {
  return Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('.*'));
}
