// Notify queue → build and deliver one digest (lib/app/send-digest.ts). One message per digest; a message
// that cannot be read is reported failed (it reaches the DLQ after maxReceiveCount) without failing the
// others; a failed delivery releases the day's claim and is reported failed, so SQS retries it.

import { dirname } from 'node:path';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import middy from '@middy/core';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { z } from 'zod';
import { storeFromConfig } from '../lib/adapters/dynamodb/store-from-config';
import { createOutboxMailer } from '../lib/adapters/mail/outbox-mailer';
import { createSesMailer } from '../lib/adapters/mail/ses-mailer';
import { createSnsMailer } from '../lib/adapters/mail/sns-mailer';
import { createWebhookRobots } from '../lib/adapters/notify/webhook-robots';
import { traced } from '../lib/adapters/tracing/tracer';
import { deploymentCalendar, refreshCalendar } from '../lib/app/calendar';
import { type SendDigestDeps, sendDigest } from '../lib/app/send-digest';
import { sendVillageWorklist } from '../lib/app/send-worklist';
import { loadConfig, requireMail } from '../lib/config';
import type { Mailer } from '../lib/ports/mailer';

/** The notify-queue message (lib/app/start-digests.ts DigestRequestMessage). */
export const digestRequestSchema = z.object({
  kind: z.literal('digest'),
  unit: z.discriminatedUnion('level', [
    z.object({ level: z.literal('county'), code: z.string().regex(/^\d{6}$/) }),
    z.object({ level: z.literal('township'), code: z.string().regex(/^\d{9}$/) }),
  ]),
  asOf: z.iso.datetime({ offset: true }),
});

/** Issue 21: a village's morning worklist (lib/app/start-digests.ts WorklistRequestMessage). */
export const worklistRequestSchema = z.object({
  kind: z.literal('worklist'),
  villageCode: z.string().regex(/^\d{12}$/),
  asOf: z.iso.datetime({ offset: true }),
});

const notifyMessageSchema = z.discriminatedUnion('kind', [digestRequestSchema, worklistRequestSchema]);

export interface SendDigestHandlerDeps extends SendDigestDeps {
  /** The mailer is the local outbox (village worklists are written there without an e-mail channel). */
  localOutbox?: boolean;
  /** Wall-clock time of the attempt (claim leases); the digest itself is as of the message's asOf. */
  now(): Date;
}

const logger = new Logger({ serviceName: 'fanpin' });

export function makeHandler(deps: SendDigestHandlerDeps | (() => SendDigestHandlerDeps)) {
  const resolve = () => (typeof deps === 'function' ? deps() : deps);
  const processor = new BatchProcessor(EventType.SQS);
  const record = async (r: SQSRecord) => {
    const d = resolve();
    const message = notifyMessageSchema.parse(JSON.parse(r.body));
    await refreshCalendar(d, message.asOf); // D14: the calendar the table holds now
    if (message.kind === 'worklist') {
      const result = await sendVillageWorklist(d, { ...message, at: d.now().toISOString() });
      logger.info('worklist', {
        messageId: r.messageId,
        unit: message.villageCode,
        date: result.date,
        outcome: result.outcome,
        ...(result.worklist ? { due: result.worklist.due, overdue: result.worklist.overdue } : {}),
        ...(result.channels ? { channels: result.channels } : {}),
      });
      return;
    }
    const request = message;
    const result = await sendDigest(d, { unit: request.unit, asOf: request.asOf, at: d.now().toISOString() });
    logger.info('digest', {
      messageId: r.messageId,
      unit: request.unit.code,
      // `level` is the logger's own key (Powertools drops it from the extra fields with a warning), so the
      // unit's level goes out as `unitLevel`.
      unitLevel: request.unit.level,
      date: result.date,
      outcome: result.outcome,
      ...(result.counts ?? {}),
      // Kinds and outcomes only: addresses and webhooks are never logged.
      ...(result.channels ? { channels: result.channels } : {}),
    });
  };
  return middy(async (event: SQSEvent, context: Context) =>
    // A fully failed batch is answered like a partial one: every message listed, each retried on its own.
    processPartialResponse(event, record, processor, { context, throwOnFullBatchFailure: false }),
  ).use(injectLambdaContext(logger));
}

/** OUTBOX_DIR is DIR/outbox (lib/local/local-file.ts); the outbox mailer takes DIR. On AWS: SES or SNS, which
 *  send without a ledger of their own because DigestLog already makes each digest a single delivery. */
function mailerOf(config: ReturnType<typeof loadConfig>): Mailer {
  const mail = requireMail(config);
  if (mail.mode === 'outbox') return createOutboxMailer({ dataDir: dirname(mail.dir) });
  if (mail.mode === 'ses') return createSesMailer({ client: new SESv2Client({}), from: mail.from });
  return createSnsMailer({ client: new SNSClient({}), topicArn: mail.topicArn });
}

let production: SendDigestHandlerDeps | undefined;

/** Built once per cold start from lib/config.ts. */
function productionDeps(): SendDigestHandlerDeps {
  if (production) return production;
  const config = loadConfig();
  const store = storeFromConfig(config);
  production = {
    store,
    mailer: mailerOf(config),
    robots: createWebhookRobots(),
    // D14: replaced at each invocation by the calendar the table holds (refreshCalendar).
    ...deploymentCalendar(store),
    recipients: config.digestRecipients,
    requireRecipients: config.mail?.mode === 'ses',
    localOutbox: config.mail?.mode === 'outbox',
    ...(config.webBaseUrl ? { webBaseUrl: config.webBaseUrl } : {}),
    now: () => new Date(),
  };
  return production;
}

export const handler = traced(makeHandler(productionDeps));
