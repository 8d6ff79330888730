// A 50,000-row workbook is read in bounded memory: rows stream from the file (exceljs's WorkbookReader)
// and each is validated with the household input schema, none kept. The figure asserted is the growth of
// peak RSS (sampled every 500 rows) over the RSS before the read, with a generous bound: here it measured
// 195–335 MB in vitest (garbage not yet collected; the V8 heap stays near 27 MB when GC is forced), and
// reading the same file whole with exceljs's Workbook first measured 675 MB, which fails it. The heap
// after a forced GC is reported beside it.
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { expect, it } from 'vitest';
import { openHouseholdFile } from '../../../lib/adapters/household-file';
import { parseHouseholdInput } from '../../../lib/domain/household-input';
import { residentIdCheckDigit } from '../../../lib/domain/resident-id';
import { writeLargeWorkbook } from '../../support/workbooks';

const ROWS = 50_000;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapAfterGc = () => {
  gc();
  return process.memoryUsage().heapUsed;
};
const header = [
  '户编号',
  '村级区划代码',
  '户主姓名',
  '户主身份证号',
  '监测对象类别',
  '监测状态',
  '家庭人口数',
  '普通劳动力人数',
  '工资性收入',
  '转移性收入',
  '风险类型',
  '纳入监测日期',
];

it('reads a 50,000-row workbook row by row in bounded memory', { timeout: 120_000 }, async () => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'fanpin-large-xlsx-')), 'large.xlsx');
  await writeLargeWorkbook(
    file,
    header,
    ROWS,
    (i) => {
      const s = `532931198001${String(i % 1000).padStart(3, '0')}${String(i % 1000)
        .padStart(2, '0')
        .slice(0, 2)}`.slice(0, 17);
      const village = `532931${String(101 + (i % 6))}${String(201 + (i % 5))}`;
      return [
        `L-${i}`,
        village,
        `户主${i}`,
        s + residentIdCheckDigit(s),
        '脱贫户',
        i % 3 === 0 ? '监测中' : '未纳入',
        4,
        2,
        30000 + i,
        1200,
        i % 3 === 0 ? '因病' : '',
        i % 3 === 0 ? '2026-03-01' : '',
      ];
    },
    'XX县防止返贫监测对象信息表',
  );
  const heapBefore = heapAfterGc();
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const started = Date.now();

  const opened = await openHouseholdFile(file);
  let valid = 0;
  let last = 0;
  for await (const row of opened.rows) {
    if (parseHouseholdInput(row.record, { asOfDate: '2026-12-01' }).ok && (row.problems ?? []).length === 0)
      valid++;
    last = row.rowNumber;
    if (last % 500 === 0) peak = Math.max(peak, process.memoryUsage().rss);
  }

  const peakGrowth = Math.max(peak, process.memoryUsage().rss) - rssBefore;
  const retained = heapAfterGc() - heapBefore;
  console.info(
    `50,000-row workbook (${(statSync(file).size / 1e6).toFixed(1)} MB) read in ${Date.now() - started} ms: peak RSS grew by ${(peakGrowth / 1e6).toFixed(0)} MB, heap after GC by ${(retained / 1e6).toFixed(1)} MB`,
  );
  expect(valid).toBe(ROWS);
  expect(last).toBe(ROWS + 2);
  expect(peakGrowth).toBeLessThan(500 * 1024 * 1024);
});
