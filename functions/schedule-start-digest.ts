// EventBridge Scheduler, 08:30 Asia/Shanghai every day → on working days, one notify-queue message per
// digest (lib/app/start-digests.ts). The payload's scheduledTime is the digests' as-of (never the clock).

import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { storeFromConfig } from '../lib/adapters/dynamodb/store-from-config';
import { traced } from '../lib/adapters/tracing/tracer';
import { type DigestRequestMessage, type StartDigestsDeps, startDigests } from '../lib/app/start-digests';
import { loadConfig, requireQueueUrl } from '../lib/config';
import { WorkingDayCalendar } from '../lib/domain/working-days';

const payloadSchema = z.object({
  kind: z.literal('digest'),
  scheduledTime: z.iso.datetime({ offset: true }),
});

const logger = new Logger({ serviceName: 'fanpin' });

export function makeHandler(deps: StartDigestsDeps | (() => StartDigestsDeps)) {
  return middy(async (event: unknown, _context: Context) => {
    const payload = payloadSchema.parse(event);
    const result = await startDigests(typeof deps === 'function' ? deps() : deps, payload.scheduledTime);
    if (!result.started) {
      logger.info('digests skipped', { date: result.date, reason: result.reason });
      return { started: false, date: result.date, reason: result.reason };
    }
    logger.info('digests queued', { date: result.date, queued: result.units.length });
    return { started: true, date: result.date, queued: result.units.length };
  }).use(injectLambdaContext(logger));
}

/** Sends the messages in batches of 10 (SQS's limit); throws if any entry failed, so the schedule retries. */
export function sqsEnqueue(sqs: SQSClient, queueUrl: string) {
  return async (messages: DigestRequestMessage[]): Promise<void> => {
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
    calendar: WorkingDayCalendar.chinaOfficial(),
    recipients: config.digestRecipients,
    enqueue: sqsEnqueue(new SQSClient({}), requireQueueUrl(config, 'notify')),
  };
  return production;
}

export const handler = traced(makeHandler(productionDeps));
