// One village shard of a sweep (§9): the monthly re-assessment and report aggregate, or the daily case work
// (§8). Idempotent per (sweep, village): a done shard is skipped; a redo after a crash re-reads the village
// and writes only what is still missing (every household and case write is conditional on its version,
// re-assessing a written household gives changed = false, audit and case ids are deterministic).
import { countyOf } from '../domain/division-code';
import type { Policy } from '../domain/policy';
import { localDateOf } from '../domain/time';
import { dailyShard } from './sweep-daily';
import { monthlyShard } from './sweep-monthly';
import {
  emptyResult,
  isConflict,
  maxAttempts,
  type ShardResult,
  type SweepDeps,
  type SweepMessage,
} from './sweep-shard';

export type { ShardResult } from './sweep-shard';

export async function sweepVillage(
  deps: SweepDeps,
  msg: SweepMessage,
): Promise<{
  outcome: 'done' | 'redone' | 'already_done';
  result: ShardResult;
  /** The run's township and county reports are still to be rebuilt with this shard: it was redriven from
   *  failed to done, now or by a delivery that stopped before the rebuild (`ShardState.reportsPending`). */
  reportsPending: boolean;
}> {
  const { store } = deps;
  // The shard's state and the village's counters at once (one round trip, not two): the counters are what
  // a shard reads first, and a redelivery of a done shard wastes only that small read.
  const firstCounts = store.counters.unitCounts(msg.villageCode);
  firstCounts.catch(() => undefined); // awaited below, unless the shard is done or its read fails
  const shard = await store.sweeps.shard(msg.sweepId, msg.villageCode);
  if (shard?.status === 'done')
    return {
      outcome: 'already_done',
      result: resultOf(shard.result),
      reportsPending: shard.reportsPending === true,
    };

  const policy = policyOf(deps, msg);
  const result = emptyResult();
  // A recount refused because a single change moved the counters meanwhile: redo the shard from a
  // fresh read (households already written are unchanged now, so the redo writes only the recount).
  for (let attempt = 1; ; attempt++) {
    try {
      const counts = attempt === 1 ? await firstCounts : await store.counters.unitCounts(msg.villageCode);
      if (msg.kind === 'monthly') await monthlyShard(deps, msg, policy, counts, result);
      else await dailyShard(deps, msg, policy, counts, result);
      break;
    } catch (e) {
      if (!isConflict(e) || attempt >= maxAttempts) throw e;
      result.conflicts += 1;
    }
  }
  const outcome = await store.sweeps.markShardDone(msg.sweepId, msg.villageCode, deps.now(), {
    ...result,
  });
  return { outcome, result, reportsPending: outcome === 'redone' };
}

function resultOf(r: Record<string, number> | undefined): ShardResult {
  return { ...emptyResult(), ...r };
}

function policyOf(deps: SweepDeps, msg: SweepMessage): Policy {
  const year = Number(msg.asOf.slice(0, 4));
  const policy = deps.policyFor(countyOf(msg.villageCode), year);
  // The year is the as-of's local year (1 Jan 01:00 +08:00 is still 31 Dec in UTC).
  const localYear = Number(localDateOf(msg.asOf, policy.timezone).slice(0, 4));
  return localYear === year ? policy : deps.policyFor(countyOf(msg.villageCode), localYear);
}
