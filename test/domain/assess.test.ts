import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assess, daysOverdue } from '../../lib/domain/assess';
import { defaultPolicy } from '../../lib/domain/policy';
import { definePolicy } from '../../lib/domain/policy-resolution';
import { aHousehold, aMonitoredHousehold, monitoredHouseholdArb, onePerson } from '../builders/household';

const asOf = '2026-03-01T02:00:00+08:00';
const policy = defaultPolicy;

describe('assess', () => {
  it('grades a monitored household and places it in its visit class from the as-of date', () => {
    const r = assess(aMonitoredHousehold(onePerson({ laborFull: 0 })), { policy, asOf });
    expect(r.assessment).toMatchObject({
      grade: 'yellow',
      matchedRules: ['Y1'],
      policyVersion: policy.version,
      assessedAt: asOf,
    });
    expect(r.household).toMatchObject({
      visitClass: 'yellow',
      classSince: '2026-03-01',
      nextVisitDue: '2026-04-01',
    });
    expect(r.changed).toBe(true);
    expect(r.events.map((e) => e.type)).toEqual(['assessed', 'grade_changed', 'visit_class_changed']);
  });

  it('continues tracking from an imported last visit', () => {
    const r = assess(aMonitoredHousehold({ lastHomeVisit: '2026-01-20' }), { policy, asOf });
    expect(r.household.nextVisitDue).toBe('2026-04-20');
  });

  it('uses the local date of the as-of instant', () => {
    const r = assess(aMonitoredHousehold(), { policy, asOf: '2026-02-28T17:00:00Z' });
    expect(r.household.classSince).toBe('2026-03-01');
  });

  it('raises a lead for a none household below the monitoring line', () => {
    const r = assess(aHousehold(onePerson({ wageIncome: 600_000, priorYearNetIncome: 600_000 })), {
      policy,
      asOf,
    });
    expect(r.household).toMatchObject({
      status: 'candidate',
      candidateFrom: 'none',
      lead: { rules: ['L1'], proposedCategory: 'edge', raisedAt: asOf },
      procedure: { awaiting: 'verify' },
      visitClass: null,
    });
    expect(r.events.map((e) => e.type)).toContain('lead_raised');
  });

  it('raises no new lead for a candidate', () => {
    const first = assess(aHousehold(onePerson({ wageIncome: 600_000, priorYearNetIncome: 600_000 })), {
      policy,
      asOf,
    });
    const again = assess(first.household, { policy, asOf: '2026-04-01T02:00:00+08:00' });
    expect(again.lead).toBeNull();
    expect(again.household.lead).toEqual(first.household.lead);
  });

  it('raises a lead when risk returns to an eliminated household', () => {
    const h = aHousehold({
      ...onePerson({ wageIncome: 600_000, priorYearNetIncome: 600_000 }),
      status: 'eliminated',
      category: 'edge',
    });
    expect(assess(h, { policy, asOf }).household).toMatchObject({
      status: 'candidate',
      candidateFrom: 'eliminated',
    });
  });

  it('puts a watch household in the watch class', () => {
    const r = assess(aHousehold(onePerson({ wageIncome: 800_000, priorYearNetIncome: 800_000 })), {
      policy,
      asOf,
    });
    expect(r.assessment.watch).toBe(true);
    expect(r.household).toMatchObject({ status: 'none', visitClass: 'watch', nextVisitDue: '2026-06-01' });
  });

  it('keeps the anchor on an upgrade, so the household can be overdue at once', () => {
    const blue = assess(aMonitoredHousehold(), { policy, asOf }).household;
    const worse = { ...blue, guarantees: { ...blue.guarantees, water: false } };
    const r = assess(worse, { policy, asOf: '2026-04-01T02:00:00+08:00' });
    expect(r.household).toMatchObject({
      visitClass: 'red',
      classSince: '2026-03-01',
      nextVisitDue: '2026-03-15',
    });
    expect(daysOverdue(r.household, '2026-04-01')).toBe(17);
  });

  it('reports no change when nothing but the assessment time would change', () => {
    const first = assess(aMonitoredHousehold(), { policy, asOf }).household;
    const r = assess(first, { policy, asOf: '2026-03-02T06:00:00+08:00' });
    expect(r.changed).toBe(false);
    expect(r.events).toEqual([]);
  });

  it('reports a change when only the schedule moves', () => {
    const first = assess(aMonitoredHousehold(), { policy, asOf }).household;
    const r = assess(
      { ...first, lastHomeVisit: '2026-03-05' },
      { policy, asOf: '2026-03-06T06:00:00+08:00' },
    );
    expect(r).toMatchObject({ changed: true, events: [], household: { nextVisitDue: '2026-06-05' } });
  });

  it('D15 reports a change when a policy value, and so its version, changes', () => {
    const first = assess(aMonitoredHousehold(), { policy, asOf }).household;
    const next = definePolicy({ policyId: 'default', countyCode: null, year: null, monitoringLine: 7100 });
    expect(next.version).not.toBe(policy.version);
    expect(assess(first, { policy: next, asOf }).changed).toBe(true);
  });

  it('stores elimination eligibility for monitored households', () => {
    const r = assess(aMonitoredHousehold(), {
      policy,
      asOf,
      recentMonthly: [true, true, true, true, true, true],
    });
    expect(r.assessment.elimination).toEqual({
      eligible: false,
      conditions: { E1: false, E2: true, E3: true, E4: true, E5: true, E6: true },
    });
  });

  it('is deterministic', () => {
    const h = aHousehold(onePerson({ wageIncome: 100 }));
    expect(assess(h, { policy, asOf })).toEqual(assess(h, { policy, asOf }));
  });

  it('is idempotent: assessing its own output reports no change', () => {
    const statuses = fc.constantFrom('none', 'monitored', 'eliminated', 'candidate', 'removed' as const);
    fc.assert(
      fc.property(monitoredHouseholdArb, statuses, fc.integer({ min: 0, max: 400 }), (h, status, day) => {
        const at = new Date(Date.parse('2026-01-01T02:00:00+08:00') + day * 86_400_000).toISOString();
        const first = assess({ ...h, status }, { policy, asOf: at, recentMonthly: [true, false] });
        const second = assess(first.household, { policy, asOf: at, recentMonthly: [true, false] });
        return second.changed === false && second.events.length === 0;
      }),
      { numRuns: 1000 },
    );
  });
});
