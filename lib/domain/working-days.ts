// The working-day calendar (spec §8 "Working days follow China's official calendar"): weekends are rest
// days except adjusted working days (调休上班), public holidays are rest days. The calendar is data per
// year, and each year has a status (D14): `official` (the State Council's notice: bundled, or loaded by an
// operator), `provisional` (computed from the statutory holidays: lib/domain/calendar/statutory.ts) or
// `missing` (Monday–Friday, with a warning). lib/domain has no logger: the caller passes `onWarning`, or
// asks `notOfficialAhead` / `coverageWarnings`.
import { z } from 'zod';
import { type CalendarYear, chinaOfficialCalendar } from './calendar/china-official';
import { firstStatutoryYear, lastStatutoryYear, provisionalYear } from './calendar/statutory';
import { DomainError } from './errors';
import type { LocalDate } from './model';
import { addDays, dayOfWeek, daysBetween, isLocalDate } from './time';

export type { CalendarYear, HolidayBlock } from './calendar/china-official';

/** D14: where a year's working days come from. */
export type CalendarYearStatus = 'official' | 'provisional' | 'missing';

/** A year's data with its status (a `missing` year has no data). */
export interface CalendarYearData extends CalendarYear {
  status: 'official' | 'provisional';
}

export interface CalendarWarning {
  code: 'calendar_year_missing' | 'calendar_year_provisional';
  year: number;
  message: string;
}

/** D14: how far ahead sweeps, digests and the health answer look for a year that is not official. */
export const calendarLookaheadDays = 60;

export interface WorkingDayCalendarOptions {
  /** Called once per calendar instance and year the first time a date in a year without data is asked about. */
  onWarning?: (warning: CalendarWarning) => void;
}

const localDate = z.string().refine(isLocalDate, 'a date as YYYY-MM-DD');

/** A year's data as a county may load it (JSON), checked before it is used. */
export const calendarYearSchema = z
  .object({
    year: z.number().int().min(1949).max(2200),
    source: z.string().min(1),
    holidays: z.array(z.object({ name: z.string().min(1), from: localDate, to: localDate })),
    workdays: z.array(localDate),
  })
  .superRefine((data, ctx) => {
    // The field checks above report bad dates; the cross-checks below need real ones.
    const dates = [...data.holidays.flatMap((b) => [b.from, b.to]), ...data.workdays];
    if (!dates.every((d) => typeof d === 'string' && isLocalDate(d))) return;
    const near = (d: LocalDate) => Math.abs(Number(d.slice(0, 4)) - data.year) <= 1;
    const rest = new Set<LocalDate>();
    data.holidays.forEach((block, i) => {
      if (block.from > block.to) {
        ctx.addIssue({ code: 'custom', path: ['holidays', i], message: 'from is after to' });
        return;
      }
      // A block may reach into a neighbouring year (e.g. 元旦 12月31日至1月2日), never further.
      if (!near(block.from) || !near(block.to) || daysBetween(block.from, block.to) > 31) {
        ctx.addIssue({
          code: 'custom',
          path: ['holidays', i],
          message: `not a holiday block of ${data.year}`,
        });
        return;
      }
      for (let d = block.from; d <= block.to; d = addDays(d, 1)) rest.add(d);
    });
    data.workdays.forEach((d, i) => {
      if (!near(d)) ctx.addIssue({ code: 'custom', path: ['workdays', i], message: `not in ${data.year}` });
      const dow = dayOfWeek(d);
      if (dow !== 0 && dow !== 6) {
        ctx.addIssue({ code: 'custom', path: ['workdays', i], message: `${d} is not a Saturday or Sunday` });
      }
      if (rest.has(d))
        ctx.addIssue({ code: 'custom', path: ['workdays', i], message: `${d} is also a holiday` });
    });
  });

/** Parses a year's calendar data (e.g. a county's corrected year); DomainError validation_failed otherwise. */
export function parseCalendarYear(input: unknown): CalendarYear {
  const result = calendarYearSchema.safeParse(input);
  if (!result.success) {
    throw new DomainError(
      'validation_failed',
      'calendar year data is invalid',
      result.error.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message })),
    );
  }
  return result.data;
}

// Enough for any window the policy allows; guards against a year of data with no working day at all.
const MAX_SCAN_DAYS = 3_660;

export class WorkingDayCalendar {
  private readonly years: ReadonlyMap<number, CalendarYearData>;
  private readonly holidays = new Set<LocalDate>();
  private readonly workdays = new Set<LocalDate>();
  private readonly warned = new Set<number>();
  /** Answers already computed (a sweep asks about the same few weeks for every case). */
  private readonly memo = new Map<LocalDate, boolean>();

  /** Years given without a status are official. */
  constructor(
    years: readonly (CalendarYear & { status?: CalendarYearData['status'] })[],
    private readonly options: WorkingDayCalendarOptions = {},
  ) {
    const byYear = new Map<number, CalendarYearData>();
    for (const y of years) byYear.set(y.year, { ...parseCalendarYear(y), status: y.status ?? 'official' });
    this.years = byYear;
    for (const y of [...byYear.values()].sort((a, b) => a.year - b.year)) {
      for (const block of y.holidays) {
        for (let d = block.from; d <= block.to; d = addDays(d, 1)) this.holidays.add(d);
      }
      for (const d of y.workdays) this.workdays.add(d);
    }
  }

  /** The bundled notices only (2024–2026): every other year is missing. */
  static chinaOfficial(options: WorkingDayCalendarOptions = {}): WorkingDayCalendar {
    return new WorkingDayCalendar(chinaOfficialCalendar, options);
  }

  /**
   * D14, the calendar a deployment works with: the bundled notices, the official years an operator loaded
   * (they replace a bundled year of the same number), and every year from 2025 through `throughYear` that
   * has neither computed as provisional. The caller passes the year after the current one, so the current
   * and next year are always at least provisional; later years are missing.
   */
  static forDeployment(
    loaded: readonly CalendarYear[],
    throughYear: number,
    options: WorkingDayCalendarOptions = {},
  ): WorkingDayCalendar {
    const official = new Map<number, CalendarYear>();
    for (const y of [...chinaOfficialCalendar, ...loaded]) official.set(y.year, y);
    const years: (CalendarYear & { status?: CalendarYearData['status'] })[] = [...official.values()];
    const last = Math.min(throughYear, lastStatutoryYear);
    for (let year = firstStatutoryYear; year <= last; year++) {
      if (!official.has(year)) years.push({ ...provisionalYear(year), status: 'provisional' });
    }
    return new WorkingDayCalendar(years, options);
  }

  /** A new calendar with `data` added (official unless it says otherwise), replacing that year's data. */
  withYear(data: CalendarYear & { status?: CalendarYearData['status'] }): WorkingDayCalendar {
    const others = [...this.years.values()].filter((y) => y.year !== data.year);
    return new WorkingDayCalendar(
      [...others, { ...parseCalendarYear(data), status: data.status }],
      this.options,
    );
  }

  /** D14: official, provisional or missing. */
  status(year: number): CalendarYearStatus {
    return this.years.get(year)?.status ?? 'missing';
  }

  /**
   * D14: one warning per year that is not official among the dates from `from` through `days` days later
   * (from 1 December, the coming year until its notice is loaded).
   */
  notOfficialAhead(from: LocalDate, days = calendarLookaheadDays): CalendarWarning[] {
    const first = Number(from.slice(0, 4));
    const last = Number(addDays(from, days).slice(0, 4));
    const warnings: CalendarWarning[] = [];
    for (let year = first; year <= last; year++) {
      const status = this.status(year);
      if (status === 'missing') warnings.push(missingYear(year));
      if (status === 'provisional') warnings.push(provisionalWarning(year));
    }
    return warnings;
  }

  /** Years with published (or loaded) data, ascending. */
  get yearsCovered(): number[] {
    return [...this.years.keys()].sort((a, b) => a - b);
  }

  covers(year: number): boolean {
    return this.years.has(year);
  }

  /** The data held for a year, if any, with its status. */
  year(year: number): CalendarYearData | undefined {
    return this.years.get(year);
  }

  /** One warning per year without data among the given dates (for a sweep's summary). */
  coverageWarnings(...dates: LocalDate[]): CalendarWarning[] {
    const years = [...new Set(dates.map((d) => Number(d.slice(0, 4))))].sort((a, b) => a - b);
    return years.filter((y) => !this.covers(y)).map(missingYear);
  }

  isWorkingDay(date: LocalDate): boolean {
    const known = this.memo.get(date);
    if (known !== undefined) return known;
    const answer = this.compute(date);
    if (this.memo.size >= 20_000) this.memo.clear();
    this.memo.set(date, answer);
    return answer;
  }

  private compute(date: LocalDate): boolean {
    if (this.workdays.has(date)) return true;
    if (this.holidays.has(date)) return false;
    const year = Number(date.slice(0, 4));
    if (!this.years.has(year)) this.warnOnce(year);
    const dow = dayOfWeek(date);
    return dow !== 0 && dow !== 6;
  }

  /**
   * The n-th working day after `date` (n > 0) or before it (n < 0); the date itself never counts,
   * working day or not. n = 0 returns the date unchanged.
   */
  addWorkingDays(date: LocalDate, n: number): LocalDate {
    if (!Number.isInteger(n)) throw new RangeError(`working days must be an integer, got ${n}`);
    const step = n < 0 ? -1 : 1;
    let remaining = Math.abs(n);
    let d = date;
    for (let scanned = 0; remaining > 0; scanned++) {
      if (scanned > MAX_SCAN_DAYS + Math.abs(n) * 7) {
        throw new RangeError(`no ${n} working days within reach of ${date}`);
      }
      d = addDays(d, step);
      if (this.isWorkingDay(d)) remaining--;
    }
    return d;
  }

  /**
   * Working days in (a, b]: `a` never counts, `b` does. Negative when b is before a.
   * A case opened on a and looked at on b is this many working days old; addWorkingDays(a, n) is n after a.
   */
  workingDaysBetween(a: LocalDate, b: LocalDate): number {
    if (b < a) return -this.workingDaysBetween(b, a);
    let count = 0;
    for (let d = addDays(a, 1); d <= b; d = addDays(d, 1)) if (this.isWorkingDay(d)) count++;
    return count;
  }

  private warnOnce(year: number): void {
    if (this.warned.has(year)) return;
    this.warned.add(year);
    this.options.onWarning?.(missingYear(year));
  }
}

function provisionalWarning(year: number): CalendarWarning {
  return {
    code: 'calendar_year_provisional',
    year,
    message: `the working-day calendar for ${year} is provisional (statutory holidays only, no adjusted working days): load the State Council notice with \`fanpin calendar import\``,
  };
}

function missingYear(year: number): CalendarWarning {
  return {
    code: 'calendar_year_missing',
    year,
    message: `no official working-day calendar for ${year}: using Monday–Friday`,
  };
}
