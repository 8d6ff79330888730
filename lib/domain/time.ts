// Local dates, instants and calendar arithmetic. Pure: the current time is always an argument.
// spec §4: all dates are local dates in the policy's timezone (Asia/Shanghai by default).
// spec §7: month arithmetic is calendar arithmetic clamped to month end (Jan 31 + P1M = Feb 28/29).
import type { Instant, LocalDate } from './model';

const DAY_MS = 86_400_000;
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export class InvalidDateError extends Error {
  readonly code = 'invalid_date';
  constructor(value: string, what = 'a date as YYYY-MM-DD') {
    super(`"${value}" is not ${what}`);
  }
}

/** True for a real calendar date written as YYYY-MM-DD (2026-02-30 is not). */
export function isLocalDate(value: string): boolean {
  const m = LOCAL_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

function parts(date: LocalDate): [number, number, number] {
  const m = LOCAL_DATE.exec(date);
  if (!m || !isLocalDate(date)) throw new InvalidDateError(date);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function fromUtcMs(ms: number): LocalDate {
  const d = new Date(ms);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

function toUtcMs(date: LocalDate): number {
  const [y, m, d] = parts(date);
  return Date.UTC(y, m - 1, d);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return fromUtcMs(toUtcMs(date) + days * DAY_MS);
}

/** Calendar months, clamped to the end of the target month (Jan 31 + 1 = Feb 28/29). */
export function addMonths(date: LocalDate, months: number): LocalDate {
  const [y, m, d] = parts(date);
  const index = y * 12 + (m - 1) + months;
  const ty = Math.floor(index / 12);
  const tm = (index % 12) + 1;
  return `${pad(ty, 4)}-${pad(tm)}-${pad(Math.min(d, daysInMonth(ty, tm)))}`;
}

const DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$/;

/** Adds an ISO-8601 date duration (P14D, P1M, P3M, P1Y2M…): years and months first (clamped), then days. */
export function addDuration(date: LocalDate, duration: string): LocalDate {
  const m = DURATION.exec(duration);
  if (!m || duration === 'P')
    throw new InvalidDateError(duration, 'an ISO-8601 date duration such as P14D or P1M');
  const [years, months, weeks, days] = [m[1], m[2], m[3], m[4]].map((v) => Number(v ?? 0)) as [
    number,
    number,
    number,
    number,
  ];
  return addDays(addMonths(date, years * 12 + months), weeks * 7 + days);
}

/** b − a in days (positive when b is later). */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return Math.round((toUtcMs(b) - toUtcMs(a)) / DAY_MS);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: LocalDate): number {
  return new Date(toUtcMs(date)).getUTCDay();
}

export function compareDates(a: LocalDate, b: LocalDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function maxDate(a: LocalDate, b: LocalDate): LocalDate {
  return a >= b ? a : b;
}

/** 'YYYY-MM' of a local date. */
export function monthOf(date: LocalDate): string {
  return date.slice(0, 7);
}

/** 'YYYY-MM' shifted by n months. */
export function addMonthsToMonth(month: string, n: number): string {
  return addMonths(`${month}-01`, n).slice(0, 7);
}

// ——— instants and time zones ———

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function parseInstant(instant: Instant): number {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms) || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(instant)) {
    throw new InvalidDateError(instant, 'an ISO-8601 time such as 2026-12-01T02:00:00+08:00');
  }
  return ms;
}

/** The wall-clock reading of an instant in a time zone. */
export interface LocalDateTime {
  date: LocalDate;
  /** Milliseconds since local midnight. */
  timeOfDayMs: number;
}

// Zone offsets change only on quarter-hour boundaries of UTC (every zone's offset is a multiple of 15
// minutes and its transitions happen on local quarter-hours), so one Intl lookup per zone and
// quarter-hour serves every instant in it. Intl's formatToParts is ~16 µs a call; sweeps call this a lot.
const QUARTER_HOUR_MS = 900_000;
const offsetCache = new Map<string, Map<number, number>>();
const OFFSET_CACHE_LIMIT = 50_000;

function lookupOffsetMs(ms: number, timeZone: string): number {
  const p: Record<string, string> = {};
  for (const { type, value } of formatter(timeZone).formatToParts(new Date(ms))) p[type] = value;
  const wallMs = Date.UTC(
    Number(p.year),
    Number(p.month) - 1,
    Number(p.day),
    Number(p.hour),
    Number(p.minute),
    Number(p.second),
  );
  return wallMs - (ms - (((ms % 1000) + 1000) % 1000));
}

/** Offset of the zone from UTC at an instant, in ms (Asia/Shanghai: +8 h). */
function offsetMs(ms: number, timeZone: string): number {
  let zone = offsetCache.get(timeZone);
  if (!zone) {
    zone = new Map();
    offsetCache.set(timeZone, zone);
  }
  const bucket = Math.floor(ms / QUARTER_HOUR_MS);
  let offset = zone.get(bucket);
  if (offset === undefined) {
    offset = lookupOffsetMs(bucket * QUARTER_HOUR_MS, timeZone);
    if (zone.size >= OFFSET_CACHE_LIMIT) zone.clear();
    zone.set(bucket, offset);
  }
  return offset;
}

export function toLocal(instant: Instant | number, timeZone: string): LocalDateTime {
  const ms = typeof instant === 'number' ? instant : parseInstant(instant);
  const wall = ms + offsetMs(ms, timeZone);
  const dayStart = Math.floor(wall / DAY_MS) * DAY_MS;
  return { date: fromUtcMs(dayStart), timeOfDayMs: wall - dayStart };
}

/** The local date of an instant in a time zone. */
export function localDateOf(instant: Instant | number, timeZone: string): LocalDate {
  return toLocal(instant, timeZone).date;
}

/** The instant at which the wall clock in `timeZone` reads `date` + `timeOfDayMs`. */
export function fromLocal(date: LocalDate, timeOfDayMs: number, timeZone: string): number {
  const wall = toUtcMs(date) + timeOfDayMs;
  const first = wall - offsetMs(wall, timeZone);
  return wall - offsetMs(first, timeZone);
}

/** ISO string of an instant written in the zone's offset, e.g. 2026-12-07T06:00:00.000+08:00. */
export function formatInstant(ms: number, timeZone: string): Instant {
  const local = toLocal(ms, timeZone);
  const off = Math.round(offsetMs(ms, timeZone) / 60_000);
  const sign = off >= 0 ? '+' : '-';
  const abs = Math.abs(off);
  const t = local.timeOfDayMs;
  const hh = Math.floor(t / 3_600_000);
  const mm = Math.floor((t % 3_600_000) / 60_000);
  const ss = Math.floor((t % 60_000) / 1000);
  const mss = t % 1000;
  return `${local.date}T${pad(hh)}:${pad(mm)}:${pad(ss)}.${pad(mss, 3)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
