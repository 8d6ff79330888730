// §9 monthly reports per unit and month; township submissions (by the 3rd of M+1).
import type { Actor, Instant } from '../domain/model';

export interface StoredReport<R = unknown> {
  unitCode: string;
  /** 'YYYY-MM' */
  month: string;
  generatedAt: Instant;
  report: R;
}

export interface ReportSubmission {
  townshipCode: string;
  month: string;
  submittedAt: Instant;
  by: Actor;
}

export interface ReportStore {
  /** Writes (or rewrites, on a sweep re-run) the report of a unit and month. */
  putMonthly<R>(report: StoredReport<R>): Promise<void>;
  getMonthly<R = unknown>(unitCode: string, month: string): Promise<StoredReport<R> | null>;
  /** The reports of one unit for the months `from` through `to` (YYYY-MM, inclusive), oldest first; months
   *  without a report are absent. One query (the county page's trend charts). */
  getMonthlyRange<R = unknown>(unitCode: string, from: string, to: string): Promise<StoredReport<R>[]>;
  /** The reports of many units for one month, by unit code (units without one are absent): a sweep's
   *  completion rolls up every village's report in a few requests instead of one per village. */
  getMonthlyMany<R = unknown>(
    unitCodes: readonly string[],
    month: string,
  ): Promise<Map<string, StoredReport<R>>>;
  /** First submission wins; a repeat returns the existing one with `created: false`. */
  submit(submission: ReportSubmission): Promise<{ created: boolean; submission: ReportSubmission }>;
  submission(townshipCode: string, month: string): Promise<ReportSubmission | null>;
  /** The submissions of many townships for one month (one BatchGetItem), by township; absent when none. */
  submissions(townshipCodes: readonly string[], month: string): Promise<Map<string, ReportSubmission>>;
}
