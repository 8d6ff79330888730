// GET /v1/reports/{unit}/{YYYY-MM}: §9 the monthly report written by the monthly sweep, with the
// township's submission when there is one.
import { DomainError } from '../domain/errors';
import type { MonthlyReport } from '../domain/monthly-report';
import type { ReportSubmission, StoredReport } from '../ports/report-store';
import type { Store } from '../ports/store';

export async function getReport(
  store: Store,
  input: { unitCode: string; month: string },
): Promise<{ stored: StoredReport<MonthlyReport>; submission: ReportSubmission | null }> {
  const stored = await store.reports.getMonthly<MonthlyReport>(input.unitCode, input.month);
  if (!stored) {
    throw new DomainError(
      'not_found',
      `no report for ${input.unitCode} in ${input.month} (the monthly sweep writes it)`,
    );
  }
  const submission =
    input.unitCode.length === 9 ? await store.reports.submission(input.unitCode, input.month) : null;
  return { stored, submission };
}
