// The escalation policy (spec §8): which level each case kind opens at, how many working days each level
// has, when a level's deadline falls, and which kinds may be resolved by hand. Pure data and arithmetic.
import type {
  Case,
  CaseKind,
  CaseLevel,
  CasePolicySnapshot,
  Instant,
  LevelAt,
  TransitionAction,
} from './model';
import type { Policy } from './policy';
import { addDays, formatInstant, fromLocal, parseInstant, toLocal } from './time';
import type { WorkingDayCalendar } from './working-days';

/** §8 escalation chain: village → township → county (000 L359 "村级不能解决的,上报镇级…"). */
export const escalationChain: readonly CaseLevel[] = ['village', 'township', 'county'];

/** The level above, or null at the county (where a case stays open). */
export function nextLevel(level: CaseLevel): CaseLevel | null {
  return escalationChain[escalationChain.indexOf(level) + 1] ?? null;
}

/**
 * §8 "Timing, exactly": the deadline at a level is the same local time of day on the N-th working day after
 * the local date on which the case reached that level; that date itself never counts, working day or not.
 * (Opened Wednesday 2 Dec 06:00 with 3 working days → Monday 7 Dec 06:00.)
 *
 * N = 0 ("same day", §8 lead_unverified for leads the village raised itself; the spec gives no time):
 * the deadline is the end of that same local day (23:59:59.999), so the case spends the day at the village
 * and the next morning's daily sweep escalates it.
 */
export function deadlineAt(
  reachedAt: Instant,
  workingDays: number,
  calendar: WorkingDayCalendar,
  timeZone: string,
): Instant {
  if (!Number.isInteger(workingDays) || workingDays < 0) {
    throw new RangeError(`a window is a whole number of working days ≥ 0, got ${workingDays}`);
  }
  // A sweep computes the same deadlines for every case it opens or escalates at its as-of; zone
  // conversions cost tens of µs each, so answers are kept per calendar (a calendar's data never changes).
  let cache = deadlineCache.get(calendar);
  if (!cache) {
    cache = new Map();
    deadlineCache.set(calendar, cache);
  }
  const key = `${reachedAt}|${workingDays}|${timeZone}`;
  const known = cache.get(key);
  if (known !== undefined) return known;
  const deadline = computeDeadline(reachedAt, workingDays, calendar, timeZone);
  if (cache.size >= 10_000) cache.clear();
  cache.set(key, deadline);
  return deadline;
}

const deadlineCache = new WeakMap<WorkingDayCalendar, Map<string, Instant>>();

function computeDeadline(
  reachedAt: Instant,
  workingDays: number,
  calendar: WorkingDayCalendar,
  timeZone: string,
): Instant {
  const local = toLocal(reachedAt, timeZone);
  if (workingDays === 0) {
    return formatInstant(fromLocal(addDays(local.date, 1), 0, timeZone) - 1, timeZone);
  }
  const date = calendar.addWorkingDays(local.date, workingDays);
  return formatInstant(fromLocal(date, local.timeOfDayMs, timeZone), timeZone);
}

/** True when `at` is at or after `deadline` (instants compared as times, never as strings). */
export function isDue(deadline: Instant | null, at: Instant): boolean {
  return deadline !== null && parseInstant(at) >= parseInstant(deadline);
}

// ——— the case kind table (§8) ———

/** The step each procedure action waits at (§6 identification, §11 elimination). */
export const stepLevels: Record<TransitionAction, CaseLevel> = {
  verify: 'village', // 入户核实
  reject: 'village',
  village_review: 'village', // 村级评议公示
  township_review: 'township', // 乡镇审核
  county_confirm: 'county', // 县级确定
  propose_elimination: 'village',
  township_elimination_review: 'township',
  county_elimination_approve: 'county',
  remove: 'county',
};

/** What a kind needs to know about a case's subject to place it: see `caseKindRules`. */
export type CaseSubject = Record<string, string>;

export interface CaseKindRule {
  kind: CaseKind;
  /** §8: the level the case opens at. */
  openingLevel(subject: CaseSubject): CaseLevel;
  /** §8 SLA: working days at the opening level, from the policy in force when the case opens. */
  openingWindow(policy: Policy, subject: CaseSubject): number;
  /**
   * Whether a user may resolve the case by hand, with a reason (§8 "for kinds that allow it"; the spec does
   * not say which: see each kind). Clearing by the condition is always allowed.
   */
  manualResolve: boolean;
  /** The subject fields the dedup key is made of, after the kind and the household / township. */
  keyFields: readonly string[];
}

const villageLevel = () => 'village' as const;

/** §8 table as data. */
export const caseKindRules: Record<CaseKind, CaseKindRule> = {
  // Household overdue (§7). Resolves only by a qualifying visit or leaving the class: a visit can't be waived.
  // D10: keyed by the household alone, one case per overdue episode (a new due date updates it).
  visit_overdue: {
    kind: 'visit_overdue',
    openingLevel: villageLevel,
    openingWindow: (p) => p.escalation.villageWindowDays,
    manualResolve: false,
    keyFields: [],
  },
  // 000 L583: home verification within 3 working days; same day (0) for leads the village raised itself.
  // Resolves only by the verification (confirm or reject), which is itself the reasoned decision.
  lead_unverified: {
    kind: 'lead_unverified',
    openingLevel: villageLevel,
    openingWindow: (p, s) =>
      s.source === 'village' ? p.escalation.leadVerifyDaysVillageRaised : p.escalation.leadVerifyDays,
    manualResolve: false,
    keyFields: ['leadId'],
  },
  // 000 L583 "1个月内启动帮扶". Manual resolve allowed: a household may decline assistance, or be helped
  // by a measure recorded outside this system; the reason is recorded and audited.
  measures_missing: {
    kind: 'measures_missing',
    openingLevel: villageLevel,
    openingWindow: (p) => p.escalation.villageWindowDays,
    manualResolve: true,
    keyFields: [],
  },
  // 000 L267: a contact within 2 days of confirmation. Assigning one is always possible: no manual resolve.
  contact_missing: {
    kind: 'contact_missing',
    openingLevel: villageLevel,
    openingWindow: (p) => p.escalation.contactWindowDays,
    manualResolve: false,
    keyFields: [],
  },
  // 000 L945: a step waiting longer than 5 working days at one level opens at that level with that level's
  // window. Manual resolve allowed: a step may be suspended for a documented reason (an appeal, a pending
  // department check) that the county wants recorded rather than escalated.
  review_overdue: {
    kind: 'review_overdue',
    openingLevel: (s) => stepLevels[s.step as TransitionAction] ?? 'village',
    openingWindow: (p, s) =>
      windowAt(snapshotPolicy(p), stepLevels[s.step as TransitionAction] ?? 'village') ?? 0,
    manualResolve: true,
    keyFields: ['step'],
  },
  // D11: a department alert about a household already followed sends someone to the door: village, 3 working
  // days; resolves when a visit dated on or after the alert is recorded, or by hand with a reason.
  alert_followup: {
    kind: 'alert_followup',
    openingLevel: villageLevel,
    openingWindow: (p) => p.escalation.villageWindowDays,
    manualResolve: true,
    keyFields: ['alertRef'],
  },
  // 003 "次月3日前": opens at the township with the township window; resolves only by submitting the report.
  report_overdue: {
    kind: 'report_overdue',
    openingLevel: () => 'township',
    openingWindow: (p) => p.escalation.townshipWindowDays,
    manualResolve: false,
    keyFields: ['month'],
  },
};

/** Whether a kind may be resolved by hand with a reason. */
export function allowsManualResolve(kind: CaseKind): boolean {
  return caseKindRules[kind].manualResolve;
}

/**
 * §8 "one open case per dedup key". Formats:
 * `visit_overdue#<household>` (D10; cases opened before it: `…#<due date>`), `lead_unverified#<household>#<lead id>`, `measures_missing#<household>`,
 * `contact_missing#<household>`, `review_overdue#<household>#<step>`, `report_overdue#<township>#<YYYY-MM>`.
 */
export function caseDedupKey(kind: CaseKind, owner: string, subject: CaseSubject): string {
  const parts = [kind, owner];
  for (const field of caseKindRules[kind].keyFields) {
    const value = subject[field];
    if (!value) throw new RangeError(`${kind} needs subject.${field} for its dedup key`);
    parts.push(value);
  }
  return parts.join('#');
}

// ——— policy snapshot and windows ———

/** §8: the escalation windows copied onto a case when it opens; later policy edits don't change it. */
export function snapshotPolicy(policy: Policy): CasePolicySnapshot {
  return {
    policyId: policy.policyId,
    policyVersion: policy.version,
    timezone: policy.timezone,
    windows: {
      village: policy.escalation.villageWindowDays,
      township: policy.escalation.townshipWindowDays,
      county: null,
    },
  };
}

/** The snapshot for one case: the policy's windows with the kind's own window at its opening level. */
export function snapshotForCase(policy: Policy, kind: CaseKind, subject: CaseSubject): CasePolicySnapshot {
  const rule = caseKindRules[kind];
  const base = snapshotPolicy(policy);
  const level = rule.openingLevel(subject);
  if (level === 'county') return base;
  return { ...base, windows: { ...base.windows, [level]: rule.openingWindow(policy, subject) } };
}

/** Working days at a level; null = the case stays there (county). */
export function windowAt(snapshot: CasePolicySnapshot, level: CaseLevel): number | null {
  return snapshot.windows[level];
}

/**
 * §8 "Each case lists its planned escalation dates": if nothing happens, the case climbs at each deadline;
 * each next deadline counts from the previous one. Recomputed from the actual escalation time after each
 * escalation (the daily sweep escalates at or after the deadline, never before).
 */
export function plannedEscalations(
  kase: Pick<Case, 'level' | 'deadline' | 'policy'>,
  calendar: WorkingDayCalendar,
): LevelAt[] {
  const planned: LevelAt[] = [];
  let level = kase.level;
  let at = kase.deadline;
  while (at !== null) {
    const up = nextLevel(level);
    if (up === null) break;
    planned.push({ level: up, at });
    level = up;
    const window = windowAt(kase.policy, level);
    at = window === null ? null : deadlineAt(at, window, calendar, kase.policy.timezone);
  }
  return planned;
}
