// The local stand-in for Lambda's SQS event source mapping: long-polls a queue, hands the handler a
// real SQSEvent, deletes what succeeded, and leaves failures on the queue to reappear after the
// visibility timeout, so the queue's redrive policy moves a poison message to its DLQ after
// maxReceiveCount receives. ReportBatchItemFailures semantics: the handler may return
// { batchItemFailures: [{ itemIdentifier: messageId }] }; a thrown error fails the whole batch.
import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSMessageAttributes, SQSRecord } from 'aws-lambda';
import { lambdaContext, localRegion } from './lambda-context';

export type SqsHandler = (
  event: SQSEvent,
  context: Context,
) => Promise<SQSBatchResponse | undefined | unknown>;

export interface SqsEventSourceOptions {
  sqs: SQSClient;
  queueUrl: string;
  handler: SqsHandler;
  /** Messages per invocation (1-10). Default 10. */
  batchSize?: number;
  /** Parallel pollers, each invoking the handler with its own batches. Default 1. */
  concurrency?: number;
  /** Long-poll wait per ReceiveMessage (seconds). Default 5. */
  waitTimeSeconds?: number;
  /** Lambda function name for the context. Default: derived from the queue name. */
  functionName?: string;
  timeoutMs?: number;
  /** Called after each invocation: how many succeeded and failed, and the error when it threw. */
  onBatch?: (outcome: { queue: string; received: number; failed: number; error?: unknown }) => void;
  /** A receive or delete call failed (the poller backs off and retries). */
  onPollError?: (error: unknown) => void;
}

export interface SqsEventSource {
  /** Resolves when no batch is in flight here and every poller's last receive came back empty. */
  idle(): Promise<void>;
  /**
   * Resolves when the queue holds no message at all (visible, in flight or delayed) and no batch is
   * in flight here: failed messages are waited for until they succeed or move to the DLQ.
   */
  drain(options?: { timeoutMs?: number }): Promise<void>;
  /** Stops polling and waits for the batches in flight. */
  stop(): Promise<void>;
}

const NO_MESSAGES = Symbol('empty');

/** The queue's ARN, e.g. arn:aws:sqs:cn-north-1:000000000000:fanpin-local-sweep. */
export async function queueArn(sqs: SQSClient, queueUrl: string): Promise<string> {
  const out = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
  );
  const arn = out.Attributes?.QueueArn;
  if (!arn) throw new Error(`the queue ${queueUrl} has no ARN`);
  return arn;
}

/** Messages visible + in flight + delayed, as SQS reports them. */
export async function messagesInQueue(sqs: SQSClient, queueUrl: string): Promise<number> {
  const out = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: [
        'ApproximateNumberOfMessages',
        'ApproximateNumberOfMessagesNotVisible',
        'ApproximateNumberOfMessagesDelayed',
      ],
    }),
  );
  const a = out.Attributes ?? {};
  return (
    Number(a.ApproximateNumberOfMessages ?? 0) +
    Number(a.ApproximateNumberOfMessagesNotVisible ?? 0) +
    Number(a.ApproximateNumberOfMessagesDelayed ?? 0)
  );
}

/**
 * Waits until a queue is empty (works from another process than the consumer, e.g. a CLI command
 * waiting for a sweep's fan-out to finish). Throws after `timeoutMs`.
 */
export async function waitForEmptyQueue(
  sqs: SQSClient,
  queueUrl: string,
  options: { timeoutMs?: number; pollMs?: number; isBusy?: () => boolean } = {},
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 600_000);
  let emptyInARow = 0;
  while (true) {
    const empty = (await messagesInQueue(sqs, queueUrl)) === 0 && !options.isBusy?.();
    emptyInARow = empty ? emptyInARow + 1 : 0;
    // Twice in a row: the counts are "approximate" and a delete may race a receive.
    if (emptyInARow >= 2) return;
    if (Date.now() > deadline) throw new Error(`the queue ${queueName(queueUrl)} did not empty in time`);
    await new Promise((r) => setTimeout(r, options.pollMs ?? 200));
  }
}

function queueName(queueUrl: string): string {
  return queueUrl.split('/').at(-1) ?? queueUrl;
}

function toAttributes(message: Message): SQSRecord['attributes'] {
  const a = message.Attributes ?? {};
  const out: Record<string, string> = {
    ApproximateReceiveCount: a.ApproximateReceiveCount ?? '1',
    SentTimestamp: a.SentTimestamp ?? String(Date.now()),
    SenderId: a.SenderId ?? 'AIDALOCALSENDER',
    ApproximateFirstReceiveTimestamp: a.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
  };
  for (const key of [
    'SequenceNumber',
    'MessageGroupId',
    'MessageDeduplicationId',
    'AWSTraceHeader',
    'DeadLetterQueueSourceArn',
  ]) {
    if (a[key as keyof typeof a]) out[key] = a[key as keyof typeof a] as string;
  }
  return out as unknown as SQSRecord['attributes'];
}

function toMessageAttributes(message: Message): SQSMessageAttributes {
  const out: SQSMessageAttributes = {};
  for (const [name, v] of Object.entries(message.MessageAttributes ?? {})) {
    out[name] = {
      dataType: v.DataType ?? 'String',
      ...(v.StringValue !== undefined ? { stringValue: v.StringValue } : {}),
      ...(v.BinaryValue !== undefined ? { binaryValue: Buffer.from(v.BinaryValue).toString('base64') } : {}),
      stringListValues: v.StringListValues ?? [],
      binaryListValues: (v.BinaryListValues ?? []).map((b) => Buffer.from(b).toString('base64')),
    };
  }
  return out;
}

/** The SQSEvent Lambda would pass for these received messages. */
export function toSqsEvent(messages: Message[], eventSourceARN: string, awsRegion = localRegion): SQSEvent {
  return {
    Records: messages.map(
      (m): SQSRecord => ({
        messageId: m.MessageId!,
        receiptHandle: m.ReceiptHandle!,
        body: m.Body ?? '',
        attributes: toAttributes(m),
        messageAttributes: toMessageAttributes(m),
        md5OfBody: m.MD5OfBody ?? '',
        ...(m.MD5OfMessageAttributes ? { md5OfMessageAttributes: m.MD5OfMessageAttributes } : {}),
        eventSource: 'aws:sqs',
        eventSourceARN,
        awsRegion,
      }),
    ),
  };
}

/**
 * Which messages the invocation settled, by Lambda's rules: all when it returned without
 * batchItemFailures; none when it threw or named a failure that is not in the batch (Lambda then
 * treats the whole batch as failed).
 */
export function succeededMessages(event: SQSEvent, response: unknown, threw: boolean): SQSRecord[] {
  if (threw) return [];
  const failures = (response as SQSBatchResponse | undefined)?.batchItemFailures;
  if (!failures) return event.Records;
  const ids = new Set(event.Records.map((r) => r.messageId));
  if (failures.some((f) => !f.itemIdentifier || !ids.has(f.itemIdentifier))) return [];
  const failed = new Set(failures.map((f) => f.itemIdentifier));
  return event.Records.filter((r) => !failed.has(r.messageId));
}

export async function startSqsEventSource(options: SqsEventSourceOptions): Promise<SqsEventSource> {
  const { sqs, queueUrl, handler } = options;
  const batchSize = options.batchSize ?? 10;
  const concurrency = options.concurrency ?? 1;
  const arn = await queueArn(sqs, queueUrl);
  const functionName = options.functionName ?? `sqs-${queueName(queueUrl)}`;
  const controller = new AbortController();
  let inFlight = 0;
  const emptyPollers = new Set<number>();
  let waiters: (() => void)[] = [];

  const isIdle = () => inFlight === 0 && emptyPollers.size === concurrency;
  const notify = () => {
    if (!isIdle()) return;
    const ready = waiters;
    waiters = [];
    for (const w of ready) w();
  };

  const receive = async (): Promise<Message[] | typeof NO_MESSAGES> => {
    const out = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: batchSize,
        WaitTimeSeconds: options.waitTimeSeconds ?? 5,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
      { abortSignal: controller.signal },
    );
    return out.Messages?.length ? out.Messages : NO_MESSAGES;
  };

  const invoke = async (messages: Message[]) => {
    const event = toSqsEvent(messages, arn);
    let response: unknown;
    let error: unknown;
    let threw = false;
    try {
      response = await handler(event, lambdaContext(functionName, options.timeoutMs ?? 60_000));
    } catch (e) {
      threw = true;
      error = e;
    }
    const done = succeededMessages(event, response, threw);
    if (done.length) {
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: done.map((r, i) => ({ Id: String(i), ReceiptHandle: r.receiptHandle })),
        }),
      );
    }
    options.onBatch?.({
      queue: queueName(queueUrl),
      received: messages.length,
      failed: messages.length - done.length,
      ...(threw ? { error } : {}),
    });
  };

  const poll = async (poller: number) => {
    while (!controller.signal.aborted) {
      let messages: Message[] | typeof NO_MESSAGES;
      try {
        messages = await receive();
      } catch (e) {
        if (controller.signal.aborted) return;
        options.onPollError?.(e);
        await new Promise((r) => setTimeout(r, 1000));
        continue;
      }
      if (messages === NO_MESSAGES) {
        emptyPollers.add(poller);
        notify();
        continue;
      }
      emptyPollers.delete(poller);
      inFlight++;
      try {
        await invoke(messages);
      } catch (e) {
        options.onPollError?.(e);
      } finally {
        inFlight--;
      }
    }
  };

  const pollers = Array.from({ length: concurrency }, (_, i) => poll(i));

  return {
    idle: () => (isIdle() ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve))),
    drain: (drainOptions = {}) =>
      waitForEmptyQueue(sqs, queueUrl, { ...drainOptions, isBusy: () => inFlight > 0 }),
    stop: async () => {
      controller.abort();
      await Promise.all(pollers);
      const ready = waiters;
      waiters = [];
      for (const w of ready) w();
    },
  };
}
