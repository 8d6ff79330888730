// POST /v1/reports/{township}/{YYYY-MM}/submit: §9 a township submits its monthly report (by the 3rd of
// M+1, 003 "次月3日前"); the submission resolves its report_overdue case at once (§8).
import { randomUUID } from 'node:crypto';
import { resolveCase } from '../domain/cases';
import { caseDedupKey } from '../domain/escalation';
import type { Actor, Case, Instant } from '../domain/model';
import { counterDelta } from '../ports/counter-store';
import type { ReportSubmission } from '../ports/report-store';
import type { Store } from '../ports/store';
import { caseCounterUnit, caseCounterValues } from './counters';

export async function submitReport(
  deps: { store: Store },
  input: { townshipCode: string; month: string; at: Instant; actor: Actor },
): Promise<{ created: boolean; submission: ReportSubmission; resolvedCase: Case | null }> {
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
