// Issue 17 item 11a: a POST that records something (a visit, a measure) runs once per Idempotency-Key, so a
// phone retrying on a bad network does not record it twice. Adapters: lib/adapters/dynamodb/idempotency.ts
// (its own table with TTL, ADR 0019) and lib/adapters/memory/memory-idempotency.ts.

export interface IdempotentCall {
  /** The client's Idempotency-Key header. */
  key: string;
  /** Whose request and to what: the caller, the route and its path. A key only ever matches the same
   *  caller's request to the same resource; two callers' keys never collide. */
  scope: string;
  /** The validated request body: a repeat must carry the same one. */
  payload: unknown;
  /** Milliseconds this invocation has left: a record still in progress after that is taken to be
   *  abandoned (the function timed out), and the key may be used again. */
  remainingMs?: () => number;
}

export interface IdempotentResult<T> {
  value: T;
  /** True when `value` is the stored answer of an earlier request with the key (the work did not run). */
  replayed: boolean;
}

export interface Idempotency {
  /**
   * Runs `work` for the first request with a key and stores its JSON result for the key's lifetime
   * (24 h); a repeat with the same payload gets that result without running `work`. If `work` throws, the
   * key is released (nothing stored) and the error goes on. DomainError 'validation_failed' (field
   * `header.Idempotency-Key`) when the key was used with another payload; 'conflict' while the first
   * request with the key is still running.
   */
  once<T>(call: IdempotentCall, work: () => Promise<T>): Promise<IdempotentResult<T>>;
}

/** How long a key is kept: a phone's retries come within minutes, a day covers one left offline overnight. */
export const idempotencyKeySeconds = 24 * 60 * 60;

/** The header's name, as errors and the OpenAPI document spell it. */
export const idempotencyHeader = 'Idempotency-Key';
