import { describe, expect, it } from 'vitest';
import { type HouseholdSweepPlan, planHouseholdSweep } from '../../lib/domain/cases';
import type { Case, Household } from '../../lib/domain/model';
import { defaultPolicy } from '../../lib/domain/policy';
import { aCaseHousehold, officialCalendar as calendar, units } from '../builders/case';

const sweep = (date: string) => `${date}T06:00:00+08:00`;
const ctx = (date: string) => ({
  asOf: sweep(date),
  policy: defaultPolicy,
  calendar,
  newCaseId: (d: { dedupKey: string }) => `case:${d.dedupKey}`,
});
const stillOpen = (openCases: Case[], plan: HouseholdSweepPlan): Case[] => {
  const changed = new Map([...plan.escalated, ...plan.seen].map((c) => [c.caseId, c]));
  const resolved = new Set(plan.resolved.map((c) => c.caseId));
  return [
    ...openCases.filter((c) => !resolved.has(c.caseId)).map((c) => changed.get(c.caseId) ?? c),
    ...plan.opened,
  ];
};

const overdue: Household = aCaseHousehold({ visitClass: 'red', nextVisitDue: '2026-09-17' });

describe('planHouseholdSweep', () => {
  it('opens a case for a new detection at the sweep’s as-of, in the household’s units', () => {
    const plan = planHouseholdSweep(overdue, [], ctx('2026-09-18'));
    expect(plan.opened).toHaveLength(1);
    expect(plan.opened[0]).toMatchObject({
      caseId: 'case:visit_overdue#H-0001',
      openedAt: sweep('2026-09-18'),
      villageCode: units.village,
      townshipCode: units.township,
      countyCode: units.county,
      unitCode: units.village,
    });
  });

  it('never opens a second case for the same key: a repeat detection only moves lastSeen', () => {
    const first = planHouseholdSweep(overdue, [], ctx('2026-09-18'));
    const second = planHouseholdSweep(overdue, first.opened, ctx('2026-09-19'));
    expect(second.opened).toEqual([]);
    expect(second.seen.map((c) => c.lastSeen)).toEqual([sweep('2026-09-19')]);
  });

  it('escalates a due case one level', () => {
    const first = planHouseholdSweep(overdue, [], ctx('2026-09-18'));
    const plan = planHouseholdSweep(overdue, first.opened, ctx('2026-09-22'));
    expect(plan.escalated.map((c) => [c.level, c.lastSeen])).toEqual([['township', sweep('2026-09-22')]]);
  });

  it('resolves a case whose condition cleared, with the kind’s reason, and opens the new obligation', () => {
    const first = planHouseholdSweep(overdue, [], ctx('2026-09-18'));
    const visited = { ...overdue, lastHomeVisit: '2026-09-19', nextVisitDue: '2026-10-03' };
    const plan = planHouseholdSweep(visited, first.opened, ctx('2026-09-20'));
    expect(plan.resolved.map((c) => [c.status, c.resolution])).toEqual([
      [
        'resolved',
        { reason: 'qualifying visit recorded or household left the visit class', by: null, manual: false },
      ],
    ]);
    expect(plan.opened).toEqual([]);
  });

  it('changes nothing when the same sweep is planned again over its own result', () => {
    const h = aCaseHousehold({ visitClass: 'red', nextVisitDue: '2026-09-17', contact: null, measures: [] });
    const first = planHouseholdSweep(h, [], ctx('2026-09-22'));
    const again = planHouseholdSweep(h, stillOpen([], first), ctx('2026-09-22'));
    expect(first.opened.map((c) => c.kind)).toEqual(['visit_overdue', 'measures_missing', 'contact_missing']);
    expect(again).toEqual({ opened: [], escalated: [], resolved: [], seen: [], updated: [] });
  });
});

describe('D10 one visit_overdue case per overdue episode', () => {
  const blue = aCaseHousehold({
    visitClass: 'blue',
    nextVisitDue: '2026-09-17',
    lastHomeVisit: '2026-06-17',
    lastContact: '2026-06-17',
  });

  it('D10 a grade upgrade updates the case (new due date recorded) and keeps its level and id', () => {
    const opened = planHouseholdSweep(blue, [], ctx('2026-09-18')).opened;
    const atTownship = planHouseholdSweep(blue, opened, ctx('2026-09-22')).escalated;
    expect(atTownship.map((c) => c.level)).toEqual(['township']);
    // Upgraded to red: due 14 days after the last home visit, long past.
    const red = { ...blue, visitClass: 'red' as const, nextVisitDue: '2026-07-01' };
    const plan = planHouseholdSweep(red, atTownship, ctx('2026-09-23'));
    expect(plan.resolved).toEqual([]);
    expect(plan.opened).toEqual([]);
    expect(plan.updated.map((c) => [c.caseId, c.level, c.subject.dueDate, c.subject.firstDueDate])).toEqual([
      [opened[0]!.caseId, 'township', '2026-07-01', '2026-09-17'],
    ]);
  });

  it('D10 resolves on a qualifying visit, not on a phone contact of a red household', () => {
    const red = { ...blue, visitClass: 'red' as const, nextVisitDue: '2026-07-01' };
    const opened = planHouseholdSweep(red, [], ctx('2026-09-18')).opened;
    const phoned = { ...red, lastContact: '2026-09-19' };
    expect(planHouseholdSweep(phoned, opened, ctx('2026-09-20')).resolved).toEqual([]);
    const visited = { ...red, lastHomeVisit: '2026-09-19', nextVisitDue: '2026-10-03' };
    expect(planHouseholdSweep(visited, opened, ctx('2026-09-20')).resolved.map((c) => c.caseId)).toEqual([
      opened[0]!.caseId,
    ]);
  });

  it('D10 a visit that leaves the household still overdue ends the episode and opens the next one', () => {
    const red = { ...blue, visitClass: 'red' as const, nextVisitDue: '2026-07-01' };
    const opened = planHouseholdSweep(red, [], ctx('2026-09-18')).opened;
    // A home visit recorded late, dated 1 September: the next one was due on the 15th.
    const late = { ...red, lastHomeVisit: '2026-09-01', nextVisitDue: '2026-09-15' };
    const plan = planHouseholdSweep(late, opened, ctx('2026-09-20'));
    expect(plan.resolved.map((c) => c.caseId)).toEqual([opened[0]!.caseId]);
    expect(plan.opened.map((c) => [c.dedupKey, c.subject.dueDate, c.openedAt])).toEqual([
      ['visit_overdue#H-0001', '2026-09-15', sweep('2026-09-20')],
    ]);
  });

  it('D10 resolves when the household leaves the visit classes or is no longer due', () => {
    const opened = planHouseholdSweep(blue, [], ctx('2026-09-18')).opened;
    const none = { ...blue, visitClass: null, nextVisitDue: null };
    expect(planHouseholdSweep(none, opened, ctx('2026-09-19')).resolved).toHaveLength(1);
  });

  it('D10 adopts a case opened before D10 (keyed by due date): no second case while it is open', () => {
    const opened = planHouseholdSweep(blue, [], ctx('2026-09-18')).opened;
    const legacy: Case = {
      ...opened[0]!,
      dedupKey: 'visit_overdue#H-0001#2026-09-17',
      subject: { dueDate: '2026-09-17', visitClass: 'blue' },
    };
    const plan = planHouseholdSweep(blue, [legacy], ctx('2026-09-19'));
    expect(plan.opened).toEqual([]);
    expect(plan.seen.map((c) => c.caseId)).toEqual([legacy.caseId]);
  });
});
