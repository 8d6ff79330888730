// FILE.errors.csv: one line per failing field of a rejected row — row, column, the reason in Chinese for
// the officer who fixes the file, its English code, the English detail (and, from a workbook, the sheet
// and the cell) — UTF-8 with a BOM so Excel shows the Chinese headers and reasons.

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { explainReason } from '../../domain/import-reasons';

export interface RejectedCell {
  /** Row number as in the file (header = row 1). */
  row: number;
  /** The column as written in the file's header. */
  column: string;
  reason: string;
}

/** FILE.csv → FILE.errors.csv, FILE.xlsx → FILE.errors.csv (FILE.txt → FILE.txt.errors.csv). */
export function errorsFilePath(csvPath: string): string {
  return /\.(csv|xlsx|xls)$/i.test(csvPath)
    ? csvPath.replace(/\.(csv|xlsx|xls)$/i, '.errors.csv')
    : `${csvPath}.errors.csv`;
}

/** RFC 4180 quoting, and a leading ' for cells Excel would run as formulas. */
export function csvCell(value: string | number): string {
  let text = String(value);
  if (/^[=+\-@]/.test(text) && typeof value === 'string') text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Where a rejected cell is in a workbook: the sheet and the cell (column letter + Excel row, e.g. D7). */
export type LocateCell = (cell: RejectedCell) => { sheet: string; cell: string };

/**
 * Writes the errors file, or removes a stale one when nothing was rejected. From a workbook (`locate`
 * given), each line also names the sheet and the cell.
 */
export async function writeErrorsFile(
  path: string,
  rejected: readonly RejectedCell[],
  locate?: LocateCell,
): Promise<void> {
  if (rejected.length === 0) {
    await rm(path, { force: true });
    return;
  }
  const out = createWriteStream(path, { encoding: 'utf8' });
  const write = async (line: string) => {
    if (!out.write(line)) await once(out, 'drain');
  };
  await write(`\uFEFFrow,column,reason,code,detail${locate ? ',sheet,cell' : ''}\r\n`);
  for (const r of rejected) {
    const at = locate?.(r);
    const where = at ? `,${csvCell(at.sheet)},${csvCell(at.cell)}` : '';
    const { code, zh } = explainReason(r.reason);
    await write(`${r.row},${csvCell(r.column)},${csvCell(zh)},${code},${csvCell(r.reason)}${where}\r\n`);
  }
  out.end();
  await once(out, 'finish');
}
