// FILE.errors.csv as Excel and a CSV reader see it: BOM, CRLF, RFC 4180 quoting, no live formulas.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { errorsFilePath, writeErrorsFile } from '../../lib/adapters/csv/errors-file';

const file = () => path.join(mkdtempSync(path.join(tmpdir(), 'errors-file-')), 'x.errors.csv');

describe('writeErrorsFile', () => {
  it('writes a BOM, the header and one CRLF line per rejected cell, quoting only what needs it', async () => {
    const at = file();
    await writeErrorsFile(at, [
      { row: 2, column: '户主姓名', reason: '必填' },
      { row: 3, column: 'income, yuan', reason: 'not a number: "12,5"' },
      { row: 4, column: 'note', reason: 'two\nlines' },
    ]);
    expect(readFileSync(at, 'utf8')).toBe(
      '\uFEFFrow,column,reason\r\n' +
        '2,户主姓名,必填\r\n' +
        '3,"income, yuan","not a number: ""12,5"""\r\n' +
        '4,note,"two\nlines"\r\n',
    );
  });

  it('defuses cells a spreadsheet would run as formulas, and a CSV reader gets the text back', async () => {
    const at = file();
    const cells = ['=1+2', '+SUM(A1)', '-3', '@cmd'];
    await writeErrorsFile(
      at,
      cells.map((c, i) => ({ row: i + 2, column: c, reason: c })),
    );
    const rows = parse(readFileSync(at), { bom: true }) as string[][];
    expect(rows.slice(1)).toEqual(cells.map((c, i) => [String(i + 2), `'${c}`, `'${c}`]));
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
