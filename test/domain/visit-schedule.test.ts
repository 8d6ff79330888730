import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../lib/domain/errors';
import type { VisitClass } from '../../lib/domain/model';
import { defaultPolicy } from '../../lib/domain/policy';
import { addDays } from '../../lib/domain/time';
import {
  daysOverdueOn,
  isOverdueOn,
  isQualifyingVisit,
  nextVisitDue,
  recordVisit,
  visitClassOf,
  visitsDueInMonth,
  withVisitClass,
} from '../../lib/domain/visit-schedule';
import { aMonitoredHousehold } from '../builders/household';

const tracked = (
  visitClass: VisitClass | null,
  o: { classSince?: string | null; lastHomeVisit?: string | null; lastContact?: string | null } = {},
) => ({
  visitClass,
  classSince: '2026-01-01',
  lastHomeVisit: null,
  lastContact: null,
  ...o,
});

describe('visit class (§7)', () => {
  it.each([
    ['monitored', 'red', false, 'red'],
    ['monitored', 'yellow', false, 'yellow'],
    ['monitored', 'blue', false, 'blue'],
    ['none', null, true, 'watch'],
    ['none', null, false, null],
    ['eliminated', null, false, 'watch'],
    ['candidate', null, false, null],
    ['removed', null, false, null],
  ] as const)('status %s, grade %s, watch %s → %s', (status, grade, watch, cls) => {
    expect(visitClassOf(status, grade, watch)).toBe(cls);
  });

  it.each([
    ['red', 'home', true],
    ['red', 'phone', false],
    ['yellow', 'phone', false],
    ['blue', 'phone', false],
    ['blue', 'home', true],
    ['watch', 'phone', true],
    ['watch', 'home', true],
  ] as const)('a %s household: %s visit qualifies %s', (cls, method, q) => {
    expect(isQualifyingVisit(cls, method)).toBe(q);
  });
});

describe('next visit due', () => {
  it.each([
    ['red', '2026-01-15'],
    ['yellow', '2026-02-01'],
    ['blue', '2026-04-01'],
    ['watch', '2026-04-01'],
  ] as const)('a %s household with no visit is due %s from classSince 2026-01-01', (cls, due) => {
    expect(nextVisitDue(tracked(cls), defaultPolicy)).toBe(due);
  });

  it.each([
    ['yellow', '2026-01-31', '2026-02-28'],
    ['yellow', '2028-01-31', '2028-02-29'],
    ['yellow', '2026-03-31', '2026-04-30'],
    ['blue', '2025-11-30', '2026-02-28'],
    ['blue', '2027-11-30', '2028-02-29'],
    ['blue', '2026-08-31', '2026-11-30'],
    ['red', '2026-12-25', '2027-01-08'],
  ] as const)('a %s household last visited %s is due %s (month-end clamping)', (cls, last, due) => {
    expect(nextVisitDue(tracked(cls, { lastHomeVisit: last }), defaultPolicy)).toBe(due);
  });

  it('counts only home visits for graded classes', () => {
    expect(nextVisitDue(tracked('red', { lastContact: '2026-02-01' }), defaultPolicy)).toBe('2026-01-15');
  });

  it('counts phone contact for watch households', () => {
    expect(nextVisitDue(tracked('watch', { lastContact: '2026-02-01' }), defaultPolicy)).toBe('2026-05-01');
  });

  it('is null without a class', () => {
    expect(nextVisitDue(tracked(null), defaultPolicy)).toBeNull();
  });

  it('is never before its anchor', () => {
    const date = fc.integer({ min: 0, max: 3650 }).map((d) => addDays('2024-01-01', d));
    fc.assert(
      fc.property(
        fc.constantFrom('red', 'yellow', 'blue', 'watch' as const),
        date,
        fc.option(date),
        (cls, since, last) => {
          const due = nextVisitDue(
            tracked(cls, { classSince: since, lastHomeVisit: last, lastContact: last }),
            defaultPolicy,
          )!;
          return due > (last ?? since);
        },
      ),
    );
  });
});

describe('each class at its interval (classSince 2026-01-31)', () => {
  it.each([
    ['red', '2026-02-14'],
    ['yellow', '2026-02-28'],
    ['blue', '2026-04-30'],
    ['watch', '2026-04-30'],
  ] as const)('a %s household is due %s and overdue only from the day after', (cls, due) => {
    const next = nextVisitDue(tracked(cls, { classSince: '2026-01-31' }), defaultPolicy);
    expect(next).toBe(due);
    expect([addDays(due, -1), due, addDays(due, 1)].map((d) => daysOverdueOn(next, d))).toEqual([0, 0, 1]);
  });
});

describe('overdue', () => {
  it.each([
    ['2026-01-14', false, 0],
    ['2026-01-15', false, 0],
    ['2026-01-16', true, 1],
    ['2026-02-15', true, 31],
  ])('due 2026-01-15, today %s: overdue %s by %i days', (today, overdue, days) => {
    expect(isOverdueOn('2026-01-15', today)).toBe(overdue);
    expect(daysOverdueOn('2026-01-15', today)).toBe(days);
  });

  it('is never overdue without a due date', () => {
    expect(daysOverdueOn(null, '2030-01-01')).toBe(0);
  });
});

describe('class changes and classSince', () => {
  const h = { ...tracked(null, { classSince: null }), nextVisitDue: null };

  it('sets classSince when a household enters tracking', () => {
    expect(withVisitClass(h, 'blue', '2026-03-05', defaultPolicy)).toMatchObject({
      classSince: '2026-03-05',
      nextVisitDue: '2026-06-05',
    });
  });

  it('keeps the anchor on an upgrade, which can make the household overdue at once', () => {
    const blue = withVisitClass(h, 'blue', '2026-01-01', defaultPolicy);
    const red = withVisitClass(blue, 'red', '2026-02-20', defaultPolicy);
    expect(red).toMatchObject({ classSince: '2026-01-01', nextVisitDue: '2026-01-15' });
    expect(daysOverdueOn(red.nextVisitDue, '2026-02-20')).toBe(36);
  });

  it('keeps the anchor on a downgrade', () => {
    const red = withVisitClass(h, 'red', '2026-01-01', defaultPolicy);
    expect(withVisitClass(red, 'blue', '2026-01-10', defaultPolicy)).toMatchObject({
      classSince: '2026-01-01',
      nextVisitDue: '2026-04-01',
    });
  });

  it('clears classSince when the class becomes null', () => {
    const red = withVisitClass(h, 'red', '2026-01-01', defaultPolicy);
    expect(withVisitClass(red, null, '2026-01-10', defaultPolicy)).toMatchObject({
      classSince: null,
      nextVisitDue: null,
    });
  });
});

describe('recording a visit', () => {
  const h = aMonitoredHousehold({ visitClass: 'red', classSince: '2026-01-01', nextVisitDue: '2026-01-15' });

  it('a home visit moves the last home visit and the next due date', () => {
    expect(recordVisit(h, { date: '2026-01-10', method: 'home' }, '2026-01-12', defaultPolicy)).toMatchObject(
      {
        lastHomeVisit: '2026-01-10',
        lastContact: '2026-01-10',
        nextVisitDue: '2026-01-24',
      },
    );
  });

  it('a phone contact moves only the last contact', () => {
    expect(
      recordVisit(h, { date: '2026-01-10', method: 'phone' }, '2026-01-12', defaultPolicy),
    ).toMatchObject({
      lastHomeVisit: null,
      lastContact: '2026-01-10',
      nextVisitDue: '2026-01-15',
    });
  });

  it('an older visit recorded late never moves the dates back', () => {
    const visited = { ...h, lastHomeVisit: '2026-01-10', lastContact: '2026-01-10' };
    expect(
      recordVisit(visited, { date: '2026-01-05', method: 'home' }, '2026-01-12', defaultPolicy),
    ).toMatchObject({
      lastHomeVisit: '2026-01-10',
    });
  });

  it('accepts a visit today', () => {
    expect(
      recordVisit(h, { date: '2026-01-12', method: 'home' }, '2026-01-12', defaultPolicy).lastHomeVisit,
    ).toBe('2026-01-12');
  });

  it('refuses a visit in the future', () => {
    expect(() => recordVisit(h, { date: '2026-01-13', method: 'home' }, '2026-01-12', defaultPolicy)).toThrow(
      DomainError,
    );
  });

  it('refuses an impossible date', () => {
    expect(() => recordVisit(h, { date: '2026-02-30', method: 'home' }, '2026-03-12', defaultPolicy)).toThrow(
      /not a date/,
    );
  });
});

describe('visit compliance counts visits, one per due date in the month (§9, issue 18)', () => {
  const month = { monthStart: '2026-11-01', monthEnd: '2026-11-30' };
  const red = (anchor: string | null, visits: string[]) =>
    visitsDueInMonth({ interval: 'P14D', anchor, visits, ...month });

  it('a red household visited every 14 days needs and has two visits in November', () => {
    // Last visit 25 Oct: due 8 Nov; visited 8 Nov: due 22 Nov; visited 22 Nov: due 6 Dec.
    expect(red('2026-10-25', ['2026-11-08', '2026-11-22'])).toEqual({ required: 2, done: 2 });
  });

  it('one visit in the month answers one of its two due dates', () => {
    // Due 8 Nov, visited 8 Nov → due 22 Nov, not visited: overdue from then on.
    expect(red('2026-10-25', ['2026-11-08'])).toEqual({ required: 2, done: 1 });
  });

  it('no visit: the first due date is required and unmet; no later one follows an overdue household', () => {
    expect(red('2026-10-25', [])).toEqual({ required: 1, done: 0 });
  });

  it('a visit answering a due date of October is not counted in November', () => {
    // Due 22 Oct, visited 3 Nov (late) → due 17 Nov, visited 17 Nov → due 1 Dec.
    expect(red('2026-10-08', ['2026-11-03', '2026-11-17'])).toEqual({ required: 1, done: 1 });
  });

  it('a blue household due in January needs nothing in November', () => {
    expect(visitsDueInMonth({ interval: 'P3M', anchor: '2026-10-10', visits: [], ...month })).toEqual({
      required: 0,
      done: 0,
    });
  });

  it('no anchor (never visited, no class start): nothing is due', () => {
    expect(red(null, [])).toEqual({ required: 0, done: 0 });
  });
});
