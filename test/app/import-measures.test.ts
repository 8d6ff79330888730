// `fanpin import measures FILE` (interface.md "Additions of December 2026"): one measure per row, Chinese
// headers, deduplicated by (householdId, type, startDate), CSV or xlsx, read through the command's reader.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openTableFile } from '../../lib/adapters/household-file';
import { createMemoryStore } from '../../lib/adapters/memory/memory-store';
import { importMeasures } from '../../lib/app/import-measures';
import { detectHouseholdCases } from '../../lib/domain/cases/detection';
import { type MeasureInputField, normaliseMeasureHeader } from '../../lib/domain/measure-input';
import { defaultPolicy } from '../../lib/domain/policy';
import { WorkingDayCalendar } from '../../lib/domain/working-days';
import { importTwoMonitored } from '../support/monitored-households';
import { writeWorkbook } from '../support/workbooks';

const work = mkdtempSync(path.join(tmpdir(), 'fanpin-measures-'));
const asOf = '2026-12-01T10:00:00+08:00';
const calendar = WorkingDayCalendar.chinaOfficial();
const actor = { kind: 'system' as const, name: 'test' };

const countyWithHouseholds = () =>
  importTwoMonitored(createMemoryStore(), { prefix: 'MS', villageCode: '532931101201', asOf });

async function importFile(deps: Awaited<ReturnType<typeof countyWithHouseholds>>, file: string) {
  const opened = await openTableFile<MeasureInputField>(file, {
    normalise: normaliseMeasureHeader,
    keyField: 'householdId',
    keyHeader: '户编号',
  });
  return importMeasures(deps, opened.rows, { asOf, actor, columns: opened.columns });
}

const csv = (name: string, lines: string[]) => {
  const file = path.join(work, name);
  writeFileSync(file, `\uFEFF${lines.join('\r\n')}\r\n`);
  return file;
};

describe('importing measures', () => {
  it('adds measures by Chinese headers and names, and a household with a started one has no measures_missing case', async () => {
    const deps = await countyWithHouseholds();
    const file = csv('measures.csv', [
      '户编号,措施类型,开始日期,措施状态,备注',
      'MS-1,产业帮扶,2026/9/20,,养牛',
      'MS-1,就业帮扶,2027-01-10,计划,',
      'MS-9,产业帮扶,2026-09-20,,',
      'MS-2,发钱,2026-09-20,,',
      'MS-1,产业帮扶,2026-09-20,,重复',
    ]);

    const { summary, rejectedRows } = await importFile(deps, file);

    expect(summary).toEqual({ read: 5, created: 2, updated: 0, unchanged: 0, rejected: 3 });
    expect(rejectedRows).toEqual([
      { row: 4, column: '户编号', reason: 'no household MS-9 (import the household first)' },
      { row: 5, column: '措施类型', reason: expect.stringContaining('"发钱" is not a measure type') },
      { row: 6, column: '措施类型', reason: 'the same measure (household, type, start date) as row 2' },
    ]);
    expect(await deps.store.households.measures('MS-1')).toEqual([
      {
        measureId: 'industry:2026-09-20',
        type: 'industry',
        startDate: '2026-09-20',
        status: 'active',
        note: '养牛',
      },
      { measureId: 'employment:2027-01-10', type: 'employment', startDate: '2027-01-10', status: 'planned' },
    ]);
    const kinds = (id: string) =>
      deps.store.households
        .get(id)
        .then((h) => detectHouseholdCases(h!, { asOf, policy: defaultPolicy, calendar }).map((c) => c.kind));
    expect(await kinds('MS-1')).not.toContain('measures_missing');
    expect(await kinds('MS-2')).toContain('measures_missing');
  });

  it('writes nothing for the same file again, and updates a known measure whose status changed', async () => {
    const deps = await countyWithHouseholds();
    const lines = ['householdId,type,startDate,status,note', 'MS-2,medical,2026-10-01,active,'];
    await importFile(deps, csv('once.csv', lines));

    const again = await importFile(deps, csv('again.csv', lines));
    const done = await importFile(
      deps,
      csv('done.csv', [lines[0] as string, 'MS-2,健康帮扶（医疗）,2026年10月1日,已完成,']),
    );

    expect(again.summary).toEqual({ read: 1, created: 0, updated: 0, unchanged: 1, rejected: 0 });
    expect(done.summary).toEqual({ read: 1, created: 0, updated: 1, unchanged: 0, rejected: 0 });
    expect(await deps.store.households.measures('MS-2')).toEqual([
      { measureId: 'medical:2026-10-01', type: 'medical', startDate: '2026-10-01', status: 'completed' },
    ]);
  });

  it('reads an .xlsx with a title row and synonyms of the headers', async () => {
    const deps = await countyWithHouseholds();
    const file = path.join(work, 'measures.xlsx');
    await writeWorkbook(file, [
      {
        name: '帮扶措施',
        rows: [
          ['XX县帮扶措施台账'],
          ['户编号', '帮扶措施', '启动日期', '状态', '说明'],
          ['MS-2', '防贫保险', new Date('2026-10-05T00:00:00Z'), '', ''],
        ],
        merges: ['A1:E1'],
      },
    ]);

    const { summary } = await importFile(deps, file);

    expect(summary.created).toBe(1);
    expect((await deps.store.households.measures('MS-2'))[0]).toMatchObject({
      type: 'insurance',
      startDate: '2026-10-05',
      status: 'active',
    });
  });
});
