// The local stand-in for EventBridge Scheduler: fires each schedule of lib/infra/schedules.ts at its
// local-time instants and invokes the target handler with exactly what EventBridge Scheduler passes
// for the target's input template: the template with `<aws.scheduler.scheduled-time>` replaced by
// the scheduled time in ISO 8601 UTC (`2026-11-30T18:00:00Z`).
import type { Context } from 'aws-lambda';
import {
  inputTemplate,
  type ScheduleDefinition,
  type SchedulePayload,
  scheduledTimePlaceholder,
} from '../infra/schedules';
import { nextFireTime } from './cron';
import { lambdaContext } from './lambda-context';

export type ScheduleHandler = (payload: SchedulePayload, context: Context) => Promise<unknown>;

export interface ScheduledJob {
  definition: ScheduleDefinition;
  handler: ScheduleHandler;
}

/** The scheduler's clock; tests inject one that jumps instead of waiting. */
export interface SchedulerClock {
  now(): number;
  /** Resolves at `atMs`, or rejects with an AbortError when `signal` aborts first. */
  sleepUntil(atMs: number, signal: AbortSignal): Promise<void>;
}

// setTimeout holds at most 2^31-1 ms (24.8 days); a monthly schedule waits longer, so sleep in steps.
const MAX_TIMER_MS = 2 ** 31 - 1;

export const systemClock: SchedulerClock = {
  now: () => Date.now(),
  sleepUntil: (atMs, signal) =>
    new Promise<void>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal.reason);
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      const step = () => {
        const left = atMs - Date.now();
        if (left <= 0) {
          signal.removeEventListener('abort', onAbort);
          resolve();
        } else timer = setTimeout(step, Math.min(left, MAX_TIMER_MS));
      };
      step();
    }),
};

/** ISO 8601 UTC without milliseconds, as EventBridge Scheduler writes `<aws.scheduler.scheduled-time>`. */
export function schedulerTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The payload the target receives for a firing at `scheduledMs`. */
export function schedulePayload(definition: ScheduleDefinition, scheduledMs: number): SchedulePayload {
  return JSON.parse(inputTemplate(definition).replace(scheduledTimePlaceholder, schedulerTime(scheduledMs)));
}

export interface SchedulerOptions {
  jobs: ScheduledJob[];
  clock?: SchedulerClock;
  /** Called after each invocation (ok or failed), e.g. to print a line. */
  onFire?: (fired: { name: string; payload: SchedulePayload; error?: unknown }) => void;
}

export interface LocalScheduler {
  /** The next firing of each schedule (ISO UTC), for the start-up banner. */
  nextRuns(): { name: string; at: string | null }[];
  /** Stops firing and waits for invocations in progress. */
  stop(): Promise<void>;
}

export function startScheduler(options: SchedulerOptions): LocalScheduler {
  const clock = options.clock ?? systemClock;
  const controller = new AbortController();
  const inFlight = new Set<Promise<unknown>>();
  const next = new Map<string, number | null>();

  const invoke = (job: ScheduledJob, at: number) => {
    const payload = schedulePayload(job.definition, at);
    // EventBridge invokes the target asynchronously: a slow sweep does not delay the next firing.
    const run = Promise.resolve()
      .then(() => job.handler(payload, lambdaContext(`schedule-${job.definition.name}`, 900_000)))
      .then(
        () => options.onFire?.({ name: job.definition.name, payload }),
        (error: unknown) => options.onFire?.({ name: job.definition.name, payload, error }),
      )
      .finally(() => inFlight.delete(run));
    inFlight.add(run);
  };

  const loop = async (job: ScheduledJob) => {
    const { cron, timezone, name } = job.definition;
    let after = clock.now();
    while (!controller.signal.aborted) {
      const at = nextFireTime(cron, timezone, after);
      next.set(name, at);
      if (at === null) return;
      try {
        await clock.sleepUntil(at, controller.signal);
      } catch {
        return;
      }
      if (controller.signal.aborted) return;
      invoke(job, at);
      after = at;
    }
  };

  for (const job of options.jobs) {
    next.set(job.definition.name, nextFireTime(job.definition.cron, job.definition.timezone, clock.now()));
  }
  const loops = options.jobs.map((job) => loop(job));

  return {
    nextRuns: () =>
      options.jobs.map((job) => {
        const at = next.get(job.definition.name);
        return { name: job.definition.name, at: at == null ? null : schedulerTime(at) };
      }),
    stop: async () => {
      controller.abort();
      await Promise.all(loops);
      await Promise.allSettled([...inFlight]);
    },
  };
}
