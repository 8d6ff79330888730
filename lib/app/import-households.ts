// CSV import (interface.md "Household CSV"): an upsert keyed by householdId. Every row is validated with
// the one household input schema, applied with householdFromInput and graded at once through the bulk path
// of applyHouseholdChange; a rejected row never stops the others and is reported field by field.
// Households are written in chunks WITHOUT counter deltas in their writes — new ones by batch writes
// (createMany, ADR 0017), the others by packed transactions (commitMany, ADR 0008) — and each chunk's counter
// deltas, summed per village, are then added in one transaction with their townships' roll-ups (ADR 0021;
// concurrent transactions on one village counter would cancel each other). `recount` recounts every touched
// village at the end instead.
// Re-importing the same file writes nothing. D1, D2 as for PUT /v1/households/{id} (upsert-rules.ts): a row
// that gives an existing household a different status, or a lastVisitDate that would move the schedule of
// a household with visit records, is rejected (column status / lastVisitDate) and nothing of it written.

import type { Division } from '../domain/divisions';
import { DomainError } from '../domain/errors';
import { householdFromInput } from '../domain/household-from-input';
import { type HouseholdInputField, householdFields, parseHouseholdInput } from '../domain/household-input';
import type { Actor, Household, Instant, Measure } from '../domain/model';
import { defaultPolicy } from '../domain/policy';
import { localDateOf } from '../domain/time';
import { IdNumberVaultUnavailable } from '../ports/id-number-vault';
import { type Change, type CommitOutcome, isBulkCreation } from '../ports/unit-of-work';
import {
  type HouseholdChangeDeps,
  type PlannedHouseholdChange,
  planHouseholdChange,
  withoutCases,
} from './apply-household-change';
import { divisionsFromHouseholdRow, registerDivisions, villageCodeCheck } from './divisions';
import { inputMeasureWrites } from './household-measures';
import {
  addCounterDeltas,
  type CounterEntry,
  CounterTally,
  recountVillages,
  withoutCaseCounters,
} from './import-counters';
import { headIdOf } from './seal-id-number';
import { checkUpsert, given } from './upsert-rules';

export interface ImportRow {
  /** Row number as in the file (header = row 1). */
  rowNumber: number;
  /** Cells keyed by field name (householdId, villageCode…). */
  record: Record<string, string>;
  /** Cells the reader could not take as shown (an .xlsx ID number Excel stored as a number): the row is rejected. */
  problems?: { field: string; message: string }[];
}

export interface ImportSummary {
  read: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** Rows imported with a warning (a head ID number another household of the file has), households only. */
  warnings?: number;
}

/** One line per failing field of a rejected row. */
export interface RejectedRow {
  row: number;
  /** The column as written in the file's header (English or Chinese). */
  column: string;
  reason: string;
}

export interface ImportOptions {
  /** Grades as of this instant; dates in the file may not be after its local date. */
  asOf: Instant;
  actor: Actor;
  /** Field → header as written in the file; defaults to the English field name. */
  columns?: Partial<Record<HouseholdInputField, string>>;
  onProgress?: (summary: Readonly<ImportSummary>) => void;
  /** Rows per chunk (one getMany; its writes in flight together). Default 400. */
  chunkSize?: number;
  /** Transactions in flight per chunk. Default 8. */
  concurrency?: number;
  /** Measures to give a NEW household built from its row, besides its measures column (the demo seed). */
  newMeasures?: (household: Household) => Measure[];
  /** The importing officer's county: a row of a village elsewhere is rejected. */
  county?: string;
  /** Recount every touched village at the end (read back and replaced) instead of adding the rows'
   *  counter deltas chunk by chunk (ADR 0021). */
  recount?: boolean;
}

export interface ImportResult {
  summary: ImportSummary;
  rejectedRows: RejectedRow[];
  /** Rows imported with a warning (written to the errors file beside the rejected ones). */
  warningRows: RejectedRow[];
  /** Villages whose households the import wrote (their counters adjusted). */
  villages: string[];
  /** Villages recounted at the end: every touched one with `recount`, else those a failed write left
   *  uncertain (a batch that failed part way, a counter update that failed). */
  recounted: string[];
}

interface Valid {
  rowNumber: number;
  input: Extract<ReturnType<typeof parseHouseholdInput>, { ok: true }>['value'];
  /** The row's status cell holds a value (D1: an existing household keeps its status otherwise). */
  statusGiven: boolean;
}

/** D1, D2: the row may not change this existing household; it is rejected on `field`'s column. */
class RowRefused extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export async function importHouseholds(
  deps: HouseholdChangeDeps,
  rows: AsyncIterable<ImportRow> | Iterable<ImportRow>,
  options: ImportOptions,
): Promise<ImportResult> {
  const { asOf } = options;
  const asOfDate = localDateOf(asOf, defaultPolicy.timezone);
  const chunkSize = options.chunkSize ?? 400;
  const columnOf = (field: string) => options.columns?.[field as HouseholdInputField] ?? field;
  const summary: ImportSummary = { read: 0, created: 0, updated: 0, unchanged: 0, rejected: 0 };
  const rejectedRows: RejectedRow[] = [];
  const reject = (row: number, field: string, reason: string) =>
    rejectedRows.push({ row, column: columnOf(field), reason });
  // householdId → the row that first had it (a later repeat is rejected).
  const firstRow = new Map<string, number>();
  const touched = new Set<string>();
  const counts: ChunkCounters = {
    recount: options.recount === true,
    uncertain: new Set(),
    attempted: new Set(),
  };
  // Administrative divisions: the village must be in the officer's county and, once its county has
  // divisions, among them; the 乡镇/村 name columns register names (registered before the chunk is written).
  const checkVillage = villageCodeCheck(deps.store, options.county);
  const names = divisionNamesOfFile(deps, options);
  // The same head ID number on two households makes department alerts ambiguous (§10): a warning row.
  const headIdRow = new Map<string, { row: number; householdId: string }>();
  const warningRows: RejectedRow[] = [];

  let chunk: Valid[] = [];
  // Three chunks in flight: one is written while the next are read, planned and written (their rows are other
  // households: a repeated householdId is rejected above), so the store is never idle between chunks.
  const inFlight: Promise<void>[] = [];
  const flush = async () => {
    if (chunk.length === 0) return;
    // The names the chunk's rows carry are registered before its households are written.
    await names.flush();
    const rowsOfChunk = chunk;
    chunk = [];
    if (inFlight.length >= 3) await inFlight.shift();
    const writing = writeChunk(deps, rowsOfChunk, options, touched, counts).then((outcome) => {
      for (const [rowNumber, result] of outcome) {
        if (result.kind === 'rejected') {
          summary.rejected++;
          reject(rowNumber, result.field ?? 'householdId', result.reason);
        } else summary[result.kind]++;
      }
      options.onProgress?.(summary);
    });
    writing.catch(() => undefined); // awaited below; its failure stops the import there
    inFlight.push(writing);
  };

  try {
    for await (const { rowNumber, record, problems = [] } of rows) {
      summary.read++;
      const parsed = parseHouseholdInput(record, { asOfDate });
      if (!rowReadable(rowNumber, problems, parsed, reject)) {
        summary.rejected++;
        continue;
      }
      const id = parsed.value.householdId;
      const earlier = firstRow.get(id);
      if (earlier !== undefined) {
        summary.rejected++;
        reject(rowNumber, 'householdId', `householdId repeats row ${earlier}`);
        continue;
      }
      firstRow.set(id, rowNumber);
      const named = { townshipName: record.townshipName, villageName: record.villageName };
      const villageProblem = await checkVillage(parsed.value.villageCode, {
        named: !!named.villageName?.trim(),
      });
      if (villageProblem) {
        summary.rejected++;
        reject(rowNumber, 'villageCode', villageProblem);
        continue;
      }
      names.add(parsed.value.villageCode, named);
      // An import row always gives the number (keepIdNumber is for API updates only).
      const headId = (parsed.value.headIdNumber ?? '').trim().toUpperCase();
      const sameHead = headIdRow.get(headId);
      if (sameHead && sameHead.householdId !== id) {
        summary.warnings = (summary.warnings ?? 0) + 1;
        warningRows.push({
          row: rowNumber,
          column: columnOf('headIdNumber'),
          reason: `warning: headIdNumber is also the head of household ${sameHead.householdId} (row ${sameHead.row}); the row was imported`,
        });
      } else if (!sameHead) headIdRow.set(headId, { row: rowNumber, householdId: id });
      chunk.push({ rowNumber, input: parsed.value, statusGiven: given(record.status) });
      if (chunk.length >= chunkSize) await flush();
    }
    await flush();
    for (const writing of inFlight) await writing;
  } catch (e) {
    // The import stopped part way (a chunk could not be read, sealed or written): the chunks in flight
    // finish, then every touched village is recounted, since a chunk's rows may be stored without their
    // counter deltas (ADR 0021). A recount that fails too is left to the next daily sweep's recount.
    await Promise.allSettled(inFlight);
    await recountVillages(deps.store, [...counts.attempted].sort(), asOf).catch(() => undefined);
    throw e;
  }
  await names.flush();

  const villages = [...touched].sort();
  const recounted = counts.recount ? villages : [...counts.uncertain].sort();
  await recountVillages(deps.store, recounted, asOf);
  // Counties whose counters predate the township roll-ups get them (ADR 0016; one read once they exist).
  const ensured = new Set(recounted.map((v) => v.slice(0, 6)));
  for (const county of new Set(villages.map((v) => v.slice(0, 6))))
    if (!ensured.has(county)) await deps.store.counters.ensureRollups(county);
  rejectedRows.sort((a, b) => a.row - b.row || fieldOrder(a.column, options) - fieldOrder(b.column, options));
  return { summary, rejectedRows, warningRows, villages, recounted };
}

/** How a chunk's counters are kept: its deltas added (the default), or recounted at the end. */
interface ChunkCounters {
  recount: boolean;
  /** Villages a failed write left uncertain: recounted at the end. */
  uncertain: Set<string>;
  /** Villages of every row sent to the store: recounted if the import stops part way. */
  attempted: Set<string>;
}

/** The township and village names a household file carries, registered chunk by chunk (new or renamed only). */
function divisionNamesOfFile(deps: HouseholdChangeDeps, options: ImportOptions) {
  const pending = new Map<string, Division>();
  const stored = new Map<string, Division>();
  const readCounties = new Set<string>();
  return {
    add(villageCode: string, names: { townshipName?: string | undefined; villageName?: string | undefined }) {
      for (const d of divisionsFromHouseholdRow(villageCode, names)) {
        if (stored.get(d.code)?.name !== d.name) pending.set(d.code, d);
      }
    },
    async flush() {
      if (pending.size === 0) return;
      const divisions = [...pending.values()];
      pending.clear();
      for (const c of new Set(divisions.map((d) => d.code.slice(0, 6)))) {
        if (readCounties.has(c)) continue;
        for (const d of await deps.store.divisions.listCounty(c)) stored.set(d.code, d);
        readCounties.add(c);
      }
      await registerDivisions(deps.store, divisions, stored, {
        at: options.asOf,
        actor: options.actor,
        newId: deps.newId,
      });
      for (const d of divisions) stored.set(d.code, d);
    },
  };
}

function fieldOrder(column: string, options: ImportOptions): number {
  const i = householdFields.findIndex((f) => (options.columns?.[f.field] ?? f.field) === column);
  return i < 0 ? householdFields.length : i;
}

type RowOutcome =
  | { kind: 'unchanged' }
  /** Written, with the counter deltas of what was written. */
  | { kind: 'created' | 'updated'; counters: CounterEntry[] }
  /** `uncertain`: the write failed in a way that may have written part of the row (its villages are
   *  recounted); otherwise nothing of it was written. */
  | { kind: 'rejected'; reason: string; field?: string; uncertain?: boolean };

/** A planned change to write, its counter deltas apart (bulk writes carry none: ADR 0021). */
interface Pending {
  row: Valid;
  before: Household | null;
  change: Change;
  counters: CounterEntry[];
}

/** Splits the counter deltas off a planned change. */
function apart(change: Change): { change: Change; counters: CounterEntry[] } {
  const { counters = [], ...rest } = change;
  return { change: rest, counters };
}

/**
 * The file's status is what the office recorded; a lead raised by the system since moved the household
 * to candidate. Importing the same status again must not undo that lead (nor re-raise it: idempotency).
 */
function keepSystemLead(input: Valid['input'], existing: Household | null): Valid['input'] {
  if (
    existing?.status === 'candidate' &&
    existing.lead?.source !== 'village' &&
    input.status === existing.candidateFrom
  )
    return { ...input, status: 'candidate' };
  return input;
}

async function plan(
  deps: HouseholdChangeDeps,
  row: Valid,
  existing: Household | null,
  options: ImportOptions,
): Promise<PlannedHouseholdChange> {
  // D1, D2 (the same check as PUT /v1/households/{id}): the row is rejected and nothing of it written.
  const checked = await checkUpsert(
    deps.store,
    existing,
    keepSystemLead(row.input, existing),
    row.statusGiven,
  );
  if (!checked.ok) throw new RowRefused(checked.refusal.field, checked.refusal.message);
  // D8: a household the national system lists as 识别中 arrives with an import lead (3 working days).
  // D16: sealed here (a changed or new number only; the data key is cached, see envelope-vault.ts).
  const headId = await headIdOf(deps.idNumbers, checked.input, existing);
  const built = householdFromInput(checked.input, existing, {
    at: options.asOf,
    leadSource: 'import',
    headId,
  });
  // The measures column adds the entries the household does not have yet (as records of their own).
  const extra = existing === null && options.newMeasures ? options.newMeasures(built) : [];
  const writes = await inputMeasureWrites(deps.store, checked.input, built, existing, extra);
  return planHouseholdChange(
    deps,
    {
      before: existing,
      after: writes.household,
      ...(writes.records.length ? { measures: writes.records } : {}),
      at: options.asOf,
      actor: options.actor,
      auditType: 'household_imported',
      auditData: { row: row.rowNumber },
      ...(existing === null ? { openCases: [] } : {}),
    },
    // The deltas are planned with the change (the ones a single change adds) and added per chunk.
    { counters: true, compactAudit: true },
  );
}

async function writeChunk(
  deps: HouseholdChangeDeps,
  rows: Valid[],
  options: ImportOptions,
  touched: Set<string>,
  counts: ChunkCounters,
): Promise<Map<number, RowOutcome>> {
  const out = new Map<number, RowOutcome>();
  const existing = await deps.store.households.getMany(rows.map((r) => r.input.householdId));
  const pending: Pending[] = [];
  for (const row of rows) {
    const before = existing.get(row.input.householdId) ?? null;
    try {
      const planned = await plan(deps, row, before, options);
      if (!planned.change) out.set(row.rowNumber, { kind: 'unchanged' });
      else pending.push({ row, before, ...apart(planned.change) });
    } catch (e) {
      out.set(row.rowNumber, rejectedBy(e));
    }
  }
  // New households (no item, nothing conditional in their change) go by batch writes (ADR 0017); the rest —
  // updates, and new households whose row raises a lead case (its dedup lock is conditional) — by packed
  // transactions (ADR 0008).
  const bulk = new Set(pending.filter((p) => p.before === null && isBulkCreation(p.change)));
  const transacted = pending.filter((p) => !bulk.has(p));
  const villagesOf = (p: Pending) => [p.row.input.villageCode, ...(p.before ? [p.before.villageCode] : [])];
  for (const p of pending) for (const v of villagesOf(p)) counts.attempted.add(v);
  const tally = new CounterTally();
  const concurrency = options.concurrency ?? 8;
  const [created, committed] = await Promise.all([
    bulk.size
      ? deps.store.createMany(
          [...bulk].map((p) => p.change),
          { concurrency },
        )
      : [],
    transacted.length
      ? deps.store.commitMany(
          transacted.map((p) => p.change),
          { concurrency },
        )
      : [],
  ]);
  const results = new Map<Pending, CommitOutcome | Error>();
  for (const [i, p] of [...bulk].entries()) results.set(p, created[i] as CommitOutcome | Error);
  for (const [i, p] of transacted.entries()) results.set(p, committed[i] as CommitOutcome | Error);
  for (const p of pending) {
    const result = results.get(p) as CommitOutcome | Error;
    const outcome: RowOutcome = bulk.has(p)
      ? result instanceof Error
        ? { ...rejectedBy(result), uncertain: true } // some of its batch may be written (ADR 0017)
        : { kind: 'created', counters: p.counters }
      : await settle(deps, p, result, options);
    out.set(p.row.rowNumber, outcome);
    const villagesOfRow = villagesOf(p);
    if (outcome.kind === 'created' || outcome.kind === 'updated') {
      for (const v of villagesOfRow) touched.add(v);
      tally.add(outcome.counters);
    } else if (outcome.kind === 'rejected' && outcome.uncertain)
      for (const v of villagesOfRow) counts.uncertain.add(v);
  }
  // ADR 0021: the chunk's deltas, summed per village, in one transaction with their roll-ups (or a few),
  // right after its rows are written; a failed one leaves its villages to the recount at the end.
  if (!counts.recount)
    for (const unit of await addCounterDeltas(deps.store, tally)) counts.uncertain.add(unit);
  return out;
}

/** A committed change, a lead case already open (write without it), or a conflict (re-read and retry once). */
async function settle(
  deps: HouseholdChangeDeps,
  p: Pending,
  result: CommitOutcome | Error,
  options: ImportOptions,
): Promise<RowOutcome> {
  const kind = p.before === null ? 'created' : 'updated';
  try {
    if (!(result instanceof Error)) {
      if (result.committed) return { kind, counters: p.counters };
      const again = await commitWithoutHeldCases(deps, p, result.alreadyOpen);
      if (again) return { kind, counters: again };
      return {
        kind: 'rejected',
        reason: 'could not be written (its lead case is already open); import it again',
      };
    }
    if (!(result instanceof DomainError && result.code === 'conflict')) throw result;
    // Someone changed (or created) the household while the import ran: read it again and retry once.
    const before = await deps.store.households.get(p.row.input.householdId);
    const planned = await plan(deps, p.row, before, options);
    if (!planned.change) return { kind: 'unchanged' };
    const again: Pending = { row: p.row, before, ...apart(planned.change) };
    const outcome = await deps.store.commit(again.change);
    const counters = outcome.committed
      ? again.counters
      : await commitWithoutHeldCases(deps, again, outcome.alreadyOpen);
    if (!counters) throw new Error('not committed');
    if (before) p.before = before;
    return { kind: before === null ? 'created' : 'updated', counters };
  } catch (e) {
    // A refused row or a conflict wrote nothing; any other failure may have (a transaction whose outcome
    // is unknown): its villages are recounted.
    const outcome = rejectedBy(e);
    return e instanceof RowRefused || (e instanceof DomainError && e.code === 'conflict')
      ? outcome
      : { ...outcome, uncertain: true };
  }
}

/** Commits a change without the new cases whose dedup keys are held; its counter deltas then, or null. */
async function commitWithoutHeldCases(
  deps: HouseholdChangeDeps,
  p: Pending,
  alreadyOpen: readonly string[],
): Promise<CounterEntry[] | null> {
  const held = new Set(alreadyOpen);
  const dropped = (p.change.openCases ?? []).filter((c) => held.has(c.dedupKey));
  const outcome = await deps.store.commit(withoutCases(p.change, alreadyOpen));
  return outcome.committed ? withoutCaseCounters(p.counters, dropped) : null;
}

function rejectedBy(e: unknown): Extract<RowOutcome, { kind: 'rejected' }> {
  // D16: no key or hash secret is the deployment's problem, not the row's: the import stops.
  if (e instanceof IdNumberVaultUnavailable) throw e;
  return e instanceof RowRefused
    ? { kind: 'rejected', field: e.field, reason: e.message }
    : { kind: 'rejected', reason: reasonOf(e) };
}

/**
 * A row is imported only when the file reader found nothing wrong with its cells (`problems`) and it parses;
 * otherwise each failing field is reported once (a cell problem wins over the parser's word on that field).
 */
export function rowReadable<T>(
  rowNumber: number,
  problems: readonly { field: string; message: string }[],
  parsed: { ok: true; value: T } | { ok: false; errors: readonly { field: string; message: string }[] },
  reject: (row: number, field: string, message: string) => void,
): parsed is { ok: true; value: T } {
  if (parsed.ok && problems.length === 0) return true;
  for (const p of problems) reject(rowNumber, p.field, p.message);
  for (const e of parsed.ok ? [] : parsed.errors)
    if (!problems.some((p) => p.field === e.field)) reject(rowNumber, e.field, e.message);
  return false;
}

function reasonOf(e: unknown): string {
  if (e instanceof DomainError && e.code === 'conflict')
    return 'the household was changed by someone else during the import; import the row again';
  return `could not be written: ${(e as Error)?.message ?? String(e)}`;
}
