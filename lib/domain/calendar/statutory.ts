// D14 provisional years: the statutory holidays of 全国年节及纪念日放假办法 (as revised in 2024, in force from
// 2025) placed on a year's dates, before the State Council's notice for that year exists. What the notice adds
// (调休: weekend days made working days to join blocks) cannot be known in advance, so a provisional year has
// no adjusted working days; it does have the make-up rest days the law itself requires ("全体公民放假的假日，
// 如果适逢周六、周日，应当在工作日补假").
//
// Lunar dates (除夕, 端午, 中秋) and the 清明 solar term come from `chinese-days` (docs/decisions/0012).
import chineseDays from 'chinese-days';
import type { LocalDate } from '../model';
import { addDays, dayOfWeek } from '../time';
import type { CalendarYear, HolidayBlock } from './china-official';

// A CommonJS package: its functions hang off the default export under Node's ESM loader.
const { getSolarDateFromLunar, getSolarTermDate } = chineseDays;

/** The first year the 2024 revision's holidays apply to (国务院令第795号, in force 1 January 2025). */
export const firstStatutoryYear = 2025;
/** The last year the lunar tables of `chinese-days` reach. */
export const lastStatutoryYear = 2100;

interface Statutory {
  name: string;
  /** The statutory rest days of the holiday, in order. */
  days: LocalDate[];
}

const pad = (n: number) => String(n).padStart(2, '0');
const run = (from: LocalDate, count: number): LocalDate[] =>
  Array.from({ length: count }, (_, i) => addDays(from, i));
/** The Gregorian date of a lunar month/day in the lunar year that starts in `year` (never the leap month). */
const lunar = (year: number, month: number, day: number): LocalDate =>
  getSolarDateFromLunar(`${year}-${pad(month)}-${pad(day)}`).date as LocalDate;

/** D14: the statutory days of each holiday of `year` (元旦 1; 春节 4, 除夕 to 初三; 清明 1; 劳动节 2; 端午 1; 中秋 1; 国庆 3). */
export function statutoryHolidays(year: number): Statutory[] {
  if (!Number.isInteger(year) || year < firstStatutoryYear || year > lastStatutoryYear) {
    throw new RangeError(
      `statutory holidays are computed for ${firstStatutoryYear}–${lastStatutoryYear}, not ${year}`,
    );
  }
  // 除夕 is the last day of the twelfth lunar month (the 29th or the 30th): the day before 正月初一.
  const newYear = lunar(year, 1, 1);
  return [
    { name: '元旦', days: [`${year}-01-01`] },
    { name: '春节', days: run(addDays(newYear, -1), 4) },
    { name: '清明节', days: [getSolarTermDate(year, 4, 'pure_brightness') as LocalDate] },
    { name: '劳动节', days: run(`${year}-05-01`, 2) },
    { name: '端午节', days: [lunar(year, 5, 5)] },
    { name: '中秋节', days: [lunar(year, 8, 15)] },
    { name: '国庆节', days: run(`${year}-10-01`, 3) },
  ];
}

const isWeekend = (d: LocalDate) => {
  const dow = dayOfWeek(d);
  return dow === 0 || dow === 6;
};

/**
 * D14: a provisional year. Each holiday is one block from its first statutory day; every statutory day on a
 * Saturday or Sunday (or on a day another holiday already takes, as 中秋 may on 国庆) adds a make-up rest
 * day on the next working day after the holiday, and the block reaches to the last of them.
 */
export function provisionalYear(year: number): CalendarYear {
  const holidays = statutoryHolidays(year).sort((a, b) => (a.days[0]! < b.days[0]! ? -1 : 1));
  const rest = new Set<LocalDate>();
  const blocks: HolidayBlock[] = [];
  for (const holiday of holidays) {
    let owed = 0;
    for (const d of holiday.days) {
      if (isWeekend(d) || rest.has(d)) owed += 1;
      rest.add(d);
    }
    let to = holiday.days[holiday.days.length - 1]!;
    for (let d = addDays(to, 1); owed > 0; d = addDays(d, 1)) {
      if (isWeekend(d) || rest.has(d) || isStatutoryLater(holidays, d)) continue;
      rest.add(d);
      to = d;
      owed -= 1;
    }
    blocks.push({ name: holiday.name, from: holiday.days[0]!, to });
  }
  return {
    year,
    source: `全国年节及纪念日放假办法（2024年修订）推算，${year}年国务院办公厅通知发布前的临时安排`,
    holidays: blocks,
    workdays: [],
  };
}

/** A make-up day is never another holiday's own statutory day. */
function isStatutoryLater(holidays: Statutory[], d: LocalDate): boolean {
  return holidays.some((h) => h.days.includes(d));
}
