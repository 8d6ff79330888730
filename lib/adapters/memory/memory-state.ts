// The state the in-memory Store's ports share (one Map per kind of item), and the paging helpers they use
// to answer as the DynamoDB store does (ordering and opaque cursors).
import type {
  AuditEvent,
  Case,
  CaseAcknowledgement,
  Household,
  HouseholdMeasure,
  Instant,
  Visit,
} from '../../domain/model';
import type { AlertRecord } from '../../ports/alert-store';
import type { MonthlyAssessment, VillageMonthAssessments } from '../../ports/assessment-store';
import type { CounterValues } from '../../ports/counter-store';
import { decodeCursor, encodeCursor, isRecord, pageLimit } from '../../ports/cursor';
import type { DigestRecord } from '../../ports/digest-log';
import type { Page, PageRequest } from '../../ports/pagination';
import type { ReportSubmission, StoredReport } from '../../ports/report-store';
import type { ShardState, SweepRun } from '../../ports/sweep-run-store';

export const clone = <T>(v: T): T => structuredClone(v);
export const utc = (i: Instant) => new Date(Date.parse(i)).toISOString();

export interface MemoryCounter {
  values: CounterValues;
  revision: number;
  lastSweepAt: Instant | null;
}

/** A sorted list read as pages; the cursor holds the last sort key and which list it belongs to. */
export function paged<T>(
  lists: { scope: string; rows: { sort: string; value: T }[]; descending?: boolean }[],
  request: PageRequest = {},
): Page<T> {
  const limit = pageLimit(request.limit);
  let p = 0;
  let after: string | null = null;
  if (request.cursor) {
    const c = decodeCursor(
      request.cursor,
      (v): v is { p: number; s: string; a: string | null } =>
        isRecord(v) &&
        typeof v.p === 'number' &&
        Number.isInteger(v.p) &&
        v.p >= 0 &&
        v.p < lists.length &&
        v.s === lists[v.p]?.scope &&
        (v.a === null || typeof v.a === 'string'),
    );
    p = c.p;
    after = c.a;
  }
  const items: T[] = [];
  for (; p < lists.length; p++, after = null) {
    const list = lists[p] as (typeof lists)[number];
    const rows = list.rows;
    const start =
      after === null
        ? 0
        : rows.findIndex((r) => (list.descending ? r.sort < (after as string) : r.sort > (after as string)));
    const from = start === -1 ? rows.length : start;
    for (let i = from; i < rows.length; i++) {
      items.push((rows[i] as (typeof rows)[number]).value);
      if (items.length === limit) {
        const more = i + 1 < rows.length || p + 1 < lists.length;
        return {
          items,
          cursor: more
            ? encodeCursor({ p, s: lists[p]?.scope, a: (rows[i] as { sort: string }).sort })
            : null,
        };
      }
    }
  }
  return { items, cursor: null };
}

export const sorted = <T>(rows: { sort: string; value: T }[], descending = false) =>
  rows.sort((a, b) => (a.sort < b.sort ? -1 : a.sort > b.sort ? 1 : 0) * (descending ? -1 : 1));

export interface MemoryState {
  households: Map<string, Household>;
  cases: Map<string, Case>;
  /** dedup key -> open case id */
  dedup: Map<string, string>;
  /** eventId -> event */
  audit: Map<string, AuditEvent>;
  visits: Map<string, Visit>;
  /** householdId#measureId */
  measures: Map<string, HouseholdMeasure>;
  /** caseId#ordinal */
  acknowledgements: Map<string, CaseAcknowledgement>;
  /** householdId#month */
  assessments: Map<string, MonthlyAssessment>;
  counters: Map<string, MemoryCounter>;
  runs: Map<string, SweepRun>;
  /** village#month */
  villageMonths: Map<string, VillageMonthAssessments>;
  shards: Map<string, ShardState>;
  reports: Map<string, StoredReport>;
  submissions: Map<string, ReportSubmission>;
  alerts: Map<string, AlertRecord>;
  digests: Map<string, DigestRecord>;
}

export function createMemoryState(): MemoryState {
  return {
    households: new Map(),
    cases: new Map(),
    dedup: new Map(),
    audit: new Map(),
    visits: new Map(),
    measures: new Map(),
    acknowledgements: new Map(),
    assessments: new Map(),
    counters: new Map(),
    runs: new Map(),
    villageMonths: new Map(),
    shards: new Map(),
    reports: new Map(),
    submissions: new Map(),
    alerts: new Map(),
    digests: new Map(),
  };
}

export const counterOf = (s: MemoryState, unit: string): MemoryCounter =>
  s.counters.get(unit) ?? { values: {}, revision: 0, lastSweepAt: null };
