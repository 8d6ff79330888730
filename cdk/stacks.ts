// The two stacks of one deployment. Tests call this with fixture handlers; cdk/app.ts with the
// real ones.
import { Tags } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { DeploymentConfig } from './config';
import { StatefulStack } from './stateful-stack';

export interface FanpinStacks {
  stateful: StatefulStack;
}

export function createStacks(scope: Construct, config: DeploymentConfig): FanpinStacks {
  const env = { region: config.region, ...(config.account ? { account: config.account } : {}) };
  const stateful = new StatefulStack(scope, `fanpin-${config.stage}-stateful`, {
    env,
    config,
    description: `fanpin ${config.stage}: table, queues, topics (retained)`,
    terminationProtection: true,
  });
  for (const [key, value] of Object.entries({ app: 'fanpin', stage: config.stage, ...config.tags })) {
    Tags.of(scope).add(key, value);
  }
  return { stateful };
}
