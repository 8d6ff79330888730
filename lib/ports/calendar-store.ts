// D14: the official years of the working-day calendar an operator loaded (`fanpin calendar import`), kept
// with every earlier version. The bundled notices and the provisional years are not stored: they follow
// from the code (lib/domain/working-days.ts `WorkingDayCalendar.forDeployment`).
import type { CalendarYear } from '../domain/calendar/china-official';
import type { Instant, LocalDate } from '../domain/model';

export interface CalendarNotice {
  /** 国务院办公厅关于YYYY年部分节假日安排的通知 */
  title: string;
  /** The date the notice was published. */
  published: LocalDate;
}

export interface LoadedCalendarYear extends CalendarYear {
  notice: CalendarNotice;
  /** 1 for the first load of the year, then +1 per load. */
  version: number;
  /** Who loaded it (the operator's name, or the IAM identity the CLI ran as). */
  loadedBy: string;
  loadedAt: Instant;
}

export interface CalendarStore {
  /** The current version of every loaded year, ascending by year (one small read). */
  loadedYears(): Promise<LoadedCalendarYear[]>;
  /** Stores `year` as version `expectedVersion + 1` (1 for a first load), keeping the earlier versions;
   *  DomainError('conflict') if another load got there first. */
  save(year: Omit<LoadedCalendarYear, 'version'>, expectedVersion: number): Promise<LoadedCalendarYear>;
  /** Every version of a year, oldest first. */
  versions(year: number): Promise<LoadedCalendarYear[]>;
}
