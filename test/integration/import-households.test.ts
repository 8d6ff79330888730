// CSV import end to end on DynamoDB Local: files in every accepted encoding, the mixed file of bad rows,
// and a re-import that writes nothing (checked with the capacity meter).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { openHouseholdCsv } from '../../lib/adapters/csv/household-csv';
import { createDynamoStore } from '../../lib/adapters/dynamodb/dynamo-store';
import { ensureTables } from '../../lib/adapters/dynamodb/table-definition';
import { createMemoryIdVault } from '../../lib/adapters/memory/memory-id-vault';
import { importHouseholds } from '../../lib/app/import-households';
import { defaultPolicy } from '../../lib/domain/policy';
import { WorkingDayCalendar } from '../../lib/domain/working-days';
import { type CapacityMeter, capacityMeter } from '../../lib/ports/capacity-meter';
import { mixedAsOf, mixedGoodIds, mixedRejections, mixedSummary } from '../fixtures/import/mixed-expected';
import { testDynamoClient, uniqueName } from '../support/aws';
import { importedCountersEqualARecount } from '../support/import-counters';

const fixtures = path.join(import.meta.dirname, '../fixtures/import');
const client = testDynamoClient();
const calendar = WorkingDayCalendar.chinaOfficial();

async function freshStore(meter?: CapacityMeter) {
  const tableName = uniqueName('import');
  await ensureTables(client, tableName);
  return { tableName, store: storeOn(tableName, meter) };
}

const storeOn = (tableName: string, meter?: CapacityMeter) =>
  createDynamoStore({ client, tableName, ...(meter ? { meter } : {}) });

async function importFile(store: ReturnType<typeof storeOn>, file: string) {
  const csv = await openHouseholdCsv(file);
  const result = await importHouseholds(
    { store, policyFor: () => defaultPolicy, calendar, newId: randomUUID, idNumbers: createMemoryIdVault() },
    csv.rows,
    { asOf: mixedAsOf, actor: { kind: 'system', name: 'test' }, columns: csv.columns },
  );
  return { ...result, csv };
}

beforeAll(async () => {
  await ensureTables(client, uniqueName('warm'));
});

describe('importing households into DynamoDB', () => {
  it('ADR 0021 counters after an import into a county with households (updates, moves, leads, new ones) equal a recount, roll-ups included', async () => {
    const { store } = await freshStore();
    await importedCountersEqualARecount(store);
  });

  it('stores a UTF-8 file with a BOM, Chinese headers and Chinese values', async () => {
    const { store } = await freshStore();
    const { summary, csv } = await importFile(store, path.join(fixtures, 'good-utf8-bom.csv'));

    expect(csv.encoding).toBe('utf8');
    expect(summary).toEqual({ read: 4, created: 4, updated: 0, unchanged: 0, rejected: 0 });
    expect(await store.households.get('GD-003')).toMatchObject({
      category: 'unstable',
      status: 'monitored',
      riskFactors: ['illness', 'housing'],
      largeExpenditure: 2_000_000,
    });
  });

  it('stores a GB18030 file (an Excel export from a Chinese system)', async () => {
    const { store } = await freshStore();
    const text = readFileSync(path.join(fixtures, 'good-utf8-bom.csv'), 'utf8').replace(/^\uFEFF/, '');
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'fanpin-gb-')), 'households.csv');
    writeFileSync(file, iconv.encode(text, 'gb18030'));

    const { summary, csv } = await importFile(store, file);

    expect(csv.encoding).toBe('gb18030');
    expect(summary.created).toBe(4);
    expect((await store.households.get('GD-004'))?.headName).toBe('欧阳明华');
    expect((await store.households.get('GD-004'))?.status).toBe('eliminated');
  });

  it('stores the good rows of the mixed file, grades them and reports every bad row with its reason', async () => {
    const { store } = await freshStore();
    const { summary, rejectedRows } = await importFile(store, path.join(fixtures, 'mixed.csv'));

    expect(summary).toEqual(mixedSummary);
    expect(rejectedRows).toEqual(mixedRejections());
    const stored = await store.households.getMany([...mixedGoodIds, 'MX-003', 'MX-013']);
    expect([...stored.keys()].sort()).toEqual(mixedGoodIds);
    expect(stored.get('MX-002')?.assessment?.grade).toBe('red');
    expect(stored.get('MX-014')?.status).toBe('candidate');
    const summaryOfVillage = await store.counters.summary('532931101201');
    expect(summaryOfVillage.households).toBe(3);
  });

  it('changes nothing and consumes no write capacity when the same file is imported again', async () => {
    const meter = capacityMeter();
    const { tableName, store } = await freshStore();
    await importFile(store, path.join(fixtures, 'mixed.csv'));

    const again = await importFile(storeOn(tableName, meter), path.join(fixtures, 'mixed.csv'));

    expect(again.summary).toEqual({ ...mixedSummary, created: 0, unchanged: 4 });
    expect(meter.writeUnits).toBe(0);
  });
});
