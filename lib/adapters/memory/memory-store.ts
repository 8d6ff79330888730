// The in-memory twin of the DynamoDB store: same ports, same semantics (optimistic versions, one open
// case per dedup key, all-or-nothing changes, append-only audit, ordering and opaque cursors).
// For app-layer tests and the bench's baseline; not persistent.
import { DomainError } from '../../domain/errors';
import { allMeasures } from '../../domain/measures';
import {
  type AuditEvent,
  type Case,
  type CaseAcknowledgement,
  type CaseLevel,
  caseLevels,
  type Household,
  type HouseholdMeasure,
  householdStatuses,
  type Instant,
  type Visit,
} from '../../domain/model';
import type { AlertRecord } from '../../ports/alert-store';
import type { MonthlyAssessment, VillageMonthAssessments } from '../../ports/assessment-store';
import type { CaseFilter } from '../../ports/case-store';
import {
  type CounterDelta,
  type CounterValues,
  counterKeys,
  summarize,
  summarizeChildren,
  type UnitCounts,
} from '../../ports/counter-store';
import { decodeCursor, encodeCursor, isRecord, pageLimit } from '../../ports/cursor';
import { type DigestRecord, digestClaimLeaseMs } from '../../ports/digest-log';
import type { HouseholdFilter, HouseholdSummary } from '../../ports/household-store';
import type { Page, PageRequest } from '../../ports/pagination';
import type { ReportSubmission, StoredReport } from '../../ports/report-store';
import type { Store } from '../../ports/store';
import type { ShardState, SweepRun } from '../../ports/sweep-run-store';
import { countyOf, unitLevelOf } from '../../ports/unit-code';
import { type Change, type CommitOutcome, isBulkCreation, maxItemsPerChange } from '../../ports/unit-of-work';
import { checkItemSize } from './item-size';
import { createMemoryCalendarStore } from './memory-calendar-store';
import { createMemoryDivisionStore } from './memory-division-store';
import { createMemoryNotifyStore } from './memory-notify-store';
import { createMemoryPolicyStore } from './memory-policy-store';

const clone = <T>(v: T): T => structuredClone(v);
const utc = (i: Instant) => new Date(Date.parse(i)).toISOString();

interface MemoryCounter {
  values: CounterValues;
  revision: number;
  lastSweepAt: Instant | null;
}

/** A sorted list read as pages; the cursor holds the last sort key and which list it belongs to. */
function paged<T>(
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

const sorted = <T>(rows: { sort: string; value: T }[], descending = false) =>
  rows.sort((a, b) => (a.sort < b.sort ? -1 : a.sort > b.sort ? 1 : 0) * (descending ? -1 : 1));

export function createMemoryStore(): Store {
  const households = new Map<string, Household>();
  const cases = new Map<string, Case>();
  const dedup = new Map<string, string>(); // dedup key -> open case id
  const audit = new Map<string, AuditEvent>(); // eventId -> event
  const visits = new Map<string, Visit>();
  const measures = new Map<string, HouseholdMeasure>(); // householdId#measureId
  const acknowledgements = new Map<string, CaseAcknowledgement>(); // caseId#ordinal
  const assessments = new Map<string, MonthlyAssessment>(); // householdId#month
  const counters = new Map<string, MemoryCounter>();
  const runs = new Map<string, SweepRun>();
  const villageMonths = new Map<string, VillageMonthAssessments>(); // village#month
  const shards = new Map<string, ShardState>();
  const reports = new Map<string, StoredReport>();
  const submissions = new Map<string, ReportSubmission>();
  const alerts = new Map<string, AlertRecord>();
  const digests = new Map<string, DigestRecord>();

  const summaryOf = (h: Household): HouseholdSummary => ({
    householdId: h.householdId,
    villageCode: h.villageCode,
    headName: h.headName,
    category: h.category,
    status: h.status,
    grade: h.assessment?.grade ?? null,
    visitClass: h.visitClass,
    nextVisitDue: h.nextVisitDue,
  });

  const counter = (unit: string): MemoryCounter =>
    counters.get(unit) ?? { values: {}, revision: 0, lastSweepAt: null };
  const applyDelta = (unit: string, delta: CounterDelta) => {
    const c = counter(unit);
    const values = { ...c.values };
    for (const [k, v] of Object.entries(delta) as [keyof CounterDelta, number][])
      values[k] = (values[k] ?? 0) + v;
    counters.set(unit, { ...c, values, revision: c.revision + 1 });
  };

  function putRecords(c: Pick<Change, 'measures' | 'acknowledgements'>) {
    for (const m of c.measures ?? []) measures.set(`${m.householdId}#${m.measureId}`, clone(m));
    for (const a of c.acknowledgements ?? []) acknowledgements.set(`${a.caseId}#${a.ordinal}`, clone(a));
  }

  function commitNow(change: Change): CommitOutcome {
    const units = new Set((change.counters ?? []).map((c) => c.unitCode));
    const size =
      (change.households?.length ?? 0) +
      2 * (change.openCases?.length ?? 0) +
      (change.updateCases ?? []).reduce(
        (n, w) => n + (w.expected.status === 'open' && w.case.status === 'resolved' ? 2 : 1),
        0,
      ) +
      // The events of one household (or case) at one instant are one item (the DynamoDB store packs them).
      new Set((change.audit ?? []).map((e) => `${e.householdId ?? e.caseId ?? ''}#${utc(e.at)}`)).size +
      (change.visits?.length ?? 0) +
      (change.assessments?.length ?? 0) +
      units.size +
      (change.alerts?.length ?? 0);
    if (size > maxItemsPerChange) {
      throw new Error(`a change writes ${size} items; one transaction takes at most ${maxItemsPerChange}`);
    }
    // DynamoDB refuses a transaction that touches one item twice; so does the twin.
    const touched = [
      ...(change.households ?? []).map((w) => `HH#${w.household.householdId}`),
      ...(change.openCases ?? []).flatMap((c) => [`CASE#${c.caseId}`, `DEDUP#${c.dedupKey}`]),
      ...(change.updateCases ?? []).map((w) => `CASE#${w.case.caseId}`),
      ...(change.audit ?? []).map((e) => `EV#${e.eventId}`),
    ];
    if (new Set(touched).size !== touched.length) {
      throw new Error('a change may not write the same household, case, dedup key or event twice');
    }
    // DynamoDB refuses an item past 400 KB (a list that grew inside it); so does the twin.
    for (const { household: h } of change.households ?? []) checkItemSize(`household ${h.householdId}`, h);
    for (const c of [...(change.openCases ?? []), ...(change.updateCases ?? []).map((w) => w.case)])
      checkItemSize(`case ${c.caseId}`, c);
    for (const r of [
      ...(change.visits ?? []),
      ...(change.measures ?? []),
      ...(change.acknowledgements ?? []),
    ])
      checkItemSize('record', r);
    // Check every condition first; write only if all hold (all or nothing).
    for (const { household: h, expectedVersion } of change.households ?? []) {
      const current = households.get(h.householdId);
      if (expectedVersion === null ? current !== undefined : current?.version !== expectedVersion) {
        throw new DomainError(
          'conflict',
          `household ${h.householdId} was changed by someone else; read it again and retry`,
        );
      }
    }
    for (const c of change.openCases ?? []) {
      if (cases.has(c.caseId))
        throw new DomainError(
          'conflict',
          `case ${c.caseId} was changed by someone else; read it again and retry`,
        );
    }
    for (const { case: c, expected } of change.updateCases ?? []) {
      const current = cases.get(c.caseId);
      const releases = expected.status === 'open' && c.status === 'resolved';
      if (
        current?.version !== expected.version ||
        current.status !== expected.status ||
        (releases && dedup.get(c.dedupKey) !== c.caseId)
      ) {
        throw new DomainError(
          'conflict',
          `case ${c.caseId} was changed by someone else; read it again and retry`,
        );
      }
    }
    for (const e of change.audit ?? []) {
      if (audit.has(e.eventId))
        throw new DomainError(
          'conflict',
          `audit event ${e.eventId} was changed by someone else; read it again and retry`,
        );
    }
    const alreadyOpen = (change.openCases ?? []).filter((c) => dedup.has(c.dedupKey)).map((c) => c.dedupKey);
    const duplicateAlerts = (change.alerts ?? [])
      .filter((a) => alerts.has(`${a.department}#${a.alertId}`))
      .map((a) => `${a.department}:${a.alertId}`);
    if (alreadyOpen.length || duplicateAlerts.length)
      return { committed: false, alreadyOpen, duplicateAlerts };

    for (const { household: h, expectedVersion } of change.households ?? []) {
      households.set(h.householdId, clone({ ...h, version: (expectedVersion ?? 0) + 1 }));
    }
    for (const c of change.openCases ?? []) {
      cases.set(c.caseId, clone({ ...c, version: 1 }));
      dedup.set(c.dedupKey, c.caseId);
    }
    for (const { case: c, expected } of change.updateCases ?? []) {
      cases.set(c.caseId, clone({ ...c, version: expected.version + 1 }));
      if (expected.status === 'open' && c.status === 'resolved') dedup.delete(c.dedupKey);
    }
    for (const e of change.audit ?? []) audit.set(e.eventId, clone(e));
    for (const v of change.visits ?? []) visits.set(v.visitId, clone(v));
    putRecords(change);
    for (const a of change.assessments ?? []) assessments.set(`${a.householdId}#${a.month}`, clone(a));
    for (const { unitCode, delta } of change.counters ?? []) applyDelta(unitCode, delta);
    for (const a of change.alerts ?? []) alerts.set(`${a.department}#${a.alertId}`, clone(a));
    return { committed: true };
  }

  const householdsOfUnit = (unitCode: string) => {
    unitLevelOf(unitCode);
    return [...households.values()].filter((h) => h.villageCode.startsWith(unitCode));
  };

  function caseLists(unitCode: string, filter: CaseFilter) {
    unitLevelOf(unitCode);
    const status = filter.status ?? 'open';
    const levels: readonly CaseLevel[] = filter.level ? [filter.level] : caseLevels;
    return levels.map((level) => ({
      scope: `${unitCode}#${status}#${level}#${filter.kind ?? ''}#${filter.resolvedSince ?? ''}`,
      rows: sorted(
        [...cases.values()]
          .filter(
            (c) =>
              c.status === status &&
              c.level === level &&
              (c.villageCode ?? c.townshipCode).startsWith(unitCode) &&
              (!filter.kind || c.kind === filter.kind) &&
              (!filter.resolvedSince ||
                (c.resolvedAt !== null && utc(c.resolvedAt) >= utc(filter.resolvedSince))),
          )
          .map((c) => ({
            sort: `${c.villageCode ?? c.townshipCode}#${utc(c.openedAt)}#${c.caseId}`,
            value: clone(c),
          })),
      ),
    }));
  }

  /** Every case of a unit matching the filter, in `listByUnit`'s order (as the DynamoDB store). */
  const casesInUnit = async (unitCode: string, filter: CaseFilter): Promise<Case[]> =>
    caseLists(unitCode, filter).flatMap((l) => l.rows.map((r) => r.value));

  const eventsOf = (match: (e: AuditEvent) => boolean, scope: string, page?: PageRequest) =>
    paged(
      [
        {
          scope,
          rows: sorted(
            // Newest first; events of one instant in the reverse of the order they were written (as the
            // DynamoDB store, which packs the events of a change into one item).
            [...audit.values()]
              .map((e, seq) => ({ e, seq }))
              .filter(({ e }) => match(e))
              .map(({ e, seq }) => ({
                sort: `${utc(e.at)}#${String(seq).padStart(12, '0')}`,
                value: clone(e),
              })),
            true,
          ),
          descending: true,
        },
      ],
      page,
    );

  /** The counter records inside a unit (a village: its own), ordered by code. */
  const recordsUnder = (unitCode: string): UnitCounts[] => {
    const level = unitLevelOf(unitCode);
    return [...counters.entries()]
      .filter(([unit]) =>
        level === 'village'
          ? unit === unitCode
          : unit.startsWith(unitCode) && countyOf(unit) === countyOf(unitCode),
      )
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([unit, c]) => ({
        unitCode: unit,
        values: c.values,
        revision: c.revision,
        lastSweepAt: c.lastSweepAt,
      }));
  };

  return {
    async commit(change) {
      return commitNow(change);
    },
    async commitMany(changes) {
      return changes.map((change) => {
        try {
          return commitNow(change);
        } catch (e) {
          return e as Error;
        }
      });
    },
    async createMany(changes) {
      if (!changes.every(isBulkCreation))
        throw new Error('createMany takes new households with their audit and measures only');
      return changes.map((change) => {
        try {
          for (const { household: h } of change.households ?? [])
            checkItemSize(`household ${h.householdId}`, h);
          // Batch writes, as on the table: not conditional (the caller read that none exists).
          for (const e of change.audit ?? []) audit.set(e.eventId, clone(e));
          for (const { household: h } of change.households ?? [])
            households.set(h.householdId, clone({ ...h, version: 1 }));
          putRecords(change);
          return { committed: true as const };
        } catch (e) {
          return e as Error;
        }
      });
    },
    async append(appends) {
      for (const e of appends.audit ?? []) audit.set(e.eventId, clone(e));
      for (const v of appends.visits ?? []) visits.set(v.visitId, clone(v));
      for (const r of [...(appends.measures ?? []), ...(appends.acknowledgements ?? [])])
        checkItemSize('record', r);
      putRecords(appends);
      for (const a of appends.assessments ?? []) assessments.set(`${a.householdId}#${a.month}`, clone(a));
    },

    households: {
      async get(id) {
        const h = households.get(id);
        return h ? clone(h) : null;
      },
      async getMany(ids) {
        return new Map(
          ids.flatMap((id) => (households.has(id) ? [[id, clone(households.get(id) as Household)]] : [])),
        );
      },
      async findByIdHash(hash) {
        return [...households.values()].filter((h) => h.headIdHash === hash).map(clone);
      },
      async *listVillage(villageCode, pageSize = 200) {
        const all = [...households.values()]
          .filter((h) => h.villageCode === villageCode)
          .sort((a, b) => (a.householdId < b.householdId ? -1 : 1));
        for (let i = 0; i < all.length; i += pageSize) yield all.slice(i, i + pageSize).map(clone);
      },
      async listByUnit(unitCode, filter: HouseholdFilter, page) {
        const matches = householdsOfUnit(unitCode).filter(
          (h) =>
            (!filter.status || h.status === filter.status) &&
            (!filter.category || h.category === filter.category) &&
            (!filter.grade || h.assessment?.grade === filter.grade) &&
            (!filter.visitClass || h.visitClass === filter.visitClass) &&
            (!filter.overdueAsOf || (h.nextVisitDue !== null && h.nextVisitDue < filter.overdueAsOf)) &&
            (!filter.eligibleForElimination ||
              (h.status === 'monitored' && h.assessment?.elimination?.eligible === true)),
        );
        const rows = matches.map((h) => ({
          sort:
            filter.overdueAsOf && !filter.eligibleForElimination
              ? `${h.nextVisitDue}#${h.householdId}`
              : `${h.villageCode}#${h.householdId}`,
          value: summaryOf(h),
        }));
        const scope = `${unitCode}#${JSON.stringify(filter)}`;
        const unfiltered = Object.values(filter).every((v) => v === undefined);
        if (unfiltered && unitLevelOf(unitCode) !== 'village') {
          // Like the DynamoDB adapter: a township or county without a filter is read status by status.
          const byStatus = householdStatuses.map((status) => ({
            scope: `${scope}#${status}`,
            rows: sorted(rows.filter((r) => r.value.status === status)),
          }));
          return paged(byStatus, page);
        }
        return paged([{ scope, rows: sorted(rows) }], page);
      },
      async measures(householdId) {
        return allMeasures(
          [...measures.values()]
            .filter((m) => m.householdId === householdId)
            .map(({ householdId: _, ...m }) => clone(m)),
          [],
        );
      },
      async visits(householdId, page) {
        const rows = [...visits.values()]
          .filter((v) => v.householdId === householdId)
          .map((v) => ({ sort: `${v.date}#${v.visitId}`, value: clone(v) }));
        return paged([{ scope: `visits#${householdId}`, rows: sorted(rows, true), descending: true }], page);
      },
    },

    cases: {
      async get(id) {
        const c = cases.get(id);
        return c ? clone(c) : null;
      },
      async acknowledgements(caseId, page) {
        const rows = [...acknowledgements.values()]
          .filter((a) => a.caseId === caseId)
          .map((a) => ({ sort: String(a.ordinal).padStart(9, '0'), value: clone(a) }));
        return paged([{ scope: `acks#${caseId}`, rows: sorted(rows, true), descending: true }], page);
      },
      async findOpenByDedupKey(key) {
        const id = dedup.get(key);
        return id ? clone(cases.get(id) as Case) : null;
      },
      async openCasesForHousehold(householdId) {
        return sorted(
          [...cases.values()]
            .filter((c) => c.householdId === householdId && c.status === 'open')
            .map((c) => ({ sort: `${utc(c.openedAt)}#${c.caseId}`, value: clone(c) })),
        ).map((r) => r.value);
      },
      async listByUnit(unitCode, filter, page) {
        return paged(caseLists(unitCode, filter), page);
      },
      async openCasesInUnit(unitCode, level) {
        return casesInUnit(unitCode, { status: 'open', level });
      },
      casesInUnit,
      async resolvedSince(countyCode, level, since) {
        return sorted(
          [...cases.values()]
            .filter(
              (c) =>
                c.status === 'resolved' &&
                c.countyCode === countyCode &&
                c.level === level &&
                c.resolvedAt !== null &&
                utc(c.resolvedAt) >= utc(since),
            )
            .map((c) => ({ sort: `${utc(c.resolvedAt as string)}#${c.caseId}`, value: clone(c) })),
        ).map((r) => r.value);
      },
    },

    audit: {
      async history(householdId, page) {
        return eventsOf((e) => e.householdId === householdId, `hh#${householdId}`, page);
      },
      async caseHistory(caseId, page) {
        return eventsOf((e) => !e.householdId && e.caseId === caseId, `case#${caseId}`, page);
      },
      async unitHistory(unitCode, page) {
        return eventsOf(
          (e) => !e.householdId && !e.caseId && e.unitCode === unitCode,
          `unit#${unitCode}`,
          page,
        );
      },
    },

    assessments: {
      async recentMonthly(householdId, count) {
        if (count <= 0) return [];
        return [...assessments.values()]
          .filter((a) => a.householdId === householdId)
          .sort((a, b) => (a.month < b.month ? 1 : -1))
          .slice(0, count)
          .map(clone);
      },
      async monthly(householdId, month) {
        const a = assessments.get(`${householdId}#${month}`);
        return a ? clone(a) : null;
      },
      async villageMonths(villageCode, count, upTo) {
        if (count <= 0) return [];
        return [...villageMonths.values()]
          .filter((v) => v.villageCode === villageCode && v.month <= upTo)
          .sort((a, b) => (a.month < b.month ? 1 : -1))
          .slice(0, count)
          .map(clone);
      },
      async putVillageMonth(record) {
        villageMonths.set(`${record.villageCode}#${record.month}`, clone(record));
      },
    },

    counters: {
      async summary(unitCode) {
        return summarize(unitCode, recordsUnder(unitCode));
      },
      async childSummaries(unitCode) {
        return summarizeChildren(unitCode, recordsUnder(unitCode));
      },
      async ensureRollups() {},
      async unitCounts(unitCode) {
        const c = counter(unitCode);
        const values = Object.fromEntries(Object.entries(c.values).filter(([, v]) => v !== 0));
        return { unitCode, values: clone(values), revision: c.revision, lastSweepAt: c.lastSweepAt };
      },
      async replace(unitCode, values, { sweptAt, expectedRevision }) {
        const c = counter(unitCode);
        if (expectedRevision !== undefined && c.revision !== expectedRevision) {
          throw new DomainError('conflict', `counters of ${unitCode} changed since they were read`);
        }
        const full = Object.fromEntries(counterKeys.map((k) => [k, values[k] ?? 0]));
        counters.set(unitCode, { values: full, revision: c.revision + 1, lastSweepAt: sweptAt });
      },
      async listVillages(countyCode) {
        return [...counters.keys()]
          .filter((u) => u.length === 12 && (countyCode === undefined || countyOf(u) === countyCode))
          .sort();
      },
    },

    sweeps: {
      async startRun(run) {
        const existing = runs.get(run.sweepId);
        if (existing) return { created: false, run: clone(existing) };
        runs.set(run.sweepId, clone(run));
        return { created: true, run: clone(run) };
      },
      async getRun(id) {
        const r = runs.get(id);
        return r ? clone(r) : null;
      },
      async markShardDone(sweepId, villageCode, at, result) {
        const key = `${sweepId}#${villageCode}`;
        const current = shards.get(key);
        if (current?.status === 'done') return 'already_done';
        const redone = current?.status === 'failed';
        shards.set(key, {
          sweepId,
          villageCode,
          status: 'done',
          at,
          attempts: (current?.attempts ?? 0) + 1,
          result: result ?? {},
          ...(redone ? { reportsPending: true } : {}),
        });
        return redone ? 'redone' : 'done';
      },
      async markShardFailed(sweepId, villageCode, at, error) {
        const key = `${sweepId}#${villageCode}`;
        const current = shards.get(key);
        if (current?.status === 'done') return;
        shards.set(key, {
          sweepId,
          villageCode,
          status: 'failed',
          at,
          attempts: (current?.attempts ?? 0) + 1,
          ...(current?.result ? { result: current.result } : {}),
          error,
        });
      },
      async shard(sweepId, villageCode) {
        const s = shards.get(`${sweepId}#${villageCode}`);
        return s ? clone(s) : null;
      },
      async reportsRebuilt(sweepId, villageCode) {
        const s = shards.get(`${sweepId}#${villageCode}`);
        if (s?.reportsPending) {
          const { reportsPending: _, ...rest } = s;
          shards.set(`${sweepId}#${villageCode}`, rest);
        }
      },
      async completeRun(sweepId, at, summary) {
        const r = runs.get(sweepId);
        if (!r) throw new DomainError('not_found', `no sweep run ${sweepId}`);
        if (r.completedAt) return 'already_completed';
        runs.set(sweepId, { ...r, completedAt: at, summary: clone(summary) });
        return 'completed';
      },
      async settled(sweepId) {
        const run = runs.get(sweepId);
        if (!run) return null;
        const mine = [...shards.values()].filter((s) => s.sweepId === sweepId);
        return {
          done: mine.filter((s) => s.status === 'done').length,
          failed: mine.filter((s) => s.status === 'failed').length,
          shardCount: run.shardCount,
        };
      },
      async shards(sweepId) {
        return [...shards.values()]
          .filter((s) => s.sweepId === sweepId)
          .sort((a, b) => (a.villageCode < b.villageCode ? -1 : 1))
          .map(clone);
      },
    },

    reports: {
      async putMonthly(report) {
        reports.set(`${report.unitCode}#${report.month}`, clone(report) as StoredReport);
      },
      async getMonthly<R>(unitCode: string, month: string) {
        const r = reports.get(`${unitCode}#${month}`);
        return r ? (clone(r) as StoredReport<R>) : null;
      },
      async getMonthlyRange<R>(unitCode: string, from: string, to: string) {
        return [...reports.values()]
          .filter((r) => r.unitCode === unitCode && r.month >= from && r.month <= to)
          .sort((a, b) => (a.month < b.month ? -1 : 1))
          .map((r) => clone(r) as StoredReport<R>);
      },
      async getMonthlyMany<R>(unitCodes: readonly string[], month: string) {
        const out = new Map<string, StoredReport<R>>();
        for (const u of unitCodes) {
          const r = reports.get(`${u}#${month}`);
          if (r) out.set(u, clone(r) as StoredReport<R>);
        }
        return out;
      },
      async submit(submission) {
        const key = `${submission.townshipCode}#${submission.month}`;
        const existing = submissions.get(key);
        if (existing) return { created: false, submission: clone(existing) };
        submissions.set(key, clone(submission));
        return { created: true, submission: clone(submission) };
      },
      async submission(townshipCode, month) {
        const s = submissions.get(`${townshipCode}#${month}`);
        return s ? clone(s) : null;
      },
      async submissions(townshipCodes, month) {
        const out = new Map<string, ReportSubmission>();
        for (const t of townshipCodes) {
          const found = submissions.get(`${t}#${month}`);
          if (found) out.set(t, clone(found));
        }
        return out;
      },
    },

    alerts: {
      async get(department, alertId) {
        const a = alerts.get(`${department}#${alertId}`);
        return a ? clone(a) : null;
      },
      async record(alert) {
        const key = `${alert.department}#${alert.alertId}`;
        if (alerts.has(key)) return { duplicate: true };
        alerts.set(key, clone(alert));
        return { duplicate: false };
      },
      async unmatched(page) {
        const rows = [...alerts.values()]
          .filter((a) => !a.matchedHouseholdId)
          .map((a) => ({ sort: `${utc(a.receivedAt)}#${a.department}#${a.alertId}`, value: clone(a) }));
        return paged([{ scope: 'unmatched', rows: sorted(rows) }], page);
      },
    },

    digests: {
      async claim(unitCode, kind, date, asOf, at) {
        const key = `${unitCode}#${date}`;
        const existing = digests.get(key);
        const stale =
          existing?.status === 'claimed' &&
          Date.parse(existing.claimedAt) < Date.parse(at) - digestClaimLeaseMs;
        if (existing && existing.status !== 'released' && !stale) return false;
        digests.set(key, { unitCode, kind, date, asOf, status: 'claimed', claimedAt: at, completedAt: null });
        return true;
      },
      async complete(unitCode, date, outcome) {
        const key = `${unitCode}#${date}`;
        const existing = digests.get(key);
        if (!existing) throw new DomainError('not_found', `no digest of ${unitCode} on ${date} was claimed`);
        digests.set(key, {
          ...existing,
          status: outcome.status,
          completedAt: outcome.at,
          counts: outcome.counts ?? {},
        });
      },
      async release(unitCode, date) {
        const key = `${unitCode}#${date}`;
        const existing = digests.get(key);
        if (existing?.status === 'claimed') digests.set(key, { ...existing, status: 'released' });
      },
      async get(unitCode, date) {
        const d = digests.get(`${unitCode}#${date}`);
        return d ? clone(d) : null;
      },
      async lastSent(unitCode, before) {
        const sent = [...digests.values()]
          .filter((d) => d.unitCode === unitCode && d.date < before && d.status === 'sent')
          .sort((a, b) => (a.date < b.date ? 1 : -1));
        return sent[0] ? clone(sent[0]) : null;
      },
    },

    calendar: createMemoryCalendarStore(),
    notify: createMemoryNotifyStore(),
    divisions: createMemoryDivisionStore(),
    policies: createMemoryPolicyStore(),
  };
}
