// The errors file's reasons in Chinese with an English code (issue 19): every reason the checks give for
// the mixed fixture, the measures and the workbook reader has its own code and Chinese wording.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openHouseholdCsv } from '../../lib/adapters/csv/household-csv';
import { createMemoryIdVault } from '../../lib/adapters/memory/memory-id-vault';
import { createMemoryStore } from '../../lib/adapters/memory/memory-store';
import { cellText } from '../../lib/adapters/xlsx/sheet-reader';
import { importHouseholds } from '../../lib/app/import-households';
import { explainReason } from '../../lib/domain/import-reasons';
import { parseMeasureRow, parseMeasuresCell } from '../../lib/domain/measure-input';
import { defaultPolicy } from '../../lib/domain/policy';
import { WorkingDayCalendar } from '../../lib/domain/working-days';
import { mixedAsOf } from '../fixtures/import/mixed-expected';

describe('reasons in Chinese with an English code', () => {
  it('explains every reason of the mixed fixture, none left in English', async () => {
    let n = 0;
    const csv = await openHouseholdCsv(path.join(import.meta.dirname, '../fixtures/import/mixed.csv'));
    const { rejectedRows } = await importHouseholds(
      {
        store: createMemoryStore(),
        policyFor: () => defaultPolicy,
        calendar: WorkingDayCalendar.chinaOfficial(),
        newId: () => `id-${++n}`,
        idNumbers: createMemoryIdVault(),
      },
      csv.rows,
      { asOf: mixedAsOf, actor: { kind: 'system', name: 'test' } },
    );

    const codes = rejectedRows.map((r) => explainReason(r.reason).code);
    expect(codes).toEqual([
      'check_digit',
      'too_small',
      'labor_exceeds_members',
      'bad_village_code',
      'unknown_category',
      'not_an_amount',
      'monitored_since_required',
      'unknown_risk_factor',
      'after_as_of',
      'required',
      'negative_amount',
      'duplicate_row',
    ]);
    for (const r of rejectedRows) expect(explainReason(r.reason).zh).toMatch(/[\u4e00-\u9fff]/);
  });

  it('carries the values over into the Chinese', () => {
    expect(explainReason('check digit is wrong (expected X)')).toEqual({
      code: 'check_digit',
      zh: '身份证号校验位错误（应为 X）',
    });
    expect(explainReason('must be at least 1 (got 0)')).toEqual({
      code: 'too_small',
      zh: '不能小于 1（填的是 0）',
    });
    expect(explainReason('householdId repeats row 2')).toEqual({
      code: 'duplicate_row',
      zh: '户编号与第 2 行重复',
    });
  });

  it('explains the measures’ and the workbook’s reasons', () => {
    const cell = parseMeasuresCell('发钱');
    const row = parseMeasureRow(
      { householdId: 'H1', type: '产业帮扶', startDate: '2027-01-01', status: '已完成' },
      { asOfDate: '2026-12-01' },
    );
    const id = cellText(Number('532931197503120017'));
    expect(!cell.ok && explainReason(cell.message).code).toBe('unknown_measure_type');
    expect(!row.ok && explainReason(row.errors[0]!.message).code).toBe('future_measure_not_planned');
    expect('problem' in id && explainReason(id.problem)).toEqual({
      code: 'id_stored_as_number',
      zh: 'Excel 把它存成了数字（显示为 5.32931E+17），第15位以后的数字已丢失；请把该列设为文本格式后重新录入',
    });
  });

  it('keeps a reason it does not know, under code invalid', () => {
    expect(explainReason('something new')).toEqual({ code: 'invalid', zh: 'something new' });
  });
});
