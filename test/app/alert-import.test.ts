import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { parseAlertsCsv } from '../../lib/adapters/csv/alerts-csv';
import { CsvReadError } from '../../lib/adapters/csv/household-csv';
import { createMemoryIdVault } from '../../lib/adapters/memory/memory-id-vault';
import { createMemoryStore } from '../../lib/adapters/memory/memory-store';
import { applyHouseholdChange, type HouseholdChangeDeps } from '../../lib/app/apply-household-change';
import { importAlerts } from '../../lib/app/import-alerts';
import { defaultPolicy } from '../../lib/domain/policy';
import { WorkingDayCalendar } from '../../lib/domain/working-days';
import { aHousehold } from '../builders/household';

const at = '2026-12-01T10:00:00+08:00';
const utf8 = (text: string) => new TextEncoder().encode(text);

const csv = [
  '部门,预警编号,户编号,户主身份证号,预警类型,金额,日期,备注,来源系统',
  '医保,YB-1,H0001,,large_medical_expense,35000,2026-11-28,住院',
  '民政,MZ-1,,532931198001011234,low_income,,2026-11-30,',
  '教育,JY-1,H9999,,dropout,,,',
  '公安,GA-1,H0001,,x,1.234,,',
  '医保,YB-1,H0001,,large_medical_expense,35000,2026-11-28,住院',
].join('\r\n');

async function setup() {
  const store = createMemoryStore();
  let n = 0;
  const deps: HouseholdChangeDeps = {
    store,
    policyFor: () => defaultPolicy,
    calendar: WorkingDayCalendar.chinaOfficial(),
    newId: () => `id-${++n}`,
    idNumbers: createMemoryIdVault(),
  };
  for (const h of [
    aHousehold({ householdId: 'H0001', headIdNumber: '53293119800101001X' }),
    aHousehold({ householdId: 'H0002', headIdNumber: '532931198001011234' }),
  ]) {
    await applyHouseholdChange(deps, {
      before: null,
      after: h,
      at: '2026-11-01T10:00:00+08:00',
      actor: { kind: 'system', name: 'test' },
      auditType: 'household_imported',
    });
  }
  return { store, deps };
}

describe('alerts CSV', () => {
  it('reads Chinese headers and warns about unknown columns', () => {
    const file = parseAlertsCsv(utf8(`\uFEFF${csv}`));

    expect(file.columns.alertId).toBe('预警编号');
    expect(file.warnings).toEqual(['unknown column "来源系统" is ignored']);
    expect(file.rows.map((r) => r.rowNumber)).toEqual([2, 3, 4, 5, 6]);
  });

  it('reads a GB18030 export like a UTF-8 one', () => {
    const file = parseAlertsCsv(new Uint8Array(iconv.encode(csv, 'gb18030')));

    expect(file.encoding).toBe('gb18030');
    expect(file.rows[0]?.record).toMatchObject({ department: '医保', note: '住院' });
  });

  it('refuses a file with no alert columns', () => {
    expect(() => parseAlertsCsv(utf8('a,b\n1,2\n'))).toThrow(CsvReadError);
  });
});

describe('importAlerts', () => {
  it('counts leads, unmatched, duplicates and rejected rows, each rejected cell with its row and reason', async () => {
    const { store, deps } = await setup();

    const result = await importAlerts(deps, parseAlertsCsv(utf8(csv)).rows, { at });

    expect(result.summary).toEqual({ read: 5, lead: 2, matched: 0, duplicate: 1, unmatched: 1, rejected: 1 });
    expect(result.rejected).toEqual([
      { row: 5, field: 'department', reason: expect.stringContaining('"公安" is not a department') },
      { row: 5, field: 'amount', reason: expect.stringContaining('more than 2 decimal places') },
    ]);
    expect((await store.alerts.unmatched()).items.map((a) => a.alertId)).toEqual(['JY-1']);
  });

  it('changes nothing when the same file is imported again', async () => {
    const { deps } = await setup();
    await importAlerts(deps, parseAlertsCsv(utf8(csv)).rows, { at });

    const again = await importAlerts(deps, parseAlertsCsv(utf8(csv)).rows, {
      at: '2026-12-02T10:00:00+08:00',
    });

    expect(again.summary).toEqual({ read: 5, lead: 0, matched: 0, duplicate: 4, unmatched: 0, rejected: 1 });
  });
});
