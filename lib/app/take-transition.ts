// POST /v1/households/{id}/transitions: one identification (§6) or elimination (§11) step; the state
// machine (lib/domain/transitions.ts) says which role may take it. Deciding a step clears the
// lead_unverified / review_overdue cases that waited on it (applyHouseholdChange resolves them).
import type { Actor, Instant, TransitionAction, UnitLevel } from '../domain/model';
import { applyTransition } from '../domain/transitions';
import { type ApiUseCaseDeps, policyAt, type ScopeGuard } from './api-deps';
import { applyHouseholdChange, type HouseholdChangeResult } from './apply-household-change';
import { loadHousehold } from './get-household';
import { recentMonthlyFlags } from './monthly-history';

export async function takeTransition(
  deps: ApiUseCaseDeps,
  input: {
    householdId: string;
    action: TransitionAction;
    reason?: string;
    role: UnitLevel;
    at: Instant;
    actor: Actor;
    guard: ScopeGuard;
  },
): Promise<HouseholdChangeResult> {
  const before = await loadHousehold(deps.store, input.householdId, input.guard);
  const policy = policyAt(deps, before.villageCode, input.at);
  const recentMonthly =
    before.status === 'monitored'
      ? await recentMonthlyFlags(deps.store.assessments, before, policy.eliminationStableMonths)
      : [];
  const step = applyTransition(before, input.action, {
    role: input.role,
    at: input.at,
    policy,
    ...(input.reason ? { reason: input.reason } : {}),
    recentMonthly,
  });
  return applyHouseholdChange(deps, {
    before,
    after: step.household,
    at: input.at,
    actor: input.actor,
    auditType: 'transition',
    auditData: { ...step.audit.data, events: step.events.map((e) => e.type) },
    // applyTransition re-assessed after a status change without raising a lead (a rejected candidate
    // goes back where it came from); assessing again here would raise one at once.
    reassess: false,
  });
}
