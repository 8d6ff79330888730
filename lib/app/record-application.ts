// POST /v1/households/{id}/applications (D7 农户自主申报): a village officer records a household's own
// application; it raises a lead with source `application` (3 working days to verify, D8), even from facts a
// rejected lead was raised from (D5: an application raises one again).
import { DomainError } from '../domain/errors';
import { canRaiseLead, raiseLead } from '../domain/leads';
import type { Actor, Instant, LocalDate, UnitLevel } from '../domain/model';
import { localDateOf } from '../domain/time';
import { type ApiUseCaseDeps, policyAt, type ScopeGuard } from './api-deps';
import { applyHouseholdChange, type HouseholdChangeResult } from './apply-household-change';
import { loadHousehold } from './get-household';

export async function recordApplication(
  deps: ApiUseCaseDeps,
  input: {
    householdId: string;
    /** The local date the household applied (not in the future). */
    date: LocalDate;
    note: string;
    role: UnitLevel;
    at: Instant;
    actor: Actor;
    guard: ScopeGuard;
  },
): Promise<HouseholdChangeResult> {
  const before = await loadHousehold(deps.store, input.householdId, input.guard);
  if (input.role !== 'village') {
    throw new DomainError('forbidden', 'a village officer records a household’s application');
  }
  const today = localDateOf(input.at, policyAt(deps, before.villageCode, input.at).timezone);
  if (input.date > today) {
    throw new DomainError('validation_failed', 'the application date is in the future', [
      { field: 'body.date', message: `after today (${today})` },
    ]);
  }
  if (!canRaiseLead(before.status)) {
    throw new DomainError(
      'transition_not_allowed',
      `an application raises a lead only for a household with status none or eliminated (this one is ${before.status})`,
    );
  }
  const raised = raiseLead(before, {
    source: 'application',
    at: input.at,
    leadId: `${before.householdId}#application#${input.date}#${input.at}`,
  });
  return applyHouseholdChange(deps, {
    before,
    after: raised.household,
    at: input.at,
    actor: input.actor,
    auditType: 'application_recorded',
    // The note stays out of the audit data (it may name people); the lead carries the rest.
    auditData: { date: input.date, leadId: raised.lead.leadId },
  });
}
