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
