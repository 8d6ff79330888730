// The in-memory twin of lib/adapters/dynamodb/unit-of-work.ts: all-or-nothing changes with their conditions,
// bulk creations, appends.
import { DomainError } from '../../domain/errors';
import type { CounterDelta } from '../../ports/counter-store';
import type { UnitOfWork } from '../../ports/unit-of-work';
import { type Change, type CommitOutcome, isBulkCreation, maxItemsPerChange } from '../../ports/unit-of-work';
import { checkItemSize } from './item-size';
import { clone, counterOf, type MemoryState, utc } from './memory-state';

export function createMemoryUnitOfWork(s: MemoryState): UnitOfWork {
  const {
    households,
    cases,
    dedup,
    audit,
    visits,
    measures,
    acknowledgements,
    assessments,
    counters,
    alerts,
  } = s;
  const counter = (unit: string) => counterOf(s, unit);
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
  };
}
