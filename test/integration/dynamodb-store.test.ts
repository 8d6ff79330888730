// The store contract against the real DynamoDB Local of the test run (one table per file).
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDynamoStore } from '../../lib/adapters/dynamodb/dynamo-store';
import { auditTableOf, ensureTables } from '../../lib/adapters/dynamodb/table-definition';
import { aHousehold } from '../builders/household';
import { testDynamoClient, uniqueName } from '../support/aws';
import { anEvent, storeContract } from '../support/store-contract';

const client = testDynamoClient();

beforeAll(async () => {
  // Tables are created per test (each test gets a fresh, empty store); warm the client once.
  await ensureTables(client, uniqueName('warm'));
});

storeContract('DynamoDB store', async () => {
  const tableName = uniqueName('store');
  await ensureTables(client, tableName);
  return createDynamoStore({ client, tableName, retry: { baseDelayMs: 5 } });
});

describe('DynamoDB store: the audit table (ADR 0009)', () => {
  it('writes a change’s audit events to the audit table, in the same transaction as the household', async () => {
    const tableName = uniqueName('store');
    await ensureTables(client, tableName);
    const store = createDynamoStore({ client, tableName });
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
    const store = createDynamoStore({ client, tableName });
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
