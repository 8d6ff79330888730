// FILE.errors.csv: one line per failing field of a rejected row — row, column, the reason in Chinese for
// the officer who fixes the file, its English code, the English detail (and, from a workbook, the sheet
// and the cell) — UTF-8 with a BOM so Excel shows the Chinese headers and reasons.

import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Options, stringify } from 'csv-stringify';
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

/**
 * RFC 4180 with CRLF line ends, and a leading ' for text cells a spreadsheet would run as formulas
 * (`=`, `+`, `-`, `@`, a tab or a CR first).
 */
export const errorsCsvOptions: Options = {
  record_delimiter: 'windows',
  // csv-stringify quotes a field holding the whole record delimiter (CRLF); a lone CR or LF too.
  quoted_match: /[\r\n]/,
  escape_formulas: true,
};

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
  const columns = ['row', 'column', 'reason', 'code', 'detail', ...(locate ? ['sheet', 'cell'] : [])];
  const records = rejected.map((r) => {
    const { code, zh } = explainReason(r.reason);
    const at = locate?.(r);
    return [r.row, r.column, zh, code, r.reason, ...(at ? [at.sheet, at.cell] : [])];
  });
  await pipeline(
    Readable.from(records),
    stringify({ ...errorsCsvOptions, bom: true, header: true, columns }),
    createWriteStream(path, { encoding: 'utf8' }),
  );
}
