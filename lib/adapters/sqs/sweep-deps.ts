// Production dependencies of the sweep handlers, built once per cold start from lib/config.ts.
import { Metrics } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { StartSweepDeps } from '../../app/start-sweep';
import type { SweepDeps } from '../../app/sweep-shard';
import { loadConfig, requireQueueUrl } from '../../config';
import { defaultPolicy, type Policy } from '../../domain/policy';
import { definePolicy, type PolicyOverride, resolvePolicy } from '../../domain/policy-resolution';
import { WorkingDayCalendar } from '../../domain/working-days';
import { queues } from '../../infra/queues';
import { createDynamoStore } from '../dynamodb/dynamo-store';
import { createSqsWorkQueue } from './sqs-work-queue';

export const sweepMetrics = () => new Metrics({ namespace: 'fanpin', serviceName: 'fanpin' });

let deps: StartSweepDeps | undefined;

/** `env` only for ID_HASH_SECRET (the sweep rewrites households, so it must hash as the importer does). */
export function productionSweepDeps(env: Record<string, string | undefined> = process.env): StartSweepDeps {
  if (deps) return deps;
  const config = loadConfig();
  const policies: Policy[] = config.policyOverrides
    ? [
        definePolicy({
          // Same id and version as the importer's (lib/local/commands/import-households.ts), so the sweep
          // does not see a policy change where there is none.
          policyId: defaultPolicy.policyId,
          version: defaultPolicy.version,
          countyCode: null,
          year: null,
          ...config.policyOverrides,
        } as PolicyOverride),
      ]
    : [];
  const sweep: SweepDeps = {
    store: createDynamoStore({
      client: new DynamoDBClient({}),
      tableName: config.tableName,
      idHashSecret: env.ID_HASH_SECRET || 'fanpin-local-id-hash',
    }),
    policyFor: (countyCode, year) => resolvePolicy(policies, countyCode, year),
    calendar: WorkingDayCalendar.chinaOfficial(),
    now: () => new Date().toISOString(),
  };
  deps = {
    ...sweep,
    timeZone: defaultPolicy.timezone,
    queue: createSqsWorkQueue({ sqs: new SQSClient({}), queueUrl: requireQueueUrl(config, 'sweep') }),
  };
  return deps;
}

/** Deliveries before SQS moves a sweep message to the DLQ (the last attempt records the shard failed). */
export const sweepMaxReceiveCount = queues.sweep.maxReceiveCount;
