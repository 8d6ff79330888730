// POST /v1/reports/{township}/{YYYY-MM}/submit: §9 a township submits its monthly report (by the 3rd of
// M+1, 003 "次月3日前"); the submission resolves its report_overdue case at once (§8). D13: only a closed
// month (before the township's current local month) whose report the monthly sweep wrote can be
// submitted; anything else is 422 and nothing is written.
import { randomUUID } from 'node:crypto';
import { resolveCase } from '../domain/cases';
import { DomainError } from '../domain/errors';
import { caseDedupKey } from '../domain/escalation';
import type { Actor, Case, Instant } from '../domain/model';
import { counterDelta } from '../ports/counter-store';
import type { ReportSubmission } from '../ports/report-store';
import { type ApiUseCaseDeps, todayAt } from './api-deps';
import { caseCounterUnit, caseCounterValues } from './counters';

const notSubmittable = (message: string): DomainError =>
  new DomainError('validation_failed', message, [{ field: 'path.month', message }]);

export async function submitReport(
  deps: Pick<ApiUseCaseDeps, 'store' | 'policyFor'>,
  input: { townshipCode: string; month: string; at: Instant; actor: Actor },
): Promise<{ created: boolean; submission: ReportSubmission; resolvedCase: Case | null }> {
  // D13: a month that has not closed yet (the current one, or a future one) cannot be submitted …
  const currentMonth = todayAt(deps, input.townshipCode, input.at).slice(0, 7);
  if (input.month >= currentMonth) {
    throw notSubmittable(`${input.month} has not closed yet: a report is submitted once its month is over`);
  }
  // … nor a month whose report does not exist.
  if (!(await deps.store.reports.getMonthly(input.townshipCode, input.month))) {
    throw notSubmittable(`there is no report for ${input.month} to submit (the monthly sweep writes it)`);
  }
  const { created, submission } = await deps.store.reports.submit({
    townshipCode: input.townshipCode,
    month: input.month,
    submittedAt: input.at,
    by: input.actor,
  });
  const open = await deps.store.cases.findOpenByDedupKey(
    caseDedupKey('report_overdue', input.townshipCode, { month: input.month }),
  );
  if (!open) return { created, submission, resolvedCase: null };
  const resolved = resolveCase(open, { at: input.at, reason: 'report submitted', by: null, manual: false });
  await deps.store.commit({
    updateCases: [{ case: resolved, expected: { version: open.version, status: 'open' } }],
    audit: [
      {
        eventId: randomUUID(),
        householdId: null,
        caseId: open.caseId,
        type: 'case_resolved',
        at: input.at,
        actor: input.actor,
        data: { kind: open.kind, reason: 'report submitted', month: input.month },
      },
    ],
    counters: [
      {
        unitCode: caseCounterUnit(open),
        delta: counterDelta(caseCounterValues(open), caseCounterValues(resolved)),
      },
    ],
  });
  return { created, submission, resolvedCase: resolved };
}
