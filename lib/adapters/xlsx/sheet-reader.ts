// One worksheet of an .xlsx, streamed row by row with exceljs's WorkbookReader (ADR 0014): the first sheet
// or the one named; merged cells filled from their top-left cell (the merge list is read first from the
// sheet's XML, since it follows the rows); every cell turned into the text the officer sees in Excel —
// a date cell as YYYY-MM-DD, a number as its digits — or a problem when Excel has already lost what was
// typed (a long number such as an ID number stored as a number: 5.32931E+17).
import ExcelJS from 'exceljs';
import { entryStream, entryText, readZipDirectory, WorkbookReadError, type ZipEntry } from './zip-directory';

export { WorkbookReadError };

export interface SheetInfo {
  name: string;
  /** N of xl/worksheets/sheetN.xml (exceljs's worksheet id). */
  sheetNo: string;
  entry: ZipEntry;
}

/** A cell as read: its text, or why it cannot be used. */
export type CellText = { text: string } | { problem: string };

export interface SheetRow {
  /** Excel's row number (1-based). */
  rowNumber: number;
  /** Index 0 = column A. */
  cells: CellText[];
}

export interface OpenSheet {
  sheetName: string;
  rows: AsyncIterable<SheetRow>;
}

interface MergeRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

function decodeRef(ref: string): { row: number; col: number } | null {
  const m = /^\$?([A-Z]+)\$?(\d+)$/.exec(ref);
  if (!m) return null;
  let col = 0;
  for (const ch of m[1] as string) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]), col: col - 1 };
}

const unescapeXml = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** The workbook's sheets in tab order. */
export async function listSheets(path: string, entries: Map<string, ZipEntry>): Promise<SheetInfo[]> {
  const workbook = await entryText(path, entries.get('xl/workbook.xml') as ZipEntry);
  const relsEntry = entries.get('xl/_rels/workbook.xml.rels');
  const rels = relsEntry ? await entryText(path, relsEntry) : '';
  const targets = new Map<string, string>();
  for (const m of rels.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = /\bId="([^"]+)"/.exec(m[0])?.[1];
    const target = /\bTarget="([^"]+)"/.exec(m[0])?.[1];
    if (id && target) targets.set(id, target.replace(/^\/?(xl\/)?/, 'xl/'));
  }
  const sheets: SheetInfo[] = [];
  for (const m of workbook.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const name = /\bname="([^"]*)"/.exec(m[0])?.[1];
    const rid = /\br:id="([^"]+)"/.exec(m[0])?.[1] ?? /\b\w+:id="([^"]+)"/.exec(m[0])?.[1];
    const target = rid ? targets.get(rid) : undefined;
    const sheetNo = target ? /^xl\/worksheets\/sheet(\d+)\.xml$/.exec(target)?.[1] : undefined;
    const entry = target ? entries.get(target) : undefined;
    if (name !== undefined && sheetNo && entry) sheets.push({ name: unescapeXml(name), sheetNo, entry });
  }
  return sheets;
}

/** The merged ranges of a sheet: `<mergeCell ref="A1:H1"/>` elements, after the rows in the XML. */
async function scanMerges(path: string, entry: ZipEntry): Promise<MergeRange[]> {
  const ranges: MergeRange[] = [];
  let carry = '';
  try {
    for await (const chunk of await entryStream(path, entry)) {
      const text = carry + (chunk as Buffer).toString('latin1');
      for (const m of text.matchAll(/<mergeCell\s+ref="([A-Z$0-9]+):([A-Z$0-9]+)"/g)) {
        const a = decodeRef(m[1] as string);
        const b = decodeRef(m[2] as string);
        if (a && b) ranges.push({ top: a.row, left: a.col, bottom: b.row, right: b.col });
      }
      carry = text.slice(-64);
      // A tag cut by the chunk boundary is completed by the next chunk; one wholly in the carry was counted.
      const lastOpen = carry.lastIndexOf('<mergeCell');
      carry = lastOpen >= 0 && !carry.slice(lastOpen).includes('/>') ? carry.slice(lastOpen) : '';
    }
  } catch (e) {
    if (e instanceof WorkbookReadError) throw e;
    throw new WorkbookReadError(`${path} is corrupt: its sheet cannot be unpacked`);
  }
  return ranges.sort((x, y) => x.top - y.top);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** A cell value from exceljs → what Excel shows. */
export function cellText(value: unknown): CellText {
  if (value === null || value === undefined) return { text: '' };
  if (typeof value === 'string') return { text: value };
  if (typeof value === 'boolean') return { text: value ? 'true' : 'false' };
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { text: '' };
    if (Math.abs(value) >= 1e15) {
      const shown = value.toExponential(5).toUpperCase().replace(/E\+?/, 'E+');
      return {
        problem: `stored as a number, shows as ${shown}: digits past the 15th are lost; format the column as text and enter it again`,
      };
    }
    return { text: String(Number.isInteger(value) ? value : Number(value.toPrecision(15))) };
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return { text: '' };
    return { text: `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}` };
  }
  if (typeof value === 'object') {
    const v = value as {
      richText?: { text: string }[];
      formula?: string;
      sharedFormula?: string;
      result?: unknown;
      error?: string;
      text?: unknown;
    };
    if (Array.isArray(v.richText)) return { text: v.richText.map((r) => r.text).join('') };
    if (v.error !== undefined) return { problem: `the cell shows the error ${v.error}` };
    if (v.formula !== undefined || v.sharedFormula !== undefined) {
      if (v.result === undefined)
        return { problem: 'a formula without a saved result: open and save the file in Excel' };
      return cellText(v.result);
    }
    if (v.text !== undefined) return cellText(v.text);
  }
  return { text: String(value) };
}

/** Opens the first sheet (or `sheet`) and streams its rows; throws WorkbookReadError when it can't. */
export async function openSheet(path: string, options: { sheet?: string } = {}): Promise<OpenSheet> {
  const entries = await readZipDirectory(path);
  const sheets = await listSheets(path, entries);
  if (sheets.length === 0) throw new WorkbookReadError(`${path} has no worksheet`);
  const chosen = options.sheet === undefined ? sheets[0] : sheets.find((s) => s.name === options.sheet);
  if (!chosen) {
    throw new WorkbookReadError(
      `${path} has no sheet named "${options.sheet}" (its sheets: ${sheets.map((s) => `"${s.name}"`).join(', ')})`,
    );
  }
  const merges = await scanMerges(path, chosen.entry);
  const { sheetNo } = chosen;

  async function* rows(): AsyncGenerator<SheetRow> {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
      worksheets: 'emit',
      sharedStrings: 'cache',
      styles: 'cache',
      hyperlinks: 'ignore',
      entries: 'ignore',
    });
    const masters = new Map<MergeRange, CellText>();
    let next = 0; // merges[0..next) have started
    const active: MergeRange[] = [];
    try {
      for await (const worksheet of reader) {
        if (String((worksheet as unknown as { id: string | number }).id) !== sheetNo) continue;
        for await (const row of worksheet) {
          const values = row.values as unknown[];
          const cells: CellText[] = [];
          for (let c = 1; c < values.length; c++) cells[c - 1] = cellText(values[c]);
          while (next < merges.length && (merges[next] as MergeRange).top <= row.number)
            active.push(merges[next++] as MergeRange);
          for (let i = active.length - 1; i >= 0; i--) {
            const m = active[i] as MergeRange;
            if (m.bottom < row.number) {
              active.splice(i, 1);
              masters.delete(m);
              continue;
            }
            if (m.top === row.number) masters.set(m, cells[m.left] ?? { text: '' });
            const master = masters.get(m) ?? { text: '' };
            for (let c = m.left; c <= m.right; c++)
              if (!(m.top === row.number && c === m.left)) cells[c] = master;
          }
          for (let c = 0; c < cells.length; c++) cells[c] ??= { text: '' };
          yield { rowNumber: row.number, cells };
        }
        return;
      }
    } catch (e) {
      if (e instanceof WorkbookReadError) throw e;
      throw new WorkbookReadError(`${path} is corrupt: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  return { sheetName: chosen.name, rows: rows() };
}
