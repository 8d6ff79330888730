import { describe, expect, it } from 'vitest';
import {
  caseCounterUnit,
  caseCounterValues,
  householdCounterValues,
  sumCounterValues,
} from '../../lib/app/counters';
import { assess } from '../../lib/domain/assess';
import { defaultPolicy } from '../../lib/domain/policy';
import { aCase } from '../builders/case';
import { aHousehold, aMonitoredHousehold, onePerson, yuan } from '../builders/household';

const asOf = '2026-12-01T02:00:00+08:00';
const assessed = (h: ReturnType<typeof aHousehold>) => assess(h, { policy: defaultPolicy, asOf }).household;

describe('householdCounterValues', () => {
  it('counts a monitored household by status, category and grade', () => {
    const h = assessed(aMonitoredHousehold({ category: 'edge', ...onePerson({ wageIncome: yuan(3000) }) }));
    const values = householdCounterValues(h, '2026-12-01');
    expect(values).toMatchObject({
      households: 1,
      'status.monitored': 1,
      'category.edge': 1,
      'grade.red': 1,
    });
    expect(values.watch).toBeUndefined();
  });

  it('counts a watch household (status none, in the watch band) as watch but gives it no grade', () => {
    const h = assessed(aHousehold({ ...onePerson({ wageIncome: yuan(8000) }) }));
    expect(h.assessment?.watch).toBe(true);
    const values = householdCounterValues(h, '2026-12-01');
    expect(values.watch).toBe(1);
    expect(Object.keys(values).some((k) => k.startsWith('grade.'))).toBe(false);
  });

  it('counts a household overdue only once today is after its next due date', () => {
    const h = { ...assessed(aMonitoredHousehold()), visitClass: 'blue' as const, nextVisitDue: '2026-12-01' };
    expect(householdCounterValues(h, '2026-12-01')['overdue.blue']).toBeUndefined();
    expect(householdCounterValues(h, '2026-12-02')['overdue.blue']).toBe(1);
  });
});

describe('caseCounterValues', () => {
  it('counts an open case by kind and by the level that holds it, a resolved one not at all', () => {
    const open = aCase({ kind: 'visit_overdue' });
    expect(caseCounterValues(open)).toEqual({
      'casesByKind.visit_overdue': 1,
      [`casesByLevel.${open.level}`]: 1,
    });
    expect(caseCounterValues({ ...open, status: 'resolved' })).toEqual({});
    expect(caseCounterUnit(open)).toBe(open.villageCode);
  });
});

describe('sumCounterValues', () => {
  it('adds contributions key by key', () => {
    expect(sumCounterValues([{ households: 1, watch: 1 }, { households: 1 }])).toEqual({
      households: 2,
      watch: 1,
    });
  });
});
