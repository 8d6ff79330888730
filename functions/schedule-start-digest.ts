// EventBridge Scheduler, 08:30 Asia/Shanghai every day → on working days, one notify-queue message per
// digest (lib/app/start-digests.ts). The payload's scheduledTime is the digests' as-of (never the clock).

import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { storeFromConfig } from '../lib/adapters/dynamodb/store-from-config';
import { serviceMetrics } from '../lib/adapters/metrics';
import { traced } from '../lib/adapters/tracing/tracer';
import { deploymentCalendar } from '../lib/app/calendar';
import { type NotifyMessage, type StartDigestsDeps, startDigests } from '../lib/app/start-digests';
import { loadConfig, requireQueueUrl } from '../lib/config';
import { calendarAlarmLookaheadDays, calendarMetrics } from '../lib/infra/metrics';

const payloadSchema = z.object({
  kind: z.literal('digest'),
  scheduledTime: z.iso.datetime({ offset: true }),
});

const logger = new Logger({ serviceName: 'fanpin' });

export function makeHandler(
  deps: StartDigestsDeps | (() => StartDigestsDeps),
  metrics: Metrics = serviceMetrics(),
) {
  return middy(async (event: unknown, _context: Context) => {
    const payload = payloadSchema.parse(event);
    const d = typeof deps === 'function' ? deps() : deps;
    const result = await startDigests(d, payload.scheduledTime);
    // Runs every day at 08:30, working day or not: the one place that watches the calendar daily.
    const date = result.date;
    const soon = d.calendar.notOfficialAhead(date, calendarAlarmLookaheadDays);
    metrics.addMetric(calendarMetrics.notOfficial, MetricUnit.Count, soon.length);
    for (const w of result.calendarWarnings)
      logger.warn('calendar', { year: w.year, code: w.code, warning: w.message });
    if (!result.started) {
      logger.info('digests skipped', { date: result.date, reason: result.reason });
      return { started: false, date: result.date, reason: result.reason };
    }
    logger.info('digests queued', { date: result.date, queued: result.units.length });
    return { started: true, date: result.date, queued: result.units.length };
  })
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics));
}

/** Sends the messages in batches of 10 (SQS's limit); throws if any entry failed, so the schedule retries. */
export function sqsEnqueue(sqs: SQSClient, queueUrl: string) {
  return async (messages: NotifyMessage[]): Promise<void> => {
    for (let i = 0; i < messages.length; i += 10) {
      const batch = messages.slice(i, i + 10);
      const out = await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: batch.map((m, j) => ({ Id: String(j), MessageBody: JSON.stringify(m) })),
        }),
      );
      if (out.Failed?.length) throw new Error(`${out.Failed.length} digest messages were not queued`);
    }
  };
}

let production: StartDigestsDeps | undefined;

/** Built once per cold start from lib/config.ts. */
function productionDeps(): StartDigestsDeps {
  if (production) return production;
  const config = loadConfig();
  const store = storeFromConfig(config);
  production = {
    cases: store.cases,
    counters: store.counters,
    notify: store.notify,
    // D14: replaced at each invocation by the calendar the table holds (refreshCalendar).
    ...deploymentCalendar(store),
    recipients: config.digestRecipients,
    enqueue: sqsEnqueue(new SQSClient({}), requireQueueUrl(config, 'notify')),
  };
  return production;
}

export const handler = traced(makeHandler(productionDeps));
