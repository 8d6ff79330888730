// D14: provisional years from the statutory holidays, the years' statuses, the notice file's checks, and the
// deadline's bounds across 2024–2030.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chinaOfficialCalendar } from '../../lib/domain/calendar/china-official';
import { parseCalendarNoticeFile } from '../../lib/domain/calendar/notice-file';
import { provisionalYear, statutoryHolidays } from '../../lib/domain/calendar/statutory';
import { rescheduleCase } from '../../lib/domain/cases/lifecycle';
import { DomainError } from '../../lib/domain/errors';
import { deadlineAt } from '../../lib/domain/escalation';
import { defaultPolicy } from '../../lib/domain/policy';
import { addDays, dayOfWeek, localDateOf } from '../../lib/domain/time';
import { WorkingDayCalendar } from '../../lib/domain/working-days';
import { aCase } from '../builders/case';

const restDays = (calendar: WorkingDayCalendar, year: number) => {
  const days: string[] = [];
  for (let d = `${year}-01-01`; d <= `${year}-12-31`; d = addDays(d, 1))
    if (!calendar.isWorkingDay(d)) days.push(d);
  return days;
};
const weekend = (d: string) => dayOfWeek(d) === 0 || dayOfWeek(d) === 6;

describe('provisional years (D14)', () => {
  const deployment = WorkingDayCalendar.forDeployment([], 2027);

  it('holds 1 Jan, 5 Feb, 8 Feb, 5 Apr, 9 Jun, 15 Sep and 1 Oct 2027 as rest days', () => {
    expect(deployment.status(2027)).toBe('provisional');
    for (const d of [
      '2027-01-01',
      '2027-02-05',
      '2027-02-08',
      '2027-04-05',
      '2027-06-09',
      '2027-09-15',
      '2027-10-01',
    ]) {
      expect(deployment.isWorkingDay(d), d).toBe(false);
    }
  });

  it('gives make-up rest days for statutory days on a weekend: 春节 6–7 Feb, 劳动节 1–2 May, 国庆 2–3 Oct 2027', () => {
    // 除夕 Fri 5 Feb to 初三 Mon 8 Feb: Sat and Sun owe two days → Tue 9, Wed 10.
    expect(['2027-02-09', '2027-02-10'].map((d) => deployment.isWorkingDay(d))).toEqual([false, false]);
    expect(deployment.isWorkingDay('2027-02-11')).toBe(true);
    expect(['2027-05-03', '2027-05-04', '2027-05-05'].map((d) => deployment.isWorkingDay(d))).toEqual([
      false,
      false,
      true,
    ]);
    expect(['2027-10-04', '2027-10-05', '2027-10-06'].map((d) => deployment.isWorkingDay(d))).toEqual([
      false,
      false,
      true,
    ]);
  });

  it('has 13 statutory days a year, 除夕 the day before 正月初一 (2026: the 29th of the twelfth month)', () => {
    for (let year = 2025; year <= 2035; year++) {
      expect(statutoryHolidays(year).flatMap((h) => h.days)).toHaveLength(13);
    }
    // 2026: 正月初一 is 17 February, so 除夕 is Monday 16 February (腊月廿九; there is no 三十).
    expect(statutoryHolidays(2026).find((h) => h.name === '春节')?.days[0]).toBe('2026-02-16');
  });

  it('agrees with the notices of 2025 and 2026: every statutory day is a rest day in the notice', () => {
    for (const official of chinaOfficialCalendar.filter((y) => y.year >= 2025)) {
      const notice = new WorkingDayCalendar([official]);
      for (const h of statutoryHolidays(official.year)) {
        for (const d of h.days) expect(notice.isWorkingDay(d), `${h.name} ${d}`).toBe(false);
      }
    }
  });

  it('differs from the notices only by their 调休 swaps: a weekday a provisional year rests is rested by the notice', () => {
    for (const official of chinaOfficialCalendar.filter((y) => y.year >= 2025)) {
      const notice = new WorkingDayCalendar([official]);
      const provisional = new WorkingDayCalendar([
        { ...provisionalYear(official.year), status: 'provisional' },
      ]);
      const missedByNotice = restDays(provisional, official.year).filter(
        (d) => !weekend(d) && notice.isWorkingDay(d),
      );
      expect(missedByNotice, String(official.year)).toEqual([]);
    }
  });

  it('keeps the current and the next year at least provisional and later years missing', () => {
    expect([2024, 2025, 2026, 2027, 2028].map((y) => deployment.status(y))).toEqual([
      'official',
      'official',
      'official',
      'provisional',
      'missing',
    ]);
  });

  it('lets a loaded official year replace the provisional one', () => {
    const loaded = WorkingDayCalendar.forDeployment(
      [
        {
          year: 2027,
          source: 'notice',
          holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-03' }],
          workdays: ['2027-01-09'],
        },
      ],
      2027,
    );
    expect(loaded.status(2027)).toBe('official');
    expect(loaded.isWorkingDay('2027-01-09')).toBe(true);
  });

  it('warns of a year that is not official in the next 60 days: from 2 November for the coming year', () => {
    expect(deployment.notOfficialAhead('2026-11-01')).toEqual([]);
    expect(deployment.notOfficialAhead('2026-12-01').map((w) => [w.code, w.year])).toEqual([
      ['calendar_year_provisional', 2027],
    ]);
    expect(
      WorkingDayCalendar.forDeployment([], 2026)
        .notOfficialAhead('2026-12-01')
        .map((w) => w.code),
    ).toEqual(['calendar_year_missing']);
  });
});

describe('the deadline across 2024–2030 (property)', () => {
  const monFri = new WorkingDayCalendar([]);
  const inForce = [
    ['today’s deployment', WorkingDayCalendar.forDeployment([], 2027)],
    ['provisional through 2030', WorkingDayCalendar.forDeployment([], 2030)],
  ] as const;
  const date = fc.integer({ min: 0, max: 7 * 365 + 1 }).map((n) => addDays('2024-01-01', n));

  for (const [name, calendar] of inForce) {
    it(`is a working day of the calendar in force, never before Monday–Friday less the adjusted days (${name})`, () => {
      fc.assert(
        fc.property(date, fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 23 }), (d, n, hour) => {
          const at = `${d}T${String(hour).padStart(2, '0')}:00:00+08:00`;
          const deadline = localDateOf(deadlineAt(at, n, calendar, 'Asia/Shanghai'), 'Asia/Shanghai');
          if (n === 0) return deadline === d; // §8 "same day": the end of that day
          if (!calendar.isWorkingDay(deadline)) return false;
          const plain = monFri.addWorkingDays(d, n);
          let adjusted = 0;
          for (let x = addDays(d, 1); x <= plain; x = addDays(x, 1))
            if (weekend(x) && calendar.isWorkingDay(x)) adjusted++;
          return deadline >= monFri.addWorkingDays(d, Math.max(0, n - adjusted)) && deadline > d;
        }),
        { numRuns: 2_000 },
      );
    });
  }
});

describe('rescheduleCase (D14)', () => {
  it('counts the deadline again from the time the case reached its level, and its planned escalations', () => {
    const before = WorkingDayCalendar.forDeployment([], 2027);
    const opened = aCase({ at: '2026-12-29T06:00:00+08:00' }, defaultPolicy, before);
    expect(opened.deadline).toBe('2027-01-04T06:00:00.000+08:00');
    const notice = before.withYear({
      year: 2027,
      source: 'notice',
      holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-01' }],
      workdays: ['2027-01-02'],
    });
    const moved = rescheduleCase(opened, notice);
    expect(moved.deadline).toBe('2027-01-02T06:00:00.000+08:00');
    expect(moved.plannedEscalations[0]).toEqual({ level: 'township', at: '2027-01-02T06:00:00.000+08:00' });
    expect(rescheduleCase(moved, notice)).toBe(moved);
  });

  it('leaves a resolved case and a case at the county alone', () => {
    const calendar = WorkingDayCalendar.forDeployment([], 2027);
    const county = { ...aCase(), level: 'county' as const, deadline: null };
    expect(rescheduleCase(county, calendar)).toBe(county);
    const resolved = { ...aCase(), status: 'resolved' as const, deadline: null };
    expect(rescheduleCase(resolved, calendar)).toBe(resolved);
  });
});

describe('the notice file (fanpin calendar import)', () => {
  const base = {
    year: 2026,
    notice: { title: chinaOfficialCalendar[2]!.source, published: '2025-11-04' },
    holidays: chinaOfficialCalendar[2]!.holidays,
    workdays: chinaOfficialCalendar[2]!.workdays,
  };
  const problems = (input: unknown) => {
    try {
      parseCalendarNoticeFile(input);
      return [];
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      return e.details.map((d) => `${d.field}: ${d.message}`);
    }
  };

  it('accepts the bundled notices of 2024, 2025 and 2026 as files', () => {
    for (const y of chinaOfficialCalendar) {
      expect(
        problems({
          year: y.year,
          notice: { title: y.source, published: `${y.year - 1}-11-01` },
          holidays: y.holidays,
          workdays: y.workdays,
        }),
      ).toEqual([]);
    }
  });

  it('names each problem: a date outside the year, a day both holiday and workday, a block too long, a typo', () => {
    expect(problems({ ...base, workdays: ['2027-03-06'] })).toEqual([
      'workdays.0: 2027-03-06 is outside 2026',
    ]);
    expect(problems({ ...base, workdays: ['2026-01-03'] })).toEqual([
      'workdays.0: 2026-01-03 is both a holiday (元旦) and a working day',
    ]);
    const long = base.holidays.map((h) => (h.name === '国庆节' ? { ...h, to: '2026-10-12' } : h));
    expect(problems({ ...base, holidays: long })).toEqual([
      'holidays.6: 国庆节: 12 days is longer than the law allows a block (at most 8)',
    ]);
    const wrongMonth = base.holidays.map((h) =>
      h.name === '中秋节' ? { ...h, from: '2026-08-25', to: '2026-08-27' } : h,
    );
    expect(problems({ ...base, holidays: wrongMonth })).toEqual([
      'holidays.5: 中秋节: the statutory day 2026-09-25 of 中秋节 is not in 2026-08-25–2026-08-27',
    ]);
    expect(problems({ ...base, holidays: base.holidays.slice(1) })).toEqual([
      'holidays: the notice lists every holiday; missing: 元旦',
    ]);
    expect(problems({ ...base, workdays: ['2026-01-05'] })).toEqual([
      'workdays.0: 2026-01-05 is not a Saturday or Sunday',
    ]);
    expect(problems({ year: 2026 })).toEqual(
      expect.arrayContaining([expect.stringMatching(/^notice: /), expect.stringMatching(/^holidays: /)]),
    );
  });
});
