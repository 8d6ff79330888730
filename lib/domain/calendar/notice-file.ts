// D14: the file an operator loads with `fanpin calendar import` (format in docs/calendar.md): one year of the
// State Council's notice as data. Checked whole before anything is stored; every problem is reported with
// where it is, and a file with any problem stores nothing.
import { z } from 'zod';
import { DomainError, type ErrorDetail as FieldError } from '../errors';
import type { LocalDate } from '../model';
import { addDays, daysBetween, isLocalDate } from '../time';
import type { CalendarYear } from './china-official';
import { firstStatutoryYear, lastStatutoryYear, statutoryHolidays } from './statutory';

export interface CalendarNoticeFile {
  year: number;
  notice: { title: string; published: LocalDate };
  holidays: { name: string; from: LocalDate; to: LocalDate }[];
  workdays: LocalDate[];
}

/** The holidays of 全国年节及纪念日放假办法 and the longest block a notice has given each (2026 春节: 9 days). */
export const holidayNames = ['元旦', '春节', '清明节', '劳动节', '端午节', '中秋节', '国庆节'] as const;
const longestBlock: Record<(typeof holidayNames)[number], number> = {
  元旦: 3,
  春节: 9,
  清明节: 3,
  劳动节: 5,
  端午节: 3,
  中秋节: 3,
  国庆节: 8,
};
/** How far a block or an adjusted working day may reach into a neighbouring year (元旦 12月30日至1月1日). */
const reachDays = 7;

const localDate = z.string().refine(isLocalDate, 'a date written YYYY-MM-DD');

const fileSchema = z.object({
  year: z
    .number()
    .int()
    .min(firstStatutoryYear - 1)
    .max(lastStatutoryYear),
  notice: z.object({
    title: z.string().trim().min(1, 'the notice’s title'),
    published: localDate,
  }),
  holidays: z
    .array(z.object({ name: z.string().trim().min(1), from: localDate, to: localDate }))
    .min(1, 'the notice’s holidays'),
  workdays: z.array(localDate),
});

/** The statutory holidays a block's name stands for ('国庆节、中秋节' is two). */
function namesIn(name: string): (typeof holidayNames)[number][] {
  return holidayNames.filter((h) => name.includes(h) || name.includes(h.replace(/节$/, '')));
}

/** Parses and checks a notice file; DomainError('validation_failed') naming every problem otherwise. */
export function parseCalendarNoticeFile(input: unknown): CalendarNoticeFile {
  const parsed = fileSchema.safeParse(input);
  if (!parsed.success) {
    throw invalid(
      parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(file)', message: i.message })),
    );
  }
  const file = parsed.data as CalendarNoticeFile;
  const errors: FieldError[] = [];
  const { year } = file;
  const first: LocalDate = `${year}-01-01`;
  const last: LocalDate = `${year}-12-31`;
  const inReach = (d: LocalDate) => d >= addDays(first, -reachDays) && d <= addDays(last, reachDays);
  const rest = new Map<LocalDate, string>();
  const named = new Set<string>();
  const statutory = year >= firstStatutoryYear ? statutoryHolidays(year) : [];

  file.holidays.forEach((block, i) => {
    const field = `holidays.${i}`;
    const names = namesIn(block.name);
    if (names.length === 0) {
      errors.push({
        field: `${field}.name`,
        message: `"${block.name}" is none of ${holidayNames.join('、')}`,
      });
      return;
    }
    for (const n of names) named.add(n);
    if (block.from > block.to) {
      errors.push({ field, message: `${block.name}: from ${block.from} is after to ${block.to}` });
      return;
    }
    if (!inReach(block.from) || !inReach(block.to) || block.to < first || block.from > last) {
      errors.push({ field, message: `${block.name}: ${block.from}–${block.to} is outside ${year}` });
      return;
    }
    const length = daysBetween(block.from, block.to) + 1;
    const allowed = Math.max(...names.map((n) => longestBlock[n])) + (names.length - 1);
    if (length > allowed) {
      errors.push({
        field,
        message: `${block.name}: ${length} days is longer than the law allows a block (at most ${allowed})`,
      });
      return;
    }
    for (const n of names) {
      // From 2025 the law fixes each holiday's days: the block must hold them (a wrong month is a typo).
      const days = statutory.find((s) => s.name === n)?.days ?? [];
      const outside = days.filter((d) => d < block.from || d > block.to);
      if (outside.length > 0) {
        errors.push({
          field,
          message: `${block.name}: the statutory day ${outside.join('、')} of ${n} is not in ${block.from}–${block.to}`,
        });
      }
    }
    for (let d = block.from; d <= block.to; d = addDays(d, 1)) {
      const other = rest.get(d);
      if (other) errors.push({ field, message: `${d} is in both ${other} and ${block.name}` });
      rest.set(d, block.name);
    }
  });
  if (statutory.length > 0) {
    const absent = holidayNames.filter((n) => !named.has(n));
    if (absent.length > 0) {
      errors.push({
        field: 'holidays',
        message: `the notice lists every holiday; missing: ${absent.join('、')}`,
      });
    }
  }
  file.workdays.forEach((d, i) => {
    const field = `workdays.${i}`;
    if (!inReach(d)) errors.push({ field, message: `${d} is outside ${year}` });
    const dow = new Date(`${d}T00:00:00Z`).getUTCDay();
    if (dow !== 0 && dow !== 6) errors.push({ field, message: `${d} is not a Saturday or Sunday` });
    const block = rest.get(d);
    if (block) errors.push({ field, message: `${d} is both a holiday (${block}) and a working day` });
  });
  if (new Set(file.workdays).size !== file.workdays.length) {
    errors.push({ field: 'workdays', message: 'a date is listed twice' });
  }
  if (errors.length > 0) throw invalid(errors);
  return file;
}

/** The year's data as the working-day calendar holds it. */
export function calendarYearOf(file: CalendarNoticeFile): CalendarYear {
  return {
    year: file.year,
    source: file.notice.title,
    holidays: file.holidays.map((h) => ({ ...h })),
    workdays: [...file.workdays].sort(),
  };
}

function invalid(details: FieldError[]): DomainError {
  return new DomainError('validation_failed', 'the calendar file is invalid', details);
}
