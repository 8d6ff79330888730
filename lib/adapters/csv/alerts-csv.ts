// Reads a department alerts CSV (interface.md `fanpin import alerts`): the household CSV's reading rules
// (UTF-8 with or without BOM, or GB18030; first row the header; English or Chinese headers in any order;
// unknown columns ignored with a warning). Alert files are small (one department's push), so the file is
// read whole.
import { readFile, stat } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { type AlertInputField, normaliseAlertHeader } from '../../domain/alert-input';
import { type CsvEncoding, detectEncoding } from './encoding';
import { CsvReadError, type CsvRow, mapHeader } from './household-csv';

export interface AlertsCsv {
  encoding: CsvEncoding;
  /** Each mapped field → its header as written in the file (error reports name the column this way). */
  columns: Partial<Record<AlertInputField, string>>;
  warnings: string[];
  rows: CsvRow[];
}

/** Parses the bytes of an alerts CSV; throws CsvReadError when they are not a CSV with alert columns. */
export function parseAlertsCsv(bytes: Uint8Array, name = 'the file'): AlertsCsv {
  if (bytes.length === 0) throw new CsvReadError(`${name} is empty: the first row must be the header`);
  if (bytes.includes(0)) throw new CsvReadError(`${name} is not a CSV file (it contains binary data)`);
  const { encoding } = detectEncoding(bytes, true);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(iconv.decode(Buffer.from(bytes), encoding), {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      info: true,
    }) as unknown as typeof records;
  } catch (e) {
    throw new CsvReadError(`${name} is not a readable CSV: ${(e as Error).message.split('\n')[0]}`);
  }
  const [header, ...body] = records;
  if (!header) throw new CsvReadError(`${name} has no header row`);

  const { columns, indexOf, warnings } = mapHeader(header.record, normaliseAlertHeader);
  if (indexOf.length === 0) {
    throw new CsvReadError(
      `${name} has no alert columns in its first row (expected a header such as department or 部门)`,
    );
  }
  const rows = body.map(({ record: cells, info }) => {
    const record: Record<string, string> = {};
    for (const [i, field] of indexOf) record[field] = cells[i] ?? '';
    // info.lines is the line the record ends on; header = row 1, as Excel numbers rows.
    return { rowNumber: info.lines, record };
  });
  return { encoding, columns, warnings, rows };
}

/** Opens and parses an alerts CSV file; CsvReadError when it can't be read at all. */
export async function readAlertsCsv(path: string): Promise<AlertsCsv> {
  try {
    if (!(await stat(path)).isFile()) throw new CsvReadError(`${path} is not a file`);
  } catch (e) {
    if (e instanceof CsvReadError) throw e;
    throw new CsvReadError(
      `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
  return parseAlertsCsv(new Uint8Array(await readFile(path)), path);
}
