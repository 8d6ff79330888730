// FILE.errors.csv: one line per failing field of a rejected row (row, column, reason), UTF-8 with a BOM
// so Excel shows the Chinese headers and reasons.

import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Options, stringify } from 'csv-stringify';

export interface RejectedCell {
  /** Row number as in the file (header = row 1). */
  row: number;
  /** The column as written in the file's header. */
  column: string;
  reason: string;
}

/** FILE.csv → FILE.errors.csv (FILE.txt → FILE.txt.errors.csv). */
export function errorsFilePath(csvPath: string): string {
  return /\.csv$/i.test(csvPath) ? csvPath.replace(/\.csv$/i, '.errors.csv') : `${csvPath}.errors.csv`;
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

/** Writes the errors file, or removes a stale one when nothing was rejected. */
export async function writeErrorsFile(path: string, rejected: readonly RejectedCell[]): Promise<void> {
  if (rejected.length === 0) {
    await rm(path, { force: true });
    return;
  }
  await pipeline(
    Readable.from(rejected.map((r) => [r.row, r.column, r.reason])),
    stringify({ ...errorsCsvOptions, bom: true, header: true, columns: ['row', 'column', 'reason'] }),
    createWriteStream(path, { encoding: 'utf8' }),
  );
}
