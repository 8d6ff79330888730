// §9 sweep runs: a run record and one record per shard (village), each shard done once per sweep.
import type { Instant } from '../domain/model';

export type SweepKind = 'monthly' | 'daily';

export interface SweepRun {
  /** e.g. 'daily#2026-12-02T06:00:00+08:00' (kind + as-of: re-running the same sweep is the same run). */
  sweepId: string;
  kind: SweepKind;
  asOf: Instant;
  startedAt: Instant;
  /** Number of shards fanned out. */
  shardCount: number;
  /** The villages fanned out (a re-run of the same sweep re-sends only the ones not done). */
  villages?: string[];
  /** Set once, by whoever observes every shard settled (done or failed): completion is recorded once. */
  completedAt?: Instant;
  /** Totals of the shards' results at completion (households, written, failed shards…). */
  summary?: Record<string, number>;
}

export interface ShardState {
  sweepId: string;
  villageCode: string;
  status: 'done' | 'failed';
  at: Instant;
  attempts: number;
  /** Per-shard summary numbers (households read, written, cases opened…). */
  result?: Record<string, number>;
  error?: string;
  /** A failed shard redriven and then done after its run may have completed without it: the run's
   *  township and county reports are still to be rebuilt with it (cleared by `reportsRebuilt`). */
  reportsPending?: boolean;
}

/** How many shards of a run have settled, counted as each shard settles (in the same write). */
export interface SettledCount {
  done: number;
  failed: number;
  /** The run's shard count, kept with the count so "has every shard settled?" is one read (absent on
   *  counts recorded before it was kept there: then read the run). */
  shardCount?: number;
}

export interface SweepRunStore {
  /** Records the run once; `created: false` when it was already recorded (a replay). */
  startRun(run: SweepRun): Promise<{ created: boolean; run: SweepRun }>;
  getRun(sweepId: string): Promise<SweepRun | null>;
  /** Marks a shard done once: 'already_done' when an earlier delivery finished it. A failed shard that is
   *  redriven and then done moves from the failed count to the done count: 'redone' (its run may have
   *  completed without it, so the run's reports are rebuilt); the shard keeps `reportsPending` until
   *  `reportsRebuilt`, so a delivery that stops in between leaves the rebuild to its redelivery. */
  markShardDone(
    sweepId: string,
    villageCode: string,
    at: Instant,
    result?: Record<string, number>,
  ): Promise<'done' | 'redone' | 'already_done'>;
  /** Records a failed attempt; never overwrites a done shard. */
  markShardFailed(sweepId: string, villageCode: string, at: Instant, error: string): Promise<void>;
  shard(sweepId: string, villageCode: string): Promise<ShardState | null>;
  /** Clears a done shard's `reportsPending` once its run's reports were rebuilt with it (or its run had not
   *  completed, so the completion will include it). No-op for a shard without it. */
  reportsRebuilt(sweepId: string, villageCode: string): Promise<void>;
  /** Records the run's completion once (conditional): 'already_completed' when someone recorded it first. */
  completeRun(
    sweepId: string,
    at: Instant,
    summary: Record<string, number>,
  ): Promise<'completed' | 'already_completed'>;
  /** Every recorded shard of a run (progress: done vs shardCount). Reads one record per shard. */
  shards(sweepId: string): Promise<ShardState[]>;
  /**
   * The run's settled shards, counted atomically with each shard's first `done` or `failed` (one small
   * read, however many shards): how a worker tells, after every shard, whether the run may be complete
   * without reading every shard record. `null` when the run is unknown or was started before the count.
   */
  settled(sweepId: string): Promise<SettledCount | null>;
}
