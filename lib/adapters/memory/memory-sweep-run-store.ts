// The in-memory twin of lib/adapters/dynamodb/sweep-run-store.ts.
import { DomainError } from '../../domain/errors';
import type { SweepRunStore } from '../../ports/sweep-run-store';
import { clone, type MemoryState } from './memory-state';

export function createMemorySweepRunStore(s: MemoryState): SweepRunStore {
  const { runs, shards } = s;

  return {
    async startRun(run) {
      const existing = runs.get(run.sweepId);
      if (existing) return { created: false, run: clone(existing) };
      runs.set(run.sweepId, clone(run));
      return { created: true, run: clone(run) };
    },
    async getRun(id) {
      const r = runs.get(id);
      return r ? clone(r) : null;
    },
    async markShardDone(sweepId, villageCode, at, result) {
      const key = `${sweepId}#${villageCode}`;
      const current = shards.get(key);
      if (current?.status === 'done') return 'already_done';
      const redone = current?.status === 'failed';
      shards.set(key, {
        sweepId,
        villageCode,
        status: 'done',
        at,
        attempts: (current?.attempts ?? 0) + 1,
        result: result ?? {},
        ...(redone ? { reportsPending: true } : {}),
      });
      return redone ? 'redone' : 'done';
    },
    async markShardFailed(sweepId, villageCode, at, error) {
      const key = `${sweepId}#${villageCode}`;
      const current = shards.get(key);
      if (current?.status === 'done') return;
      shards.set(key, {
        sweepId,
        villageCode,
        status: 'failed',
        at,
        attempts: (current?.attempts ?? 0) + 1,
        ...(current?.result ? { result: current.result } : {}),
        error,
      });
    },
    async shard(sweepId, villageCode) {
      const s = shards.get(`${sweepId}#${villageCode}`);
      return s ? clone(s) : null;
    },
    async reportsRebuilt(sweepId, villageCode) {
      const s = shards.get(`${sweepId}#${villageCode}`);
      if (s?.reportsPending) {
        const { reportsPending: _, ...rest } = s;
        shards.set(`${sweepId}#${villageCode}`, rest);
      }
    },
    async completeRun(sweepId, at, summary) {
      const r = runs.get(sweepId);
      if (!r) throw new DomainError('not_found', `no sweep run ${sweepId}`);
      if (r.completedAt) return 'already_completed';
      runs.set(sweepId, { ...r, completedAt: at, summary: clone(summary) });
      return 'completed';
    },
    async settled(sweepId) {
      const run = runs.get(sweepId);
      if (!run) return null;
      const mine = [...shards.values()].filter((s) => s.sweepId === sweepId);
      return {
        done: mine.filter((s) => s.status === 'done').length,
        failed: mine.filter((s) => s.status === 'failed').length,
        shardCount: run.shardCount,
      };
    },
    async shards(sweepId) {
      return [...shards.values()]
        .filter((s) => s.sweepId === sweepId)
        .sort((a, b) => (a.villageCode < b.villageCode ? -1 : 1))
        .map(clone);
    },
  };
}
