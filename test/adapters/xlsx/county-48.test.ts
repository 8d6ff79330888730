// The 48-household GB18030 fixture (a county's CSV export) converted to .xlsx as the national system
// exports it — a merged title row above the header, numbers as number cells, dates as date cells, ID
// numbers and codes as text — grades exactly as its CSV: same households, same grades and records, same
// rejections (one row lower in the workbook, under its title row).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { expect, it } from 'vitest';
import { openHouseholdFile } from '../../../lib/adapters/household-file';
import { createMemoryIdVault } from '../../../lib/adapters/memory/memory-id-vault';
import { createMemoryStore } from '../../../lib/adapters/memory/memory-store';
import { importHouseholds } from '../../../lib/app/import-households';
import type { Household } from '../../../lib/domain/model';
import { defaultPolicy } from '../../../lib/domain/policy';
import { WorkingDayCalendar } from '../../../lib/domain/working-days';
import { dateCell, writeWorkbook } from '../../support/workbooks';

const csvFile = path.join(import.meta.dirname, '../../fixtures/import/county-48-gb18030.csv');
const asOf = '2026-12-01T10:00:00+08:00';
const numeric = new Set([
  '家庭人口数',
  '普通劳动力人数',
  '弱劳动力人数',
  '工资性收入',
  '生产经营性收入',
  '财产性收入',
  '转移性收入',
  '上年家庭纯收入',
  '合规大额支出',
]);
const dates = new Set(['纳入监测日期', '最近走访日期']);

async function importFile(file: string) {
  const store = createMemoryStore();
  let n = 0;
  const opened = await openHouseholdFile(file);
  const result = await importHouseholds(
    {
      store,
      policyFor: () => defaultPolicy,
      calendar: WorkingDayCalendar.chinaOfficial(),
      newId: () => `id-${++n}`,
      idNumbers: createMemoryIdVault(),
    },
    opened.rows,
    { asOf, actor: { kind: 'system', name: 'test' }, columns: opened.columns },
  );
  return { ...result, store };
}

it('grades the 48-household fixture as .xlsx with a title row exactly as its GB18030 CSV', async () => {
  const table = parse(iconv.decode(readFileSync(csvFile), 'gb18030')) as string[][];
  const [header, ...body] = table as [string[], ...string[][]];
  const xlsxFile = path.join(mkdtempSync(path.join(tmpdir(), 'fanpin-48-')), 'county-48.xlsx');
  await writeWorkbook(xlsxFile, [
    {
      name: '监测对象信息',
      rows: [
        ['XX县防止返贫监测对象信息表'],
        header,
        ...body.map((r) =>
          r.map((v, i) => {
            const column = header[i] as string;
            if (v !== '' && numeric.has(column)) return Number(v);
            if (v !== '' && dates.has(column)) return dateCell(v);
            return v;
          }),
        ),
      ],
      merges: ['A1:Y1'],
    },
  ]);

  const fromCsv = await importFile(csvFile);
  const fromXlsx = await importFile(xlsxFile);

  expect(fromCsv.summary).toEqual({ read: 48, created: 46, updated: 0, unchanged: 0, rejected: 2 });
  expect(fromXlsx.summary).toEqual(fromCsv.summary);
  expect(fromXlsx.rejectedRows).toEqual(fromCsv.rejectedRows.map((r) => ({ ...r, row: r.row + 1 })));
  const ids = body.map((r) => r[0] as string);
  const a = await fromCsv.store.households.getMany(ids);
  const b = await fromXlsx.store.households.getMany(ids);
  expect(a.size).toBe(46);
  const grades = [...a.values()].map((h) => h.assessment?.grade ?? null);
  expect(new Set(grades).size).toBeGreaterThan(1);
  // D16: the same number sealed twice is two ciphertexts (random IVs); everything else is equal.
  const unsealed = (h: Household | undefined) => h && { ...h, headIdSealed: undefined };
  for (const [id, household] of a) expect(unsealed(b.get(id))).toEqual(unsealed(household));
});
