// A case's life (spec §8): open at its kind's level, climb one level at the first daily sweep at or after
// each deadline, stay open at the county, resolve only by its clearing condition or (for kinds that allow it)
// by hand with a reason. Pure and deterministic: every time is an argument; every function returns a new case.
import { countyOf, townshipOf } from '../division-code';
import { DomainError } from '../errors';
import {
  allowsManualResolve,
  type CaseSubject,
  caseDedupKey,
  caseKindRules,
  deadlineAt,
  isDue,
  nextLevel,
  plannedEscalations,
  snapshotForCase,
  windowAt,
} from '../escalation';
import type { Case, CaseKind, CaseLevel, Instant, LevelAt } from '../model';
import type { Policy } from '../policy';
import { localDateOf, parseInstant } from '../time';
import type { WorkingDayCalendar } from '../working-days';

export interface OpenCaseInput {
  /** Made by the caller (the domain makes no ids): e.g. a ULID, or derived from the dedup key and time. */
  caseId: string;
  kind: CaseKind;
  householdId: string | null;
  villageCode: string | null;
  townshipCode: string;
  countyCode: string;
  /** Kind-specific detail: dueDate + visitClass, leadId + source, step + since, month. */
  subject: CaseSubject;
  /** §8: a sweep's as-of time, or the time of the import / API change that opened it. */
  at: Instant;
  /** Defaults to the §8 key built from the kind, household (or township) and subject. */
  dedupKey?: string;
}

/** The unit holding a case at a level (§1 codes). */
export function unitAt(
  kase: Pick<Case, 'villageCode' | 'townshipCode' | 'countyCode'>,
  level: CaseLevel,
): string {
  if (level === 'county') return kase.countyCode;
  if (level === 'township') return kase.townshipCode;
  if (kase.villageCode === null) throw new RangeError('a case at village level needs a village code');
  return kase.villageCode;
}

/** §8: opens a case at its kind's level with the policy in force now copied onto it. */
export function openCase(input: OpenCaseInput, policy: Policy, calendar: WorkingDayCalendar): Case {
  const rule = caseKindRules[input.kind];
  const level = rule.openingLevel(input.subject);
  const snapshot = snapshotForCase(policy, input.kind, input.subject);
  const window = windowAt(snapshot, level);
  const owner = input.kind === 'report_overdue' ? input.townshipCode : input.householdId;
  if (owner === null) throw new RangeError(`${input.kind} needs a household`);
  const base = {
    villageCode: input.villageCode,
    townshipCode: input.townshipCode,
    countyCode: input.countyCode,
  };
  const deadline = window === null ? null : deadlineAt(input.at, window, calendar, snapshot.timezone);
  const kase: Case = {
    caseId: input.caseId,
    kind: input.kind,
    dedupKey: input.dedupKey ?? caseDedupKey(input.kind, owner, input.subject),
    householdId: input.householdId,
    ...base,
    unitCode: unitAt(base, level),
    level,
    status: 'open',
    openedAt: input.at,
    lastSeen: input.at,
    levelSince: input.at,
    deadline,
    escalations: [],
    plannedEscalations: [],
    acknowledgements: [],
    resolvedAt: null,
    resolution: null,
    policy: snapshot,
    subject: { ...input.subject },
    // Owned by the store (optimistic lock); the domain never changes it.
    version: 0,
  };
  return { ...kase, plannedEscalations: plannedEscalations(kase, calendar) };
}

export interface AdvanceResult {
  case: Case;
  /** The level reached and the time, when this sweep escalated the case; null otherwise. */
  escalated: LevelAt | null;
}

/**
 * §8: the first daily sweep at or after the deadline moves the case ONE level up; the escalation's time is
 * the sweep's as-of and the next level's window counts from it. At the county the case stays open.
 * Idempotent: the new level's deadline is after `asOf`, and a case never climbs again at or before the time
 * it reached its level, so running the same sweep twice changes nothing the second time.
 */
export function advanceCase(kase: Case, asOf: Instant, calendar: WorkingDayCalendar): AdvanceResult {
  const unchanged = { case: kase, escalated: null };
  if (kase.status !== 'open' || !isDue(kase.deadline, asOf)) return unchanged;
  if (parseInstant(asOf) <= parseInstant(kase.levelSince)) return unchanged;
  const level = nextLevel(kase.level);
  if (level === null) return unchanged;
  const window = windowAt(kase.policy, level);
  const escalated: LevelAt = { level, at: asOf };
  const next: Case = {
    ...kase,
    level,
    unitCode: unitAt(kase, level),
    levelSince: asOf,
    deadline: window === null ? null : deadlineAt(asOf, window, calendar, kase.policy.timezone),
    escalations: [...kase.escalations, escalated],
  };
  return { case: { ...next, plannedEscalations: plannedEscalations(next, calendar) }, escalated };
}

/** §8: a repeat detection updates `lastSeen` only (never earlier; a resolved case is left as it is). */
export function seeAgain(kase: Case, at: Instant): Case {
  if (kase.status !== 'open' || parseInstant(at) <= parseInstant(kase.lastSeen)) return kase;
  return { ...kase, lastSeen: at };
}

/** The case keeps this many of its latest acknowledgements; all of them are records of their own. */
export const recentAcknowledgementsKept = 5;

/** How many acknowledgements a case has had (a case written before the count keeps them all in its list). */
export const acknowledgementCountOf = (kase: Case): number =>
  kase.acknowledgementCount ?? kase.acknowledgements.length;

/**
 * §8: records who handles the case. It does NOT stop or delay escalation. The case keeps the latest
 * `recentAcknowledgementsKept` and the count; the caller writes the new one as its own record (ordinal =
 * the new count), so however often a case is acknowledged its item stays small (issue 17 item 7).
 */
export function acknowledge(kase: Case, by: string, note: string, at: Instant): Case {
  if (kase.status !== 'open') throw new DomainError('conflict', 'the case is already resolved');
  if (!by) throw new DomainError('validation_failed', 'an acknowledgement names who handles the case');
  return {
    ...kase,
    acknowledgements: [...kase.acknowledgements, { by, at, note }].slice(-recentAcknowledgementsKept),
    acknowledgementCount: acknowledgementCountOf(kase) + 1,
  };
}

export interface Resolution {
  at: Instant;
  reason: string;
  /** The user who resolved it by hand; null for the clearing condition (sweep, visit, other change). */
  by: string | null;
  /** true: resolved by hand with a reason, only for kinds that allow it (see caseKindRules). */
  manual: boolean;
}

/** §8: resolves by the clearing condition, or by hand with a reason for kinds that allow it. */
export function resolveCase(kase: Case, resolution: Resolution): Case {
  if (kase.status !== 'open') throw new DomainError('conflict', 'the case is already resolved');
  if (resolution.manual) {
    if (!allowsManualResolve(kase.kind)) {
      throw new DomainError(
        'transition_not_allowed',
        `a ${kase.kind} case resolves only when its condition clears, not by hand`,
      );
    }
    if (!resolution.reason.trim()) {
      throw new DomainError('validation_failed', 'a manual resolve needs a reason', [
        { field: 'reason', message: 'required' },
      ]);
    }
    if (!resolution.by) {
      throw new DomainError('validation_failed', 'a manual resolve names who resolved it', [
        { field: 'by', message: 'required' },
      ]);
    }
  }
  return {
    ...kase,
    status: 'resolved',
    resolvedAt: resolution.at,
    resolution: { reason: resolution.reason, by: resolution.by, manual: resolution.manual },
    deadline: null,
    plannedEscalations: [],
  };
}

/** §9 digests: a case's age in working days, from the local date it opened to the as-of's local date. */
export function caseAgeInWorkingDays(kase: Case, asOf: Instant, calendar: WorkingDayCalendar): number {
  const tz = kase.policy.timezone;
  return Math.max(0, calendar.workingDaysBetween(localDateOf(kase.openedAt, tz), localDateOf(asOf, tz)));
}

/**
 * D14: when a year's working days change, an open case's deadline at its level is counted again from the
 * time it reached that level (§8), and its planned escalations with it. The level, its history and the
 * policy snapshot stay; a case at the county (no deadline) or resolved is returned unchanged.
 */
export function rescheduleCase(kase: Case, calendar: WorkingDayCalendar): Case {
  if (kase.status !== 'open' || kase.deadline === null) return kase;
  const window = windowAt(kase.policy, kase.level);
  if (window === null) return kase;
  const deadline = deadlineAt(kase.levelSince, window, calendar, kase.policy.timezone);
  const planned = plannedEscalations({ ...kase, deadline }, calendar);
  const same =
    deadline === kase.deadline &&
    planned.length === kase.plannedEscalations.length &&
    planned.every(
      (p, i) => p.level === kase.plannedEscalations[i]?.level && p.at === kase.plannedEscalations[i]?.at,
    );
  return same ? kase : { ...kase, deadline, plannedEscalations: planned };
}

/**
 * D10: the household is still overdue but its due date or visit class changed (a grade change, a class
 * change): the same case follows it, recording the new due date; its level, deadline and history stay.
 * The first due date of the episode is kept as `firstDueDate`.
 */
export function retarget(kase: Case, subject: CaseSubject): Case {
  if (kase.status !== 'open' || kase.kind !== 'visit_overdue') return kase;
  const { dueDate, visitClass } = subject;
  if (!dueDate || !visitClass) return kase;
  if (kase.subject.dueDate === dueDate && kase.subject.visitClass === visitClass) return kase;
  return {
    ...kase,
    subject: {
      ...kase.subject,
      firstDueDate: kase.subject.firstDueDate ?? kase.subject.dueDate ?? dueDate,
      dueDate,
      visitClass,
    },
  };
}

/**
 * D9: an open case of a household that moved to another village goes with it: the same case at the same
 * level, now held by the new village (or its township or county); its deadline, planned escalations,
 * acknowledgements and history are unchanged. Cases of no household, closed cases and cases already there
 * are returned as they are.
 */
export function transferCase(kase: Case, villageCode: string): Case {
  if (kase.status !== 'open' || kase.householdId === null || kase.villageCode === villageCode) return kase;
  const moved = {
    ...kase,
    villageCode,
    townshipCode: townshipOf(villageCode),
    countyCode: countyOf(villageCode),
  };
  return { ...moved, unitCode: unitAt(moved, kase.level) };
}
