// §6 inclusion leads (应纳尽纳) and watch households (预警户, 001).
import { burdenAtLeast, hasGuaranteeGap, incomeBasisOf, incomeDropAtLeast, perCapitaBelow } from './derived';
import { DomainError } from './errors';
import type {
  Household,
  HouseholdCategory,
  HouseholdFacts,
  HouseholdStatus,
  Instant,
  Lead,
  LeadRuleId,
  LeadSource,
} from './model';
import type { Thresholds } from './policy-resolution';

/** Statuses for which leads are raised: not while candidate, monitored or removed (§6). */
export const leadStatuses: readonly HouseholdStatus[] = ['none', 'eliminated'];

export const canRaiseLead = (status: HouseholdStatus): boolean =>
  status === 'none' || status === 'eliminated';

/** L1–L3, every matching id in order (the facts alone, whatever the status). */
export function evaluateLeadRules(f: HouseholdFacts, t: Thresholds): LeadRuleId[] {
  const b = incomeBasisOf(f);
  const below = perCapitaBelow(b, t.monitoringLineFen);
  const rules: LeadRuleId[] = [];
  // L1 (001): P < monitoringLine
  if (below) rules.push('L1');
  // L2 (001, 003 "刚性支出明显超过上年度收入" / "收入大幅缩减"): severe burden or sharp drop while P ≥ monitoringLine
  if (!below && (burdenAtLeast(b, t.severeBurdenBp) || incomeDropAtLeast(b, t.sharpDropBp))) rules.push('L2');
  // L3 (两不愁三保障): a guarantee gap
  if (hasGuaranteeGap(f)) rules.push('L3');
  return rules;
}

/**
 * D5: the facts L1–L3 read (the income basis and the guarantees), as a short stable string. A rejected lead
 * keeps it; the same facts raise no new lead, a change of any of them does.
 */
export function leadFactsFingerprint(f: HouseholdFacts): string {
  const basis = incomeBasisOf(f);
  const text = JSON.stringify([
    basis.members,
    basis.netIncome,
    basis.transferIncome,
    basis.priorYearNetIncome,
    basis.largeExpenditure,
    Object.entries(f.guarantees).sort(([a], [b]) => (a < b ? -1 : 1)),
  ]);
  // FNV-1a, 32 bits, twice with different offsets: enough to tell facts apart, short to store.
  const fnv = (seed: number) => {
    let h = seed;
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h.toString(16).padStart(8, '0');
  };
  return `${fnv(0x811c9dc5)}${fnv(0x01234567)}`;
}

/** D5: true when the facts are those of a rejected lead (an assessment raises no lead from them again). */
export function isRejectedFacts(h: Household): boolean {
  return !!h.rejectedLead && h.rejectedLead.fingerprint === leadFactsFingerprint(h);
}

/** §6: sudden when L2 holds; else unstable for alleviated/unstable households; else edge. */
export function proposedCategoryOf(
  rules: readonly LeadRuleId[],
  category: HouseholdCategory,
): HouseholdCategory {
  if (rules.includes('L2')) return 'sudden';
  if (category === 'alleviated' || category === 'unstable') return 'unstable';
  return 'edge';
}

/** §6 watch (预警户, 001): status none, monitoringLine ≤ P < warningLine and no lead condition. */
export function isWatchHousehold(
  f: HouseholdFacts & { status: HouseholdStatus },
  t: Thresholds,
  leadRules: readonly LeadRuleId[] = evaluateLeadRules(f, t),
): boolean {
  if (f.status !== 'none' || leadRules.length > 0) return false;
  const b = incomeBasisOf(f);
  return !perCapitaBelow(b, t.monitoringLineFen) && perCapitaBelow(b, t.warningLineFen);
}

export interface RaiseLeadInput {
  source: LeadSource;
  at: Instant;
  /** Rule ids for assessment leads; [] for alerts, applications and village reports. */
  rules?: LeadRuleId[];
  /** Defaults to proposedCategoryOf(rules, household.category). */
  proposedCategory?: HouseholdCategory;
  /** Defaults to a deterministic `${householdId}#${source}#${at}`. */
  leadId?: string;
  alertRef?: string;
}

export interface LeadRaised {
  household: Household;
  lead: Lead;
  event: { type: 'lead_raised'; data: { lead: Lead; from: HouseholdStatus } };
}

/**
 * §6: a lead moves a `none` or `eliminated` household to `candidate` (remembering where it came
 * from), and opens the identification procedure awaiting home verification (`verify`).
 * The visit class is left to assess/visit-schedule (a candidate has none).
 * Throws transition_not_allowed for any other status (no new lead while candidate).
 */
export function raiseLead(household: Household, input: RaiseLeadInput): LeadRaised {
  if (!canRaiseLead(household.status)) {
    throw new DomainError(
      'transition_not_allowed',
      `a lead can only be raised for a household with status none or eliminated (this one is ${household.status})`,
    );
  }
  const rules = input.rules ?? [];
  const lead: Lead = {
    leadId: input.leadId ?? `${household.householdId}#${input.source}#${input.at}`,
    source: input.source,
    rules,
    proposedCategory: input.proposedCategory ?? proposedCategoryOf(rules, household.category),
    raisedAt: input.at,
    ...(input.alertRef ? { alertRef: input.alertRef } : {}),
  };
  const next: Household = {
    ...household,
    status: 'candidate',
    candidateFrom: household.status,
    lead,
    procedure: { kind: 'identification', awaiting: 'verify', since: input.at },
  };
  return { household: next, lead, event: { type: 'lead_raised', data: { lead, from: household.status } } };
}
