// FILE.errors.csv as Excel and a CSV reader see it: BOM, CRLF, RFC 4180 quoting, no live formulas.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { errorsFilePath, writeErrorsFile } from '../../lib/adapters/csv/errors-file';
import { explainReason } from '../../lib/domain/import-reasons';

const file = () => path.join(mkdtempSync(path.join(tmpdir(), 'errors-file-')), 'x.errors.csv');

describe('writeErrorsFile', () => {
  it('writes a BOM, the header and one CRLF line per rejected cell, quoting only what needs it', async () => {
    const at = file();
    await writeErrorsFile(at, [
      { row: 2, column: '户主姓名', reason: '必填' },
      { row: 3, column: 'income, yuan', reason: 'not a number: "12,5"' },
      { row: 4, column: 'note', reason: 'two\nlines' },
    ]);
    const line = (row: number, column: string, reason: string) => {
      const { code, zh } = explainReason(reason);
      const q = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
      return `${row},${q(column)},${q(zh)},${code},${q(reason)}\r\n`;
    };
    expect(readFileSync(at, 'utf8')).toBe(
      '\uFEFFrow,column,reason,code,detail\r\n' +
        line(2, '户主姓名', '必填') +
        line(3, 'income, yuan', 'not a number: "12,5"') +
        line(4, 'note', 'two\nlines'),
    );
    expect(readFileSync(at, 'utf8')).toContain('3,"income, yuan",');
  });

  it('names the sheet and the cell of a workbook’s rejected cell', async () => {
    const at = file();
    await writeErrorsFile(at, [{ row: 7, column: '户主身份证号', reason: '必填' }], () => ({
      sheet: '监测对象',
      cell: 'D7',
    }));
    const rows = parse(readFileSync(at), { bom: true }) as string[][];
    expect(rows[0]).toEqual(['row', 'column', 'reason', 'code', 'detail', 'sheet', 'cell']);
    expect(rows[1]?.slice(-2)).toEqual(['监测对象', 'D7']);
  });

  it('defuses cells a spreadsheet would run as formulas, and a CSV reader gets the text back', async () => {
    const at = file();
    const cells = ['=1+2', '+SUM(A1)', '-3', '@cmd'];
    await writeErrorsFile(
      at,
      cells.map((c, i) => ({ row: i + 2, column: c, reason: c })),
    );
    const rows = parse(readFileSync(at), { bom: true }) as string[][];
    expect(rows.slice(1).map((r) => [r[0], r[1], r[4]])).toEqual(
      cells.map((c, i) => [String(i + 2), `'${c}`, `'${c}`]),
    );
  });

  it('removes a stale errors file when nothing was rejected', async () => {
    const at = file();
    writeFileSync(at, 'stale');
    await writeErrorsFile(at, []);
    expect(existsSync(at)).toBe(false);
  });

  it('names the errors file after the CSV file', () => {
    expect(errorsFilePath('/d/households.CSV')).toBe('/d/households.errors.csv');
    expect(errorsFilePath('/d/alerts.txt')).toBe('/d/alerts.txt.errors.csv');
  });
});
