// A daily sweep through the real handlers (schedule-start-sweep, then sqs-sweep-village with an SQS event of
// every message sent), with the production calendar and policy wiring (both read from the table each time).
import type { SQSEvent } from 'aws-lambda';
import { expect } from 'vitest';
import { makeHandler as makeStartSweep } from '../../functions/schedule-start-sweep';
import { makeHandler as makeWorker } from '../../functions/sqs-sweep-village';
import { deploymentCalendar } from '../../lib/app/calendar';
import { deploymentPolicy } from '../../lib/app/policies';
import type { StartSweepResult } from '../../lib/app/start-sweep';
import type { SweepMessage } from '../../lib/app/sweep-shard';
import { lambdaContext } from '../../lib/local/lambda-context';
import type { Store } from '../../lib/ports/store';
import { sweepDeps } from './sweep-harness';

process.env.POWERTOOLS_METRICS_DISABLED = 'true';

export async function sweepThroughHandlers(
  store: Store,
  kind: 'daily' | 'monthly',
  asOf: string,
): Promise<StartSweepResult> {
  const deps = { ...sweepDeps(store), ...deploymentCalendar(store), ...deploymentPolicy(store, null) };
  const started = (await makeStartSweep(deps)(
    { kind, scheduledTime: asOf },
    lambdaContext('schedule-start-sweep'),
  )) as StartSweepResult;
  const worker = makeWorker(() => ({ ...deps, maxReceiveCount: 3 }));
  const records = deps.sent.map((m: SweepMessage, i: number) => ({
    messageId: `m-${asOf}-${i}`,
    receiptHandle: 'r',
    body: JSON.stringify(m),
    attributes: { ApproximateReceiveCount: '1' },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:cn-north-1:000000000000:sweep',
    awsRegion: 'cn-north-1',
  }));
  const answer = await worker(
    { Records: records } as unknown as SQSEvent,
    lambdaContext('sqs-sweep-village'),
  );
  expect(answer).toEqual({ batchItemFailures: [] });
  return started;
}
