// `fanpin import measures FILE` (interface.md "Additions of December 2026"): one assistance measure per
// row, deduplicated by (householdId, type, startDate). A new measure is added to its household through the
// one household change path (applyHouseholdChange), which re-assesses it and resolves its
// measures_missing case once a measure has started (§8, 000 L583); a known measure whose status or note
// differs is updated; the same again writes nothing. A rejected row never stops the others.
import { DomainError } from '../domain/errors';
import {
  importedMeasureId,
  type MeasureInputField,
  type MeasureRowInput,
  measureFields,
  parseMeasureRow,
  sameMeasure,
} from '../domain/measure-input';
import type { Actor, Household, Instant, Measure } from '../domain/model';
import { defaultPolicy } from '../domain/policy';
import { localDateOf } from '../domain/time';
import { pool } from '../pool';
import { applyHouseholdChange, type HouseholdChangeDeps, householdsDiffer } from './apply-household-change';
import { measuresOf, measureWrites } from './household-measures';
import { type ImportRow, type ImportSummary, type RejectedRow, rowReadable } from './import-households';

export interface ImportMeasuresOptions {
  asOf: Instant;
  actor: Actor;
  /** Field → header as written in the file; defaults to the English field name. */
  columns?: Partial<Record<MeasureInputField, string>>;
  onProgress?: (summary: Readonly<ImportSummary>) => void;
  /** Rows per chunk (one getMany). Default 200. */
  chunkSize?: number;
}

export interface ImportMeasuresResult {
  /** created / updated / unchanged count measures (rows), not households. */
  summary: ImportSummary;
  rejectedRows: RejectedRow[];
}

interface Valid {
  rowNumber: number;
  input: MeasureRowInput;
}

type Outcome = 'created' | 'updated' | 'unchanged';

export async function importMeasures(
  deps: HouseholdChangeDeps,
  rows: AsyncIterable<ImportRow> | Iterable<ImportRow>,
  options: ImportMeasuresOptions,
): Promise<ImportMeasuresResult> {
  const asOfDate = localDateOf(options.asOf, defaultPolicy.timezone);
  const columnOf = (field: string) => options.columns?.[field as MeasureInputField] ?? field;
  const summary: ImportSummary = { read: 0, created: 0, updated: 0, unchanged: 0, rejected: 0 };
  const rejectedRows: RejectedRow[] = [];
  const reject = (row: number, field: string, reason: string) =>
    rejectedRows.push({ row, column: columnOf(field), reason });
  const firstRow = new Map<string, number>();
  let chunk: Valid[] = [];

  const flush = async () => {
    if (chunk.length === 0) return;
    const byHousehold = new Map<string, Valid[]>();
    for (const v of chunk)
      byHousehold.set(v.input.householdId, [...(byHousehold.get(v.input.householdId) ?? []), v]);
    const stored = await deps.store.households.getMany([...byHousehold.keys()]);
    await pool([...byHousehold], 8, async ([householdId, group]) => {
      const before = stored.get(householdId) ?? null;
      if (!before) {
        for (const v of group) {
          summary.rejected++;
          reject(v.rowNumber, 'householdId', `no household ${householdId} (import the household first)`);
        }
        return;
      }
      try {
        for (const [, outcome] of await addMeasures(deps, before, group, options)) summary[outcome]++;
      } catch (e) {
        for (const v of group) {
          summary.rejected++;
          reject(v.rowNumber, 'householdId', reasonOf(e));
        }
      }
    });
    chunk = [];
    options.onProgress?.(summary);
  };

  for await (const { rowNumber, record, problems = [] } of rows) {
    summary.read++;
    const parsed = parseMeasureRow(record, { asOfDate });
    if (!rowReadable(rowNumber, problems, parsed, reject)) {
      summary.rejected++;
      continue;
    }
    const { householdId, type, startDate } = parsed.value;
    const key = `${householdId}\u0000${type}\u0000${startDate}`;
    const earlier = firstRow.get(key);
    if (earlier !== undefined) {
      summary.rejected++;
      reject(rowNumber, 'type', `the same measure (household, type, start date) as row ${earlier}`);
      continue;
    }
    firstRow.set(key, rowNumber);
    chunk.push({ rowNumber, input: parsed.value });
    if (chunk.length >= (options.chunkSize ?? 200)) await flush();
  }
  await flush();
  const order = (column: string) => {
    const i = measureFields.findIndex((f) => columnOf(f.field) === column);
    return i < 0 ? measureFields.length : i;
  };
  rejectedRows.sort((a, b) => a.row - b.row || order(a.column) - order(b.column));
  return { summary, rejectedRows };
}

/** The household's measures with the group's rows applied, and what each row did. */
function merged(
  measures: readonly Measure[],
  group: readonly Valid[],
): { measures: Measure[]; outcomes: [number, Outcome][] } {
  const out = [...measures];
  const outcomes: [number, Outcome][] = [];
  for (const { rowNumber, input } of group) {
    const i = out.findIndex((m) => sameMeasure(m, input.type, input.startDate));
    const next: Measure = {
      measureId: i >= 0 ? (out[i] as Measure).measureId : importedMeasureId(input.type, input.startDate),
      type: input.type,
      startDate: input.startDate,
      status: input.status,
      ...(input.note !== null ? { note: input.note } : i >= 0 && out[i]?.note ? { note: out[i]?.note } : {}),
    };
    if (i < 0) {
      out.push(next);
      outcomes.push([rowNumber, 'created']);
    } else if (out[i]?.status === next.status && (out[i]?.note ?? null) === (next.note ?? null)) {
      outcomes.push([rowNumber, 'unchanged']);
    } else {
      out[i] = next;
      outcomes.push([rowNumber, 'updated']);
    }
  }
  return { measures: out, outcomes };
}

async function addMeasures(
  deps: HouseholdChangeDeps,
  stored: Household,
  group: readonly Valid[],
  options: ImportMeasuresOptions,
): Promise<[number, Outcome][]> {
  let before = stored;
  for (let attempt = 0; ; attempt++) {
    // Every measure the household has (its records), read once per household of the chunk.
    const known = await measuresOf(deps.store, before);
    const { measures, outcomes } = merged(known, group);
    const changed = measures.filter((m) => !known.includes(m));
    const { household, records } = measureWrites(before, changed, measures);
    // Nothing new, and the summary already sums the records (a write that missed it is healed here).
    if (records.length === 0 && !householdsDiffer(before, household)) return outcomes;
    try {
      await applyHouseholdChange(deps, {
        before,
        after: household,
        measures: records,
        at: options.asOf,
        actor: options.actor,
        auditType: 'measures_imported',
        auditData: { rows: group.map((v) => v.rowNumber) },
      });
      return outcomes;
    } catch (e) {
      // Someone changed the household while the import ran: read it again and retry once.
      if (!(e instanceof DomainError && e.code === 'conflict') || attempt > 0) throw e;
      const again = await deps.store.households.get(stored.householdId);
      if (!again) throw e;
      before = again;
    }
  }
}

function reasonOf(e: unknown): string {
  if (e instanceof DomainError && e.code === 'conflict')
    return 'the household was changed by someone else during the import; import the row again';
  return `could not be written: ${(e as Error)?.message ?? String(e)}`;
}
