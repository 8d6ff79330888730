import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../lib/domain/errors';
import { addDays, dayOfWeek } from '../../lib/domain/time';
import { type CalendarWarning, parseCalendarYear, WorkingDayCalendar } from '../../lib/domain/working-days';

const official = WorkingDayCalendar.chinaOfficial();

/** Any date from 2024-01-01 to 2026-12-20 (inside the published years). */
const coveredDate = fc.integer({ min: 0, max: 1085 }).map((n) => addDays('2024-01-01', n));

describe('WorkingDayCalendar', () => {
  describe('isWorkingDay', () => {
    it('treats a public holiday on a weekday as a rest day (2026-10-01, Thursday, 国庆节)', () => {
      expect(official.isWorkingDay('2026-10-01')).toBe(false);
    });

    it('treats an adjusted Saturday as a working day (2026-10-10, 调休上班)', () => {
      expect(official.isWorkingDay('2026-10-10')).toBe(true);
    });

    it('treats an ordinary weekend as rest and an ordinary weekday as work', () => {
      expect(official.isWorkingDay('2026-11-07')).toBe(false);
      expect(official.isWorkingDay('2026-11-09')).toBe(true);
    });
  });

  describe('fallback years', () => {
    it('uses Monday–Friday for a year without data', () => {
      const calendar = WorkingDayCalendar.chinaOfficial();
      const week = [
        '2030-01-06',
        '2030-01-07',
        '2030-01-08',
        '2030-01-09',
        '2030-01-10',
        '2030-01-11',
        '2030-01-12',
      ];
      expect(week.map((d) => calendar.isWorkingDay(d))).toEqual([false, true, true, true, true, true, false]);
    });

    it('keeps 1 January of a year without data a working day (no invented holidays)', () => {
      expect(official.isWorkingDay('2030-01-01')).toBe(true);
    });

    it('warns once per missing year through the caller’s callback', () => {
      const warnings: CalendarWarning[] = [];
      const calendar = WorkingDayCalendar.chinaOfficial({ onWarning: (w) => warnings.push(w) });
      calendar.isWorkingDay('2027-03-01');
      calendar.addWorkingDays('2027-03-01', 10);
      calendar.isWorkingDay('2020-12-02');
      expect(warnings.map((w) => [w.code, w.year])).toEqual([
        ['calendar_year_missing', 2027],
        ['calendar_year_missing', 2020],
      ]);
    });

    it('does not warn for a year with data', () => {
      const warnings: CalendarWarning[] = [];
      const calendar = WorkingDayCalendar.chinaOfficial({ onWarning: (w) => warnings.push(w) });
      calendar.addWorkingDays('2026-03-02', 40);
      expect(warnings).toEqual([]);
    });

    it('lists coverage warnings for the dates a sweep will touch', () => {
      expect(official.coverageWarnings('2026-12-20', '2027-01-05').map((w) => w.year)).toEqual([2027]);
      expect(official.coverageWarnings('2026-12-20')).toEqual([]);
    });
  });

  describe('addWorkingDays', () => {
    it('never counts the date itself: Wednesday + 3 = Monday (spec §8 example, 2020 falls back to Mon–Fri)', () => {
      expect(official.addWorkingDays('2020-12-02', 3)).toBe('2020-12-07');
    });

    it('skips the 2026 National Day holidays and counts the adjusted Saturday', () => {
      // 9-30 (1), 10-1..10-7 rest, 10-8 (2), 10-9 (3), 10-10 Saturday adjusted (4), 10-11 Sunday rest, 10-12 (5)
      expect(official.addWorkingDays('2026-09-29', 5)).toBe('2026-10-12');
    });

    it('counts from a rest day the same way (the date never counts, working day or not)', () => {
      expect(official.addWorkingDays('2026-10-03', 1)).toBe('2026-10-08');
    });

    it('returns the date itself for 0', () => {
      expect(official.addWorkingDays('2026-10-03', 0)).toBe('2026-10-03');
    });

    it('counts backwards for a negative n', () => {
      expect(official.addWorkingDays('2026-10-08', -1)).toBe('2026-09-30');
    });

    it('lands on a working day after the date, for any date and n ≥ 1', () => {
      fc.assert(
        fc.property(coveredDate, fc.integer({ min: 1, max: 30 }), (date, n) => {
          const result = official.addWorkingDays(date, n);
          return result > date && official.isWorkingDay(result);
        }),
      );
    });

    it('is monotone in n', () => {
      fc.assert(
        fc.property(coveredDate, fc.integer({ min: 0, max: 30 }), (date, n) => {
          return official.addWorkingDays(date, n) < official.addWorkingDays(date, n + 1);
        }),
      );
    });

    it('composes: (date + a) + b = date + (a + b)', () => {
      fc.assert(
        fc.property(
          coveredDate,
          fc.integer({ min: 0, max: 15 }),
          fc.integer({ min: 0, max: 15 }),
          (d, a, b) => {
            return (
              official.addWorkingDays(official.addWorkingDays(d, a), b) === official.addWorkingDays(d, a + b)
            );
          },
        ),
      );
    });
  });

  describe('workingDaysBetween', () => {
    it('counts working days after a up to and including b', () => {
      expect(official.workingDaysBetween('2026-09-29', '2026-10-12')).toBe(5);
    });

    it('is 0 for the same day and negative when b is before a', () => {
      expect(official.workingDaysBetween('2026-10-12', '2026-10-12')).toBe(0);
      expect(official.workingDaysBetween('2026-10-12', '2026-09-29')).toBe(-5);
    });

    it('inverts addWorkingDays', () => {
      fc.assert(
        fc.property(coveredDate, fc.integer({ min: 0, max: 40 }), (date, n) => {
          return official.workingDaysBetween(date, official.addWorkingDays(date, n)) === n;
        }),
      );
    });
  });

  describe('loading and overriding a year', () => {
    const corrected2027 = {
      year: 2027,
      source: 'county correction (test)',
      holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-03' }],
      workdays: ['2027-01-09'],
    };

    it('adds a year: its holidays rest, its adjusted days work, and it is covered', () => {
      const warnings: CalendarWarning[] = [];
      const calendar = WorkingDayCalendar.chinaOfficial({ onWarning: (w) => warnings.push(w) }).withYear(
        corrected2027,
      );
      expect(calendar.yearsCovered).toEqual([2024, 2025, 2026, 2027]);
      expect(calendar.isWorkingDay('2027-01-01')).toBe(false);
      expect(calendar.isWorkingDay('2027-01-09')).toBe(true);
      expect(warnings).toEqual([]);
    });

    it('replaces a year’s data entirely, leaving the original calendar unchanged', () => {
      const corrected = official.withYear({
        year: 2026,
        source: 'county correction (test)',
        holidays: [{ name: '国庆节', from: '2026-10-01', to: '2026-10-08' }],
        workdays: [],
      });
      expect(corrected.isWorkingDay('2026-10-08')).toBe(false);
      expect(corrected.isWorkingDay('2026-02-16')).toBe(true);
      expect(corrected.isWorkingDay('2026-10-10')).toBe(false);
      expect(official.isWorkingDay('2026-10-08')).toBe(true);
    });

    it('refuses an adjusted working day that is not a weekend day', () => {
      expect(() => parseCalendarYear({ ...corrected2027, workdays: ['2027-01-05'] })).toThrow(DomainError);
    });

    it('refuses a block whose end is before its start, or an invalid date', () => {
      expect(() =>
        parseCalendarYear({
          ...corrected2027,
          holidays: [{ name: 'x', from: '2027-01-03', to: '2027-01-01' }],
        }),
      ).toThrow(DomainError);
      expect(() => parseCalendarYear({ ...corrected2027, workdays: ['2027-02-30'] })).toThrow(DomainError);
    });

    it('refuses a date far from the year', () => {
      expect(() => parseCalendarYear({ ...corrected2027, workdays: ['2030-01-05'] })).toThrow(DomainError);
    });
  });

  it('names Saturday and Sunday as weekend in the fallback (sanity of dayOfWeek)', () => {
    expect([dayOfWeek('2030-01-05'), dayOfWeek('2030-01-06')]).toEqual([6, 0]);
  });
});
