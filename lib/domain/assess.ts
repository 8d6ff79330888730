// The one entry point that sweeps, imports and API changes call (§5–§7, §11 applied together):
// derive, grade, check leads and watch, raise a lead when due, place the household in its visit
// class and schedule, and check elimination eligibility. Pure and deterministic: the same
// household, policy, asOf and monthly flags always give the same answer.
import { deriveQuantities, incomeBasisOf, perCapitaAtLeast } from './derived';
import { checkElimination, type EliminationCheck } from './elimination';
import { gradeHousehold } from './grading';
import { canRaiseLead, evaluateLeadRules, isRejectedFacts, isWatchHousehold, raiseLead } from './leads';
import type { Assessment, Household, Instant, Lead, LeadRuleId, LocalDate } from './model';
import type { Policy } from './policy';
import { thresholdsOf } from './policy-resolution';
import { localDateOf } from './time';
import { daysOverdueOn, isOverdueOn, visitClassOf, visitFields } from './visit-schedule';

export interface AssessOptions {
  policy: Policy;
  /** The sweep's scheduled time, the import's as-of time, or the API change's time. */
  asOf: Instant;
  /** `aboveMonitoringLine` of the household's monthly assessments, newest first (E3). */
  recentMonthly?: readonly boolean[];
  /** false: assess without raising a lead (used right after a procedure step decides). Default true. */
  raiseLeads?: boolean;
}

export type AssessEvent =
  | {
      type: 'assessed';
      data: Omit<Assessment, 'derived'> & { derived: Assessment['derived']; inputs: Record<string, unknown> };
    }
  | {
      type: 'grade_changed';
      data: { from: string | null; to: string | null; matchedRules: string[]; policyVersion: string };
    }
  | { type: 'lead_raised'; data: { lead: Lead; from: string } }
  | {
      type: 'visit_class_changed';
      data: {
        from: string | null;
        to: string | null;
        classSince: LocalDate | null;
        nextVisitDue: LocalDate | null;
      };
    };

export interface AssessResult {
  household: Household;
  assessment: Assessment;
  /** False when nothing but `assessment.assessedAt` differs: the caller need not write. */
  changed: boolean;
  /** Audit-worthy changes, in order; empty when unchanged. */
  events: AssessEvent[];
  /** The lead raised by this assessment, if any. */
  lead: Lead | null;
  /** §11 for monitored households; null otherwise. */
  elimination: EliminationCheck | null;
}

// A sweep assesses thousands of households as of one instant: remember the last local date
// (Intl time-zone formatting is the slowest step of an assessment otherwise).
let lastLocal = { asOf: '', timezone: '', date: '' };
function todayOf(asOf: Instant, timezone: string): LocalDate {
  if (lastLocal.asOf !== asOf || lastLocal.timezone !== timezone) {
    lastLocal = { asOf, timezone, date: localDateOf(asOf, timezone) };
  }
  return lastLocal.date;
}

export function assess(household: Household, options: AssessOptions): AssessResult {
  const { policy, asOf } = options;
  const today = todayOf(asOf, policy.timezone);
  const t = thresholdsOf(policy);
  const status = household.status;

  const derived = deriveQuantities(household);
  const graded = gradeHousehold(household, policy);
  // Lead rules are recorded for candidates too (so re-assessing a fresh candidate changes nothing),
  // but a lead is only raised for none / eliminated (§6).
  const leadRules: LeadRuleId[] =
    status === 'none' || status === 'eliminated' || status === 'candidate'
      ? evaluateLeadRules(household, t)
      : [];
  const watch = isWatchHousehold(household, t, leadRules);
  const elimination =
    status === 'monitored'
      ? checkElimination(household, { policy, today, recentMonthly: options.recentMonthly ?? [] })
      : null;

  const assessment: Assessment = {
    assessedAt: asOf,
    policyId: graded.policyId,
    policyVersion: graded.policyVersion,
    derived,
    grade: graded.grade,
    matchedRules: graded.matchedRules,
    leadRules,
    watch,
    aboveMonitoringLine: perCapitaAtLeast(incomeBasisOf(household), t.monitoringLineFen),
    elimination: elimination ? { eligible: elimination.eligible, conditions: elimination.conditions } : null,
  };

  let next: Household = household;
  let lead: Lead | null = null;
  // D5: no lead from the facts of a lead the village already verified and rejected.
  if (
    options.raiseLeads !== false &&
    canRaiseLead(status) &&
    leadRules.length > 0 &&
    !isRejectedFacts(household)
  ) {
    const raised = raiseLead(household, { source: 'assessment', at: asOf, rules: leadRules });
    next = raised.household;
    lead = raised.lead;
  }
  const visitClass = visitClassOf(next.status, next.status === 'monitored' ? graded.grade : null, watch);
  next = { ...next, assessment, ...visitFields(next, visitClass, today, policy) };

  const assessmentChanged = !sameAssessment(household.assessment, assessment);
  const changed = assessmentChanged || !sameOutcome(household, next);
  const events: AssessEvent[] = [];
  if (changed) {
    if (assessmentChanged) {
      events.push({ type: 'assessed', data: { ...assessment, inputs: factsOf(household) } });
    }
    const before = household.assessment?.grade ?? null;
    if (before !== graded.grade) {
      events.push({
        type: 'grade_changed',
        data: {
          from: before,
          to: graded.grade,
          matchedRules: graded.matchedRules,
          policyVersion: graded.policyVersion,
        },
      });
    }
    if (lead) events.push({ type: 'lead_raised', data: { lead, from: status } });
    if (household.visitClass !== next.visitClass) {
      events.push({
        type: 'visit_class_changed',
        data: {
          from: household.visitClass,
          to: next.visitClass,
          classSince: next.classSince,
          nextVisitDue: next.nextVisitDue,
        },
      });
    }
  }
  return { household: next, assessment, changed, events, lead, elimination };
}

/** §7: days overdue today (local date), 0 when not overdue or not tracked. */
export function daysOverdue(household: Pick<Household, 'nextVisitDue'>, today: LocalDate): number {
  return daysOverdueOn(household.nextVisitDue, today);
}

/** §7: overdue when today > next due. */
export function isOverdue(household: Pick<Household, 'nextVisitDue'>, today: LocalDate): boolean {
  return isOverdueOn(household.nextVisitDue, today);
}

function factsOf(h: Household): Record<string, unknown> {
  return {
    members: h.members,
    laborFull: h.laborFull,
    laborPartial: h.laborPartial,
    wageIncome: h.wageIncome,
    businessIncome: h.businessIncome,
    propertyIncome: h.propertyIncome,
    transferIncome: h.transferIncome,
    priorYearNetIncome: h.priorYearNetIncome,
    largeExpenditure: h.largeExpenditure,
    guarantees: { ...h.guarantees },
    riskFactors: [...h.riskFactors],
    status: h.status,
    category: h.category,
  };
}

/**
 * The household fields assess may change besides the assessment. A lead, procedure and
 * candidateFrom only change together with the status (raiseLead), so comparing them by
 * identity is enough.
 */
function sameOutcome(a: Household, b: Household): boolean {
  return (
    a.status === b.status &&
    a.lead === b.lead &&
    a.candidateFrom === b.candidateFrom &&
    a.procedure === b.procedure &&
    a.visitClass === b.visitClass &&
    a.classSince === b.classSince &&
    a.nextVisitDue === b.nextVisitDue
  );
}

/** Equal assessments apart from `assessedAt`. */
function sameAssessment(a: Assessment | null, b: Assessment): boolean {
  if (a === null) return false;
  const da = a.derived;
  const db = b.derived;
  return (
    a.policyId === b.policyId &&
    a.policyVersion === b.policyVersion &&
    a.grade === b.grade &&
    a.watch === b.watch &&
    a.aboveMonitoringLine === b.aboveMonitoringLine &&
    sameList(a.matchedRules, b.matchedRules) &&
    sameList(a.leadRules, b.leadRules) &&
    da.netIncome === db.netIncome &&
    da.perCapitaIncome === db.perCapitaIncome &&
    da.labour === db.labour &&
    da.transferShare === db.transferShare &&
    da.incomeDrop === db.incomeDrop &&
    da.expenditureBurden === db.expenditureBurden &&
    da.gap === db.gap &&
    sameElimination(a.elimination ?? null, b.elimination ?? null)
  );
}

function sameElimination(a: Assessment['elimination'] | null, b: Assessment['elimination'] | null): boolean {
  if (!a || !b) return !a && !b;
  const ca = a.conditions;
  const cb = b.conditions;
  return (
    a.eligible === b.eligible &&
    ca.E1 === cb.E1 &&
    ca.E2 === cb.E2 &&
    ca.E3 === cb.E3 &&
    ca.E4 === cb.E4 &&
    ca.E5 === cb.E5
  );
}

function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
