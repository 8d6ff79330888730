// Sweep queue → one village shard per message (lib/app/sweep-village.ts), with partial batch failures: a
// failing shard never fails its neighbours. On the message's last delivery a failure is recorded on the
// run before SQS moves the message to the DLQ; whoever settles the last shard completes the run (and a
// redelivery of a done shard checks again, in case the delivery that settled it stopped before that). On
// the last delivery the shard races the function's remaining time less `settleReserveMs`, so a shard that
// would time out is still recorded failed and its run can complete (issue 17 item 11b).
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { beforeDeadline } from '../lib/adapters/sqs/last-delivery';
import { productionSweepDeps, sweepMaxReceiveCount, sweepMetrics } from '../lib/adapters/sqs/sweep-deps';
import { traced } from '../lib/adapters/tracing/tracer';
import { refreshCalendar } from '../lib/app/calendar';
import { finishSweep } from '../lib/app/finish-sweep';
import { type SweepDeps, type SweepMessage, sweepMessageSchema } from '../lib/app/sweep-shard';
import { sweepVillage } from '../lib/app/sweep-village';
import { sweepMetricNames } from '../lib/infra/metrics';

export interface SweepWorkerDeps extends SweepDeps {
  /** Deliveries before the DLQ (lib/infra/queues.ts). */
  maxReceiveCount: number;
  /** On the last delivery, the time kept back from the function's remaining time to record the shard
   *  failed and settle its run (default 10 s of the sweep consumer's 60 s). */
  settleReserveMs?: number;
}

const defaultSettleReserveMs = 10_000;

const logger = new Logger({ serviceName: 'fanpin' });

export function makeHandler(
  deps: SweepWorkerDeps | (() => SweepWorkerDeps),
  metrics: Metrics = sweepMetrics(),
) {
  const get = () => (typeof deps === 'function' ? deps() : deps);

  async function settle(d: SweepWorkerDeps, msg: SweepMessage, rebuild: boolean) {
    const outcome = await finishSweep(d, msg.sweepId, { rebuild });
    if (outcome?.completedNow) {
      metrics.addMetric(sweepMetricNames.completed, MetricUnit.Count, 1);
      logger.info('sweep completed', { sweepId: msg.sweepId, ...outcome.summary });
    }
    // Rebuilt with this shard (or its run has yet to complete, and the completion will include it). Until
    // this is recorded, a redelivery rebuilds again: a delivery that stops in between loses nothing.
    if (rebuild) await d.store.sweeps.reportsRebuilt(msg.sweepId, msg.villageCode);
  }

  async function processShard(record: SQSRecord, context?: Context): Promise<void> {
    const d = get();
    const msg = sweepMessageSchema.parse(JSON.parse(record.body));
    await refreshCalendar(d, msg.asOf); // D14: the calendar the table holds now
    const receiveCount = Number(record.attributes.ApproximateReceiveCount ?? '1');
    const log = { sweepId: msg.sweepId, villageCode: msg.villageCode, receiveCount };
    const lastDelivery = receiveCount >= d.maxReceiveCount;
    try {
      const work = sweepVillage(d, msg);
      const { outcome, result, reportsPending } =
        lastDelivery && context
          ? await beforeDeadline(
              work,
              context.getRemainingTimeInMillis() - (d.settleReserveMs ?? defaultSettleReserveMs),
            )
          : await work;
      if (outcome === 'already_done') {
        logger.info('shard already done', log);
        // The delivery that did it may have stopped before its completion check or its rebuild (a
        // timeout, a crash): do them again, or a run whose last shard that was would never complete, or
        // its reports would miss a redriven shard. One small read otherwise.
        await settle(d, msg, reportsPending);
        return;
      }
      metrics.addMetric(sweepMetricNames.shardsDone, MetricUnit.Count, 1);
      metrics.addMetric(sweepMetricNames.householdsAssessed, MetricUnit.Count, result.households);
      metrics.addMetric(sweepMetricNames.householdsWritten, MetricUnit.Count, result.written);
      logger.info('shard done', { ...log, ...result });
      // A failed shard redriven from the DLQ: its run may have completed without it, so the township
      // and county reports are rebuilt (a shard done for the first time cannot follow a completion).
      await settle(d, msg, reportsPending);
    } catch (e) {
      const error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      logger.error('shard failed', { ...log, error: error.slice(0, 500) });
      if (lastDelivery) {
        await d.store.sweeps.markShardFailed(msg.sweepId, msg.villageCode, d.now(), error.slice(0, 1000));
        metrics.addMetric(sweepMetricNames.shardsFailed, MetricUnit.Count, 1);
        await settle(d, msg, false);
      }
      throw e;
    }
  }

  return middy(async (event: SQSEvent, context: Context) => {
    const processor = new BatchProcessor(EventType.SQS);
    // Every record failing is reported like any partial failure (Lambda retries each of them alike).
    return processPartialResponse(event, processShard, processor, {
      context,
      throwOnFullBatchFailure: false,
    });
  })
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics));
}

export const handler = traced(
  makeHandler(() => ({
    ...productionSweepDeps(),
    maxReceiveCount: sweepMaxReceiveCount,
  })),
);
