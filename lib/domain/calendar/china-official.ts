// China's official working-day calendar as data (spec §8 "Working days follow China's official calendar").
// Source: the State Council General Office's yearly notice (国务院办公厅关于<year>年部分节假日安排的通知).
// Each block is written as the notice writes it ("1月1日至3日放假调休"); weekends outside a block are rest
// days anyway, so a block like 2024 端午 "6月10日放假，与周末连休" lists only 6月10日.
// Only years whose notice is published are here; any other year falls back to Monday–Friday with a warning.
import type { LocalDate } from '../model';

export interface HolidayBlock {
  /** The holiday's name as in the notice, e.g. '春节'. */
  name: string;
  /** First and last rest day of the block, inclusive. */
  from: LocalDate;
  to: LocalDate;
}

export interface CalendarYear {
  year: number;
  /** Where the data comes from (the notice's title, or a county's correction). */
  source: string;
  holidays: HolidayBlock[];
  /** Adjusted working days (调休上班): weekend days that are working days. */
  workdays: LocalDate[];
}

export const chinaOfficialCalendar: readonly CalendarYear[] = [
  {
    year: 2024,
    source: '国务院办公厅关于2024年部分节假日安排的通知',
    holidays: [
      // 元旦：1月1日放假，与周末连休。
      { name: '元旦', from: '2024-01-01', to: '2024-01-01' },
      // 春节：2月10日至17日放假调休，共8天。2月4日（星期日）、2月18日（星期日）上班。
      { name: '春节', from: '2024-02-10', to: '2024-02-17' },
      // 清明节：4月4日至6日放假调休，共3天。4月7日（星期日）上班。
      { name: '清明节', from: '2024-04-04', to: '2024-04-06' },
      // 劳动节：5月1日至5日放假调休，共5天。4月28日（星期日）、5月11日（星期六）上班。
      { name: '劳动节', from: '2024-05-01', to: '2024-05-05' },
      // 端午节：6月10日放假，与周末连休。
      { name: '端午节', from: '2024-06-10', to: '2024-06-10' },
      // 中秋节：9月15日至17日放假调休，共3天。9月14日（星期六）上班。
      { name: '中秋节', from: '2024-09-15', to: '2024-09-17' },
      // 国庆节：10月1日至7日放假调休，共7天。9月29日（星期日）、10月12日（星期六）上班。
      { name: '国庆节', from: '2024-10-01', to: '2024-10-07' },
    ],
    workdays: [
      '2024-02-04',
      '2024-02-18',
      '2024-04-07',
      '2024-04-28',
      '2024-05-11',
      '2024-09-14',
      '2024-09-29',
      '2024-10-12',
    ],
  },
  {
    year: 2025,
    source: '国务院办公厅关于2025年部分节假日安排的通知',
    holidays: [
      // 元旦：1月1日（周三）放假1天，不调休。
      { name: '元旦', from: '2025-01-01', to: '2025-01-01' },
      // 春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。
      // 1月26日（周日）、2月8日（周六）上班。
      { name: '春节', from: '2025-01-28', to: '2025-02-04' },
      // 清明节：4月4日（周五）至6日（周日）放假，共3天。
      { name: '清明节', from: '2025-04-04', to: '2025-04-06' },
      // 劳动节：5月1日（周四）至5日（周一）放假调休，共5天。4月27日（周日）上班。
      { name: '劳动节', from: '2025-05-01', to: '2025-05-05' },
      // 端午节：5月31日（周六）至6月2日（周一）放假，共3天。
      { name: '端午节', from: '2025-05-31', to: '2025-06-02' },
      // 国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天。9月28日（周日）、10月11日（周六）上班。
      { name: '国庆节、中秋节', from: '2025-10-01', to: '2025-10-08' },
    ],
    workdays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
  },
  {
    year: 2026,
    source: '国务院办公厅关于2026年部分节假日安排的通知',
    holidays: [
      // 元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
      { name: '元旦', from: '2026-01-01', to: '2026-01-03' },
      // 春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。
      // 2月14日（周六）、2月28日（周六）上班。
      { name: '春节', from: '2026-02-15', to: '2026-02-23' },
      // 清明节：4月4日（周六）至6日（周一）放假，共3天。
      { name: '清明节', from: '2026-04-04', to: '2026-04-06' },
      // 劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。
      { name: '劳动节', from: '2026-05-01', to: '2026-05-05' },
      // 端午节：6月19日（周五）至21日（周日）放假，共3天。
      { name: '端午节', from: '2026-06-19', to: '2026-06-21' },
      // 中秋节：9月25日（周五）至27日（周日）放假，共3天。
      { name: '中秋节', from: '2026-09-25', to: '2026-09-27' },
      // 国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。
      { name: '国庆节', from: '2026-10-01', to: '2026-10-07' },
    ],
    workdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  },
];
