// The store contract against the real DynamoDB Local of the test run (one table per file).
import { randomUUID } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDynamoStore } from '../../lib/adapters/dynamodb/dynamo-store';
import { auditTableOf, ensureTables } from '../../lib/adapters/dynamodb/table-definition';
import { acknowledgeCase } from '../../lib/app/acknowledge-case';
import { assignContact } from '../../lib/app/assign-contact';
import { getHousehold } from '../../lib/app/get-household';
import { recordMeasure } from '../../lib/app/record-measure';
import { defaultPolicy } from '../../lib/domain/policy';
import { aHousehold, aMonitoredHousehold } from '../builders/household';
import { testDynamoClient, uniqueName } from '../support/aws';
import { anEvent, anOpenCase, storeContract } from '../support/store-contract';
import { calendar } from '../support/sweep-harness';
import { unboundedListsSuite } from '../support/unbounded-lists';

const at = '2026-12-02T10:00:00+08:00';
const actor = { kind: 'system' as const, name: 'test' };

const client = testDynamoClient();

beforeAll(async () => {
  // Tables are created per test (each test gets a fresh, empty store); warm the client once.
  await ensureTables(client, uniqueName('warm'));
});

storeContract('DynamoDB store', async () => {
  const tableName = uniqueName('store');
  await ensureTables(client, tableName);
  return createDynamoStore({ client, tableName, idHashSecret: 'test-secret', retry: { baseDelayMs: 5 } });
});

describe('DynamoDB store: the audit table (ADR 0009)', () => {
  it('writes a change’s audit events to the audit table, in the same transaction as the household', async () => {
    const tableName = uniqueName('store');
    await ensureTables(client, tableName);
    const store = createDynamoStore({ client, tableName, idHashSecret: 'test-secret' });
    const h = aHousehold({ householdId: 'H1' });

    await store.commit({ households: [{ household: h, expectedVersion: null }], audit: [anEvent()] });
    // A refused change writes neither: its version is stale.
    await expect(
      store.commit({
        households: [{ household: h, expectedVersion: 7 }],
        audit: [anEvent({ eventId: 'E-refused', at: '2026-12-02T00:00:00Z' })],
      }),
    ).rejects.toThrow(/changed by someone else/);

    const events = (name: string) =>
      client
        .send(
          new QueryCommand({
            TableName: name,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :ev)',
            ExpressionAttributeValues: { ':pk': { S: 'HH#H1' }, ':ev': { S: 'EV#' } },
          }),
        )
        .then((r) => r.Items ?? []);
    expect(await events(tableName)).toHaveLength(0);
    expect(await events(auditTableOf(tableName))).toHaveLength(1);
    expect((await store.audit.history('H1')).items.map((e) => e.eventId)).toEqual([anEvent().eventId]);
  });
});

describe('DynamoDB store: township roll-ups (issue 21)', () => {
  it('children: a county whose counters predate the roll-ups reads its counter items until ensureRollups completes them', async () => {
    const tableName = uniqueName('store');
    await ensureTables(client, tableName);
    const store = createDynamoStore({ client, tableName, idHashSecret: 'test-secret' });
    const { TableClient } = await import('../../lib/adapters/dynamodb/table-client');
    const db = new TableClient({ client, tableName });
    // As written before roll-ups existed: registry and counter items, no roll-up, no #READY.
    await db.putMany([
      { pk: 'CNTIDX', sk: '532931', _type: 'countyRegistry' },
      {
        pk: 'CNT#532931',
        sk: '532931101201',
        _type: 'counter',
        unitCode: '532931101201',
        households: 3,
        _rev: 1,
      },
      {
        pk: 'CNT#532931',
        sk: '532931102201',
        _type: 'counter',
        unitCode: '532931102201',
        households: 2,
        _rev: 1,
      },
    ]);
    // A delta after the upgrade moves a roll-up that is not complete yet.
    await store.commit({ counters: [{ unitCode: '532931101201', delta: { households: 1 } }] });

    const before = await store.counters.summary('532931');
    await store.counters.ensureRollups('532931');
    const after = await store.counters.summary('532931');
    const townships = await store.counters.childSummaries('532931');
    const rollups = await db.queryAll({ pk: 'CNTT#532931', forward: true });

    expect(before.households).toBe(6);
    expect(after.households).toBe(6);
    expect(townships.map((t) => [t.unitCode, t.households])).toEqual([
      ['532931101', 4],
      ['532931102', 2],
    ]);
    expect(rollups.map((r) => r.sk)).toEqual(['#READY', '532931101', '532931102']);
  });
});

const freshStore = async () => {
  const tableName = uniqueName('store');
  await ensureTables(client, tableName);
  return createDynamoStore({ client, tableName, idHashSecret: 'test-secret', retry: { baseDelayMs: 5 } });
};

// 800 acknowledgements of ~600 bytes each would be ~480 KB inside one case item.
unboundedListsSuite('DynamoDB store', freshStore, {
  measures: 5000,
  acknowledgements: 800,
  timeoutMs: 300_000,
});

describe('DynamoDB store: items written before measures and acknowledgements were records (issue 17 item 7)', () => {
  const legacy = [
    { measureId: 'M-OLD-1', type: 'industry', startDate: '2026-06-05', status: 'active' },
    { measureId: 'M-OLD-2', type: 'water', startDate: '2027-03-01', status: 'planned' },
  ];

  it('reads a household’s embedded measures, keeps them through other writes, and moves them to records with the next measure', async () => {
    const tableName = uniqueName('store');
    await ensureTables(client, tableName);
    const store = createDynamoStore({ client, tableName, idHashSecret: 'test-secret' });
    const doc = DynamoDBDocumentClient.from(client);
    const { measureSummary: _, ...old } = aMonitoredHousehold({ householdId: 'H-OLD' });
    await doc.send(
      new PutCommand({ TableName: tableName, Item: { ...old, measures: legacy, pk: 'HH#H-OLD', sk: '#HH' } }),
    );
    const deps = { store, policyFor: () => defaultPolicy, calendar, newId: () => randomUUID() };

    const read = await store.households.get('H-OLD');
    expect(read?.measureSummary).toEqual({
      count: 2,
      firstStart: '2026-06-05',
      latestStarts: ['2027-03-01', '2026-06-05'],
      types: ['industry', 'water'],
    });
    expect((await getHousehold(deps, { householdId: 'H-OLD', at, guard: () => {} })).measures).toEqual(
      legacy,
    );

    // A change that is not about measures writes the embedded list back as it was.
    await assignContact(deps, { householdId: 'H-OLD', name: '王五', at, actor, guard: () => {} });
    const raw = async () =>
      (await doc.send(new GetCommand({ TableName: tableName, Key: { pk: 'HH#H-OLD', sk: '#HH' } }))).Item;
    expect((await raw())?.measures).toEqual(legacy);

    await recordMeasure(deps, {
      householdId: 'H-OLD',
      type: 'medical',
      startDate: '2026-12-01',
      note: '',
      at,
      actor,
      guard: () => {},
    });

    expect((await raw())?.measures).toBeUndefined();
    expect((await raw())?.measureSummary).toMatchObject({ count: 3 });
    expect((await store.households.measures('H-OLD')).map((m) => m.measureId)).toEqual([
      'M-OLD-1',
      expect.any(String),
      'M-OLD-2',
    ]);
  });

  it('moves a case’s embedded acknowledgements to records with its next acknowledgement', async () => {
    const tableName = uniqueName('store');
    await ensureTables(client, tableName);
    const store = createDynamoStore({ client, tableName, idHashSecret: 'test-secret' });
    const old = [1, 2, 3].map((i) => ({
      by: `officer-${i}`,
      at: `2026-12-0${i}T10:00:00+08:00`,
      note: `n${i}`,
    }));
    await store.commit({ openCases: [anOpenCase({ caseId: 'C-OLD', acknowledgements: old })] });

    await acknowledgeCase(
      { store },
      {
        caseId: 'C-OLD',
        note: 'n4',
        by: 'officer-4',
        at: '2026-12-04T10:00:00+08:00',
        actor,
        guard: () => {},
      },
    );

    const kase = await store.cases.get('C-OLD');
    expect(kase?.acknowledgementCount).toBe(4);
    expect(kase?.acknowledgements.map((a) => a.note)).toEqual(['n1', 'n2', 'n3', 'n4']);
    expect((await store.cases.acknowledgements('C-OLD')).items.map((a) => [a.ordinal, a.note])).toEqual([
      [4, 'n4'],
      [3, 'n3'],
      [2, 'n2'],
      [1, 'n1'],
    ]);
  });
});
