// Issue 17 item 11b: a sweep shard on its message's last delivery must be recorded failed even when the
// work would run into the function's timeout (a timed-out invocation runs no catch block: the message would
// reach the DLQ with its shard unsettled and the run would never complete). So on the last delivery the
// work races a deadline that keeps back time to record the failure and settle the run.

/** The work did not finish before its delivery's deadline. */
export class ShardTimeoutError extends Error {
  constructor(budgetMs: number) {
    super(
      `the shard did not finish within ${budgetMs} ms of its last delivery; recorded failed before the function timed out`,
    );
    this.name = 'ShardTimeout';
  }
}

/**
 * `work`, or a ShardTimeoutError after `budgetMs` (at once when it is 0 or less). The work is not stopped
 * (JavaScript cannot), only no longer awaited; its late failure is swallowed here instead of crashing the
 * runtime as an unhandled rejection, and its late success is harmless (a shard done after being recorded
 * failed moves to done and has its reports rebuilt, as a redriven shard does).
 */
export async function beforeDeadline<T>(work: Promise<T>, budgetMs: number): Promise<T> {
  work.catch(() => {});
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ShardTimeoutError(Math.max(0, budgetMs))), Math.max(0, budgetMs));
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
