// Completion of a sweep (§9): when every shard has settled (done, or failed after its retries), build the
// monthly reports of every township and county from the village reports (monthly sweep) and record the
// completion once. Whoever observes the last shard calls this; several may: reports are rewritten only
// when they differ and `completeRun` is conditional, so completion is recorded (and counted) once.
import { townshipOf } from '../domain/division-code';
import type { Case } from '../domain/model';
import {
  emptyVillageAggregate,
  type MonthlyReport,
  rollUp,
  tallyCaseActivity,
  type VillageAggregate,
} from '../domain/monthly-report';
import type { ShardState, SweepRun } from '../ports/sweep-run-store';
import { closedMonthOf, type SweepDeps, sameRecord } from './sweep-shard';
import type { ShardResult } from './sweep-village';

export interface SweepProgress {
  sweepId: string;
  shardCount: number;
  done: number;
  failed: number;
  /** The failed shards' villages (from the shard records). Empty when they were not read: `finishSweep`
   *  before every shard has settled or after the run completed, `sweepProgress` unless asked for them. */
  failedVillages: string[];
  completedAt: string | null;
  /** The totals recorded at completion (null until then). */
  summary: Record<string, number> | null;
}

export interface FinishOutcome extends SweepProgress {
  /** True only for the caller that recorded the completion. */
  completedNow: boolean;
}

/**
 * Shards done and failed of a run. A poll (the CLI asks every 250 ms) costs two small reads however many
 * villages the run has: the run and its settled count. The shard records are read only when asked for the
 * failed villages and some shard failed, or for a run recorded before the settled count existed.
 */
export async function sweepProgress(
  deps: Pick<SweepDeps, 'store'>,
  sweepId: string,
  options: { failedVillages?: boolean } = {},
): Promise<SweepProgress | null> {
  const [run, settled] = await Promise.all([
    deps.store.sweeps.getRun(sweepId),
    deps.store.sweeps.settled(sweepId),
  ]);
  if (!run) return null;
  if (settled && (!options.failedVillages || settled.failed === 0))
    return progressOf(sweepId, run, settled, []);
  return progressFromShards(sweepId, run, await deps.store.sweeps.shards(sweepId));
}

/** A run's progress from its shard records (done and failed counted, the failed villages named). */
function progressFromShards(sweepId: string, run: SweepRun, shards: ShardState[]): SweepProgress {
  const failed = shards.filter((s) => s.status === 'failed');
  return progressOf(
    sweepId,
    run,
    { done: shards.filter((s) => s.status === 'done').length, failed: failed.length },
    failed.map((s) => s.villageCode),
  );
}

function progressOf(
  sweepId: string,
  run: SweepRun,
  count: { done: number; failed: number },
  failedVillages: string[],
): SweepProgress {
  return {
    sweepId,
    shardCount: run.shardCount,
    done: count.done,
    failed: count.failed,
    failedVillages,
    completedAt: run.completedAt ?? null,
    summary: run.summary ?? null,
  };
}

/**
 * Completes the run if every shard settled. `rebuild`: also rebuild the reports of an already completed
 * run (a failed shard redriven later completed).
 */
export async function finishSweep(
  deps: SweepDeps,
  sweepId: string,
  options: { rebuild?: boolean } = {},
): Promise<FinishOutcome | null> {
  const { store } = deps;
  // Every worker asks after every shard: the settled count (which keeps the shard count) answers "not
  // yet" in one small read, where reading every shard record each time would cost O(shards²) per sweep.
  // Only a settled run (or one started before the count existed) reads the run and its shards. A run
  // whose shards have not all settled cannot have completed (a redriven shard moves failed to done).
  const settled = await store.sweeps.settled(sweepId);
  const notYet = (shardCount: number, completedAt: string | null): FinishOutcome | null =>
    settled && settled.done + settled.failed < shardCount
      ? {
          sweepId,
          shardCount,
          done: settled.done,
          failed: settled.failed,
          failedVillages: [],
          completedAt,
          completedNow: false,
          summary: null,
        }
      : null;
  const early = settled?.shardCount !== undefined ? notYet(settled.shardCount, null) : null;
  if (early) return early;
  const run = await store.sweeps.getRun(sweepId);
  if (!run) return null;
  const unsettled = notYet(run.shardCount, run.completedAt ?? null);
  if (unsettled) return unsettled;
  // Completed already (a duplicate delivery asks again): nothing to do, and no shard records to read.
  if (run.completedAt && !options.rebuild && settled)
    return { ...progressOf(sweepId, run, settled, []), completedNow: false };
  const shards = await store.sweeps.shards(sweepId);
  const done = shards.filter((s) => s.status === 'done');
  const progress = progressFromShards(sweepId, run, shards);
  if (progress.done + progress.failed < run.shardCount)
    return { ...progress, completedNow: false, summary: null };
  if (run.completedAt && !options.rebuild) return { ...progress, completedNow: false };

  let reportsWritten = 0;
  if (run.kind === 'monthly') {
    reportsWritten = await buildUnitReports(
      deps,
      run,
      done.map((s) => s.villageCode),
    );
  }
  const summary: Record<string, number> = {
    shards: run.shardCount,
    done: progress.done,
    failed: progress.failed,
    reportsWritten,
  };
  for (const s of done) {
    for (const [k, v] of Object.entries(s.result ?? {}) as [keyof ShardResult, number][]) {
      summary[k] = (summary[k] ?? 0) + v;
    }
  }
  if (run.completedAt) return { ...progress, completedNow: false, summary };
  // Counties whose counters predate the township roll-ups get them once (a no-op afterwards).
  for (const county of new Set(done.map((s) => s.villageCode.slice(0, 6))))
    await store.counters.ensureRollups(county);
  const outcome = await store.sweeps.completeRun(sweepId, deps.now(), summary);
  const after =
    outcome === 'completed' ? deps.now() : ((await store.sweeps.getRun(sweepId))?.completedAt ?? null);
  return { ...progress, completedAt: after, completedNow: outcome === 'completed', summary };
}

/** §9 township and county reports of the closed month: roll-ups of their villages' reports plus the cases
 *  their townships hold (report_overdue). Returns how many reports were (re)written. */
async function buildUnitReports(deps: SweepDeps, run: SweepRun, villages: string[]): Promise<number> {
  const { store } = deps;
  const county0 = villages[0]?.slice(0, 6);
  const tz = deps.policyFor(county0 ?? '000000', Number(run.asOf.slice(0, 4))).timezone;
  const month = closedMonthOf(run.asOf, tz);

  // Every village's report in a few batch reads (one per 100 villages), in the villages' order.
  const stored = await store.reports.getMonthlyMany<MonthlyReport>(villages, month);
  const aggregates: VillageAggregate[] = villages.flatMap((v) => {
    const r = stored.get(v);
    return r ? [aggregateOf(r.report)] : [];
  });
  const townships = [...new Set(aggregates.map((a) => townshipOf(a.unitCode)))].sort();
  const heldByTownship = await Promise.all(townships.map((t) => townshipHeldCases(deps, t)));
  townships.forEach((t, i) => {
    const held = heldByTownship[i]!;
    if (held.length === 0) return;
    const agg = emptyVillageAggregate(t, month);
    agg.cases = tallyCaseActivity(held, month, tz);
    aggregates.push(agg);
  });

  // The township and county reports, each rewritten only when it differs from the stored one.
  const units = [...townships, ...new Set(townships.map((t) => t.slice(0, 6)))];
  const before = await store.reports.getMonthlyMany(units, month);
  let written = 0;
  for (const unitCode of units) {
    const report = rollUp(
      unitCode,
      month,
      aggregates.filter((a) => a.unitCode.startsWith(unitCode)),
    );
    const previous = before.get(unitCode);
    if (previous && sameRecord(previous.report, report)) continue;
    await store.reports.putMonthly({ unitCode, month, generatedAt: run.asOf, report });
    written += 1;
  }
  return written;
}

async function townshipHeldCases(deps: SweepDeps, township: string): Promise<Case[]> {
  const byStatus = await Promise.all(
    (['open', 'resolved'] as const).map((status) =>
      deps.store.cases.casesInUnit(township, { kind: 'report_overdue', status }),
    ),
  );
  return byStatus.flat().filter((c) => c.villageCode === null);
}

/** A village's stored report back to the aggregate it was rolled up from. */
export function aggregateOf(r: MonthlyReport): VillageAggregate {
  const tally = (t: { required: number; done: number }) => ({ required: t.required, done: t.done });
  return {
    unitCode: r.unitCode,
    month: r.month,
    households: r.households,
    movements: r.movements,
    visits: {
      byClass: {
        red: tally(r.visits.byClass.red),
        yellow: tally(r.visits.byClass.yellow),
        blue: tally(r.visits.byClass.blue),
        watch: tally(r.visits.byClass.watch),
      },
    },
    overdue: r.overdue,
    cases: r.cases,
    riskFactors: r.riskFactors,
  };
}
