import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../lib/adapters/memory/memory-store';
import type { Household } from '../../lib/domain/model';
import { aCaseHousehold, units } from '../builders/case';
import { runSweep, seed, sweepDeps } from '../support/sweep-harness';

// Wed 2 Dec 2026 06:00: H-OVERDUE's visit was due 20 Nov.
const asOf = '2026-12-02T06:00:00+08:00';
const nextDay = '2026-12-03T06:00:00+08:00';

const overdue = (overrides: Partial<Household> = {}) =>
  aCaseHousehold({ householdId: 'H-OVERDUE', nextVisitDue: '2026-11-20', ...overrides });
const upToDate = () =>
  aCaseHousehold({ householdId: 'H-OK', nextVisitDue: '2027-02-20', lastHomeVisit: '2026-11-20' });

async function sweptOnce() {
  const store = createMemoryStore();
  await seed(store, [overdue(), upToDate()]);
  const deps = sweepDeps(store);
  const first = await runSweep(deps, 'daily', asOf);
  return { store, deps, first };
}

describe('daily sweep', () => {
  it('opens a visit_overdue case at the sweep’s as-of for an overdue household only', async () => {
    const { store } = await sweptOnce();

    const cases = await store.cases.openCasesInUnit(units.village);

    expect(cases.map((c) => [c.householdId, c.kind, c.openedAt, c.subject.dueDate])).toEqual([
      ['H-OVERDUE', 'visit_overdue', asOf, '2026-11-20'],
    ]);
  });

  it('running the same daily sweep again opens no second case', async () => {
    const { store, deps } = await sweptOnce();

    const again = await runSweep(deps, 'daily', asOf);

    expect(again.started.sent).toBe(0);
    expect(await store.cases.openCasesInUnit(units.village)).toHaveLength(1);
  });

  it('the next day’s sweep sees the case again instead of opening another', async () => {
    const { store, deps } = await sweptOnce();

    await runSweep(deps, 'daily', nextDay);

    const cases = await store.cases.openCasesInUnit(units.village);
    expect(cases.map((c) => [c.openedAt, c.lastSeen])).toEqual([[asOf, nextDay]]);
  });

  it('resolves the case once a qualifying visit moved the due date', async () => {
    const { store, deps } = await sweptOnce();
    const h = (await store.households.get('H-OVERDUE'))!;
    await store.commit({
      households: [
        {
          household: { ...h, lastHomeVisit: '2026-12-02', nextVisitDue: '2027-03-02' },
          expectedVersion: h.version,
        },
      ],
    });

    const next = await runSweep(deps, 'daily', nextDay);

    expect(await store.cases.openCasesInUnit(units.village)).toEqual([]);
    expect(next.run?.summary).toMatchObject({ casesResolved: 1, casesOpened: 0 });
  });

  it('recounts the village: households and open cases by kind and level', async () => {
    const { store } = await sweptOnce();

    const summary = await store.counters.summary(units.village);

    expect(summary).toMatchObject({
      households: 2,
      openCasesByKind: { visit_overdue: 1 },
      openCasesByLevel: { village: 1 },
      overdueByClass: { blue: 1 },
      lastSweepAt: asOf,
    });
  });

  it('opens report_overdue for a township whose report for last month is not submitted by the 3rd', async () => {
    const store = createMemoryStore();
    await seed(store, [upToDate()]);
    const deps = sweepDeps(store);

    await runSweep(deps, 'daily', '2026-12-03T06:00:00+08:00');
    const onTheThird = await store.cases.openCasesInUnit(units.township);
    await runSweep(deps, 'daily', '2026-12-04T06:00:00+08:00');
    const onTheFourth = await store.cases.openCasesInUnit(units.township);

    expect(onTheThird).toEqual([]);
    expect(onTheFourth.map((c) => [c.kind, c.unitCode, c.subject.month])).toEqual([
      ['report_overdue', units.township, '2026-11'],
    ]);
    expect((await store.counters.summary(units.township)).openCasesByKind.report_overdue).toBe(1);
  });

  it('resolves report_overdue once the township submitted', async () => {
    const store = createMemoryStore();
    await seed(store, [upToDate()]);
    const deps = sweepDeps(store);
    await runSweep(deps, 'daily', '2026-12-04T06:00:00+08:00');
    await store.reports.submit({
      townshipCode: units.township,
      month: '2026-11',
      submittedAt: '2026-12-04T10:00:00+08:00',
      by: { kind: 'user', role: 'township', unit: units.township, sub: 't1' },
    });

    await runSweep(deps, 'daily', '2026-12-05T06:00:00+08:00');

    expect(await store.cases.openCasesInUnit(units.township)).toEqual([]);
  });
});
