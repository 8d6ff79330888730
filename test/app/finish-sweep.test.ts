import { describe, expect, it, vi } from 'vitest';
import { createMemoryStore } from '../../lib/adapters/memory/memory-store';
import { finishSweep, sweepProgress } from '../../lib/app/finish-sweep';
import { sweepDeps } from '../support/sweep-harness';

const at = '2026-12-02T06:00:00+08:00';
const run = {
  sweepId: `daily#${at}`,
  kind: 'daily' as const,
  asOf: at,
  startedAt: at,
  shardCount: 3,
  villages: ['532931101201', '532931101202', '532931101203'],
};

describe('finishSweep', () => {
  it('answers "not yet" from the settled count alone and reads the run and its shards only once every shard settled', async () => {
    const store = createMemoryStore();
    const shards = vi.spyOn(store.sweeps, 'shards');
    const getRun = vi.spyOn(store.sweeps, 'getRun');
    const deps = sweepDeps(store);
    await store.sweeps.startRun(run);

    await store.sweeps.markShardDone(run.sweepId, '532931101201', at, { households: 4 });
    await store.sweeps.markShardFailed(run.sweepId, '532931101202', at, 'boom');
    const early = await finishSweep(deps, run.sweepId);

    expect(early).toMatchObject({
      shardCount: 3,
      done: 1,
      failed: 1,
      completedNow: false,
      completedAt: null,
    });
    expect(shards).not.toHaveBeenCalled();
    expect(getRun).not.toHaveBeenCalled();

    await store.sweeps.markShardDone(run.sweepId, '532931101203', at, { households: 2 });
    const last = await finishSweep(deps, run.sweepId);

    expect(shards).toHaveBeenCalledTimes(1);
    expect(last).toMatchObject({
      done: 2,
      failed: 1,
      failedVillages: ['532931101202'],
      completedNow: true,
      summary: { shards: 3, done: 2, failed: 1, households: 6 },
    });
  });

  it('asked again after the run completed, reads the settled count and the run, not the shard records', async () => {
    const store = createMemoryStore();
    const deps = sweepDeps(store);
    await store.sweeps.startRun(run);
    for (const v of run.villages) await store.sweeps.markShardDone(run.sweepId, v, at, { households: 1 });
    expect(await finishSweep(deps, run.sweepId)).toMatchObject({ completedNow: true });
    const shards = vi.spyOn(store.sweeps, 'shards');

    const again = await finishSweep(deps, run.sweepId);

    expect(again).toMatchObject({
      done: 3,
      failed: 0,
      completedNow: false,
      summary: { shards: 3, done: 3, households: 3 },
    });
    expect(again?.completedAt).toBeTruthy();
    expect(shards).not.toHaveBeenCalled();
  });

  it('reads the run when its settled count does not keep the shard count (recorded before it did)', async () => {
    const store = createMemoryStore();
    await store.sweeps.startRun(run);
    vi.spyOn(store.sweeps, 'settled').mockResolvedValue({ done: 1, failed: 0 });
    const shards = vi.spyOn(store.sweeps, 'shards');

    const progress = await finishSweep(sweepDeps(store), run.sweepId);

    expect(progress).toMatchObject({ shardCount: 3, done: 1, failed: 0, completedNow: false });
    expect(shards).not.toHaveBeenCalled();
  });

  it('reads the shard records of a run that has no settled count (started before it existed)', async () => {
    const store = createMemoryStore();
    await store.sweeps.startRun(run);
    vi.spyOn(store.sweeps, 'settled').mockResolvedValue(null);
    const shards = vi.spyOn(store.sweeps, 'shards');

    await store.sweeps.markShardDone(run.sweepId, '532931101201', at);
    const progress = await finishSweep(sweepDeps(store), run.sweepId);

    expect(shards).toHaveBeenCalledTimes(1);
    expect(progress).toMatchObject({ done: 1, failed: 0, completedNow: false });
  });
});

describe('sweepProgress', () => {
  it('answers a poll from the run and its settled count, without reading a shard record', async () => {
    const store = createMemoryStore();
    await store.sweeps.startRun(run);
    await store.sweeps.markShardDone(run.sweepId, '532931101201', at, { households: 4 });
    await store.sweeps.markShardFailed(run.sweepId, '532931101202', at, 'boom');
    const shards = vi.spyOn(store.sweeps, 'shards');

    const polled = await sweepProgress({ store }, run.sweepId);

    expect(polled).toEqual({
      sweepId: run.sweepId,
      shardCount: 3,
      done: 1,
      failed: 1,
      failedVillages: [],
      completedAt: null,
      summary: null,
    });
    expect(shards).not.toHaveBeenCalled();
  });

  it('gives the totals recorded at completion with the progress, so a caller needs no second read of the run', async () => {
    const store = createMemoryStore();
    const deps = sweepDeps(store);
    await store.sweeps.startRun(run);
    for (const v of run.villages) await store.sweeps.markShardDone(run.sweepId, v, at, { households: 2 });
    await finishSweep(deps, run.sweepId);

    const polled = await sweepProgress({ store }, run.sweepId);

    expect(polled?.completedAt).toBeTruthy();
    expect(polled?.summary).toMatchObject({ shards: 3, done: 3, failed: 0, households: 6 });
  });

  it('reads the shard records for the failed villages only when asked and some shard failed', async () => {
    const store = createMemoryStore();
    await store.sweeps.startRun(run);
    await store.sweeps.markShardDone(run.sweepId, '532931101201', at);
    const shards = vi.spyOn(store.sweeps, 'shards');

    expect(await sweepProgress({ store }, run.sweepId, { failedVillages: true })).toMatchObject({
      done: 1,
      failed: 0,
      failedVillages: [],
    });
    expect(shards).not.toHaveBeenCalled();

    await store.sweeps.markShardFailed(run.sweepId, '532931101203', at, 'boom');
    expect(await sweepProgress({ store }, run.sweepId, { failedVillages: true })).toMatchObject({
      done: 1,
      failed: 1,
      failedVillages: ['532931101203'],
    });
    expect(shards).toHaveBeenCalledTimes(1);
  });

  it('counts from the shard records for a run without a settled count, and knows no run it never recorded', async () => {
    const store = createMemoryStore();
    await store.sweeps.startRun(run);
    await store.sweeps.markShardDone(run.sweepId, '532931101201', at);
    await store.sweeps.markShardFailed(run.sweepId, '532931101202', at, 'boom');
    vi.spyOn(store.sweeps, 'settled').mockResolvedValue(null);

    expect(await sweepProgress({ store }, run.sweepId)).toMatchObject({
      done: 1,
      failed: 1,
      failedVillages: ['532931101202'],
    });
    expect(await sweepProgress({ store }, 'monthly#never')).toBeNull();
  });
});
