// §6 identification (000 L777–783, 003) and §11 elimination (000 L785–793) procedures as data,
// and a pure step function. Nothing is ever deleted: a rejection is recorded with its reason.
import { type AssessEvent, assess } from './assess';
import { checkElimination, type EliminationCheck } from './elimination';
import { DomainError } from './errors';
import { leadFactsFingerprint } from './leads';
import type {
  Household,
  HouseholdStatus,
  Instant,
  LocalDate,
  ProcedureKind,
  ProcedureState,
  TransitionAction,
  UnitLevel,
} from './model';
import type { Policy } from './policy';
import { addDays, daysBetween, localDateOf } from './time';

type StepAction = Exclude<TransitionAction, 'reject' | 'remove'>;

export interface ProcedureStep {
  kind: ProcedureKind;
  /** The only role that may take (or reject at) this step. */
  role: UnitLevel;
  /** The step awaited after this one; null when this step completes the procedure. */
  next: StepAction | null;
}

/** The state machine: lead → verify → village_review → township_review → county_confirm; and
 * propose_elimination → township_elimination_review → county_elimination_approve. */
export const procedureSteps: Record<StepAction, ProcedureStep> = {
  // 000 L777 入户核实: home verification by the village
  verify: { kind: 'identification', role: 'village', next: 'village_review' },
  // 000 L779 村级评议公示 (≥ publicNoticeDays days of public notice)
  village_review: { kind: 'identification', role: 'village', next: 'township_review' },
  // 000 L781 乡镇审核
  township_review: { kind: 'identification', role: 'township', next: 'county_confirm' },
  // 000 L783 县级确定
  county_confirm: { kind: 'identification', role: 'county', next: null },
  // §11, D4: the village proposes eligible households after a home check; the proposal starts the public
  // notice, and the township reviews once it has run (as village_review → township_review)
  propose_elimination: { kind: 'elimination', role: 'village', next: 'township_elimination_review' },
  township_elimination_review: { kind: 'elimination', role: 'township', next: 'county_elimination_approve' },
  county_elimination_approve: { kind: 'elimination', role: 'county', next: null },
};

/** The role that decides the step a household awaits (and may reject there); null when none. */
export function roleAwaited(household: Pick<Household, 'procedure'>): UnitLevel | null {
  const awaiting = household.procedure?.awaiting;
  return awaiting && awaiting !== 'reject' && awaiting !== 'remove' ? procedureSteps[awaiting].role : null;
}

export interface TransitionContext {
  role: UnitLevel;
  at: Instant;
  policy: Policy;
  /** Required for `reject`. */
  reason?: string;
  /** For propose_elimination; computed from the household when omitted. */
  eligibility?: Pick<EliminationCheck, 'eligible' | 'conditions'>;
  /** Monthly `aboveMonitoringLine` flags, newest first (E3, and the re-assessment after the step). */
  recentMonthly?: readonly boolean[];
}

export interface TransitionAudit {
  type: 'transition';
  data: {
    action: TransitionAction;
    kind: ProcedureKind;
    /** The step that was awaited and is now decided (`remove`: the county's removal, D6). */
    step: StepAction | 'remove';
    role: UnitLevel;
    reason: string | null;
    publicNoticeFrom?: LocalDate;
  };
  before: { status: HouseholdStatus; procedure: ProcedureState | null };
  after: { status: HouseholdStatus; procedure: ProcedureState | null };
}

export interface TransitionResult {
  household: Household;
  audit: TransitionAudit;
  /** Events of the re-assessment that follows a status change (grade, visit class). */
  events: AssessEvent[];
}

export function applyTransition(
  household: Household,
  action: TransitionAction,
  ctx: TransitionContext,
): TransitionResult {
  const today = localDateOf(ctx.at, ctx.policy.timezone);
  const before = { status: household.status, procedure: household.procedure };

  if (action === 'reject') return reject(household, ctx, before);
  if (action === 'remove') return remove(household, ctx, before);

  const step = procedureSteps[action];
  if (ctx.role !== step.role) {
    throw new DomainError(
      'forbidden',
      `${action} is a ${step.role} step; a ${ctx.role} officer may not take it`,
    );
  }

  let next: Household;
  let publicNoticeFrom: LocalDate | undefined;
  if (action === 'propose_elimination') {
    if (household.status !== 'monitored' || household.procedure !== null) {
      throw new DomainError(
        'transition_not_allowed',
        household.status === 'monitored'
          ? `the household is already in the ${household.procedure?.kind} procedure`
          : `only a monitored household can be proposed for elimination (this one is ${household.status})`,
      );
    }
    const eligibility =
      ctx.eligibility ??
      checkElimination(household, { policy: ctx.policy, today, recentMonthly: ctx.recentMonthly ?? [] });
    if (!eligibility.eligible) {
      const failing = Object.entries(eligibility.conditions).filter(([, ok]) => !ok);
      throw new DomainError(
        'not_eligible',
        `the household is not eligible for elimination (fails ${failing.map(([id]) => id).join(', ')})`,
        failing.map(([id]) => ({ field: id, message: `${id} does not hold` })),
      );
    }
    // D4 (000 L785 入户核查核实): the proposal follows a home check by the village.
    const checkedOn = household.lastHomeVisit;
    const window = ctx.policy.eliminationHomeCheckDays;
    if (!checkedOn || checkedOn > today || daysBetween(checkedOn, today) > window) {
      throw new DomainError(
        'transition_not_allowed',
        `record the home check (入户核查) first: an elimination is proposed within ${window} days of a home visit${checkedOn ? ` (the last one was on ${checkedOn})` : ''}`,
        [{ field: 'lastHomeVisit', message: `no home visit in the ${window} days before ${today}` }],
      );
    }
    // D4 (000 L785 村级评议公示): the proposal starts the village's public notice.
    publicNoticeFrom = today;
    next = {
      ...household,
      procedure: { kind: 'elimination', awaiting: step.next!, since: ctx.at, publicNoticeFrom },
    };
  } else {
    const awaiting = household.procedure;
    if (!awaiting || awaiting.awaiting !== action) {
      throw new DomainError(
        'transition_not_allowed',
        awaiting
          ? `the household awaits ${awaiting.awaiting}, not ${action}`
          : `the household is not in a procedure (status ${household.status})`,
      );
    }
    // 000 L779 / D4: the township reviews (identification or elimination) once the notice has run.
    if (action === 'township_review' || action === 'township_elimination_review') {
      const from = awaiting.publicNoticeFrom ?? localDateOf(awaiting.since, ctx.policy.timezone);
      if (daysBetween(from, today) < ctx.policy.publicNoticeDays) {
        throw new DomainError(
          'transition_not_allowed',
          `the public notice started ${from} runs at least ${ctx.policy.publicNoticeDays} days: township review from ${addDays(from, ctx.policy.publicNoticeDays)}`,
        );
      }
    }
    if (action === 'village_review') publicNoticeFrom = today;
    if (step.next) {
      const procedure: ProcedureState = { kind: step.kind, awaiting: step.next, since: ctx.at };
      if (publicNoticeFrom) procedure.publicNoticeFrom = publicNoticeFrom;
      next = { ...household, procedure };
    } else if (action === 'county_confirm') {
      // 000 L783: county confirmation makes the household a monitoring object in the proposed category.
      next = {
        ...household,
        status: 'monitored',
        monitoredSince: today,
        category: household.lead?.proposedCategory ?? household.category,
        candidateFrom: null,
        lead: null,
        procedure: null,
      };
    } else {
      // §11: eliminated, grade cancelled, kept (003 "不得在系统中作剔除处理"), visit class watch.
      next = { ...household, status: 'eliminated', eliminatedAt: today, procedure: null };
    }
  }

  return finish(household, next, ctx, {
    type: 'transition',
    data: {
      action,
      kind: step.kind,
      step: action,
      role: ctx.role,
      reason: ctx.reason?.trim() || null,
      ...(publicNoticeFrom ? { publicNoticeFrom } : {}),
    },
    before,
    after: { status: next.status, procedure: next.procedure },
  });
}

function reject(
  household: Household,
  ctx: TransitionContext,
  before: TransitionAudit['before'],
): TransitionResult {
  const procedure = household.procedure;
  if (!procedure || procedure.awaiting === 'reject' || procedure.awaiting === 'remove') {
    throw new DomainError(
      'transition_not_allowed',
      `the household is not in a procedure (status ${household.status})`,
    );
  }
  const step = procedureSteps[procedure.awaiting];
  if (ctx.role !== step.role) {
    throw new DomainError(
      'forbidden',
      `the household awaits ${procedure.awaiting}, a ${step.role} step; a ${ctx.role} officer may not reject it`,
    );
  }
  const reason = ctx.reason?.trim();
  if (!reason) {
    throw new DomainError('validation_failed', 'a rejection needs a reason', [
      { field: 'reason', message: 'required when rejecting' },
    ]);
  }
  const next: Household =
    procedure.kind === 'identification'
      ? // §6: a rejection returns the household to the status it came from.
        {
          ...household,
          status: household.candidateFrom ?? 'none',
          candidateFrom: null,
          lead: null,
          // D5: the rejection stays: the same facts raise no new lead.
          rejectedLead: {
            leadId: household.lead?.leadId ?? '',
            source: household.lead?.source ?? 'assessment',
            reason,
            at: ctx.at,
            fingerprint: leadFactsFingerprint(household),
          },
          procedure: null,
        }
      : // §11: a rejected elimination stays monitored.
        { ...household, procedure: null };
  return finish(household, next, ctx, {
    type: 'transition',
    data: { action: 'reject', kind: procedure.kind, step: procedure.awaiting, role: ctx.role, reason },
    before,
    after: { status: next.status, procedure: next.procedure },
  });
}

/**
 * D6 清退: a county administrator removes a household from monitoring, with a reason. Status `removed`: kept,
 * never deleted; no grade, no visits, no leads (the re-assessment that follows clears them, and the change
 * resolves the household's open cases whose condition no longer holds).
 */
function remove(
  household: Household,
  ctx: TransitionContext,
  before: TransitionAudit['before'],
): TransitionResult {
  if (ctx.role !== 'county') {
    throw new DomainError('forbidden', `remove is a county step; a ${ctx.role} officer may not take it`);
  }
  if (household.status === 'removed') {
    throw new DomainError('transition_not_allowed', 'the household is already removed');
  }
  const reason = ctx.reason?.trim();
  if (!reason) {
    throw new DomainError('validation_failed', 'a removal needs a reason', [
      { field: 'reason', message: 'required when removing' },
    ]);
  }
  const next: Household = {
    ...household,
    status: 'removed',
    removedReason: reason,
    candidateFrom: null,
    lead: null,
    procedure: null,
  };
  return finish(household, next, ctx, {
    type: 'transition',
    data: {
      action: 'remove',
      kind: household.procedure?.kind ?? 'identification',
      step: 'remove',
      role: ctx.role,
      reason,
    },
    before,
    after: { status: next.status, procedure: null },
  });
}

function finish(
  before: Household,
  next: Household,
  ctx: TransitionContext,
  audit: TransitionAudit,
): TransitionResult {
  if (before.status === next.status) return { household: next, audit, events: [] };
  // A status change moves grade and visit class at once; no lead is raised in the same step
  // (a rejected candidate goes back to where it came from).
  const r = assess(next, {
    policy: ctx.policy,
    asOf: ctx.at,
    recentMonthly: ctx.recentMonthly ?? [],
    raiseLeads: false,
  });
  return { household: r.household, audit, events: r.events };
}
