// Per-unit counters behind `GET /v1/units/{code}/summary`: one counter record per village (and one per
// township for township-level cases), so a township or county summary is a handful of reads.
import {
  type CaseKind,
  type CaseLevel,
  caseKinds,
  caseLevels,
  type Grade,
  grades,
  type HouseholdCategory,
  type HouseholdStatus,
  householdCategories,
  householdStatuses,
  type Instant,
  type VisitClass,
  visitClasses,
} from '../domain/model';

/** Flat counter names: what a counter delta adjusts. */
export type CounterKey =
  | 'households'
  | `status.${HouseholdStatus}`
  | `category.${HouseholdCategory}`
  | `grade.${Grade}`
  | 'watch'
  | `overdue.${VisitClass}`
  | `casesByKind.${CaseKind}`
  | `casesByLevel.${CaseLevel}`
  | 'eligibleForElimination';

export const counterKeys: readonly CounterKey[] = [
  'households',
  ...householdStatuses.map((s) => `status.${s}` as const),
  ...householdCategories.map((c) => `category.${c}` as const),
  ...grades.map((g) => `grade.${g}` as const),
  'watch',
  ...visitClasses.map((c) => `overdue.${c}` as const),
  ...caseKinds.map((k) => `casesByKind.${k}` as const),
  ...caseLevels.map((l) => `casesByLevel.${l}` as const),
  'eligibleForElimination',
];

/** Signed adjustments; absent keys are unchanged. */
export type CounterDelta = Partial<Record<CounterKey, number>>;
/** Absolute values; absent keys are 0. */
export type CounterValues = Partial<Record<CounterKey, number>>;

/** The summary fields of interface.md. */
export interface UnitSummary {
  unitCode: string;
  households: number;
  byStatus: Record<HouseholdStatus, number>;
  byCategory: Record<HouseholdCategory, number>;
  byGrade: Record<Grade, number>;
  watch: number;
  overdueByClass: Record<VisitClass, number>;
  openCasesByLevel: Record<CaseLevel, number>;
  openCasesByKind: Record<CaseKind, number>;
  eligibleForElimination: number;
  /** Latest sweep that rewrote any of the unit's counters; null if none did. */
  lastSweepAt: Instant | null;
}

export interface UnitCounts {
  /** A village (12 digits) or a township (9 digits, township-level cases). */
  unitCode: string;
  values: CounterValues;
  /** Bumped by every write; `replace` may require it unchanged. 0 when the record doesn't exist yet. */
  revision: number;
  lastSweepAt: Instant | null;
}

export interface CounterStore {
  /** A village, township or county summary. Unknown units give all zeros. */
  summary(unitCode: string): Promise<UnitSummary>;
  /** The raw counter record of one village or township (0 revision and no values if none). */
  unitCounts(unitCode: string): Promise<UnitCounts>;
  /** The summaries of a county's townships or a township's villages (a township's own record counts for
   *  it), ordered by code: ONE query whatever the number of villages (a county reads its townships'
   *  roll-ups). A village has none. */
  childSummaries(unitCode: string): Promise<UnitSummary[]>;
  /** Unless a county's township roll-ups are complete, recomputes them from its counter items (each
   *  conditional on the roll-up not moving meanwhile) and marks them complete: for counties whose counters
   *  predate the roll-ups (the sweeps and the import call it). Stores without roll-ups do nothing. */
  ensureRollups(countyCode: string): Promise<void>;
  /** A sweep's recount of a village (or township). With `expectedRevision`, throws DomainError('conflict')
   *  if a single-household change adjusted the counters since the sweep read them. */
  replace(
    unitCode: string,
    values: CounterValues,
    options: { sweptAt: Instant; expectedRevision?: number },
  ): Promise<void>;
  /** Every village with a counter record (of one county, or of every county), ordered by code: the
   *  sweep's shards. A village gets its record with its first household (import recount or API delta). */
  listVillages(countyCode?: string): Promise<string[]>;
}

/** Builds a summary from counter records (pure; used by every adapter). */
export function summarize(unitCode: string, records: readonly UnitCounts[]): UnitSummary {
  const total = (key: CounterKey) => records.reduce((sum, r) => sum + (r.values[key] ?? 0), 0);
  const byKeys = <K extends string>(prefix: string, keys: readonly K[]) =>
    Object.fromEntries(keys.map((k) => [k, total(`${prefix}.${k}` as CounterKey)])) as Record<K, number>;
  const sweeps = records.map((r) => r.lastSweepAt).filter((x): x is Instant => x !== null);
  return {
    unitCode,
    households: total('households'),
    byStatus: byKeys('status', householdStatuses),
    byCategory: byKeys('category', householdCategories),
    byGrade: byKeys('grade', grades),
    watch: total('watch'),
    overdueByClass: byKeys('overdue', visitClasses),
    openCasesByLevel: byKeys('casesByLevel', caseLevels),
    openCasesByKind: byKeys('casesByKind', caseKinds),
    eligibleForElimination: total('eligibleForElimination'),
    lastSweepAt: sweeps.length ? sweeps.reduce((a, b) => (Date.parse(a) >= Date.parse(b) ? a : b)) : null,
  };
}

/**
 * The summaries of a unit's children (a county's townships, a township's villages) from the counter
 * records under the unit (`recordsUnder`), ordered by code: a township's own record (township-level
 * cases) counts for that township. A village has none.
 */
export function summarizeChildren(unitCode: string, records: readonly UnitCounts[]): UnitSummary[] {
  const childLength = unitCode.length === 6 ? 9 : unitCode.length === 9 ? 12 : 0;
  if (childLength === 0) return [];
  const byChild = new Map<string, UnitCounts[]>();
  for (const r of records) {
    if (r.unitCode.length < childLength || !r.unitCode.startsWith(unitCode)) continue;
    const child = r.unitCode.slice(0, childLength);
    const list = byChild.get(child);
    if (list) list.push(r);
    else byChild.set(child, [r]);
  }
  return [...byChild.keys()].sort().map((child) => summarize(child, byChild.get(child) as UnitCounts[]));
}

/** before → after as a delta (e.g. a household's contribution before and after a change). */
export function counterDelta(before: CounterValues, after: CounterValues): CounterDelta {
  const delta: CounterDelta = {};
  for (const key of counterKeys) {
    const d = (after[key] ?? 0) - (before[key] ?? 0);
    if (d !== 0) delta[key] = d;
  }
  return delta;
}
