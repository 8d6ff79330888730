import { readFileSync } from 'node:fs';
import type { SQSEvent } from 'aws-lambda';
import { beforeEach, describe, expect, it } from 'vitest';
import { makeHandler as makeStartDigest } from '../../functions/schedule-start-digest';
import { makeHandler as makeSendDigest } from '../../functions/sqs-send-digest';
import { createMemoryStore } from '../../lib/adapters/memory/memory-store';
import { createWebhookRobots } from '../../lib/adapters/notify/webhook-robots';
import type { NotifyMessage } from '../../lib/app/start-digests';
import { lambdaContext } from '../../lib/local/lambda-context';
import type { Store } from '../../lib/ports/store';
import {
  aCaseAt,
  aCaseHousehold,
  given,
  officialCalendar,
  type RecordingMailer,
  recordingMailer,
} from '../app/digest-support';
import { units } from '../builders/case';
import { startWebhookServer } from '../support/webhook-server';

const event = <T>(path: string): T =>
  JSON.parse(readFileSync(new URL(`../../events/${path}`, import.meta.url), 'utf8'));
const context = lambdaContext('test');

let store: Store;
let mailer: RecordingMailer;
let queued: NotifyMessage[];

beforeEach(async () => {
  store = createMemoryStore();
  mailer = recordingMailer();
  queued = [];
  await given(
    store,
    [aCaseHousehold(), aCaseHousehold({ householdId: 'H-0002' })],
    [aCaseAt('county'), aCaseAt('township', { caseId: 'C-0002', householdId: 'H-0002' })],
  );
});

const startDigest = () =>
  makeStartDigest({
    cases: store.cases,
    counters: store.counters,
    calendar: officialCalendar,
    recipients: { [units.county]: ['county@example.org'] },
    enqueue: async (messages) => {
      queued.push(...messages);
    },
  });

const sendDigest = () =>
  makeSendDigest({
    store,
    mailer,
    calendar: officialCalendar,
    recipients: {},
    now: () => new Date('2026-09-30T00:30:05Z'),
  });

describe('schedule-start-digest', () => {
  it('queues the county and each township with township-level cases on a working day', async () => {
    const result = await startDigest()(event('schedule/digest.working-day.json'), context);

    expect(result).toEqual({ started: true, date: '2026-09-30', queued: 2 });
    expect(queued).toEqual([
      { kind: 'digest', unit: { level: 'county', code: units.county }, asOf: '2026-09-30T00:30:00Z' },
      { kind: 'digest', unit: { level: 'township', code: units.township }, asOf: '2026-09-30T00:30:00Z' },
    ]);
  });

  it('queues nothing on a public holiday', async () => {
    const result = await startDigest()(event('schedule/digest.holiday.json'), context);

    expect(result).toEqual({ started: false, date: '2026-10-02', reason: 'non_working_day' });
    expect(queued).toEqual([]);
  });

  it('queues digests on an adjusted working Saturday', async () => {
    const result = await startDigest()(event('schedule/digest.adjusted-saturday.json'), context);

    expect(result).toMatchObject({ started: true, date: '2026-10-10' });
  });

  it('rejects a payload that is not a digest schedule', async () => {
    const payload = { ...event<object>('schedule/digest.working-day.json'), kind: 'daily' };

    await expect(startDigest()(payload, context)).rejects.toThrow();
    expect(queued).toEqual([]);
  });
});

describe('sqs-send-digest', () => {
  it('delivers the county digest named in the message', async () => {
    const result = await sendDigest()(event<SQSEvent>('sqs/digest-send.county.json'), context);

    expect(result).toEqual({ batchItemFailures: [] });
    expect(mailer.sent.map((m) => m.outboxName)).toEqual(['2026-09-30-county-532931']);
    expect(await store.digests.get(units.county, '2026-09-30')).toMatchObject({ status: 'sent' });
  });

  it('delivers nothing twice when the same message comes again', async () => {
    const handler = sendDigest();
    await handler(event<SQSEvent>('sqs/digest-send.county.json'), context);

    const again = await handler(event<SQSEvent>('sqs/digest-send.county.json'), context);

    expect(again).toEqual({ batchItemFailures: [] });
    expect(mailer.sent).toHaveLength(1);
  });

  it('reports only the unreadable message as failed and still delivers the rest of its batch', async () => {
    const poison = event<SQSEvent>('sqs/digest-send.poison.json');

    const result = await sendDigest()(poison, context);

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: poison.Records[0]!.messageId }] });
    expect(mailer.sent.map((m) => m.outboxName)).toEqual(['2026-09-30-county-532931']);
  });

  it('reports a failed delivery so SQS retries it, and the retry delivers', async () => {
    const handler = sendDigest();
    const county = event<SQSEvent>('sqs/digest-send.county.json');
    mailer.failNext = new Error('SES throttled');

    const first = await handler(structuredClone(county), context);
    const retry = await handler(structuredClone(county), context);

    expect(first).toEqual({ batchItemFailures: [{ itemIdentifier: county.Records[0]!.messageId }] });
    expect(retry).toEqual({ batchItemFailures: [] });
    expect(mailer.sent).toHaveLength(1);
  });

  it('issue 21: reports a failed group-robot delivery so SQS retries it (then the DLQ), and the retry delivers', async () => {
    const server = await startWebhookServer();
    try {
      await store.notify.save(
        {
          unitCode: units.county,
          channels: [{ kind: 'wecom', webhookUrl: `${server.origin}/cgi-bin/webhook/send?key=k-1234` }],
          updatedBy: 'ops',
          updatedAt: '2026-09-29T10:00:00+08:00',
        },
        0,
      );
      server.script.push({ status: 500 }, { status: 500 });
      const handler = makeSendDigest({
        store,
        mailer,
        robots: createWebhookRobots({ retryDelayMs: 1 }),
        calendar: officialCalendar,
        recipients: {},
        now: () => new Date('2026-09-30T00:30:05Z'),
      });
      const county = event<SQSEvent>('sqs/digest-send.county.json');

      const first = await handler(structuredClone(county), context);
      const retry = await handler(structuredClone(county), context);

      expect(first).toEqual({ batchItemFailures: [{ itemIdentifier: county.Records[0]!.messageId }] });
      expect(retry).toEqual({ batchItemFailures: [] });
      expect(server.requests).toHaveLength(3); // two attempts, then the redelivery
      expect(mailer.sent).toHaveLength(1); // the outbox copy, once
    } finally {
      await server.close();
    }
  });

  it('issue 21: takes a village worklist message from the notify queue', async () => {
    const county = event<SQSEvent>('sqs/digest-send.county.json');
    const record = county.Records[0]!;
    const worklist: SQSEvent = {
      Records: [
        {
          ...record,
          body: JSON.stringify({
            kind: 'worklist',
            villageCode: units.village,
            asOf: '2026-09-30T08:30:00+08:00',
          }),
        },
      ],
    };

    const result = await sendDigest()(worklist, context);

    // No channels set for the village: nothing to send, and nothing failed.
    expect(result).toEqual({ batchItemFailures: [] });
    expect(mailer.sent).toHaveLength(0);
  });
});
