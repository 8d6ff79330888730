// WorkQueue on SQS: SendMessageBatch in tens (the API's limit), failed entries retried with backoff.
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { WorkQueue } from '../../ports/work-queue';

export interface SqsWorkQueueOptions {
  sqs: SQSClient;
  queueUrl: string;
  /** Attempts per entry before giving up (default 5). */
  maxAttempts?: number;
  baseDelayMs?: number;
  /** Parallel SendMessageBatch requests (default 4). */
  concurrency?: number;
}

const batchLimit = 10;

export function createSqsWorkQueue<M>(options: SqsWorkQueueOptions): WorkQueue<M> {
  const maxAttempts = options.maxAttempts ?? 5;
  const baseDelayMs = options.baseDelayMs ?? 100;

  async function sendBatch(bodies: string[]): Promise<void> {
    let pending = bodies.map((body, i) => ({ Id: String(i), MessageBody: body }));
    for (let attempt = 1; pending.length > 0; attempt++) {
      let failedIds: Set<string>;
      try {
        const out = await options.sqs.send(
          new SendMessageBatchCommand({ QueueUrl: options.queueUrl, Entries: pending }),
        );
        // Entries the sender got wrong (SenderFault) would fail again: give up on them at once.
        const senderFaults = (out.Failed ?? []).filter((f) => f.SenderFault);
        if (senderFaults.length > 0) {
          throw new Error(`SQS refused ${senderFaults.length} message(s): ${senderFaults[0]?.Code ?? ''}`);
        }
        failedIds = new Set((out.Failed ?? []).map((f) => f.Id ?? ''));
      } catch (e) {
        if (attempt >= maxAttempts || (e as { $fault?: string }).$fault === 'client') throw e;
        failedIds = new Set(pending.map((p) => p.Id));
      }
      pending = pending.filter((p) => failedIds.has(p.Id));
      if (pending.length === 0) return;
      if (attempt >= maxAttempts) {
        throw new Error(`${pending.length} message(s) not accepted by SQS after ${maxAttempts} attempts`);
      }
      await new Promise((r) => setTimeout(r, Math.random() * baseDelayMs * 2 ** attempt));
    }
  }

  return {
    async sendAll(messages) {
      const bodies = messages.map((m) => JSON.stringify(m));
      const batches: string[][] = [];
      for (let i = 0; i < bodies.length; i += batchLimit) batches.push(bodies.slice(i, i + batchLimit));
      let next = 0;
      const worker = async () => {
        while (next < batches.length) await sendBatch(batches[next++]!);
      };
      await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 4, batches.length) }, worker));
      return { sent: messages.length };
    },
  };
}
