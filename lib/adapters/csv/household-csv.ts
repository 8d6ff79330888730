// Streams a household CSV (interface.md "Household CSV"): detects the encoding, maps the header with
// normaliseHeader (English or Chinese, any order), warns about unknown columns and yields one record per
// row keyed by field name. The file is never read whole: rows come as csv-parse produces them, and the
// stream pauses while the consumer is busy (back-pressure through the async iterator).
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import { type HouseholdInputField, normaliseHeader } from '../../domain/household-input';
import { type CsvEncoding, detectFileEncoding } from './encoding';

/** The file can't be read as a household CSV at all (missing, not CSV, no header). */
export class CsvReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CsvReadError';
  }
}

export interface CsvRow {
  /** The row as Excel numbers it: the header is row 1. */
  rowNumber: number;
  /** Cells keyed by field name (only known columns). */
  record: Record<string, string>;
}

export interface HouseholdCsv<F extends string = HouseholdInputField> {
  encoding: CsvEncoding;
  /** Each mapped field → its header as written in the file (error reports name the column this way). */
  columns: Partial<Record<F, string>>;
  /** Unknown or repeated columns (ignored). */
  warnings: string[];
  rows: AsyncIterable<CsvRow>;
}

/** Header cell → field (default: normaliseHeader; a county's `--columns` map goes first). */
export type NormaliseHeader<F extends string = HouseholdInputField> = (header: string) => F | null;

/** Opens a CSV file: reads its header now (so an unreadable file fails here) and streams the rows. */
export async function openHouseholdCsv<F extends string = HouseholdInputField>(
  path: string,
  normalise: NormaliseHeader<F> = normaliseHeader as NormaliseHeader<F>,
): Promise<HouseholdCsv<F>> {
  let size: number;
  try {
    const s = await stat(path);
    if (!s.isFile()) throw new CsvReadError(`${path} is not a file`);
    size = s.size;
  } catch (e) {
    if (e instanceof CsvReadError) throw e;
    throw new CsvReadError(
      `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
  if (size === 0) throw new CsvReadError(`${path} is empty: the first row must be the header`);
  const { encoding, binary } = await detectFileEncoding(path);
  if (binary) throw new CsvReadError(`${path} is not a CSV file (it contains binary data)`);
  return parseHouseholdCsv(createReadStream(path), encoding, path, normalise);
}

/** Parses a byte stream in a known encoding (the header is read before this resolves). */
export async function parseHouseholdCsv<F extends string = HouseholdInputField>(
  bytes: Readable,
  encoding: CsvEncoding,
  name = 'the file',
  normalise: NormaliseHeader<F> = normaliseHeader as NormaliseHeader<F>,
): Promise<HouseholdCsv<F>> {
  const parser = bytes.pipe(iconv.decodeStream(encoding)).pipe(
    parse({
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      info: true,
    }),
  );
  const iterator = parser[Symbol.asyncIterator]() as AsyncIterator<{
    record: string[];
    info: { lines: number };
  }>;
  let first: IteratorResult<{ record: string[]; info: { lines: number } }>;
  try {
    first = await iterator.next();
  } catch (e) {
    bytes.destroy();
    throw new CsvReadError(`${name} is not a readable CSV: ${(e as Error).message.split('\n')[0]}`);
  }
  if (first.done) throw new CsvReadError(`${name} has no header row`);

  const header = first.value.record;
  const { columns, indexOf, warnings } = mapHeader(header, normalise);
  if (indexOf.length === 0) {
    bytes.destroy();
    throw new CsvReadError(
      `${name} has no household columns in its first row (expected a header such as householdId or 户编号)`,
    );
  }

  async function* rows(): AsyncGenerator<CsvRow> {
    try {
      for (;;) {
        let next: IteratorResult<{ record: string[]; info: { lines: number } }>;
        try {
          next = await iterator.next();
        } catch (e) {
          throw new CsvReadError(`${name} stops being readable CSV: ${(e as Error).message.split('\n')[0]}`);
        }
        if (next.done) return;
        const { record: cells, info } = next.value;
        const record: Record<string, string> = {};
        for (const [i, field] of indexOf) {
          const cell = cells[i];
          if (cell !== undefined) record[field] = cell;
        }
        yield { rowNumber: info.lines, record };
      }
    } finally {
      bytes.destroy();
    }
  }
  return { encoding, columns, warnings, rows: rows() };
}

/** A header row mapped to fields: each field's column as written, the cell index of each known column,
 *  and warnings for unknown and repeated columns (the first of a repeated field is used). */
export function mapHeader<F extends string>(
  header: readonly string[],
  normalise: (text: string) => F | null,
): { columns: Partial<Record<F, string>>; indexOf: [number, F][]; warnings: string[] } {
  const columns: Partial<Record<F, string>> = {};
  const indexOf: [number, F][] = [];
  const warnings: string[] = [];
  header.forEach((cell, i) => {
    const text = cell.replace(/^\uFEFF/, '').trim();
    const field = normalise(text);
    if (field === null) {
      if (text !== '') warnings.push(`unknown column "${text}" is ignored`);
    } else if (columns[field] !== undefined) {
      warnings.push(`column "${text}" repeats "${columns[field]}" (${field}); the first one is used`);
    } else {
      columns[field] = text;
      indexOf.push([i, field]);
    }
  });
  return { columns, indexOf, warnings };
}
