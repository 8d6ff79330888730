// The sweep on DynamoDB Local through the SQS emulator: the real fan-out, partial batch failures,
// redrive to the DLQ, and the faults a queue brings (duplicates, crashes, poison messages).

import { Metrics } from '@aws-lambda-powertools/metrics';
import { CreateQueueCommand } from '@aws-sdk/client-sqs';
import { afterEach, describe, expect, it } from 'vitest';
import { makeHandler as makeStartHandler } from '../../functions/schedule-start-sweep';
import { makeHandler as makeWorker } from '../../functions/sqs-sweep-village';
import { createDynamoStore } from '../../lib/adapters/dynamodb/dynamo-store';
import { ensureTables } from '../../lib/adapters/dynamodb/table-definition';
import { createSqsWorkQueue } from '../../lib/adapters/sqs/sqs-work-queue';
import type { StartSweepDeps } from '../../lib/app/start-sweep';
import type { SweepMessage } from '../../lib/app/sweep-shard';
import { assess } from '../../lib/domain/assess';
import type { Household } from '../../lib/domain/model';
import { defaultPolicy } from '../../lib/domain/policy';
import { queueAttributes, queues } from '../../lib/infra/queues';
import { lambdaContext } from '../../lib/local/lambda-context';
import {
  messagesInQueue,
  queueArn,
  type SqsEventSource,
  startSqsEventSource,
} from '../../lib/local/sqs-event-source';
import { capacityMeter } from '../../lib/ports/capacity-meter';
import type { Store } from '../../lib/ports/store';
import type { WorkQueue } from '../../lib/ports/work-queue';
import { aHousehold, aMeasure, aMonitoredHousehold, onePerson, yuan } from '../builders/household';
import { testDynamoClient, testSqsClient, uniqueName } from '../support/aws';
import { seed, sweepDeps } from '../support/sweep-harness';

process.env.POWERTOOLS_METRICS_DISABLED = 'true';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';

const asOf = '2026-12-01T02:00:00+08:00';
const scheduled = { kind: 'monthly', scheduledTime: '2026-11-30T18:00:00Z' };
const villages = ['532931101201', '532931101202', '532931102301'];

function households(): Household[] {
  return villages.flatMap((v, i) => [
    aMonitoredHousehold({
      householdId: `H${i}a`,
      villageCode: v,
      ...onePerson({ wageIncome: yuan(5_000 + i * 1_000), priorYearNetIncome: yuan(9_000) }),
      measures: [aMeasure()],
      lastHomeVisit: '2026-10-15',
    }),
    aHousehold({ householdId: `H${i}b`, villageCode: v }),
    aHousehold({ householdId: `H${i}c`, villageCode: v, ...onePerson({ wageIncome: yuan(7_000) }) }),
  ]);
}

const sources: SqsEventSource[] = [];
afterEach(async () => {
  await Promise.all(sources.splice(0).map((s) => s.stop()));
});

/** A table and a sweep queue with its DLQ (visibility 1 s so retries come back fast). */
async function stack(
  options: {
    wrapStore?: (s: Store) => Store;
    wrapQueue?: (q: WorkQueue<SweepMessage>) => WorkQueue<SweepMessage>;
  } = {},
) {
  const dynamo = testDynamoClient();
  const sqs = testSqsClient();
  const tableName = uniqueName('sweep');
  await ensureTables(dynamo, tableName);
  const meter = capacityMeter();
  const base = createDynamoStore({ client: dynamo, tableName, meter });
  const store = options.wrapStore ? options.wrapStore(base) : base;
  const { QueueUrl: dlqUrl } = await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('sweep-dlq') }));
  const { QueueUrl: queueUrl } = await sqs.send(
    new CreateQueueCommand({
      QueueName: uniqueName('sweep'),
      Attributes: queueAttributes(queues.sweep, await queueArn(sqs, dlqUrl!), {
        visibilityTimeoutSeconds: 1,
      }),
    }),
  );
  const sqsQueue = createSqsWorkQueue<SweepMessage>({ sqs, queueUrl: queueUrl! });
  const deps: StartSweepDeps = {
    ...sweepDeps(store),
    queue: options.wrapQueue ? options.wrapQueue(sqsQueue) : sqsQueue,
  };
  await seed(base, households());
  const worker = makeWorker(
    { ...deps, maxReceiveCount: queues.sweep.maxReceiveCount },
    new Metrics({ namespace: 'fanpin' }),
  );
  const source = await startSqsEventSource({
    sqs,
    queueUrl: queueUrl!,
    handler: worker,
    batchSize: queues.sweep.batchSize,
    concurrency: 2,
    waitTimeSeconds: 1,
  });
  sources.push(source);
  const start = makeStartHandler(deps);
  const sweep = async () => {
    const result = await start(scheduled, lambdaContext('schedule-start-sweep'));
    await source.drain({ timeoutMs: 60_000 });
    return result;
  };
  return { store: base, deps, sqs, queueUrl: queueUrl!, dlqUrl: dlqUrl!, meter, sweep };
}

describe('monthly sweep through the queue on DynamoDB Local', () => {
  it('grades every household as assess does and completes the run once', async () => {
    const s = await stack();

    await s.sweep();

    const run = await s.store.sweeps.getRun(`monthly#${asOf}`);
    expect(run).toMatchObject({ shardCount: 3, summary: { done: 3, failed: 0, households: 9 } });
    for (const h of households()) {
      const stored = (await s.store.households.get(h.householdId))!;
      const expected = assess(h, { policy: defaultPolicy, asOf, recentMonthly: [] }).household;
      expect([
        stored.assessment?.grade,
        stored.assessment?.matchedRules,
        stored.visitClass,
        stored.nextVisitDue,
      ]).toEqual([
        expected.assessment?.grade,
        expected.assessment?.matchedRules,
        expected.visitClass,
        expected.nextVisitDue,
      ]);
    }
    expect((await s.store.reports.getMonthly('532931', '2026-11'))?.report).toMatchObject({ villages: 3 });
  }, 90_000);

  it('the same sweep run twice: the second run consumes no write capacity', async () => {
    const s = await stack();
    await s.sweep();
    s.meter.writeUnits = 0;

    await s.sweep();

    expect(s.meter.writeUnits).toBe(0);
  }, 90_000);

  it('every message delivered twice: no duplicate events, cases or counts', async () => {
    const s = await stack({
      wrapQueue: (q) => ({ sendAll: async (messages) => q.sendAll([...messages, ...messages]) }),
    });

    await s.sweep();

    const run = await s.store.sweeps.getRun(`monthly#${asOf}`);
    expect(run?.summary).toMatchObject({ done: 3, households: 9 });
    for (const h of households()) {
      const events = (await s.store.audit.history(h.householdId)).items.filter((e) => e.type === 'assessed');
      expect(events).toHaveLength(1);
    }
    expect((await s.store.counters.summary('532931')).households).toBe(9);
  }, 90_000);

  it('a worker that crashes half-way through a shard: the redelivery redoes it without duplicates', async () => {
    let crashed = false;
    const s = await stack({
      wrapStore: (store) => ({
        ...store,
        commitMany: async (changes, o) => {
          if (crashed || changes.length < 2) return store.commitMany(changes, o);
          crashed = true;
          await store.commitMany(changes.slice(0, 1), o);
          throw new Error('worker crashed');
        },
      }),
    });

    await s.sweep();

    expect(crashed).toBe(true);
    const run = await s.store.sweeps.getRun(`monthly#${asOf}`);
    // The household written before the crash is not written again by the redo.
    expect(run?.summary).toMatchObject({ done: 3, failed: 0, households: 9, written: 8 });
    for (const h of households()) {
      expect((await s.store.households.get(h.householdId))?.assessment?.assessedAt).toBe(asOf);
      const events = (await s.store.audit.history(h.householdId)).items;
      expect(new Set(events.map((e) => e.eventId)).size).toBe(events.length);
      expect(events.filter((e) => e.type === 'assessed')).toHaveLength(1);
    }
  }, 90_000);

  it('a poison shard goes to the DLQ after its retries; the others complete and the run shows it', async () => {
    const poisoned = villages[1]!;
    const s = await stack({
      wrapStore: (store) => ({
        ...store,
        households: {
          ...store.households,
          listVillage: (v, size) => {
            if (v === poisoned) throw new Error('unreadable village');
            return store.households.listVillage(v, size);
          },
        },
      }),
    });

    await s.sweep();

    const run = await s.store.sweeps.getRun(`monthly#${asOf}`);
    expect(run?.completedAt).toBeTruthy();
    expect(run?.summary).toMatchObject({ shards: 3, done: 2, failed: 1 });
    expect(await s.store.sweeps.shard(run!.sweepId, poisoned)).toMatchObject({
      status: 'failed',
      attempts: 1,
    });
    expect(await messagesInQueue(s.sqs, s.dlqUrl)).toBe(1);
  }, 90_000);

  it('a visit recorded while the sweep processes the household is not lost: the sweep re-reads and re-assesses', async () => {
    let visited = false;
    const s = await stack({
      wrapStore: (store) => ({
        ...store,
        households: {
          ...store.households,
          async *listVillage(v, size) {
            for await (const page of store.households.listVillage(v, size)) {
              if (!visited && v === villages[0]) {
                visited = true;
                const h = (await store.households.get('H0a'))!;
                await store.commit({
                  households: [
                    { household: { ...h, lastHomeVisit: '2026-11-30' }, expectedVersion: h.version },
                  ],
                });
              }
              yield page;
            }
          },
        },
      }),
    });

    await s.sweep();

    const h = (await s.store.households.get('H0a'))!;
    expect(h.lastHomeVisit).toBe('2026-11-30');
    expect(h.assessment?.assessedAt).toBe(asOf);
  }, 90_000);
});
