import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDuration,
  addMonths,
  dayOfWeek,
  daysBetween,
  formatInstant,
  fromLocal,
  isLocalDate,
  localDateOf,
  toLocal,
} from '../../lib/domain/time';

describe('addDuration (§7: calendar months clamped to month end)', () => {
  it.each([
    ['2026-01-31', 'P1M', '2026-02-28'],
    ['2024-01-31', 'P1M', '2024-02-29'],
    ['2026-03-31', 'P1M', '2026-04-30'],
    ['2026-11-30', 'P3M', '2027-02-28'],
    ['2026-08-31', 'P3M', '2026-11-30'],
    ['2026-12-20', 'P14D', '2027-01-03'],
    ['2026-02-28', 'P1M', '2026-03-28'],
    ['2024-02-29', 'P1Y', '2025-02-28'],
    ['2026-01-01', 'P2W', '2026-01-15'],
  ])('%s + %s = %s', (from, duration, expected) => {
    expect(addDuration(from, duration)).toBe(expected);
  });

  it('rejects something that is not a date duration', () => {
    expect(() => addDuration('2026-01-01', 'P')).toThrow(/duration/);
    expect(() => addDuration('2026-01-01', '14D')).toThrow(/duration/);
  });
});

describe('local dates', () => {
  it('knows real calendar dates', () => {
    expect(isLocalDate('2024-02-29')).toBe(true);
    expect(isLocalDate('2026-02-29')).toBe(false);
    expect(isLocalDate('2026-13-01')).toBe(false);
    expect(isLocalDate('2026-1-01')).toBe(false);
  });

  it('counts days and weekdays', () => {
    expect(daysBetween('2026-01-01', '2026-03-01')).toBe(59);
    expect(dayOfWeek('2020-12-02')).toBe(3);
    expect(addMonths('2026-10-31', -1)).toBe('2026-09-30');
  });
});

describe('instants in a time zone', () => {
  it('reads the Shanghai wall clock of a UTC instant', () => {
    expect(toLocal('2026-11-30T18:00:00Z', 'Asia/Shanghai')).toEqual({
      date: '2026-12-01',
      timeOfDayMs: 7_200_000,
    });
    expect(localDateOf('2026-11-30T15:59:59.999Z', 'Asia/Shanghai')).toBe('2026-11-30');
  });

  it('turns a Shanghai wall-clock time back into the instant and writes it with its offset', () => {
    const ms = fromLocal('2020-12-07', 6 * 3_600_000, 'Asia/Shanghai');
    expect(new Date(ms).toISOString()).toBe('2020-12-06T22:00:00.000Z');
    expect(formatInstant(ms, 'Asia/Shanghai')).toBe('2020-12-07T06:00:00.000+08:00');
  });

  it('follows daylight saving time where a zone has it', () => {
    expect(formatInstant(Date.parse('2026-03-08T10:30:00Z'), 'America/New_York')).toBe(
      '2026-03-08T06:30:00.000-04:00',
    );
    expect(formatInstant(Date.parse('2026-03-08T06:30:00Z'), 'America/New_York')).toBe(
      '2026-03-08T01:30:00.000-05:00',
    );
  });

  it.each(['Asia/Shanghai', 'America/New_York', 'Asia/Kathmandu', 'Australia/Lord_Howe'])(
    'agrees with Intl for any instant in %s (the offset cache never serves a stale offset)',
    (timeZone) => {
      const intl = new Intl.DateTimeFormat('en-CA', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
      fc.assert(
        fc.property(fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }), (ms) => {
          const p = Object.fromEntries(intl.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
          const local = toLocal(ms, timeZone);
          const seconds = Math.floor(local.timeOfDayMs / 1000);
          expect(local.date).toBe(`${p.year}-${p.month}-${p.day}`);
          expect(seconds).toBe(Number(p.hour) * 3600 + Number(p.minute) * 60 + Number(p.second));
        }),
        { numRuns: 2000 },
      );
    },
  );
});
