// Alerts queue → one department alert per message (lib/app/ingest-alert.ts, §10). A message that is not an
// alert (bad JSON, failing fields) is reported failed on its own: after maxReceiveCount deliveries SQS moves it
// to the DLQ, and the rest of its batch is processed (partial batch failures). Duplicates and unmatched
// alerts are successes: the alert was kept (or was already kept). Logs carry ids and outcomes, never the
// ID number or names.
import { randomUUID } from 'node:crypto';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { storeFromConfig } from '../lib/adapters/dynamodb/store-from-config';
import { traced } from '../lib/adapters/tracing/tracer';
import { deploymentCalendar, refreshCalendar } from '../lib/app/calendar';
import { type IngestAlertDeps, ingestAlert } from '../lib/app/ingest-alert';
import { deploymentPolicy } from '../lib/app/policies';
import { loadConfig } from '../lib/config';
import { parseAlertInput } from '../lib/domain/alert-input';
import { DomainError } from '../lib/domain/errors';

export interface IngestAlertHandlerDeps extends IngestAlertDeps {
  /** When the alert was received (the lead's and its case's time). */
  now(): Date;
}

const logger = new Logger({ serviceName: 'fanpin' });

/** Reads a message body as an alert; a DomainError('malformed'|'validation_failed') names the failing fields. */
export function alertOfMessage(body: string) {
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    throw new DomainError('malformed', 'the message body is not JSON');
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new DomainError('malformed', 'the message body is not a JSON object');
  }
  const parsed = parseAlertInput(raw as Record<string, unknown>);
  if (!parsed.ok) {
    throw new DomainError(
      'validation_failed',
      `the alert is not valid: ${parsed.errors.map((e) => e.field).join(', ')}`,
      parsed.errors,
    );
  }
  return parsed.value;
}

export function makeHandler(deps: IngestAlertHandlerDeps | (() => IngestAlertHandlerDeps)) {
  const resolve = () => (typeof deps === 'function' ? deps() : deps);
  const processor = new BatchProcessor(EventType.SQS);
  const record = async (r: SQSRecord) => {
    let alert: ReturnType<typeof alertOfMessage>;
    try {
      alert = alertOfMessage(r.body);
    } catch (error) {
      // Field names and reasons only: the values may hold an ID number.
      logger.warn('alert rejected', {
        messageId: r.messageId,
        receiveCount: r.attributes.ApproximateReceiveCount,
        error:
          error instanceof DomainError
            ? { code: error.code, fields: error.details.map((d) => d.field) }
            : 'unreadable',
      });
      throw error;
    }
    const d = resolve();
    const at = d.now().toISOString();
    await refreshCalendar(d, at); // D14: the calendar the table holds now
    const result = await ingestAlert(d, alert, { at });
    logger.info('alert', {
      messageId: r.messageId,
      department: alert.department,
      alertId: alert.alertId,
      outcome: result.outcome,
      ...(result.householdId ? { householdId: result.householdId } : {}),
      ...(result.reason ? { reason: result.reason } : {}),
    });
  };
  return middy(async (event: SQSEvent, context: Context) =>
    processPartialResponse(event, record, processor, { context, throwOnFullBatchFailure: false }),
  ).use(injectLambdaContext(logger));
}

let production: IngestAlertHandlerDeps | undefined;

/** Built once per cold start from lib/config.ts (the ID hash secret is the importer's and the sweep's). */
function productionDeps(): IngestAlertHandlerDeps {
  if (production) return production;
  const config = loadConfig();
  const store = storeFromConfig(config);
  production = {
    store,
    ...deploymentPolicy(store, config.policyOverrides),
    // D14: replaced at each invocation by the calendar the table holds (refreshCalendar).
    ...deploymentCalendar(store),
    newId: randomUUID,
    now: () => new Date(),
  };
  return production;
}

export const handler = traced(makeHandler(productionDeps));
