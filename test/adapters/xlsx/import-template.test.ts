// `fanpin import template households|measures`: the template's example rows import as they are, the data
// sheet has the Chinese headers, and the second sheet explains every column.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { openHouseholdFile, openTableFile } from '../../../lib/adapters/household-file';
import { createMemoryIdVault } from '../../../lib/adapters/memory/memory-id-vault';
import { createMemoryStore } from '../../../lib/adapters/memory/memory-store';
import { writeTemplateCsv, writeTemplateXlsx } from '../../../lib/adapters/xlsx/template-writer';
import { importHouseholds } from '../../../lib/app/import-households';
import { importMeasures } from '../../../lib/app/import-measures';
import { importTemplate } from '../../../lib/app/import-template';
import { householdFields } from '../../../lib/domain/household-input';
import { type MeasureInputField, normaliseMeasureHeader } from '../../../lib/domain/measure-input';
import { defaultPolicy } from '../../../lib/domain/policy';
import { WorkingDayCalendar } from '../../../lib/domain/working-days';

const work = mkdtempSync(path.join(tmpdir(), 'fanpin-template-'));
const asOf = '2026-12-01T10:00:00+08:00';
const actor = { kind: 'system' as const, name: 'test' };

describe('import templates', () => {
  it('writes a households workbook whose example row imports, with a sheet explaining each column', async () => {
    const households = path.join(work, 'households.xlsx');
    const measures = path.join(work, 'measures.xlsx');
    await writeTemplateXlsx(households, importTemplate('households'));
    await writeTemplateXlsx(measures, importTemplate('measures'));
    let n = 0;
    const deps = {
      store: createMemoryStore(),
      policyFor: () => defaultPolicy,
      calendar: WorkingDayCalendar.chinaOfficial(),
      newId: () => `id-${++n}`,
      idNumbers: createMemoryIdVault(),
    };

    const h = await openHouseholdFile(households);
    const imported = await importHouseholds(deps, h.rows, { asOf, actor, columns: h.columns });
    const m = await openTableFile<MeasureInputField>(measures, {
      normalise: normaliseMeasureHeader,
      keyField: 'householdId',
      keyHeader: '户编号',
    });
    const measured = await importMeasures(deps, m.rows, { asOf, actor, columns: m.columns });

    expect(imported.rejectedRows).toEqual([]);
    expect(imported.summary.created).toBe(1);
    expect(measured.rejectedRows).toEqual([]);
    expect(measured.summary.created).toBe(1);
    expect(h.columns).toEqual(Object.fromEntries(householdFields.map((f) => [f.field, f.zh])));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(households);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['监测户信息', '填写说明']);
    const explain = workbook.getWorksheet('填写说明')!;
    expect(explain.rowCount).toBe(1 + householdFields.length);
    expect(explain.getRow(5).values).toEqual([
      undefined,
      '户主身份证号',
      'headIdNumber',
      '必填',
      expect.stringContaining('文本格式'),
      expect.any(String),
    ]);
  });

  it('writes a CSV template and its explanation beside it', async () => {
    const file = path.join(work, 'measures.csv');
    const explanation = await writeTemplateCsv(file, importTemplate('measures'));

    expect(explanation).toBe(path.join(work, 'measures.说明.csv'));
    expect(readFileSync(file, 'utf8')).toBe(
      '\uFEFF户编号,措施类型,开始日期,措施状态,备注\r\nH532931101201001,产业帮扶,2026-04-01,实施中,发展肉牛养殖\r\n',
    );
    expect(readFileSync(explanation, 'utf8').split('\r\n')[0]).toBe('\uFEFF列名,字段,是否必填,填写说明,示例');
  });
});
