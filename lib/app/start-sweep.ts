// Starting a sweep (§9): record the run once and send one message per village shard. The as-of instant
// comes from the schedule's event (never the wall clock). Re-running the same sweep is the same run: it
// re-sends only the shards not done (a failed shard is redone); a completed run sends nothing (it only
// rebuilds its reports if a redriven shard's worker stopped before doing so).
import { townshipOf } from '../domain/division-code';
import type { Instant } from '../domain/model';
import type { CalendarWarning } from '../domain/working-days';
import type { SweepKind } from '../ports/sweep-run-store';
import type { WorkQueue } from '../ports/work-queue';
import { calendarWarnings, refreshCalendar } from './calendar';
import { finishSweep } from './finish-sweep';
import { canonicalAsOf, type SweepDeps, type SweepMessage, sweepIdOf } from './sweep-shard';

export interface StartSweepDeps extends SweepDeps {
  queue: WorkQueue<SweepMessage>;
  /** The zone the as-of is written in (the schedules' zone). */
  timeZone: string;
}

export interface StartSweepResult {
  sweepId: string;
  asOf: Instant;
  /** False when the run was already recorded (a replay of the same sweep). */
  created: boolean;
  shardCount: number;
  /** Messages sent now. */
  sent: number;
  completedAt: string | null;
  /** D14: the years of the next 60 days from the as-of that are not official. */
  calendarWarnings: CalendarWarning[];
}

export async function startSweep(
  deps: StartSweepDeps,
  input: { kind: SweepKind; asOf: Instant },
): Promise<StartSweepResult> {
  const { store } = deps;
  const asOf = canonicalAsOf(input.asOf, deps.timeZone);
  const calendar = await refreshCalendar(deps, asOf);
  const sweepId = sweepIdOf(input.kind, asOf);

  // Read first: a replay of a recorded run then writes nothing at all.
  let run = await store.sweeps.getRun(sweepId);
  let created = false;
  if (!run) {
    const villages = await store.counters.listVillages();
    const started = await store.sweeps.startRun({
      sweepId,
      kind: input.kind,
      asOf,
      startedAt: deps.now(),
      shardCount: villages.length,
      villages,
    });
    run = started.run;
    created = started.created;
  }
  const villages = run.villages ?? [];
  const done = (await store.sweeps.shards(sweepId)).filter((s) => s.status === 'done');
  const settled = new Set(done.map((s) => s.villageCode));
  const missing = villages.filter((v) => !settled.has(v));
  // Shards redriven to done whose worker stopped before rebuilding the run's reports with them.
  const pending = done.filter((s) => s.reportsPending).map((s) => s.villageCode);

  // One shard per township also does the township's own work (daily: report_overdue).
  const firstOfTownship = new Set<string>();
  const seen = new Set<string>();
  for (const v of villages) {
    if (!seen.has(townshipOf(v))) firstOfTownship.add(v);
    seen.add(townshipOf(v));
  }
  const messages: SweepMessage[] = missing.map((villageCode) => ({
    sweepId,
    kind: input.kind,
    asOf,
    villageCode,
    ...(input.kind === 'daily' && firstOfTownship.has(villageCode) ? { townshipDuties: true } : {}),
  }));
  if (messages.length > 0) await deps.queue.sendAll(messages);

  let completedAt = run.completedAt ?? null;
  // Nothing to send and not completed (no villages, or a crash before completion was recorded), or
  // reports still to rebuild with a redriven shard: finish here, as the last worker would have.
  if (messages.length === 0 && (!completedAt || pending.length > 0)) {
    completedAt = (await finishSweep(deps, sweepId, { rebuild: pending.length > 0 }))?.completedAt ?? null;
    for (const v of pending) await store.sweeps.reportsRebuilt(sweepId, v);
  }
  return {
    sweepId,
    asOf,
    created,
    shardCount: run.shardCount,
    sent: messages.length,
    completedAt,
    calendarWarnings: calendarWarnings(calendar, asOf, deps.timeZone),
  };
}
