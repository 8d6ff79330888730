// Sweep test harness: seed villages, count writes, run a sweep to completion in-process (app level).
import { householdCounterValues, sumCounterValues } from '../../lib/app/counters';
import { finishSweep } from '../../lib/app/finish-sweep';
import { type StartSweepDeps, startSweep } from '../../lib/app/start-sweep';
import type { SweepDeps, SweepMessage } from '../../lib/app/sweep-shard';
import { sweepVillage } from '../../lib/app/sweep-village';
import type { Household } from '../../lib/domain/model';
import { defaultPolicy } from '../../lib/domain/policy';
import { WorkingDayCalendar } from '../../lib/domain/working-days';
import type { Store } from '../../lib/ports/store';
import type { SweepKind } from '../../lib/ports/sweep-run-store';
import { memoryWorkQueue } from '../../lib/ports/work-queue';

export const calendar = WorkingDayCalendar.chinaOfficial();

/** Stores households as new and records their villages' counters (as an import does). */
export async function seed(store: Store, households: Household[], at = '2026-11-01T00:00:00+08:00') {
  const outcomes = await store.commitMany(
    households.map((h) => ({ households: [{ household: h, expectedVersion: null }] })),
  );
  const failed = outcomes.find((o) => o instanceof Error);
  if (failed) throw failed;
  const villages = new Map<string, Household[]>();
  for (const h of households) villages.set(h.villageCode, [...(villages.get(h.villageCode) ?? []), h]);
  for (const [v, hs] of villages) {
    const current = await store.counters.unitCounts(v);
    await store.counters.replace(
      v,
      sumCounterValues(hs.map((h) => householdCounterValues(h, '2026-11-01'))),
      {
        sweptAt: at,
        expectedRevision: current.revision,
      },
    );
  }
}

/** Counts the store's writes (every method that writes), e.g. to show a re-run writes nothing. */
export function countingWrites(store: Store): { store: Store; writes: () => number; reset: () => void } {
  let writes = 0;
  const wrap = <T extends object>(target: T, names: string[]): T =>
    new Proxy(target, {
      get(t, p, r) {
        const v = Reflect.get(t, p, r);
        if (typeof v === 'function' && names.includes(String(p))) {
          return (...args: unknown[]) => {
            writes += 1;
            return v.apply(t, args);
          };
        }
        return typeof v === 'function' ? v.bind(t) : v;
      },
    });
  const counted: Store = {
    ...store,
    commit: (c) => {
      writes += 1;
      return store.commit(c);
    },
    commitMany: (cs, o) => {
      writes += cs.length;
      return store.commitMany(cs, o);
    },
    append: (a) => {
      writes += 1;
      return store.append(a);
    },
    assessments: wrap(store.assessments, ['putVillageMonth']),
    counters: wrap(store.counters, ['replace']),
    sweeps: wrap(store.sweeps, ['startRun', 'markShardDone', 'markShardFailed', 'completeRun']),
    reports: wrap(store.reports, ['putMonthly', 'submit']),
  };
  return {
    store: counted,
    writes: () => writes,
    reset: () => {
      writes = 0;
    },
  };
}

let clock = Date.parse('2026-12-01T02:00:00+08:00');
/** A wall clock for records of when work happened (a second per call). */
function tick(): string {
  clock += 1000;
  return new Date(clock).toISOString();
}

export function sweepDeps(
  store: Store,
  overrides: Partial<SweepDeps> = {},
): StartSweepDeps & { sent: SweepMessage[] } {
  const queue = memoryWorkQueue<SweepMessage>();
  return {
    store,
    policyFor: () => defaultPolicy,
    calendar,
    now: tick,
    timeZone: defaultPolicy.timezone,
    queue,
    sent: queue.sent,
    ...overrides,
  };
}

/** Starts a sweep and processes every message sent, in order (the queue's consumer, in-process). */
export async function runSweep(
  deps: StartSweepDeps & { sent: SweepMessage[] },
  kind: SweepKind,
  asOf: string,
) {
  const before = deps.sent.length;
  const started = await startSweep(deps, { kind, asOf });
  for (const msg of deps.sent.slice(before)) {
    await sweepVillage(deps, msg);
    await finishSweep(deps, msg.sweepId);
  }
  return { started, run: await deps.store.sweeps.getRun(started.sweepId) };
}
