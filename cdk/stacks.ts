// The two stacks of one deployment. Tests call this with fixture handlers; cdk/app.ts with the
// real ones.
import { Tags } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { DeploymentConfig } from './config';
import type { FunctionSpec } from './functions';
import { ServiceStack } from './service-stack';
import { StatefulStack } from './stateful-stack';

export interface FanpinStacks {
  stateful: StatefulStack;
  service: ServiceStack;
}

export interface HandlerSource {
  manifest: readonly FunctionSpec[];
  /** Directory of the handler files. */
  functionsDir: string;
  /** Repository root (package-lock.json, tsconfig.json). */
  projectRoot: string;
  /** The built web app (default: web/dist under the root). */
  webDistDir?: string;
}

export function createStacks(
  scope: Construct,
  config: DeploymentConfig,
  handlers: HandlerSource,
): FanpinStacks {
  const env = { region: config.region, ...(config.account ? { account: config.account } : {}) };
  const stateful = new StatefulStack(scope, `fanpin-${config.stage}-stateful`, {
    env,
    config,
    description: `fanpin ${config.stage}: table, queues, topics (retained)`,
    terminationProtection: true,
  });
  const service = new ServiceStack(scope, `fanpin-${config.stage}-service`, {
    env,
    config,
    stateful,
    ...handlers,
    description: `fanpin ${config.stage}: functions, HTTP API, schedules, alarms`,
  });
  for (const [key, value] of Object.entries({ app: 'fanpin', stage: config.stage, ...config.tags })) {
    Tags.of(scope).add(key, value);
  }
  return { stateful, service };
}
