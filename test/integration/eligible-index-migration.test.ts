// `fanpin migrate index-eligible` on DynamoDB Local (§11): a household stored before the list of households
// eligible for elimination (gsi12) gets its entry; one not eligible, not monitored, or changed since the
// scan is left alone; a second run changes nothing.
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { createDynamoStore } from '../../lib/adapters/dynamodb/dynamo-store';
import { indexEligibleHouseholds } from '../../lib/adapters/dynamodb/eligible-index-migration';
import { householdItem } from '../../lib/adapters/dynamodb/keys';
import { ensureTables } from '../../lib/adapters/dynamodb/table-definition';
import type { Household } from '../../lib/domain/model';
import { anAssessedHousehold } from '../builders/household';
import { testDynamoClient, uniqueName } from '../support/aws';

const client = testDynamoClient();
const doc = DynamoDBDocumentClient.from(client);
const assessed = (householdId: string, eligible: boolean, status: Household['status'] = 'monitored') =>
  anAssessedHousehold(eligible, { householdId, villageCode: '532931101201', status });

/** The item as a version before gsi12 wrote it: no entry in the eligible list. */
async function putLegacy(tableName: string, h: Household, version: number): Promise<void> {
  const { gsi12pk: _, gsi12sk: __, ...item } = householdItem(h, version);
  await doc.send(new PutCommand({ TableName: tableName, Item: JSON.parse(JSON.stringify(item)) }));
}

describe('fanpin migrate index-eligible (§11, gsi12)', () => {
  it('§11 gives eligible monitored households stored before the index their entry, once', async () => {
    const tableName = uniqueName('eligible');
    await ensureTables(client, tableName);
    const store = createDynamoStore({ client, tableName });
    await putLegacy(tableName, assessed('H1', true), 2);
    await putLegacy(tableName, assessed('H2', false), 1);
    await putLegacy(tableName, assessed('H3', true, 'eliminated'), 1);
    // Written by this version: listed already.
    await store.commit({ households: [{ household: assessed('H4', true), expectedVersion: null }] });
    const listed = async () =>
      (await store.households.listByUnit('532931', { eligibleForElimination: true })).items.map(
        (h) => h.householdId,
      );

    const before = await listed();
    const first = await indexEligibleHouseholds({ client, tableName });
    const after = await listed();
    const second = await indexEligibleHouseholds({ client, tableName });
    const h1 = await store.households.get('H1');

    expect(before).toEqual(['H4']);
    expect(first).toEqual({ scanned: 2, indexed: 1, already: 1, changed: 0 });
    expect(after).toEqual(['H1', 'H4']);
    expect(second).toEqual({ scanned: 2, indexed: 0, already: 2, changed: 0 });
    // The record itself is untouched (no version bump, no other attribute).
    expect(h1?.version).toBe(2);
  });
});
