import { describe, expect, it } from 'vitest';
import { type ScheduleDefinition, schedules } from '../../lib/infra/schedules';
import { fireTimesBetween, nextFireTime, parseCron } from '../../lib/local/cron';
import { type SchedulerClock, schedulePayload, startScheduler } from '../../lib/local/scheduler';

const tz = 'Asia/Shanghai';
const byKind = (kind: string) => schedules.find((s) => s.kind === kind)!;
const ms = (iso: string) => Date.parse(iso);
const iso = (t: number) => new Date(t).toISOString();

/** A clock that jumps to each wake-up instant at once, and parks forever past `endMs`. */
function jumpingClock(startMs: number, endMs: number): SchedulerClock {
  let now = startMs;
  return {
    now: () => now,
    sleepUntil: (atMs, signal) =>
      new Promise((resolve, reject) => {
        if (atMs > endMs) {
          signal.addEventListener('abort', () => reject(signal.reason), { once: true });
          return;
        }
        now = atMs;
        queueMicrotask(resolve);
      }),
  };
}

describe('cron expressions in Asia/Shanghai', () => {
  it('the monthly sweep fires at 02:00 Beijing time on the 1st (18:00 UTC the day before)', () => {
    const times = fireTimesBetween(
      byKind('monthly').cron,
      tz,
      ms('2026-10-15T00:00:00Z'),
      ms('2027-01-15T00:00:00Z'),
    );
    expect(times.map(iso)).toEqual([
      '2026-10-31T18:00:00.000Z',
      '2026-11-30T18:00:00.000Z',
      '2026-12-31T18:00:00.000Z',
    ]);
  });

  it('the daily sweep fires at 06:00 Beijing time every day', () => {
    const times = fireTimesBetween(
      byKind('daily').cron,
      tz,
      ms('2026-12-06T23:00:00+08:00'),
      ms('2026-12-09T00:00:00+08:00'),
    );
    expect(times.map(iso)).toEqual(['2026-12-06T22:00:00.000Z', '2026-12-07T22:00:00.000Z']);
  });

  it('the digest fires at 08:30 Beijing time every day, weekends included (the handler skips rest days)', () => {
    const times = fireTimesBetween(
      byKind('digest').cron,
      tz,
      ms('2026-12-04T12:00:00+08:00'),
      ms('2026-12-07T12:00:00+08:00'),
    );
    expect(times.map(iso)).toEqual([
      '2026-12-05T00:30:00.000Z',
      '2026-12-06T00:30:00.000Z',
      '2026-12-07T00:30:00.000Z',
    ]);
  });

  it('the next firing is strictly after the given instant', () => {
    const at = ms('2026-12-07T06:00:00+08:00');
    expect(iso(nextFireTime(byKind('daily').cron, tz, at)!)).toBe('2026-12-07T22:00:00.000Z');
  });

  it('reads lists, ranges, steps, weekday names and the last day of the month', () => {
    const weekdays = 'cron(0/30 9-10 ? * MON-FRI *)';
    const times = fireTimesBetween(
      weekdays,
      tz,
      ms('2026-12-04T12:00:00+08:00'),
      ms('2026-12-07T23:00:00+08:00'),
    );
    expect(times.map(iso)).toEqual([
      '2026-12-07T01:00:00.000Z',
      '2026-12-07T01:30:00.000Z',
      '2026-12-07T02:00:00.000Z',
      '2026-12-07T02:30:00.000Z',
    ]);
    expect(iso(nextFireTime('cron(0 12 L * ? *)', tz, ms('2027-02-01T00:00:00Z'))!)).toBe(
      '2027-02-28T04:00:00.000Z',
    );
  });

  it('reads a start/step inside a list, and the nth weekday of the month', () => {
    const times = fireTimesBetween(
      'cron(40/15,5 8 ? * MON#1 *)',
      tz,
      ms('2026-12-01T00:00:00+08:00'),
      ms('2027-01-31T00:00:00+08:00'),
    );
    expect(times.map(iso)).toEqual([
      '2026-12-07T00:05:00.000Z',
      '2026-12-07T00:40:00.000Z',
      '2026-12-07T00:55:00.000Z',
      '2027-01-04T00:05:00.000Z',
      '2027-01-04T00:40:00.000Z',
      '2027-01-04T00:55:00.000Z',
    ]);
  });

  it('rejects an expression with both day fields set, a wrong field count or a value out of range', () => {
    expect(() => parseCron('cron(0 2 1 * MON *)')).toThrow(/exactly one/);
    expect(() => parseCron('cron(0 2 1 * ?)')).toThrow(/is not cron\(min hour dom month dow year\)/);
    expect(() => parseCron('cron(0 25 1 * ? *)')).toThrow(/is not valid/);
    expect(() => parseCron('cron(0 2 ? * 8 *)')).toThrow(/out of 1-7/);
    expect(() => parseCron('cron(0 2 ? * 0-3 *)')).toThrow(/out of 1-7/);
  });
});

describe('the local scheduler', () => {
  it('passes the EventBridge Scheduler input with the scheduled time in ISO UTC', () => {
    expect(schedulePayload(byKind('monthly'), ms('2026-11-30T18:00:00Z'))).toEqual({
      kind: 'monthly',
      scheduledTime: '2026-11-30T18:00:00Z',
    });
  });

  it('invokes each job at its instants in order, with its payload', async () => {
    const fired: unknown[] = [];
    const jobs = [byKind('daily'), byKind('monthly')].map((definition: ScheduleDefinition) => ({
      definition,
      handler: async (payload: unknown) => {
        fired.push(payload);
      },
    }));
    const clock = jumpingClock(ms('2026-11-29T12:00:00+08:00'), ms('2026-12-02T12:00:00+08:00'));
    const scheduler = startScheduler({ jobs, clock });
    await expect.poll(() => fired.length).toBe(4);
    await scheduler.stop();

    expect(fired).toEqual(
      expect.arrayContaining([
        { kind: 'daily', scheduledTime: '2026-11-29T22:00:00Z' },
        { kind: 'daily', scheduledTime: '2026-11-30T22:00:00Z' },
        { kind: 'daily', scheduledTime: '2026-12-01T22:00:00Z' },
        { kind: 'monthly', scheduledTime: '2026-11-30T18:00:00Z' },
      ]),
    );
  });

  it('keeps firing after a handler fails, and reports the failure', async () => {
    const outcomes: { name: string; error?: unknown }[] = [];
    const scheduler = startScheduler({
      jobs: [{ definition: byKind('daily'), handler: async () => Promise.reject(new Error('boom')) }],
      clock: jumpingClock(ms('2026-12-01T00:00:00+08:00'), ms('2026-12-02T12:00:00+08:00')),
      onFire: (f) => outcomes.push(f),
    });
    await expect.poll(() => outcomes.length).toBe(2);
    await scheduler.stop();

    expect(outcomes.every((o) => (o.error as Error).message === 'boom')).toBe(true);
  });

  it('tells when each schedule fires next', async () => {
    const scheduler = startScheduler({
      jobs: [{ definition: byKind('digest'), handler: async () => {} }],
      clock: jumpingClock(ms('2026-12-07T09:00:00+08:00'), ms('2026-12-07T09:00:00+08:00')),
    });
    expect(scheduler.nextRuns()).toEqual([{ name: 'digest-daily', at: '2026-12-08T00:30:00Z' }]);
    await scheduler.stop();
  });
});

describe('the npm start banner (issue 21)', () => {
  it('shows schedule times in Asia/Shanghai', async () => {
    const { localTime } = await import('../../lib/local/stack');
    expect(localTime('2026-12-07T22:00:00Z')).toBe('2026-12-08 06:00');
    expect(localTime('2026-12-08T00:30:00Z')).toBe('2026-12-08 08:30');
  });
});
