// `fanpin import divisions FILE` and the codes it makes checkable (interface.md "Additions of December
// 2026", Administrative divisions): good rows register, a code twice in the file and an unknown parent are
// reported, a name change is audited; once a county has divisions a household of an unknown village, or of
// a village outside the importing officer's county, is rejected; duplicate head ID numbers are a warning.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openHouseholdFile, openTableFile } from '../../lib/adapters/household-file';
import { createMemoryStore } from '../../lib/adapters/memory/memory-store';
import { namesOf } from '../../lib/app/divisions';
import { importDivisions } from '../../lib/app/import-divisions';
import { importHouseholds } from '../../lib/app/import-households';
import { type DivisionInputField, normaliseDivisionHeader } from '../../lib/domain/divisions';
import { defaultPolicy } from '../../lib/domain/policy';
import { residentIdCheckDigit } from '../../lib/domain/resident-id';
import { WorkingDayCalendar } from '../../lib/domain/working-days';
import { writeWorkbook } from '../support/workbooks';

const work = mkdtempSync(path.join(tmpdir(), 'fanpin-divisions-'));
const at = '2026-12-01T10:00:00+08:00';
const actor = { kind: 'system' as const, name: 'test' };

function deps() {
  let n = 0;
  return {
    store: createMemoryStore(),
    policyFor: () => defaultPolicy,
    calendar: WorkingDayCalendar.chinaOfficial(),
    newId: () => `id-${++n}`,
  };
}

async function importFile(d: ReturnType<typeof deps>, file: string, county?: string) {
  const opened = await openTableFile<DivisionInputField>(file, {
    normalise: normaliseDivisionHeader,
    keyField: 'code',
    keyHeader: '区划代码',
  });
  return importDivisions(d.store, opened.rows, {
    at,
    actor,
    columns: opened.columns,
    newId: d.newId,
    ...(county ? { county } : {}),
  });
}

function csv(name: string, lines: string[]): string {
  const file = path.join(work, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const idNumber = (i: number) => {
  const s17 = `53293119750312${String(i).padStart(3, '0')}`;
  return s17 + residentIdCheckDigit(s17);
};

const householdRow = (i: number, villageCode: string, extra: Record<string, string> = {}) => ({
  rowNumber: i + 1,
  record: {
    householdId: `DV-${i}`,
    villageCode,
    headName: '张三',
    headIdNumber: idNumber(i),
    category: 'general',
    status: 'none',
    members: '3',
    ...extra,
  },
});

describe('divisions import', () => {
  it('divisions: registers good rows from a CSV with Chinese headers; the parent follows from the code', async () => {
    const d = deps();
    const file = csv('good.csv', [
      '区划代码,名称',
      '532931,某某县',
      '532931101,城关镇',
      '532931101201,上坝村',
      '532931101202,下坝村',
      '532931102,龙潭乡',
      '532931102201,龙潭村',
    ]);

    const { summary, rejectedRows } = await importFile(d, file);

    expect(summary).toEqual({ read: 6, created: 6, updated: 0, unchanged: 0, rejected: 0 });
    expect(rejectedRows).toEqual([]);
    const names = await namesOf(d.store, '532931');
    expect(names('532931101201')).toBe('上坝村');
    expect(names('532931102')).toBe('龙潭乡');
    expect(names('532931103')).toBeUndefined();
    const village = (await d.store.divisions.getMany(['532931101202'])).get('532931101202');
    expect(village).toMatchObject({ level: 'village', parentCode: '532931101' });

    const again = await importFile(d, file);
    expect(again.summary).toEqual({ read: 6, created: 0, updated: 0, unchanged: 6, rejected: 0 });
  });

  it('divisions: a code repeated in the file, an unknown parent and a bad code are reported by row and column', async () => {
    const d = deps();
    const file = csv('bad.csv', [
      'code,name',
      '532931101,城关镇',
      '532931101201,上坝村',
      '532931101201,又一个上坝村',
      '532931109201,无乡之村',
      '53293110,七位数',
      '532931101202,',
    ]);

    const { summary, rejectedRows } = await importFile(d, file);

    expect(summary).toMatchObject({ read: 6, created: 2, rejected: 4 });
    expect(rejectedRows).toEqual([
      { row: 4, column: 'code', reason: 'code 532931101201 repeats row 3' },
      { row: 5, column: 'code', reason: 'unknown parent township 532931109 of 532931109201' },
      { row: 6, column: 'code', reason: '"53293110" is not a 6-, 9- or 12-digit division code' },
      { row: 7, column: 'name', reason: 'is required' },
    ]);
    expect((await d.store.divisions.getMany(['532931101201'])).get('532931101201')?.name).toBe('上坝村');
  });

  it('divisions: a village whose township was registered before needs no township row; --county rejects other counties', async () => {
    const d = deps();
    await importFile(d, csv('t.csv', ['区划代码,名称', '532931101,城关镇']));

    const { summary, rejectedRows } = await importFile(
      d,
      csv('v.csv', ['区划代码,名称', '532931101203,新村', '533001101201,外县村']),
      '532931',
    );

    expect(summary).toMatchObject({ created: 1, rejected: 1 });
    expect(rejectedRows).toEqual([
      { row: 3, column: '区划代码', reason: '533001101201 is outside county 532931' },
    ]);
  });

  it('divisions: a name change is audited with the name before and after (from an .xlsx with a title row)', async () => {
    const d = deps();
    await importFile(d, csv('first.csv', ['区划代码,名称', '532931101,城关镇', '532931101201,上坝村']));
    const file = path.join(work, 'renamed.xlsx');
    await writeWorkbook(file, [
      {
        name: '区划',
        rows: [
          ['某某县行政区划（2026年）'],
          ['区划代码', '名称'],
          ['532931101', '城关镇'],
          ['532931101201', '上坝社区'],
        ],
        merges: ['A1:B1'],
      },
    ]);

    const { summary } = await importFile(d, file);

    expect(summary).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    const history = await d.store.audit.unitHistory('532931101201');
    expect(history.items.map((e) => [e.type, e.before, e.after])).toEqual([
      ['division_renamed', { name: '上坝村' }, { name: '上坝社区' }],
      ['division_registered', undefined, { name: '上坝村' }],
    ]);
  });
});

describe('divisions check household codes', () => {
  it('divisions: once the county has divisions, a household of an unregistered village is rejected with the reason', async () => {
    const d = deps();
    await importFile(d, csv('reg.csv', ['区划代码,名称', '532931101,城关镇', '532931101201,上坝村']));

    const result = await importHouseholds(
      d,
      [householdRow(1, '532931101201'), householdRow(2, '532931101299')],
      {
        asOf: at,
        actor,
      },
    );

    expect(result.summary).toMatchObject({ created: 1, rejected: 1 });
    expect(result.rejectedRows).toEqual([
      {
        row: 3,
        column: 'villageCode',
        reason:
          'village 532931101299 is not a registered division of county 532931 (fanpin import divisions)',
      },
    ]);
  });

  it('divisions: a county without divisions takes any well-formed village code', async () => {
    const d = deps();
    const result = await importHouseholds(d, [householdRow(1, '532931101299')], { asOf: at, actor });
    expect(result.summary).toMatchObject({ created: 1, rejected: 0 });
  });

  it("divisions: a village outside the importing officer's county is rejected", async () => {
    const d = deps();
    const result = await importHouseholds(
      d,
      [householdRow(1, '532931101201'), householdRow(2, '533001101201')],
      {
        asOf: at,
        actor,
        county: '532931',
      },
    );
    expect(result.rejectedRows).toEqual([
      { row: 3, column: 'villageCode', reason: 'village 533001101201 is outside county 532931' },
    ]);
  });

  it("divisions: the national export's 乡镇/村 name columns register names (and make the village known)", async () => {
    const d = deps();
    await importFile(d, csv('reg2.csv', ['区划代码,名称', '532931101,城关镇', '532931101201,上坝村']));
    const file = csv('export.csv', [
      '户编号,村级区划代码,乡镇,村,户主姓名,户主身份证号,监测对象类别,监测状态,家庭人口数',
      `DV-1,532931101201,城关镇,上坝村,张三,${idNumber(1)},一般农户,未纳入,3`,
      `DV-2,532931102201,龙潭乡,龙潭村,李四,${idNumber(2)},一般农户,未纳入,2`,
    ]);
    const opened = await openHouseholdFile(file);

    const result = await importHouseholds(d, opened.rows, { asOf: at, actor, columns: opened.columns });

    expect(result.summary).toMatchObject({ created: 2, rejected: 0 });
    const names = await namesOf(d.store, '532931');
    expect([names('532931102'), names('532931102201'), names('532931101201')]).toEqual([
      '龙潭乡',
      '龙潭村',
      '上坝村',
    ]);
  });

  it('divisions: a head ID number on two households is imported with a warning row and counted in the summary', async () => {
    const d = deps();
    const same = { headIdNumber: idNumber(7) };
    const result = await importHouseholds(
      d,
      [
        householdRow(1, '532931101201', same),
        householdRow(2, '532931101201'),
        householdRow(3, '532931101201', same),
      ],
      { asOf: at, actor },
    );

    expect(result.summary).toMatchObject({ created: 3, rejected: 0, warnings: 1 });
    expect(result.warningRows).toEqual([
      {
        row: 4,
        column: 'headIdNumber',
        reason: 'warning: headIdNumber is also the head of household DV-1 (row 2); the row was imported',
      },
    ]);
  });
});

// The errors file is read back elsewhere (errors-file tests); here: the warning has its Chinese wording.
it('divisions: the duplicate head ID warning and the division reasons have Chinese wordings', async () => {
  const { explainReason } = await import('../../lib/domain/import-reasons');
  expect(
    explainReason('warning: headIdNumber is also the head of household DV-1 (row 2); the row was imported')
      .code,
  ).toBe('duplicate_head_id');
  expect(explainReason('unknown parent township 532931109 of 532931109201').code).toBe('unknown_parent');
  expect(explainReason('code 532931101201 repeats row 3').code).toBe('duplicate_code');
});
