// The one entry point that sweeps, imports and API changes call (§5–§7, §11 applied together):
// derive, grade, check leads and watch, raise a lead when due, place the household in its visit
// class and schedule, and check elimination eligibility. Pure and deterministic: the same
// household, policy, asOf and monthly flags always give the same answer.
import { deriveQuantities, incomeBasisOf, perCapitaAtLeast } from './derived';
import { checkElimination, type EliminationCheck } from './elimination';
import { gradeHousehold } from './grading';
import { canRaiseLead, evaluateLeadRules, isWatchHousehold, raiseLead } from './leads';
import type { Assessment, Household, Instant, Lead, LeadRuleId, LocalDate } from './model';
import type { Policy } from './policy';
import { thresholdsOf } from './policy-resolution';
import { localDateOf } from './time';
import { daysOverdueOn, isOverdueOn, visitClassOf, withVisitClass } from './visit-schedule';

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

export function assess(household: Household, options: AssessOptions): AssessResult {
  const { policy, asOf } = options;
  const today = localDateOf(asOf, policy.timezone);
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

  let next: Household = { ...household, assessment };
  const events: AssessEvent[] = [];
  let lead: Lead | null = null;
  if (options.raiseLeads !== false && canRaiseLead(status) && leadRules.length > 0) {
    const raised = raiseLead(next, { source: 'assessment', at: asOf, rules: leadRules });
    next = raised.household;
    lead = raised.lead;
  }
  next = withVisitClass(
    next,
    visitClassOf(next.status, next.status === 'monitored' ? graded.grade : null, watch),
    today,
    policy,
  );

  const changed = !sameIgnoringAssessedAt(household, next);
  if (changed) {
    if (!sameIgnoringAssessedAt(household.assessment, assessment)) {
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

/** Deep equality that ignores `assessedAt` wherever it appears (only assessments carry it). */
function sameIgnoringAssessedAt(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => sameIgnoringAssessedAt(v, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
  for (const k of keys) {
    if (k === 'assessedAt') continue;
    // An absent key and an undefined one are the same record.
    if (!sameIgnoringAssessedAt(ao[k], bo[k])) return false;
  }
  return true;
}
