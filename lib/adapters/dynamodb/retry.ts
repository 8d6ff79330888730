// What the AWS SDK does not retry, bounded: a transaction cancelled only by conflicts (or throttling of its
// items), and (in table-client.ts) a batch's unprocessed items or keys. Everything the SDK's own retry
// strategy already retries (throttling such as ProvisionedThroughputExceededException, ThrottlingException,
// RequestLimitExceeded, TransactionInProgressException; 5xx such as InternalServerError and
// ServiceUnavailable; timeouts) is left to it: retrying those here too multiplied the attempts (the SDK's 3
// × 8 here = 24 per call in Lambda, 10 × 8 = 80 in the CLI). A call therefore sends at most the SDK's
// maxAttempts requests, or maxAttempts × the SDK's for a transaction whose conflicts persist
// (test/adapters/dynamodb-retry-bound.test.ts counts them against a real client).

export interface RetryPolicy {
  /** Total attempts, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 8, baseDelayMs: 25, maxDelayMs: 2000 };

/** The cancellation reason codes of a cancelled transaction, one per item ([] for any other error). */
export function cancellationCodes(e: unknown): string[] {
  if (!(e instanceof Error) || e.name !== 'TransactionCanceledException') return [];
  const reasons = (e as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return reasons.map((r) => r.Code ?? 'None');
}

/** A transaction cancelled only by conflicts or throttling of its items (no condition failed): a 400 the
 *  SDK does not retry. Anything else is the SDK's to retry (or not). */
export function isRetryable(e: unknown): boolean {
  if (!(e instanceof Error) || e.name !== 'TransactionCanceledException') return false;
  const codes = cancellationCodes(e);
  return (
    !codes.includes('ConditionalCheckFailed') &&
    codes.some(
      (c) => c === 'TransactionConflict' || c === 'ThrottlingError' || c === 'ProvisionedThroughputExceeded',
    )
  );
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
