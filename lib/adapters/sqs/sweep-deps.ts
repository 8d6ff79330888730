// Production dependencies of the sweep handlers, built once per cold start from lib/config.ts.
import { SQSClient } from '@aws-sdk/client-sqs';
import { deploymentCalendar } from '../../app/calendar';
import { deploymentPolicy } from '../../app/policies';
import type { StartSweepDeps } from '../../app/start-sweep';
import type { SweepDeps, SweepMessage } from '../../app/sweep-shard';
import { loadConfig, requireQueueUrl } from '../../config';
import { defaultPolicy } from '../../domain/policy';
import { queues } from '../../infra/queues';
import type { WorkQueue } from '../../ports/work-queue';
import { storeFromConfig } from '../dynamodb/store-from-config';
import { serviceMetrics } from '../metrics';
import { createSqsWorkQueue } from './sqs-work-queue';

/**
 * The sweep's metrics, in the namespace of POWERTOOLS_METRICS_NAMESPACE (`fanpin/<stage>` on AWS, where the
 * alarms and the dashboard read them; `fanpin` when unset). A namespace passed here would override it.
 */
/** The sweep functions' metrics (one factory for every function: lib/adapters/metrics.ts). */
export const sweepMetrics = serviceMetrics;

let deps: StartSweepDeps | undefined;

/** The sweep rewrites households, so it hashes ID numbers with the importer's secret (config.idHashSecret). */
export function productionSweepDeps(): StartSweepDeps {
  if (deps) return deps;
  const config = loadConfig();
  let sender: WorkQueue<SweepMessage> | undefined;
  // D15: the same policies (id and content-hash version) as the API's and the importer's.
  const store = storeFromConfig(config);
  const sweep: SweepDeps = {
    store,
    ...deploymentPolicy(store, config.policyOverrides),
    // D14: replaced at each invocation by the calendar the table holds (refreshCalendar).
    ...deploymentCalendar(store),
    now: () => new Date().toISOString(),
  };
  deps = {
    ...sweep,
    timeZone: defaultPolicy.timezone,
    // Built on first send: only the start handler sends; the worker consumes the queue and is not given
    // SWEEP_QUEUE_URL on AWS (cdk/functions.ts: no sendsTo), so it must not require it at cold start.
    queue: {
      sendAll: (messages) => {
        sender ??= createSqsWorkQueue({ sqs: new SQSClient({}), queueUrl: requireQueueUrl(config, 'sweep') });
        return sender.sendAll(messages);
      },
    },
  };
  return deps;
}

/** Deliveries before SQS moves a sweep message to the DLQ (the last attempt records the shard failed). */
export const sweepMaxReceiveCount = queues.sweep.maxReceiveCount;
