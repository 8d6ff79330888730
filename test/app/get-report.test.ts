// Monthly reports an office files (issue 21, §9): the report of a township with a row per village (the
// same measures), names, the submission with submitter and local time; the workbook written by
// `fanpin report --format xlsx` read back: title, header row, a sheet per child unit, rates as percentages.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../lib/adapters/memory/memory-store';
import { writeReportXlsx } from '../../lib/adapters/xlsx/report-writer';
import { getReport, tableOfReport } from '../../lib/app/get-report';
import { emptyVillageAggregate, rollUp } from '../../lib/domain/monthly-report';

const month = '2026-11';
const work = mkdtempSync(path.join(tmpdir(), 'fanpin-report-'));

async function township() {
  const store = createMemoryStore();
  await store.divisions.putMany([
    { code: '532931101', name: '城关镇', level: 'township', parentCode: '532931' },
    { code: '532931101201', name: '上坝村', level: 'village', parentCode: '532931101' },
    { code: '532931101202', name: '下坝村', level: 'village', parentCode: '532931101' },
  ]);
  const a = emptyVillageAggregate('532931101201', month);
  a.households.total = 10;
  a.visits.byClass.red = { required: 4, done: 3 };
  const b = emptyVillageAggregate('532931101202', month);
  b.households.total = 5;
  const put = (unitCode: string, aggs: (typeof a)[]) =>
    store.reports.putMonthly({
      unitCode,
      month,
      generatedAt: '2026-12-01T02:00:00+08:00',
      report: rollUp(unitCode, month, aggs),
    });
  await put('532931101201', [a]);
  await put('532931101202', [b]);
  await put('532931101', [a, b]);
  for (const v of ['532931101201', '532931101202'])
    await store.counters.replace(v, { households: 1 }, { sweptAt: '2026-12-01T02:00:00+08:00' });
  await store.reports.submit({
    townshipCode: '532931101',
    month,
    submittedAt: '2026-12-02T01:30:00Z',
    by: { kind: 'user', role: 'township', unit: '532931101', sub: 'township:532931101' },
  });
  return store;
}

describe('reports per child unit', () => {
  it('reports: a township report has a row per village with its name and the same measures', async () => {
    const view = await getReport(await township(), { unitCode: '532931101', month });

    expect(view.name).toBe('城关镇');
    expect(view.children.map((c) => [c.unitCode, c.name, c.report?.households.total])).toEqual([
      ['532931101201', '上坝村', 10],
      ['532931101202', '下坝村', 5],
    ]);
    expect(view.submission?.submittedAt).toBe('2026-12-02T01:30:00Z');
  });

  it('reports: the xlsx read back has the title, the submission, a header row, the rows and a sheet per child', async () => {
    const view = await getReport(await township(), { unitCode: '532931101', month });
    const file = path.join(work, 'report.xlsx');

    await writeReportXlsx(file, tableOfReport(view, 'Asia/Shanghai'));

    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    expect(book.worksheets.map((w) => w.name)).toEqual(['汇总', '上坝村', '下坝村']);
    const summary = book.getWorksheet('汇总')!;
    expect(summary.getCell('A1').value).toBe('城关镇 2026年11月 防止返贫动态监测月报');
    expect(summary.getCell('A2').value).toBe('报送状态：已报送（township:532931101，2026-12-02 09:30）');
    const header = (summary.getRow(3).values as unknown[]).slice(1);
    expect(header.slice(0, 4)).toEqual(['单位代码', '单位名称', '村数', '户数合计']);
    expect(header).not.toContain('走访逾期 升级至村');
    const rate = header.indexOf('合计 走访完成率') + 1;
    expect(rate).toBeGreaterThan(0);
    const rows = [4, 5, 6].map((r) => summary.getRow(r));
    expect(rows.map((r) => [r.getCell(1).value, r.getCell(2).value, r.getCell(4).value])).toEqual([
      ['532931101', '城关镇', 15],
      ['532931101201', '上坝村', 10],
      ['532931101202', '下坝村', 5],
    ]);
    expect(rows[1]!.getCell(rate).value).toBe(0.75);
    expect(rows[1]!.getCell(rate).numFmt).toBe('0.0%');
    const village = book.getWorksheet('上坝村')!;
    expect(String(village.getCell('A1').value)).toContain('上坝村（532931101201）');
    expect((village.getRow(2).values as unknown[]).slice(1)).toEqual(['项目', '数值']);
    const households = (village.getColumn(1).values as unknown[]).indexOf('户数合计');
    expect(village.getRow(households).getCell(2).value).toBe(10);
  });
});
