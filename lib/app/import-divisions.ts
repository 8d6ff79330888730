// `fanpin import divisions FILE` (interface.md "Additions of December 2026", Administrative divisions):
// registers a county's townships and villages with their names. A row is a 6-, 9- or 12-digit code and a
// name; the parent follows from the code. A village's township must be registered (in the file or before);
// a township's county need not be (the county is its code). A code twice in the file is reported on the
// later row; a name change is audited (`division_renamed`, before/after), as is a first registration
// (`division_registered`). Re-importing the same file writes nothing. A rejected row never stops the others.
import { countyOf } from '../domain/division-code';
import { type Division, type DivisionInputField, parseDivisionRow } from '../domain/divisions';
import type { Actor, Instant } from '../domain/model';
import type { Store } from '../ports/store';
import { registerDivisions } from './divisions';
import { type ImportRow, type ImportSummary, type RejectedRow, rowReadable } from './import-households';

export interface ImportDivisionsOptions {
  at: Instant;
  actor: Actor;
  /** Field → header as written in the file. */
  columns?: Partial<Record<DivisionInputField, string>>;
  /** Only codes of this county are taken (the importing officer's county); others are rejected. */
  county?: string;
  newId: () => string;
  onProgress?: (summary: Readonly<ImportSummary>) => void;
}

export interface ImportDivisionsResult {
  summary: ImportSummary;
  rejectedRows: RejectedRow[];
}

export async function importDivisions(
  store: Pick<Store, 'divisions' | 'append'>,
  rows: AsyncIterable<ImportRow> | Iterable<ImportRow>,
  options: ImportDivisionsOptions,
): Promise<ImportDivisionsResult> {
  const columnOf = (field: string) => options.columns?.[field as DivisionInputField] ?? field;
  const summary: ImportSummary = { read: 0, created: 0, updated: 0, unchanged: 0, rejected: 0 };
  const rejectedRows: RejectedRow[] = [];
  const reject = (row: number, field: string, reason: string) =>
    rejectedRows.push({ row, column: columnOf(field), reason });

  // A divisions file is small (a county has some hundreds of villages): read it whole, then check parents.
  const valid: { rowNumber: number; division: Division }[] = [];
  const firstRow = new Map<string, number>();
  for await (const { rowNumber, record, problems = [] } of rows) {
    summary.read++;
    const parsed = parseDivisionRow(record);
    if (!rowReadable(rowNumber, problems, parsed, reject)) {
      summary.rejected++;
      continue;
    }
    const d = parsed.value;
    if (options.county !== undefined && countyOf(d.code) !== options.county) {
      summary.rejected++;
      reject(rowNumber, 'code', `${d.code} is outside county ${options.county}`);
      continue;
    }
    const earlier = firstRow.get(d.code);
    if (earlier !== undefined) {
      summary.rejected++;
      reject(rowNumber, 'code', `code ${d.code} repeats row ${earlier}`);
      continue;
    }
    firstRow.set(d.code, rowNumber);
    valid.push({ rowNumber, division: d });
  }

  const counties = [...new Set(valid.map((v) => countyOf(v.division.code)))];
  const stored = new Map<string, Division>();
  for (const c of counties) for (const d of await store.divisions.listCounty(c)) stored.set(d.code, d);
  const inFile = new Set(valid.map((v) => v.division.code));

  const accepted: { rowNumber: number; division: Division }[] = [];
  for (const v of valid) {
    const { parentCode, level } = v.division;
    if (level === 'village' && parentCode && !inFile.has(parentCode) && !stored.has(parentCode)) {
      summary.rejected++;
      reject(v.rowNumber, 'code', `unknown parent township ${parentCode} of ${v.division.code}`);
      continue;
    }
    accepted.push(v);
  }
  const result = await registerDivisions(
    store,
    accepted.map((a) => a.division),
    stored,
    options,
  );
  summary.created += result.created;
  summary.updated += result.updated;
  summary.unchanged += result.unchanged;
  options.onProgress?.(summary);
  rejectedRows.sort((a, b) => a.row - b.row);
  return { summary, rejectedRows };
}
