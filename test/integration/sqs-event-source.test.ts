import { SqsSchema } from '@aws-lambda-powertools/parser/schemas';
import {
  CreateQueueCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import {
  messagesInQueue,
  queueArn,
  type SqsEventSource,
  type SqsHandler,
  startSqsEventSource,
  succeededMessages,
  toSqsEvent,
} from '../../lib/local/sqs-event-source';
import { testSqsClient, uniqueName } from '../support/aws';

const sqs = testSqsClient();
let source: SqsEventSource | undefined;
afterEach(async () => {
  await source?.stop();
  source = undefined;
});

/** A work queue with a DLQ: failed messages come back after 1 s and move to the DLQ on the 4th receive. */
async function queueWithDlq(client: SQSClient, maxReceiveCount = 3) {
  const dlq = await client.send(new CreateQueueCommand({ QueueName: uniqueName('work-dlq') }));
  const dlqArn = await queueArn(client, dlq.QueueUrl!);
  const queue = await client.send(
    new CreateQueueCommand({
      QueueName: uniqueName('work'),
      Attributes: {
        VisibilityTimeout: '1',
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount }),
      },
    }),
  );
  return { queueUrl: queue.QueueUrl!, dlqUrl: dlq.QueueUrl! };
}

async function send(queueUrl: string, bodies: string[]) {
  await sqs.send(
    new SendMessageBatchCommand({
      QueueUrl: queueUrl,
      Entries: bodies.map((b, i) => ({
        Id: String(i),
        MessageBody: b,
        MessageAttributes: { kind: { DataType: 'String', StringValue: 'test' } },
      })),
    }),
  );
}

describe('the local SQS event source', () => {
  it('delivers a real SQSEvent and deletes the messages the handler settled', async () => {
    const { queueUrl } = await queueWithDlq(sqs);
    const events: SQSEvent[] = [];
    await send(queueUrl, ['{"village":"532931101201"}', '{"village":"532931101202"}']);

    source = await startSqsEventSource({
      sqs,
      queueUrl,
      waitTimeSeconds: 1,
      handler: async (event) => {
        events.push(event);
      },
    });
    await source.drain({ timeoutMs: 20_000 });

    const records = events.flatMap((e) => e.Records);
    expect(records.map((r) => r.body).sort()).toEqual([
      '{"village":"532931101201"}',
      '{"village":"532931101202"}',
    ]);
    for (const event of events) expect(SqsSchema.parse(event)).toBeTruthy();
    expect(records[0]).toMatchObject({
      eventSource: 'aws:sqs',
      eventSourceARN: expect.stringMatching(/^arn:aws:sqs:[a-z0-9-]+:\d{12}:work-/),
      attributes: { ApproximateReceiveCount: '1' },
      messageAttributes: { kind: { dataType: 'String', stringValue: 'test' } },
      md5OfBody: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    expect(await messagesInQueue(sqs, queueUrl)).toBe(0);
  });

  it('gives the handler batches no larger than the batch size', async () => {
    const { queueUrl } = await queueWithDlq(sqs);
    const sizes: number[] = [];
    await send(queueUrl, ['1', '2', '3', '4', '5']);

    source = await startSqsEventSource({
      sqs,
      queueUrl,
      batchSize: 2,
      waitTimeSeconds: 1,
      handler: async (event) => {
        sizes.push(event.Records.length);
      },
    });
    await source.drain({ timeoutMs: 20_000 });

    expect(sizes.reduce((a, b) => a + b, 0)).toBe(5);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(2);
  });

  it('redelivers a reported failure, and moves a poison message to the DLQ after maxReceiveCount while its neighbours complete', async () => {
    const { queueUrl, dlqUrl } = await queueWithDlq(sqs, 3);
    const received: Record<string, number> = {};
    const handler: SqsHandler = async (event) => {
      for (const r of event.Records) received[r.body] = (received[r.body] ?? 0) + 1;
      return {
        batchItemFailures: event.Records.filter((r) => r.body === 'poison').map((r) => ({
          itemIdentifier: r.messageId,
        })),
      };
    };
    await send(queueUrl, ['ok-1', 'poison', 'ok-2']);

    source = await startSqsEventSource({ sqs, queueUrl, handler, waitTimeSeconds: 1 });
    await source.drain({ timeoutMs: 25_000 });

    expect(received).toEqual({ 'ok-1': 1, 'ok-2': 1, poison: 3 });
    const dead = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlqUrl, WaitTimeSeconds: 1 }));
    expect(dead.Messages?.map((m) => m.Body)).toEqual(['poison']);
  });

  it('redelivers the whole batch when the handler throws', async () => {
    const { queueUrl } = await queueWithDlq(sqs);
    let calls = 0;
    const bodies: string[] = [];
    await send(queueUrl, ['a']);

    source = await startSqsEventSource({
      sqs,
      queueUrl,
      waitTimeSeconds: 1,
      handler: async (event) => {
        calls++;
        if (calls === 1) throw new Error('transient');
        bodies.push(...event.Records.map((r) => `${r.body}#${r.attributes.ApproximateReceiveCount}`));
      },
    });
    await source.drain({ timeoutMs: 20_000 });

    expect(bodies).toEqual(['a#2']);
  });
});

describe('which messages an invocation settled (ReportBatchItemFailures)', () => {
  const event = toSqsEvent(
    [
      { MessageId: 'm1', ReceiptHandle: 'r1', Body: '1' },
      { MessageId: 'm2', ReceiptHandle: 'r2', Body: '2' },
    ],
    'arn:aws:sqs:cn-north-1:000000000000:q',
  );
  const ids = (records: { messageId: string }[]) => records.map((r) => r.messageId);

  it('all of them when the handler returns nothing or an empty failure list', () => {
    expect(ids(succeededMessages(event, undefined, false))).toEqual(['m1', 'm2']);
    expect(ids(succeededMessages(event, { batchItemFailures: [] }, false))).toEqual(['m1', 'm2']);
  });

  it('all but the failures it lists', () => {
    expect(ids(succeededMessages(event, { batchItemFailures: [{ itemIdentifier: 'm2' }] }, false))).toEqual([
      'm1',
    ]);
  });

  it('none when it threw, or listed a failure that is not in the batch', () => {
    expect(succeededMessages(event, undefined, true)).toEqual([]);
    expect(succeededMessages(event, { batchItemFailures: [{ itemIdentifier: 'zz' }] }, false)).toEqual([]);
  });
});
