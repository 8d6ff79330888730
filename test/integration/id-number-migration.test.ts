// D16 migration (`fanpin migrate encrypt-ids`) on DynamoDB Local: items written before head ID numbers were
// sealed (a household with the full number and a hash-keyed index entry, an alert with the full number, an
// audit image with it) are rewritten; a second run changes nothing.
import { DynamoDBDocumentClient, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDynamoStore } from '../../lib/adapters/dynamodb/dynamo-store';
import { maskedImages, migrateIdNumbers } from '../../lib/adapters/dynamodb/id-number-migration';
import { alertItem, auditItems, householdItem } from '../../lib/adapters/dynamodb/keys';
import { auditTableOf, ensureTables } from '../../lib/adapters/dynamodb/table-definition';
import { createMemoryIdVault } from '../../lib/adapters/memory/memory-id-vault';
import { maskIdNumber } from '../../lib/domain/resident-id';
import { aHousehold } from '../builders/household';
import { testDynamoClient, uniqueName } from '../support/aws';
import { anEvent } from '../support/store-contract';

const client = testDynamoClient();
const doc = DynamoDBDocumentClient.from(client);
const full = '53293119800101001X';
const other = '532931198001011234';
const vault = createMemoryIdVault();

async function scan(tableName: string): Promise<Record<string, unknown>[]> {
  return (await doc.send(new ScanCommand({ TableName: tableName }))).Items ?? [];
}

/** A table as it was before D16: full numbers in the household, the alert and the audit image. */
async function legacyTable(): Promise<string> {
  const tableName = uniqueName('migrate');
  await ensureTables(client, tableName);
  const legacy = { ...aHousehold({ householdId: 'H1' }), headIdNumber: full, headIdHash: undefined };
  const put = (TableName: string, Item: Record<string, unknown>) =>
    doc.send(new PutCommand({ TableName, Item: JSON.parse(JSON.stringify(Item)) }));
  await put(tableName, householdItem(legacy, 3));
  await put(tableName, householdItem({ ...aHousehold({ householdId: 'H2' }), version: 1 }, 1));
  await put(
    tableName,
    alertItem({
      department: 'civil_affairs',
      alertId: 'MZ-1',
      householdId: null,
      headIdNumber: other,
      type: 'low_income',
      amount: null,
      date: null,
      note: null,
      receivedAt: '2026-11-01T00:00:00Z',
      matchedHouseholdId: null,
      unmatchedReason: 'id_number_not_found',
    }),
  );
  for (const item of auditItems([
    anEvent({ householdId: 'H1', type: 'household_imported', after: { ...legacy, version: undefined } }),
  ]))
    await put(auditTableOf(tableName), item);
  return tableName;
}

beforeAll(async () => {
  await ensureTables(client, uniqueName('warm'));
});

describe('D16 fanpin migrate encrypt-ids', () => {
  it('seals households, masks alerts and (--audit) audit images, and a second run changes nothing', async () => {
    const tableName = await legacyTable();

    const first = await migrateIdNumbers({ client, tableName, vault, audit: true });

    expect(first).toEqual({
      scanned: 4,
      households: { sealed: 1, already: 1 },
      alerts: { masked: 1, already: 0 },
      audit: { masked: 1, already: 0 },
    });
    const items = [...(await scan(tableName)), ...(await scan(auditTableOf(tableName)))];
    for (const item of items) {
      expect(JSON.stringify(item)).not.toContain(full);
      expect(JSON.stringify(item)).not.toContain(other);
    }
    const store = createDynamoStore({ client, tableName });
    const h1 = await store.households.get('H1');
    expect(h1).toMatchObject({ headIdNumber: maskIdNumber(full), headIdHash: vault.hash(full), version: 4 });
    expect(await vault.open(h1!.headIdSealed!, 'H1')).toBe(full);
    // The ID-hash index now finds it (matching of alerts, §10).
    expect(
      (await store.households.findByIdHash(vault.hash(full.toLowerCase()))).map((h) => h.householdId),
    ).toEqual(['H1']);
    expect(await store.alerts.get('civil_affairs', 'MZ-1')).toMatchObject({
      headIdNumber: maskIdNumber(other),
      headIdHash: vault.hash(other),
    });
    expect((await store.audit.history('H1')).items[0]?.after).toMatchObject({
      headIdNumber: maskIdNumber(full),
    });

    const second = await migrateIdNumbers({ client, tableName, vault, audit: true });
    expect(second).toEqual({
      scanned: 4,
      households: { sealed: 0, already: 2 },
      alerts: { masked: 0, already: 1 },
      audit: { masked: 0, already: 1 },
    });
    expect((await store.households.get('H1'))?.version).toBe(4);
  });

  it('leaves the audit table alone without --audit', async () => {
    const tableName = await legacyTable();

    const summary = await migrateIdNumbers({ client, tableName, vault });

    expect(summary.audit).toBeNull();
    expect(JSON.stringify(await scan(auditTableOf(tableName)))).toContain(full);
  });

  it('masks a full number at any depth of an audit image, and only under headIdNumber', () => {
    const image = {
      after: { headIdNumber: full, note: full },
      list: [{ headIdNumber: other.toLowerCase() }],
    };
    expect(maskedImages(image)).toEqual({
      changed: true,
      value: {
        after: { headIdNumber: maskIdNumber(full), note: full },
        list: [{ headIdNumber: maskIdNumber(other) }],
      },
    });
    expect(maskedImages({ headIdNumber: maskIdNumber(full) }).changed).toBe(false);
  });
});
