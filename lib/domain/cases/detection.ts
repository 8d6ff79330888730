// What should be open now (spec §8 "opens when" / "resolves when"), read from a household and the as-of time.
// The daily sweep opens a case for each detection without an open case of the same dedup key, calls
// seeAgain for the others, and resolves open cases that `isCleared`.

import { type CaseSubject, caseDedupKey, deadlineAt, isDue, stepLevels } from '../escalation';
import { hasStartedMeasure as startedBy } from '../measures';
import type { Case, CaseKind, Household, Instant, LocalDate } from '../model';
import type { Policy } from '../policy';
import {
  addDays,
  addDuration,
  addMonthsToMonth,
  formatInstant,
  fromLocal,
  localDateOf,
  parseInstant,
  toLocal,
} from '../time';
import { lastQualifyingVisit } from '../visit-schedule';
import type { WorkingDayCalendar } from '../working-days';

export interface CaseDetection {
  kind: CaseKind;
  dedupKey: string;
  subject: CaseSubject;
}

export interface DetectionContext {
  asOf: Instant;
  policy: Policy;
  calendar: WorkingDayCalendar;
  /** The as-of's local date in the policy's timezone; derived when omitted. */
  today?: LocalDate;
}

function detection(kind: CaseKind, owner: string, subject: CaseSubject): CaseDetection {
  return { kind, dedupKey: caseDedupKey(kind, owner, subject), subject };
}

/** §7: overdue when today (local date) > next due. */
function isVisitOverdue(h: Household, today: LocalDate): boolean {
  return h.visitClass !== null && h.nextVisitDue !== null && today > h.nextVisitDue;
}

/** §6: the lead still waits for its home verification (入户核实). */
function awaitsVerification(h: Household): boolean {
  return h.lead !== null && h.procedure?.kind === 'identification' && h.procedure.awaiting === 'verify';
}

/** D10: a visit that qualifies for the household's class now, later than any the case knew of. */
function visitedSince(subject: CaseSubject, h: Household): boolean {
  const known = lastQualifyingVisit({
    visitClass: h.visitClass,
    classSince: null,
    lastHomeVisit: subject.lastHomeVisit || null,
    lastContact: subject.lastContact || null,
  });
  const now = lastQualifyingVisit({ ...h, classSince: null });
  return now !== null && (known === null || now > known);
}

/**
 * D12: the step after a village public notice (村级评议公示) cannot be taken before the notice ends, so its
 * review clock counts from the notice's last day (publicNoticeFrom + publicNoticeDays − 1) at the time of day
 * the step began; every other step counts from the time it began.
 */
function reviewClockFrom(procedure: NonNullable<Household['procedure']>, policy: Policy): Instant {
  if (!procedure.publicNoticeFrom) return procedure.since;
  const { timeOfDayMs } = toLocal(procedure.since, policy.timezone);
  const lastDay = addDays(procedure.publicNoticeFrom, policy.publicNoticeDays - 1);
  const end = formatInstant(fromLocal(lastDay, timeOfDayMs, policy.timezone), policy.timezone);
  return parseInstant(end) > parseInstant(procedure.since) ? end : procedure.since;
}

/** A measure counts as started when its start date is on or before today (000 L583 "启动帮扶"). */
const hasStartedMeasure = (h: Household, today: LocalDate): boolean => startedBy(h.measureSummary, today);

/** The household cases that should be open as of `ctx.asOf` (report_overdue: see detectReportOverdue). */
export function detectHouseholdCases(household: Household, ctx: DetectionContext): CaseDetection[] {
  const { policy, calendar, asOf } = ctx;
  const today = ctx.today ?? localDateOf(asOf, policy.timezone);
  const id = household.householdId;
  const found: CaseDetection[] = [];

  // §8 visit_overdue, D10: one case per overdue episode, keyed by the household. The subject carries the
  // current due date and class, and the visits known when the episode began (a later qualifying visit ends it).
  if (isVisitOverdue(household, today)) {
    found.push(
      detection('visit_overdue', id, {
        dueDate: household.nextVisitDue as LocalDate,
        visitClass: household.visitClass as string,
        lastHomeVisit: household.lastHomeVisit ?? '',
        lastContact: household.lastContact ?? '',
      }),
    );
  }

  // §8 lead_unverified: opens with the lead; detected here too so a missed opening is caught by the sweep.
  if (awaitsVerification(household) && household.lead) {
    found.push(
      detection('lead_unverified', id, { leadId: household.lead.leadId, source: household.lead.source }),
    );
  }

  if (household.status === 'monitored' && household.monitoredSince !== null) {
    // §8 measures_missing (000 L583 "1个月内启动帮扶"): monitored ≥ measuresStartPeriod, no measure started.
    const measuresDue = addDuration(household.monitoredSince, policy.escalation.measuresStartPeriod);
    if (today >= measuresDue && !hasStartedMeasure(household, today)) {
      found.push(detection('measures_missing', id, { monitoredSince: household.monitoredSince }));
    }
    // §8 contact_missing (000 L267): no contact contactGraceDays calendar days after confirmation.
    const contactDue = addDays(household.monitoredSince, policy.escalation.contactGraceDays);
    if (today >= contactDue && household.contact === null) {
      found.push(detection('contact_missing', id, { monitoredSince: household.monitoredSince }));
    }
  }

  // §8 review_overdue (000 L945): a step waiting longer than reviewStepDays working days at one level.
  // The verify step is lead_unverified's obligation, so it never opens a second case here.
  const procedure = household.procedure;
  if (procedure && procedure.awaiting !== 'verify' && procedure.awaiting !== 'reject') {
    const due = deadlineAt(
      reviewClockFrom(procedure, policy),
      policy.escalation.reviewStepDays,
      calendar,
      policy.timezone,
    );
    if (isDue(due, asOf)) {
      found.push(
        detection('review_overdue', id, {
          step: procedure.awaiting,
          procedure: procedure.kind,
          since: procedure.since,
          stepLevel: stepLevels[procedure.awaiting],
        }),
      );
    }
  }
  return found;
}

/**
 * §8 clearing side for household cases: true when the obligation behind an open case no longer holds.
 * report_overdue has no household: use isReportCaseCleared.
 */
export function isCleared(kase: Case, household: Household, today: LocalDate): boolean {
  const s = kase.subject;
  switch (kase.kind) {
    case 'visit_overdue':
      // D10: resolves when a qualifying visit is recorded, when the household is no longer due, or when it
      // leaves the visit classes; a change of grade, class or due date alone updates the case (retarget).
      if (household.visitClass === null || !isVisitOverdue(household, today)) return true;
      if (s.lastHomeVisit === undefined) {
        // Opened before D10 (keyed by due date): it clears as it did, and the sweep opens the episode's case.
        return household.visitClass !== s.visitClass || household.nextVisitDue !== s.dueDate;
      }
      return visitedSince(s, household);
    case 'lead_unverified':
      return household.lead?.leadId !== s.leadId || !awaitsVerification(household);
    case 'measures_missing':
      return household.status !== 'monitored' || hasStartedMeasure(household, today);
    case 'contact_missing':
      return household.status !== 'monitored' || household.contact !== null;
    case 'review_overdue':
      return household.procedure?.awaiting !== s.step || household.procedure?.since !== s.since;
    case 'alert_followup':
      // D11: a visit (home or phone) dated on or after the alert, or the household no longer followed.
      return (
        (household.status !== 'candidate' && household.status !== 'monitored') ||
        (household.lastContact !== null && household.lastContact >= (s.alertDate ?? ''))
      );
    case 'report_overdue':
      throw new RangeError('report_overdue cases clear by submission: use isReportCaseCleared');
  }
}

export interface ReportStatus {
  townshipCode: string;
  /** 'YYYY-MM' of the report. */
  month: string;
  submitted: boolean;
}

/**
 * D13: the local date by which a township's report for month M is due: reportDueDay of M+1 (003 "次月3日前"),
 * or the next working day when that day is not one (the report of December 2026 is due Monday 4 January
 * 2027: the 3rd is a Sunday). Due at the end of that day.
 */
export function reportDueDate(month: string, policy: Policy, calendar: WorkingDayCalendar): LocalDate {
  const day = `${addMonthsToMonth(month, 1)}-${String(policy.escalation.reportDueDay).padStart(2, '0')}`;
  return calendar.isWorkingDay(day) ? day : calendar.addWorkingDays(day, 1);
}

/**
 * §8 report_overdue: opens when the report for M is not submitted by its due date (D13; that day included:
 * the first sweep of the following day opens it).
 */
export function detectReportOverdue(
  report: ReportStatus,
  ctx: Pick<DetectionContext, 'asOf' | 'policy' | 'today' | 'calendar'>,
): CaseDetection | null {
  const today = ctx.today ?? localDateOf(ctx.asOf, ctx.policy.timezone);
  if (report.submitted || today <= reportDueDate(report.month, ctx.policy, ctx.calendar)) return null;
  return detection('report_overdue', report.townshipCode, { month: report.month });
}

/** §8 report_overdue resolves when the report is submitted. */
export function isReportCaseCleared(kase: Case, submitted: boolean): boolean {
  if (kase.kind !== 'report_overdue') throw new RangeError(`${kase.kind} is not a report case`);
  return submitted;
}
