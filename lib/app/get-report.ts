// GET /v1/reports/{unit}/{YYYY-MM} and `fanpin report`: §9 the monthly report written by the monthly
// sweep, with the township's submission when there is one, the unit's name and its child units' reports
// (a county's townships, a township's villages: the same measures, per child) with their names and, for
// townships, their submissions. A few reads whatever the size: the registered children (one query), the
// children with counters (one query), the children's reports and submissions (batch reads).
import { DomainError } from '../domain/errors';
import type { MonthlyReport } from '../domain/monthly-report';
import { type ReportTable, reportTable } from '../domain/render/report-table';
import type { ReportSubmission, StoredReport } from '../ports/report-store';
import type { Store } from '../ports/store';
import { unitNames } from './divisions';

export interface ChildReport {
  unitCode: string;
  name: string | null;
  /** Null when the sweep wrote none (a registered unit without households). */
  report: MonthlyReport | null;
  /** Townships: their submission (null while not submitted); villages: undefined. */
  submission?: ReportSubmission | null;
}

export interface ReportView {
  stored: StoredReport<MonthlyReport>;
  name: string | null;
  submission: ReportSubmission | null;
  children: ChildReport[];
}

export async function getReport(
  store: Pick<Store, 'reports' | 'divisions' | 'counters'>,
  input: { unitCode: string; month: string },
): Promise<ReportView> {
  const { unitCode, month } = input;
  const stored = await store.reports.getMonthly<MonthlyReport>(unitCode, month);
  if (!stored) {
    throw new DomainError('not_found', `no report for ${unitCode} in ${month} (the monthly sweep writes it)`);
  }
  const submission = unitCode.length === 9 ? await store.reports.submission(unitCode, month) : null;
  const childLength = unitCode.length === 6 ? 9 : unitCode.length === 9 ? 12 : 0;
  let children: ChildReport[] = [];
  if (childLength > 0) {
    const [registered, counted] = await Promise.all([
      store.divisions.children(unitCode),
      store.counters.childSummaries(unitCode),
    ]);
    const codes = [...new Set([...registered.map((d) => d.code), ...counted.map((c) => c.unitCode)])].sort();
    const [reports, submissions] = await Promise.all([
      store.reports.getMonthlyMany<MonthlyReport>(codes, month),
      childLength === 9 ? store.reports.submissions(codes, month) : Promise.resolve(null),
    ]);
    const names = new Map(registered.map((d) => [d.code, d.name]));
    children = codes.map((code) => ({
      unitCode: code,
      name: names.get(code) ?? null,
      report: reports.get(code)?.report ?? null,
      ...(submissions ? { submission: submissions.get(code) ?? null } : {}),
    }));
  }
  const name = (await unitNames(store, [unitCode]))(unitCode) ?? null;
  return { stored, name, submission, children };
}

/**
 * GET /v1/units/{code}/reports?from&to: the unit's stored reports of a range of months (one query), for
 * trend charts; a month without a report is absent. Only the unit's own reports: no children, no
 * submissions (GET /v1/reports/{unit}/{month} has them).
 */
export async function getReportRange(
  store: Pick<Store, 'reports' | 'divisions'>,
  input: { unitCode: string; from: string; to: string },
): Promise<{ name: string | null; reports: StoredReport<MonthlyReport>[] }> {
  const [reports, names] = await Promise.all([
    store.reports.getMonthlyRange<MonthlyReport>(input.unitCode, input.from, input.to),
    unitNames(store, [input.unitCode]),
  ]);
  return { name: names(input.unitCode) ?? null, reports };
}

/** Who submitted, as the office reads it: the officer's id (sub), or the system's name. */
export const submitterOf = (s: ReportSubmission): string => (s.by.kind === 'user' ? s.by.sub : s.by.name);

/** The report table (own row, a row per child) of a report view, times in `timeZone`. */
export function tableOfReport(view: ReportView, timeZone: string): ReportTable {
  const submissionView = (s: ReportSubmission | null | undefined) =>
    s === undefined ? undefined : s === null ? null : { submittedAt: s.submittedAt, by: submitterOf(s) };
  return reportTable({
    unit: {
      code: view.stored.unitCode,
      name: view.name,
      report: view.stored.report,
      ...(view.stored.unitCode.length === 9 ? { submission: submissionView(view.submission) } : {}),
    },
    children: view.children.map((c) => ({
      code: c.unitCode,
      name: c.name,
      report: c.report,
      ...(c.submission === undefined ? {} : { submission: submissionView(c.submission) }),
    })),
    timeZone,
  });
}
