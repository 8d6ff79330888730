// One household's part of the daily sweep (spec §9 "detect overdue visits and SLA breaches, open, escalate
// and auto-resolve cases"), as a pure plan: the caller loads the household and its open cases, applies the
// plan with conditional writes, and records the audit events and notifications.
import type { Case, CaseKind, Household, Instant } from '../model';
import type { Policy } from '../policy';
import { localDateOf } from '../time';
import type { WorkingDayCalendar } from '../working-days';
import { type CaseDetection, detectHouseholdCases, isCleared } from './detection';
import { advanceCase, openCase, resolveCase, retarget, seeAgain } from './lifecycle';

/** §8 "resolves when", as the reason recorded on a case the sweep resolves. */
export const clearedReasons: Record<CaseKind, string> = {
  visit_overdue: 'qualifying visit recorded or household left the visit class',
  lead_unverified: 'lead verified (confirmed or rejected)',
  measures_missing: 'assistance measure recorded',
  contact_missing: 'monitoring contact assigned',
  review_overdue: 'step decided',
  report_overdue: 'report submitted',
  alert_followup: 'visit recorded on or after the alert',
};

export interface HouseholdSweepContext {
  asOf: Instant;
  policy: Policy;
  calendar: WorkingDayCalendar;
  /** Makes the id of a case the sweep opens (the domain makes no ids). */
  newCaseId: (detection: CaseDetection) => string;
}

export interface HouseholdSweepPlan {
  /** New cases, at the sweep's as-of. */
  opened: Case[];
  /** Cases that climbed one level (write + audited escalation event + notification). */
  escalated: Case[];
  /** Cases whose condition cleared. */
  resolved: Case[];
  /** Open cases detected again and not escalated: only lastSeen moved. */
  seen: Case[];
  /** D10: open visit_overdue cases that follow a new due date or class (also in `seen` or `escalated`). */
  updated: Case[];
}

/** The detection an open case answers: its own key, or (D10) the household's visit episode whatever its key. */
function detectionFor(kase: Case, detections: readonly CaseDetection[]): CaseDetection | undefined {
  return detections.find(
    (d) => d.dedupKey === kase.dedupKey || (d.kind === 'visit_overdue' && kase.kind === 'visit_overdue'),
  );
}

/**
 * Resolves the open cases whose condition cleared, escalates the others that are due (one level), updates
 * lastSeen on repeat detections, and opens a case for each detection without an open case of its key.
 * Deterministic: planning the same sweep again over its own result opens, escalates and resolves nothing.
 */
export function planHouseholdSweep(
  household: Household,
  openCases: readonly Case[],
  ctx: HouseholdSweepContext,
): HouseholdSweepPlan {
  const { asOf, policy, calendar } = ctx;
  const today = localDateOf(asOf, policy.timezone);
  const detections = detectHouseholdCases(household, { asOf, policy, calendar, today });
  const plan: HouseholdSweepPlan = { opened: [], escalated: [], resolved: [], seen: [], updated: [] };
  const stillOpen = new Set<string>();

  for (const kase of openCases) {
    if (kase.status !== 'open') continue;
    if (isCleared(kase, household, today)) {
      plan.resolved.push(
        resolveCase(kase, { at: asOf, reason: clearedReasons[kase.kind], by: null, manual: false }),
      );
      continue;
    }
    stillOpen.add(kase.dedupKey);
    const d = detectionFor(kase, detections);
    if (d) stillOpen.add(d.dedupKey);
    const seen = d ? seeAgain(kase, asOf) : kase;
    const current = d ? retarget(seen, d.subject) : seen;
    if (current.subject !== seen.subject) plan.updated.push(current);
    const { case: next, escalated } = advanceCase(current, asOf, calendar);
    if (escalated) plan.escalated.push(next);
    else if (next !== kase) plan.seen.push(next);
  }

  for (const d of detections) {
    if (stillOpen.has(d.dedupKey)) continue;
    stillOpen.add(d.dedupKey);
    plan.opened.push(
      openCase(
        {
          caseId: ctx.newCaseId(d),
          kind: d.kind,
          householdId: household.householdId,
          villageCode: household.villageCode,
          townshipCode: household.villageCode.slice(0, 9),
          countyCode: household.villageCode.slice(0, 6),
          subject: d.subject,
          at: asOf,
          dedupKey: d.dedupKey,
        },
        policy,
        calendar,
      ),
    );
  }
  return plan;
}
