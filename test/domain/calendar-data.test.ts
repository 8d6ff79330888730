// The calendar data checked against the State Council notices, written here as the notices write them,
// and against the independent `chinese-days` package for every day of 2024–2026.
import { isWorkday } from 'chinese-days';
import { describe, expect, it } from 'vitest';
import { chinaOfficialCalendar } from '../../lib/domain/calendar/china-official';
import { addDays, dayOfWeek } from '../../lib/domain/time';
import { WorkingDayCalendar } from '../../lib/domain/working-days';

const notices: Record<number, string[]> = {
  // 国务院办公厅关于2024年部分节假日安排的通知
  2024: [
    '元旦：1月1日放假，与周末连休。',
    '春节：2月10日至17日放假调休，共8天。2月4日（星期日）、2月18日（星期日）上班。',
    '清明节：4月4日至6日放假调休，共3天。4月7日（星期日）上班。',
    '劳动节：5月1日至5日放假调休，共5天。4月28日（星期日）、5月11日（星期六）上班。',
    '端午节：6月10日放假，与周末连休。',
    '中秋节：9月15日至17日放假调休，共3天。9月14日（星期六）上班。',
    '国庆节：10月1日至7日放假调休，共7天。9月29日（星期日）、10月12日（星期六）上班。',
  ],
  // 国务院办公厅关于2025年部分节假日安排的通知
  2025: [
    '元旦：1月1日（周三）放假1天，不调休。',
    '春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。1月26日（周日）、2月8日（周六）上班。',
    '清明节：4月4日（周五）至6日（周日）放假，共3天。',
    '劳动节：5月1日（周四）至5日（周一）放假调休，共5天。4月27日（周日）上班。',
    '端午节：5月31日（周六）至6月2日（周一）放假，共3天。',
    '国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天。9月28日（周日）、10月11日（周六）上班。',
  ],
  // 国务院办公厅关于2026年部分节假日安排的通知
  2026: [
    '元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。',
    '春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。',
    '清明节：4月4日（周六）至6日（周一）放假，共3天。',
    '劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。',
    '端午节：6月19日（周五）至21日（周日）放假，共3天。',
    '中秋节：9月25日（周五）至27日（周日）放假，共3天。',
    '国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。',
  ],
};

const weekdayNames: Record<string, number> = { 日: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6 };
const pad = (n: string | number) => String(n).padStart(2, '0');

interface Schedule {
  rest: Set<string>;
  work: Set<string>;
  /** Every "（周X）" the notice writes next to a date, to check the notice's weekdays against the date. */
  weekdays: [string, number][];
}

/** Reads the notice lines: the first sentence is the rest block, the rest name the adjusted working days. */
function readNotice(year: number, lines: string[]): Schedule {
  const schedule: Schedule = { rest: new Set(), work: new Set(), weekdays: [] };
  for (const line of lines) {
    const [first = '', ...others] = line.split('。');
    const block = /(\d+)月(\d+)日(?:（([^）]*)）)?(?:至(?:(\d+)月)?(\d+)日(?:（([^）]*)）)?)?放假/.exec(
      first,
    );
    if (!block) throw new Error(`no rest block in ${line}`);
    const [, m1 = '', d1 = '', w1, m2, d2, w2] = block;
    const from = `${year}-${pad(m1)}-${pad(d1)}`;
    const to = d2 ? `${year}-${pad(m2 ?? m1)}-${pad(d2)}` : from;
    for (let d = from; d <= to; d = addDays(d, 1)) schedule.rest.add(d);
    for (const [date, note] of [
      [from, w1],
      [to, w2],
    ] as const) {
      const w = note && /周(.)$/.exec(note);
      if (w) schedule.weekdays.push([date, weekdayNames[w[1] as string] as number]);
    }
    for (const m of others.join('。').matchAll(/(\d+)月(\d+)日（(?:星期|周)(.)）/g)) {
      const date = `${year}-${pad(m[1] as string)}-${pad(m[2] as string)}`;
      schedule.work.add(date);
      schedule.weekdays.push([date, weekdayNames[m[3] as string] as number]);
    }
  }
  return schedule;
}

function daysOf(year: number): string[] {
  const days: string[] = [];
  for (let d = `${year}-01-01`; d <= `${year}-12-31`; d = addDays(d, 1)) days.push(d);
  return days;
}

const calendar = WorkingDayCalendar.chinaOfficial();

describe('China official calendar data', () => {
  it('covers exactly the years whose notice is published: 2024, 2025, 2026', () => {
    expect(chinaOfficialCalendar.map((y) => y.year)).toEqual([2024, 2025, 2026]);
    expect(calendar.yearsCovered).toEqual([2024, 2025, 2026]);
  });

  for (const year of [2024, 2025, 2026]) {
    describe(`${year}`, () => {
      const schedule = readNotice(year, notices[year] as string[]);

      it('writes the weekday the notice gives next to each date', () => {
        for (const [date, weekday] of schedule.weekdays)
          expect([date, dayOfWeek(date)]).toEqual([date, weekday]);
      });

      it('makes every day of every holiday block a rest day', () => {
        const working = [...schedule.rest].filter((d) => calendar.isWorkingDay(d));
        expect(working).toEqual([]);
      });

      it('makes every adjusted working day (调休上班) a working day, and each is a weekend day', () => {
        for (const d of schedule.work) {
          expect([d, calendar.isWorkingDay(d)]).toEqual([d, true]);
          expect([0, 6]).toContain(dayOfWeek(d));
        }
      });

      it('agrees with the notice on every day of the year (weekdays work, weekends rest, unless listed)', () => {
        const disagreements = daysOf(year).filter((d) => {
          const weekday = dayOfWeek(d) !== 0 && dayOfWeek(d) !== 6;
          const expected = schedule.work.has(d) || (weekday && !schedule.rest.has(d));
          return calendar.isWorkingDay(d) !== expected;
        });
        expect(disagreements).toEqual([]);
      });

      it('counts the notice’s adjusted working days exactly', () => {
        const data = chinaOfficialCalendar.find((y) => y.year === year);
        expect(new Set(data?.workdays)).toEqual(schedule.work);
      });
    });
  }

  it('agrees with the chinese-days package on every day of 2024–2026', () => {
    const disagreements = [2024, 2025, 2026]
      .flatMap(daysOf)
      .filter((d) => calendar.isWorkingDay(d) !== isWorkday(d));
    expect(disagreements).toEqual([]);
  });

  it('spot-checks 2026 春节: 2月14日（周六）works, 2月15日–23日 rest, 2月24日 works, 2月28日（周六）works', () => {
    expect(calendar.isWorkingDay('2026-02-14')).toBe(true);
    expect(
      daysOf(2026).filter((d) => d >= '2026-02-15' && d <= '2026-02-23' && calendar.isWorkingDay(d)),
    ).toEqual([]);
    expect(calendar.isWorkingDay('2026-02-24')).toBe(true);
    expect(calendar.isWorkingDay('2026-02-28')).toBe(true);
    expect(calendar.isWorkingDay('2026-03-01')).toBe(false);
  });
});
