// A household or measures file as the imports read it, CSV or Excel (interface.md "Household CSV" and
// "Additions of December 2026"): `.xlsx`/`.xls` go through the workbook reader, anything else through the
// CSV reader. Either gives the columns as written, the warnings, the rows keyed by field, and — for a
// workbook — where a rejected cell is (sheet, column letter, Excel row).
import { type DivisionNameField, divisionNameHeader, headerKey } from '../domain/household-headers';
import { type HouseholdInputField, normaliseHeader } from '../domain/household-input';
import type { LocateCell } from './csv/errors-file';
import { CsvReadError, openHouseholdCsv } from './csv/household-csv';
import { openXlsxTable } from './xlsx/sheet-table';
import { WorkbookReadError } from './xlsx/zip-directory';

/** The file can't be read at all (one line for the officer). */
export class FileReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FileReadError';
  }
}

export interface TableRowIn {
  rowNumber: number;
  record: Record<string, string>;
  problems?: { field: string; message: string }[];
}

export interface TableFile<F extends string> {
  kind: 'csv' | 'xlsx';
  columns: Partial<Record<F, string>>;
  warnings: string[];
  rows: AsyncIterable<TableRowIn>;
  locate?: LocateCell;
}

export type HouseholdFile = TableFile<HouseholdInputField | DivisionNameField>;
export type HouseholdRowIn = TableRowIn;

export const isWorkbookPath = (path: string) => /\.xlsx?$/i.test(path);

/** Rows that fail while streaming (a workbook cut short half-way) surface as FileReadError too. */
async function* guarded<T>(rows: AsyncIterable<T>): AsyncGenerator<T> {
  try {
    yield* rows;
  } catch (e) {
    if (e instanceof WorkbookReadError || e instanceof CsvReadError) throw new FileReadError(e.message);
    throw e;
  }
}

export interface TableOptions<F extends string> {
  normalise: (header: string) => F | null;
  /** The column every row has (its header row is found by it in a workbook). */
  keyField: F;
  keyHeader: string;
  /** The worksheet of a workbook (default: the first). */
  sheet?: string;
}

export async function openTableFile<F extends string>(
  path: string,
  options: TableOptions<F>,
): Promise<TableFile<F>> {
  try {
    if (!isWorkbookPath(path)) {
      const csv = await openHouseholdCsv<F>(path, options.normalise);
      return { kind: 'csv', columns: csv.columns, warnings: csv.warnings, rows: guarded(csv.rows) };
    }
    const table = await openXlsxTable<F>(path, options);
    return {
      kind: 'xlsx',
      columns: table.columns,
      warnings: table.warnings,
      rows: guarded(table.rows as AsyncIterable<TableRowIn>),
      locate: (r) => ({ sheet: table.sheetName, cell: `${table.letters.get(r.column) ?? ''}${r.row}` }),
    };
  } catch (e) {
    if (e instanceof WorkbookReadError || e instanceof CsvReadError) throw new FileReadError(e.message);
    throw e;
  }
}

export interface OpenOptions {
  /** The worksheet of a workbook (default: the first). */
  sheet?: string;
  /** A county's own header names (`--columns map.json`, resolved): header key → field; before the usual names. */
  columnMap?: ReadonlyMap<string, HouseholdInputField>;
}

export function openHouseholdFile(path: string, options: OpenOptions = {}): Promise<HouseholdFile> {
  const { columnMap } = options;
  const normalise = (header: string): HouseholdInputField | DivisionNameField | null =>
    columnMap?.get(headerKey(header)) ?? normaliseHeader(header) ?? divisionNameHeader(header);
  return openTableFile<HouseholdInputField | DivisionNameField>(path, {
    normalise,
    keyField: 'householdId',
    keyHeader: '户编号',
    ...(options.sheet === undefined ? {} : { sheet: options.sheet }),
  });
}
