// EventBridge cron expressions (`cron(min hour day-of-month month day-of-week year)`) read in a time zone:
// the subset fanpin's schedules use, and a little more (lists, ranges, steps, names, `L` for the
// last day of the month). Day-of-week is 1-7 = SUN-SAT, as in EventBridge.
import { addDays, dayOfWeek, daysInMonth, fromLocal, toLocal } from '../domain/time';

export interface CronExpression {
  minutes: number[];
  hours: number[];
  /** null = any (`?` or `*`). */
  daysOfMonth: number[] | null;
  lastDayOfMonth: boolean;
  months: number[];
  /** 1 = Sunday … 7 = Saturday; null = any. */
  daysOfWeek: number[] | null;
  years: number[] | null;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

export class InvalidCronError extends Error {
  constructor(expression: string, why: string) {
    super(`cron expression "${expression}" ${why}`);
    this.name = 'InvalidCronError';
  }
}

function field(
  expression: string,
  text: string,
  min: number,
  max: number,
  names: string[] = [],
  nameBase = 1,
): number[] | null {
  if (text === '*' || text === '?') return null;
  const value = (v: string): number => {
    const i = names.indexOf(v.toUpperCase());
    const n = i >= 0 ? i + nameBase : Number(v);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new InvalidCronError(expression, `has "${v}" out of ${min}-${max}`);
    return n;
  };
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const [range, stepText] = part.split('/') as [string, string | undefined];
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1)
      throw new InvalidCronError(expression, `has a bad step in "${part}"`);
    let from: number;
    let to: number;
    if (range === '*') [from, to] = [min, max];
    else if (range.includes('-')) {
      const [a, b] = range.split('-') as [string, string];
      [from, to] = [value(a), value(b)];
    } else {
      from = value(range);
      to = stepText === undefined ? from : max;
    }
    for (let n = from; n <= to; n += step) out.add(n);
  }
  return [...out].sort((a, b) => a - b);
}

export function parseCron(expression: string): CronExpression {
  const m = /^cron\((.*)\)$/.exec(expression.trim());
  const fields = (m ? m[1]! : '').trim().split(/\s+/);
  if (!m || fields.length !== 6)
    throw new InvalidCronError(expression, 'is not cron(min hour dom month dow year)');
  const [mi, h, dom, mo, dow, y] = fields as [string, string, string, string, string, string];
  if ((dom === '?') === (dow === '?')) {
    throw new InvalidCronError(expression, 'must have `?` in exactly one of day-of-month and day-of-week');
  }
  return {
    minutes: field(expression, mi, 0, 59) ?? range(0, 59),
    hours: field(expression, h, 0, 23) ?? range(0, 23),
    daysOfMonth: dom === 'L' ? null : field(expression, dom, 1, 31),
    lastDayOfMonth: dom === 'L',
    months: field(expression, mo, 1, 12, MONTHS) ?? range(1, 12),
    daysOfWeek: field(expression, dow, 1, 7, DAYS),
    years: field(expression, y, 1970, 2199),
  };
}

function range(a: number, b: number): number[] {
  return Array.from({ length: b - a + 1 }, (_, i) => a + i);
}

function dateMatches(cron: CronExpression, date: string): boolean {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  if (cron.years && !cron.years.includes(y)) return false;
  if (!cron.months.includes(mo)) return false;
  if (cron.lastDayOfMonth && d !== daysInMonth(y, mo)) return false;
  if (cron.daysOfMonth && !cron.daysOfMonth.includes(d)) return false;
  if (cron.daysOfWeek && !cron.daysOfWeek.includes(dayOfWeek(date) + 1)) return false;
  return true;
}

const MAX_DAYS_AHEAD = 366 * 8;

/** The first instant strictly after `afterMs` at which the schedule fires, or null if it never does again. */
export function nextFireTime(expression: string, timeZone: string, afterMs: number): number | null {
  const cron = parseCron(expression);
  let date = toLocal(afterMs, timeZone).date;
  for (let i = 0; i < MAX_DAYS_AHEAD; i++) {
    if (dateMatches(cron, date)) {
      for (const h of cron.hours) {
        for (const mi of cron.minutes) {
          const at = fromLocal(date, (h * 60 + mi) * 60_000, timeZone);
          if (at > afterMs) return at;
        }
      }
    }
    date = addDays(date, 1);
  }
  return null;
}

/** Every instant in (fromMs, toMs] at which the schedule fires. */
export function fireTimesBetween(
  expression: string,
  timeZone: string,
  fromMs: number,
  toMs: number,
): number[] {
  const out: number[] = [];
  let t = nextFireTime(expression, timeZone, fromMs);
  while (t !== null && t <= toMs) {
    out.push(t);
    t = nextFireTime(expression, timeZone, t);
  }
  return out;
}
