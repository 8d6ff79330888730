import { readFileSync } from 'node:fs';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { makeHandler as makeStartHandler } from '../../functions/schedule-start-sweep';
import { makeHandler as makeWorker } from '../../functions/sqs-sweep-village';
import { createMemoryStore } from '../../lib/adapters/memory/memory-store';
import type { SweepMessage } from '../../lib/app/sweep-shard';
import { sweepVillage } from '../../lib/app/sweep-village';
import { lambdaContext } from '../../lib/local/lambda-context';
import type { Store } from '../../lib/ports/store';
import { aMonitoredHousehold } from '../builders/household';
import { countingWrites, seed, sweepDeps } from '../support/sweep-harness';

process.env.POWERTOOLS_METRICS_DISABLED = 'true';
const event = <T>(path: string): T =>
  JSON.parse(readFileSync(new URL(`../../events/${path}`, import.meta.url), 'utf8')) as T;
const metrics = () => new Metrics({ namespace: 'fanpin', serviceName: 'fanpin' });

const villageA = '532931101201';
const villageB = '532931101202';

async function seeded(store: Store = createMemoryStore()) {
  await seed(store, [
    aMonitoredHousehold({ householdId: 'H1', villageCode: villageA }),
    aMonitoredHousehold({ householdId: 'H2', villageCode: villageB }),
  ]);
  return store;
}

/** The store, except that reading village B's households fails (while `broken()`). */
function villageBFailing(store: Store, broken: () => boolean = () => true): Store {
  return {
    ...store,
    households: {
      ...store.households,
      listVillage: (v, size) => {
        if (broken() && v === villageB) throw new Error('corrupt village');
        return store.households.listVillage(v, size);
      },
    },
  };
}

/** An SQS event of the worker's sample, one record per message. */
function sqsEvent(messages: SweepMessage[], receiveCount = 1): SQSEvent {
  const sample = event<SQSEvent>('sqs/sweep-village.monthly.json').Records[0]!;
  return {
    Records: messages.map((m, i) => ({
      ...structuredClone(sample),
      messageId: `m-${i}`,
      body: JSON.stringify(m),
      attributes: { ...sample.attributes, ApproximateReceiveCount: String(receiveCount) },
    })),
  };
}

describe('schedule-start-sweep', () => {
  it('takes the as-of from the Scheduler event and sends one message per village', async () => {
    const deps = sweepDeps(await seeded());
    const handler = makeStartHandler(deps);

    const result = await handler(
      event('schedule/sweep-monthly.scheduled.json'),
      lambdaContext('schedule-start-sweep'),
    );

    expect(result).toMatchObject({ sweepId: 'monthly#2026-12-01T02:00:00+08:00', shardCount: 2, sent: 2 });
    expect(deps.sent.map((m) => m.villageCode)).toEqual([villageA, villageB]);
  });

  it('marks the first village of each township with the township’s daily duties', async () => {
    const deps = sweepDeps(await seeded());

    await makeStartHandler(deps)(
      event('schedule/sweep-daily.scheduled.json'),
      lambdaContext('schedule-start-sweep'),
    );

    expect(deps.sent.map((m) => m.townshipDuties ?? false)).toEqual([true, false]);
  });
});

describe('sqs-sweep-village', () => {
  const msg = (villageCode: string): SweepMessage => ({
    sweepId: 'monthly#2026-12-01T02:00:00+08:00',
    kind: 'monthly',
    asOf: '2026-12-01T02:00:00+08:00',
    villageCode,
  });

  /** A monthly run through the handlers on `store`, completed with village B failed on its last delivery:
   *  the worker and start handler to go on with, and the township's report of the closed month. */
  async function completedWithBFailed(store: Store) {
    const deps = sweepDeps(store);
    const start = makeStartHandler(deps);
    await start(event('schedule/sweep-monthly.scheduled.json'), lambdaContext('s'));
    const worker = makeWorker({ ...deps, maxReceiveCount: 3 }, metrics());
    await worker(sqsEvent([msg(villageA)]), lambdaContext('w'));
    await worker(sqsEvent([msg(villageB)], 3), lambdaContext('w'));
    const township = () => store.reports.getMonthly('532931101', '2026-11');
    return { deps, start, worker, township };
  }

  it('processes the sample event and reports no failure', async () => {
    const deps = sweepDeps(await seeded());
    await makeStartHandler(deps)(event('schedule/sweep-monthly.scheduled.json'), lambdaContext('s'));
    const worker = makeWorker({ ...deps, maxReceiveCount: 3 }, metrics());

    const response = await worker(
      event('sqs/sweep-village.monthly.json'),
      lambdaContext('sqs-sweep-village'),
    );

    expect(response).toEqual({ batchItemFailures: [] });
    expect(await deps.store.sweeps.shard(msg(villageA).sweepId, villageA)).toMatchObject({ status: 'done' });
  });

  it('a message delivered twice is acknowledged the second time without writing', async () => {
    const counting = countingWrites(await seeded());
    const deps = sweepDeps(counting.store);
    await makeStartHandler(deps)(event('schedule/sweep-monthly.scheduled.json'), lambdaContext('s'));
    const worker = makeWorker({ ...deps, maxReceiveCount: 3 }, metrics());
    await worker(sqsEvent([msg(villageA)]), lambdaContext('w'));
    counting.reset();

    const again = await worker(sqsEvent([msg(villageA)]), lambdaContext('w'));

    expect(again).toEqual({ batchItemFailures: [] });
    expect(counting.writes()).toBe(0);
  });

  it('a failing shard fails alone: its neighbours in the batch complete', async () => {
    const store = await seeded();
    const failing = villageBFailing(store);
    const deps = sweepDeps(failing);
    await makeStartHandler(deps)(event('schedule/sweep-monthly.scheduled.json'), lambdaContext('s'));
    const worker = makeWorker({ ...deps, maxReceiveCount: 3 }, metrics());

    const response = await worker(sqsEvent([msg(villageA), msg(villageB)]), lambdaContext('w'));

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
    expect(await store.sweeps.shard(msg(villageA).sweepId, villageA)).toMatchObject({ status: 'done' });
    expect(await store.sweeps.shard(msg(villageB).sweepId, villageB)).toBeNull();
  });

  it('on its last delivery a failing shard is recorded failed and the run completes showing it', async () => {
    const store = await seeded();
    const failing = villageBFailing(store);
    const deps = sweepDeps(failing);
    await makeStartHandler(deps)(event('schedule/sweep-monthly.scheduled.json'), lambdaContext('s'));
    const emitted = metrics();
    const added: string[] = [];
    const addMetric = emitted.addMetric.bind(emitted);
    emitted.addMetric = (name, unit, value) => {
      added.push(name);
      return addMetric(name, unit, value);
    };
    const worker = makeWorker({ ...deps, maxReceiveCount: 3 }, emitted);
    await worker(sqsEvent([msg(villageA)]), lambdaContext('w'));

    const response = await worker(sqsEvent([msg(villageB)], 3), lambdaContext('w'));

    expect(response.batchItemFailures).toHaveLength(1);
    // The names the alarms and the dashboard read (lib/infra/metrics.ts).
    expect(added).toEqual(expect.arrayContaining(['ShardsDone', 'SweepShardsFailed', 'SweepCompleted']));
    const run = await store.sweeps.getRun(msg(villageA).sweepId);
    expect(run?.completedAt).toBeTruthy();
    expect(run?.summary).toMatchObject({ shards: 2, done: 1, failed: 1 });
    expect(await store.sweeps.shard(run!.sweepId, villageB)).toMatchObject({ status: 'failed' });
  });

  it('17-11b: on its last delivery a shard that would time out is recorded failed in time, and the run completes showing it', async () => {
    const store = await seeded();
    // Village B's households never arrive: the shard would run until the function times out.
    const hanging: Store = {
      ...store,
      households: {
        ...store.households,
        listVillage: (v, size) =>
          v === villageB
            ? { [Symbol.asyncIterator]: () => ({ next: () => new Promise<never>(() => {}) }) }
            : store.households.listVillage(v, size),
      },
    };
    const deps = sweepDeps(hanging);
    await makeStartHandler(deps)(event('schedule/sweep-monthly.scheduled.json'), lambdaContext('s'));
    const worker = makeWorker({ ...deps, maxReceiveCount: 3, settleReserveMs: 10_000 }, metrics());
    await worker(sqsEvent([msg(villageA)]), lambdaContext('w'));

    // 10 s left, all of it kept back to settle: the shard's budget is spent at once.
    const response = await worker(sqsEvent([msg(villageB)], 3), lambdaContext('w', 10_000));

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-0' }] });
    const shard = await store.sweeps.shard(msg(villageB).sweepId, villageB);
    expect(shard).toMatchObject({ status: 'failed', error: expect.stringMatching(/^ShardTimeout: /) });
    const run = await store.sweeps.getRun(msg(villageB).sweepId);
    expect(run?.completedAt).toBeTruthy();
    expect(run?.summary).toMatchObject({ shards: 2, done: 1, failed: 1 });
  });

  it('17-11b: before its last delivery a slow shard is not cut short (the redelivery retries it)', async () => {
    const store = await seeded();
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slow: Store = {
      ...store,
      households: {
        ...store.households,
        listVillage: async function* (v, size) {
          if (v === villageB) await gate;
          yield* store.households.listVillage(v, size);
        },
      },
    };
    const deps = sweepDeps(slow);
    await makeStartHandler(deps)(event('schedule/sweep-monthly.scheduled.json'), lambdaContext('s'));
    const worker = makeWorker({ ...deps, maxReceiveCount: 3, settleReserveMs: 10_000 }, metrics());

    // Its budget would be spent at once (10 s left, 10 s kept back): were it raced, it would be cut short
    // before the gate opens on the next turn of the timers.
    const pending = worker(sqsEvent([msg(villageB)], 2), lambdaContext('w', 10_000));
    setTimeout(release, 10);

    expect(await pending).toEqual({ batchItemFailures: [] });
    expect(await store.sweeps.shard(msg(villageB).sweepId, villageB)).toMatchObject({ status: 'done' });
  });

  it('a worker that crashed after the last shard was done but before completing the run: the redelivery completes it', async () => {
    const store = await seeded();
    let crash = false;
    const crashing: Store = {
      ...store,
      sweeps: {
        ...store.sweeps,
        settled: (id) => {
          if (crash) {
            crash = false;
            throw new Error('Lambda timed out');
          }
          return store.sweeps.settled(id);
        },
      },
    };
    const deps = sweepDeps(crashing);
    await makeStartHandler(deps)(event('schedule/sweep-monthly.scheduled.json'), lambdaContext('s'));
    const worker = makeWorker({ ...deps, maxReceiveCount: 3 }, metrics());
    await worker(sqsEvent([msg(villageA)]), lambdaContext('w'));
    crash = true;
    const first = await worker(sqsEvent([msg(villageB)]), lambdaContext('w'));
    expect(first.batchItemFailures).toHaveLength(1);
    expect(await store.sweeps.shard(msg(villageB).sweepId, villageB)).toMatchObject({ status: 'done' });
    expect((await store.sweeps.getRun(msg(villageB).sweepId))?.completedAt).toBeFalsy();

    const redelivered = await worker(sqsEvent([msg(villageB)], 2), lambdaContext('w'));

    expect(redelivered).toEqual({ batchItemFailures: [] });
    const run = await store.sweeps.getRun(msg(villageB).sweepId);
    expect(run?.completedAt).toBeTruthy();
    expect(run?.summary).toMatchObject({ shards: 2, done: 2, failed: 0 });
    expect((await store.reports.getMonthly('532931101', '2026-11'))?.report).toMatchObject({ villages: 2 });
  });

  it('a failed shard redriven after the run completed rebuilds the township and county reports with it', async () => {
    const store = await seeded();
    let broken = true;
    const { worker, township } = await completedWithBFailed(villageBFailing(store, () => broken));
    expect((await township())?.report).toMatchObject({ villages: 1, households: { total: 1 } });

    broken = false; // the fault fixed, the message redriven from the DLQ
    const response = await worker(sqsEvent([msg(villageB)]), lambdaContext('w'));

    expect(response).toEqual({ batchItemFailures: [] });
    expect(await store.sweeps.shard(msg(villageB).sweepId, villageB)).toMatchObject({ status: 'done' });
    expect((await township())?.report).toMatchObject({ villages: 2, households: { total: 2 } });
    expect((await store.reports.getMonthly('532931', '2026-11'))?.report).toMatchObject({ villages: 2 });
  });

  it('a redriven shard whose worker stopped before the rebuild: the redelivery rebuilds the reports, once', async () => {
    const store = await seeded();
    let broken = true;
    let stopBeforeRebuild = false;
    let rebuilds = 0;
    const failing = villageBFailing(store, () => broken);
    const stopping: Store = {
      ...failing,
      reports: {
        ...failing.reports,
        getMonthlyMany: (units, month) => {
          // The completion's first read of the village reports: where a rebuild starts.
          if (units.includes(villageA)) {
            if (stopBeforeRebuild) {
              stopBeforeRebuild = false;
              throw new Error('Lambda timed out');
            }
            rebuilds += 1;
          }
          return failing.reports.getMonthlyMany(units, month);
        },
      },
    };
    const { worker, township } = await completedWithBFailed(stopping);
    expect((await township())?.report).toMatchObject({ villages: 1 });

    broken = false;
    stopBeforeRebuild = true;
    const redriven = await worker(sqsEvent([msg(villageB)]), lambdaContext('w'));
    expect(redriven.batchItemFailures).toHaveLength(1);
    expect(await store.sweeps.shard(msg(villageB).sweepId, villageB)).toMatchObject({
      status: 'done',
      reportsPending: true,
    });
    expect((await township())?.report).toMatchObject({ villages: 1 });
    rebuilds = 0;

    const redelivered = await worker(sqsEvent([msg(villageB)], 2), lambdaContext('w'));
    const again = await worker(sqsEvent([msg(villageB)], 3), lambdaContext('w'));

    expect([redelivered, again]).toEqual([{ batchItemFailures: [] }, { batchItemFailures: [] }]);
    expect(rebuilds).toBe(1);
    expect((await township())?.report).toMatchObject({ villages: 2, households: { total: 2 } });
    expect((await store.reports.getMonthly('532931', '2026-11'))?.report).toMatchObject({ villages: 2 });
    expect((await store.sweeps.shard(msg(villageB).sweepId, villageB))?.reportsPending).toBeUndefined();
  });

  it('a redriven shard whose worker stopped before the rebuild: re-running the same sweep rebuilds the reports', async () => {
    const store = await seeded();
    let broken = true;
    const { deps, start, township } = await completedWithBFailed(villageBFailing(store, () => broken));
    broken = false;
    // The redriven shard done, and its worker stopped right after (before its completion check).
    await sweepVillage(deps, msg(villageB));
    expect((await township())?.report).toMatchObject({ villages: 1 });

    await start(event('schedule/sweep-monthly.scheduled.json'), lambdaContext('s'));

    expect((await township())?.report).toMatchObject({ villages: 2, households: { total: 2 } });
    expect((await store.sweeps.shard(msg(villageB).sweepId, villageB))?.reportsPending).toBeUndefined();
    expect(deps.sent.filter((m) => m.villageCode === villageB)).toHaveLength(1);
  });
});
