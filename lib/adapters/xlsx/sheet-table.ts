// A worksheet as a table of records (interface.md "Additions of December 2026", Excel): the header row is
// found by its column names among the first rows, so title rows above it (表头上方的标题行) are skipped; a
// two-row header (a group cell over sub-headers) is read as one; rows between the header and the first
// data row whose key cell is empty (a units row, 单位行, or a column-number row) are skipped. Records are
// keyed by field name, with the problems of cells Excel already mangled, and every column's letter.
import { mapHeader } from '../csv/household-csv';
import { type CellText, columnLetter, type OpenSheet, openSheet, WorkbookReadError } from './sheet-reader';

/** Rows looked at for the header. */
const HEADER_SEARCH_ROWS = 30;

export interface TableRow<F extends string> {
  /** Excel's row number. */
  rowNumber: number;
  record: Partial<Record<F, string>>;
  /** Cells that cannot be read as shown (a long number Excel rounded, an error value). */
  problems: { field: F; message: string }[];
}

export interface XlsxTable<F extends string> {
  sheetName: string;
  headerRow: number;
  /** Each mapped field → its header as written. */
  columns: Partial<Record<F, string>>;
  /** Header as written → column letter (errors name the cell). */
  letters: Map<string, string>;
  warnings: string[];
  rows: AsyncIterable<TableRow<F>>;
}

const textOf = (c: CellText | undefined) => (c && 'text' in c ? c.text.trim() : '');

export async function openXlsxTable<F extends string>(
  path: string,
  options: { normalise: (header: string) => F | null; keyField: F; keyHeader: string; sheet?: string },
): Promise<XlsxTable<F>> {
  const sheet: OpenSheet = await openSheet(path, options.sheet === undefined ? {} : { sheet: options.sheet });
  const iterator = sheet.rows[Symbol.asyncIterator]();
  const where = `sheet "${sheet.sheetName}" of ${path}`;
  const knownIn = (cells: CellText[]) => cells.map((c) => options.normalise(textOf(c)));

  let header: { rowNumber: number; cells: CellText[] } | null = null;
  let pending: { rowNumber: number; cells: CellText[] } | null = null;
  let seen = 0;
  let any = false;
  for (;;) {
    const next = await iterator.next();
    if (next.done) break;
    const { rowNumber, cells } = next.value;
    if (cells.some((c) => 'problem' in c || c.text.trim() !== '')) any = true;
    if (header) {
      // A second header row (sub-headers under a merged group cell) completes the first one.
      const lower = knownIn(cells);
      if (lower.some((f, i) => f !== null && knownIn(header!.cells)[i] !== f)) {
        const upper = header.cells;
        const combined = cells.map((c, i) => (lower[i] !== null ? c : (upper[i] ?? c)));
        for (let i = cells.length; i < upper.length; i++) combined[i] = upper[i] as CellText;
        header = { rowNumber, cells: combined };
      } else pending = next.value;
      break;
    }
    const known = knownIn(cells);
    if (known.includes(options.keyField) && known.filter((f) => f !== null).length >= 2) header = next.value;
    else if (++seen >= HEADER_SEARCH_ROWS) break;
  }
  if (!any) throw new WorkbookReadError(`${where} is empty`);
  if (!header) {
    throw new WorkbookReadError(
      `${where} has no header row in its first ${HEADER_SEARCH_ROWS} rows (expected column names such as ${options.keyHeader} or ${options.keyField})`,
    );
  }

  const headerTexts = header.cells.map(textOf);
  const { columns, indexOf, warnings } = mapHeader(headerTexts, options.normalise);
  const letters = new Map<string, string>();
  for (const [i] of indexOf) letters.set(headerTexts[i] as string, columnLetter(i));
  const keyIndex = indexOf.find(([, f]) => f === options.keyField)?.[0] as number;

  async function* rows(): AsyncGenerator<TableRow<F>> {
    let dataStarted = false;
    let first = pending;
    for (;;) {
      let row = first;
      first = null;
      if (!row) {
        const next = await iterator.next();
        if (next.done) return;
        row = next.value;
      }
      const { rowNumber, cells } = row;
      if (cells.every((c) => 'text' in c && c.text.trim() === '')) continue;
      if (!dataStarted && textOf(cells[keyIndex]) === '' && !('problem' in (cells[keyIndex] ?? { text: '' })))
        continue; // units row (单位行) or column numbers under the header
      dataStarted = true;
      const record: Partial<Record<F, string>> = {};
      const problems: { field: F; message: string }[] = [];
      for (const [i, field] of indexOf) {
        const cell = cells[i] ?? { text: '' };
        if ('problem' in cell) problems.push({ field, message: cell.problem });
        else record[field] = cell.text;
      }
      yield { rowNumber, record, problems };
    }
  }
  return {
    sheetName: sheet.sheetName,
    headerRow: header.rowNumber,
    columns,
    letters,
    warnings,
    rows: rows(),
  };
}
