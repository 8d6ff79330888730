// Bounded exponential backoff with full jitter, for throttling and transaction conflicts. The SDK retries
// too; this layer makes the bound and the behaviour explicit and testable (and covers UnprocessedItems).

export interface RetryPolicy {
  /** Total attempts, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 8, baseDelayMs: 25, maxDelayMs: 2000 };

const retryableNames = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TransactionInProgressException',
]);

/** The cancellation reason codes of a cancelled transaction, one per item ([] for any other error). */
export function cancellationCodes(e: unknown): string[] {
  if (!(e instanceof Error) || e.name !== 'TransactionCanceledException') return [];
  const reasons = (e as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return reasons.map((r) => r.Code ?? 'None');
}

/** Throttling, or a transaction cancelled only by conflicts/throttling (no condition failed). */
export function isRetryable(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  if (retryableNames.has(e.name)) return true;
  if (e.name === 'TransactionCanceledException') {
    const codes = cancellationCodes(e);
    return (
      !codes.includes('ConditionalCheckFailed') &&
      codes.some(
        (c) =>
          c === 'TransactionConflict' || c === 'ThrottlingError' || c === 'ProvisionedThroughputExceeded',
      )
    );
  }
  return false;
}

export const backoffDelay = (policy: RetryPolicy, attempt: number): number =>
  Math.random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function withRetry<T>(policy: RetryPolicy, action: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await action();
    } catch (e) {
      if (!isRetryable(e) || attempt + 1 >= policy.maxAttempts) throw e;
      await sleep(backoffDelay(policy, attempt));
    }
  }
}

export { pool } from '../../pool';
