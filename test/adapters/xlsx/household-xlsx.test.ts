// `fanpin import households FILE.xlsx` as the national export has it (interface.md "Additions of December
// 2026", Excel): workbooks built here with exceljs, read through the same file reader the command uses and
// imported into the memory store.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeErrorsFile } from '../../../lib/adapters/csv/errors-file';
import { FileReadError, openHouseholdFile } from '../../../lib/adapters/household-file';
import { createMemoryIdVault } from '../../../lib/adapters/memory/memory-id-vault';
import { createMemoryStore } from '../../../lib/adapters/memory/memory-store';
import { importHouseholds } from '../../../lib/app/import-households';
import { defaultPolicy } from '../../../lib/domain/policy';
import { maskIdNumber, residentIdCheckDigit } from '../../../lib/domain/resident-id';
import { WorkingDayCalendar } from '../../../lib/domain/working-days';
import { dateCell, writeWorkbook } from '../../support/workbooks';

const work = mkdtempSync(path.join(tmpdir(), 'fanpin-xlsx-'));
const asOf = '2026-12-01T10:00:00+08:00';
const V1 = '532931101201';

const id = (n: number) => {
  const s = `53293119750312${String(n).padStart(3, '0')}`;
  return s + residentIdCheckDigit(s);
};
/** An ID whose check digit is X (found by trying sequence numbers). */
const idWithX = (() => {
  for (let n = 0; n < 1000; n++) {
    const s = `53293119800101${String(n).padStart(3, '0')}`;
    if (residentIdCheckDigit(s) === 'X') return `${s}x`;
  }
  throw new Error('no X');
})();

const header = [
  '户编号',
  '村级区划代码',
  '户主姓名',
  '户主身份证号',
  '监测对象类别',
  '监测状态',
  '家庭人口数',
  '纳入监测日期',
  '最近走访日期',
];
const units = ['', '', '', '', '', '', '（人）', '（年-月-日）', '（年-月-日）'];
const title = ['XX县防止返贫监测对象信息表'];

async function importWorkbook(file: string, sheet?: string) {
  const store = createMemoryStore();
  let n = 0;
  const opened = await openHouseholdFile(file, sheet === undefined ? {} : { sheet });
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
  return { ...result, store, opened };
}

const fileIn = (name: string) => path.join(work, name);

describe('reading a household workbook', () => {
  it('finds the header below a merged title row, skips the units row and fills vertically merged cells', async () => {
    const file = fileIn('title-units-merged.xlsx');
    await writeWorkbook(file, [
      {
        name: '监测对象',
        rows: [
          title,
          header,
          units,
          ['T-001', V1, '张三', id(1), '脱贫户', '未纳入', 4, '', ''],
          ['T-002', '', '李四', id(2), '边缘易致贫户', '未纳入', 3, '', ''],
          ['T-003', '', '王五', id(3), '一般农户', '未纳入', 2, '', ''],
        ],
        merges: ['A1:I1', 'B4:B6'],
      },
    ]);

    const { summary, rejectedRows, store, opened } = await importWorkbook(file);

    expect(opened.warnings).toEqual([]);
    expect(rejectedRows).toEqual([]);
    expect(summary).toEqual({ read: 3, created: 3, updated: 0, unchanged: 0, rejected: 0 });
    expect((await store.households.get('T-003'))?.villageCode).toBe(V1);
    expect((await store.households.get('T-001'))?.category).toBe('alleviated');
  });

  it('reads a two-row header whose first row has a merged group cell over sub-headers', async () => {
    const file = fileIn('two-row-header.xlsx');
    await writeWorkbook(file, [
      {
        name: 'Sheet1',
        rows: [
          title,
          ['户编号', '村级区划代码', '户主姓名', '户主身份证号', '家庭人口数', '收入情况', ''],
          ['', '', '', '', '', '工资性收入', '转移性收入'],
          ['TH-1', V1, '赵六', id(4), 5, 30000, 1200.5],
        ],
        merges: ['A1:G1', 'A2:A3', 'B2:B3', 'C2:C3', 'D2:D3', 'E2:E3', 'F2:G2'],
      },
    ]);

    const { rejectedRows, store } = await importWorkbook(file);

    expect(rejectedRows).toEqual([]);
    expect(await store.households.get('TH-1')).toMatchObject({
      wageIncome: 3_000_000,
      transferIncome: 120_050,
    });
  });

  it('refuses an ID number Excel stored as a number, naming the sheet, the cell and the header', async () => {
    const file = fileIn('id-as-number.xlsx');
    await writeWorkbook(file, [
      {
        name: '监测对象',
        rows: [
          title,
          header,
          ['N-001', V1, '张三', Number(id(1).slice(0, 17)) * 10 + 7, '一般农户', '未纳入', 4],
        ],
      },
    ]);

    const { summary, rejectedRows, store, opened } = await importWorkbook(file);

    expect(summary.rejected).toBe(1);
    expect(rejectedRows).toHaveLength(1);
    expect(rejectedRows[0]).toMatchObject({ row: 3, column: '户主身份证号' });
    expect(rejectedRows[0]?.reason).toContain('5.32931E+17');
    expect(rejectedRows[0]?.reason).toContain('format the column as text');
    expect(await store.households.get('N-001')).toBeNull();
    const errors = fileIn('id-as-number.errors.csv');
    await writeErrorsFile(errors, rejectedRows, opened.locate);
    const lines = readFileSync(errors, 'utf8').split('\r\n');
    expect(lines[0]).toBe('\uFEFFrow,column,reason,code,detail,sheet,cell');
    expect(lines[1]).toMatch(
      /^3,户主身份证号,Excel 把它存成了数字.*设为文本格式.*,id_stored_as_number,.*,监测对象,D3$/,
    );
  });

  it('takes an ID number stored as text with a lowercase x, and a village code stored as a number', async () => {
    const file = fileIn('lowercase-x.xlsx');
    await writeWorkbook(file, [
      { name: 'Sheet1', rows: [header, ['X-001', Number(V1), '钱七', idWithX, '一般农户', '未纳入', 1]] },
    ]);

    const { rejectedRows, store } = await importWorkbook(file);

    expect(rejectedRows).toEqual([]);
    expect(await store.households.get('X-001')).toMatchObject({
      // D16: stored masked, matched by the hash of the upper-cased number.
      headIdNumber: maskIdNumber(idWithX.toUpperCase()),
      headIdHash: createMemoryIdVault().hash(idWithX.toUpperCase()),
      villageCode: V1,
    });
  });

  it('reads date cells and the text dates 2026/12/1, 2026-12-01 and 2026年12月1日 as the same dates', async () => {
    const file = fileIn('dates.xlsx');
    await writeWorkbook(file, [
      {
        name: 'Sheet1',
        dateFormat: 'yyyy"年"m"月"d"日"',
        rows: [
          header,
          [
            'D-1',
            V1,
            '甲',
            id(11),
            '脱贫不稳定户',
            '监测中',
            3,
            dateCell('2026-11-02'),
            dateCell('2026-12-01'),
          ],
          ['D-2', V1, '乙', id(12), '脱贫不稳定户', '监测中', 3, '2026/11/2', '2026/12/1'],
          ['D-3', V1, '丙', id(13), '脱贫不稳定户', '监测中', 3, '2026-11-02', '2026-12-01'],
          ['D-4', V1, '丁', id(14), '脱贫不稳定户', '监测中', 3, '2026年11月2日', '2026年12月1日'],
        ],
      },
    ]);

    const { rejectedRows, store } = await importWorkbook(file);

    expect(rejectedRows).toEqual([]);
    for (const hid of ['D-1', 'D-2', 'D-3', 'D-4']) {
      expect(await store.households.get(hid)).toMatchObject({
        monitoredSince: '2026-11-02',
        lastHomeVisit: '2026-12-01',
      });
    }
  });

  it('reads the sheet named by --sheet, and names the sheets when there is no such one', async () => {
    const file = fileIn('two-sheets.xlsx');
    await writeWorkbook(file, [
      { name: '说明', rows: [['本表说明']] },
      { name: '户信息', rows: [header, ['S-1', V1, '甲', id(21), '一般农户', '未纳入', 2]] },
    ]);

    const { summary } = await importWorkbook(file, '户信息');
    expect(summary.created).toBe(1);
    await expect(openHouseholdFile(file, { sheet: '不存在' })).rejects.toThrow(
      /no sheet named "不存在" \(its sheets: "说明", "户信息"\)/,
    );
    await expect(openHouseholdFile(file)).rejects.toThrow(/sheet "说明" .* has no header row/);
  });

  it('says the sheet is empty', async () => {
    const file = fileIn('empty.xlsx');
    await writeWorkbook(file, [{ name: 'Sheet1', rows: [] }]);

    await expect(openHouseholdFile(file)).rejects.toThrow(FileReadError);
    await expect(openHouseholdFile(file)).rejects.toThrow(/sheet "Sheet1" of .*empty\.xlsx is empty$/);
  });

  it('refuses a corrupt, a truncated and a password-protected file before reading any row', async () => {
    const good = fileIn('good.xlsx');
    await writeWorkbook(good, [
      { name: 'Sheet1', rows: [header, ['G-1', V1, '甲', id(31), '一般农户', '未纳入', 2]] },
    ]);
    const bytes = readFileSync(good);
    writeFileSync(fileIn('truncated.xlsx'), bytes.subarray(0, Math.floor(bytes.length / 2)));
    writeFileSync(fileIn('garbage.xlsx'), Buffer.from('this is not a workbook at all\n'.repeat(40)));
    // An encrypted Office file is an OLE compound file (signature D0 CF 11 E0 A1 B1 1A E1), not a ZIP.
    const ole = Buffer.alloc(4096);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(ole);
    writeFileSync(fileIn('protected.xlsx'), ole);
    writeFileSync(fileIn('old.xls'), ole);

    await expect(openHouseholdFile(fileIn('truncated.xlsx'))).rejects.toThrow(/is corrupt: .*truncated/);
    await expect(openHouseholdFile(fileIn('garbage.xlsx'))).rejects.toThrow(
      /is not an Excel workbook \(\.xlsx\)/,
    );
    await expect(openHouseholdFile(fileIn('protected.xlsx'))).rejects.toThrow(/is password-protected/);
    await expect(openHouseholdFile(fileIn('old.xls'))).rejects.toThrow(/save it as \.xlsx/);
  });

  it('takes synonyms of the Chinese headers and a county’s own names from a mapping', async () => {
    const file = fileIn('synonyms.xlsx');
    await writeWorkbook(file, [
      {
        name: 'Sheet1',
        rows: [
          ['户编号', '村代码', '户主姓名', '户主证件号码', '人口数', '工资性收入（元）', '帮扶联系干部'],
          ['SY-1', V1, '孙八', id(41), 2, 8000, '周干部'],
        ],
      },
    ]);

    const store = createMemoryStore();
    const opened = await openHouseholdFile(file, {
      columnMap: new Map([['帮扶联系干部', 'contactName' as const]]),
    });
    const { rejectedRows } = await importHouseholds(
      {
        store,
        policyFor: () => defaultPolicy,
        calendar: WorkingDayCalendar.chinaOfficial(),
        newId: () => 'id',
        idNumbers: createMemoryIdVault(),
      },
      opened.rows,
      { asOf, actor: { kind: 'system', name: 'test' }, columns: opened.columns },
    );

    expect(opened.warnings).toEqual([]);
    expect(opened.columns).toMatchObject({
      villageCode: '村代码',
      headIdNumber: '户主证件号码',
      members: '人口数',
    });
    expect(rejectedRows).toEqual([]);
    expect(await store.households.get('SY-1')).toMatchObject({
      villageCode: V1,
      headIdNumber: maskIdNumber(id(41)),
      members: 2,
      wageIncome: 800_000,
      contact: { name: '周干部' },
    });
  });
});
