// PUT /v1/households/{id}/contact: the monitoring contact (监测联系人); resolves contact_missing at once.
import type { Actor, Instant } from '../domain/model';
import type { ApiUseCaseDeps, ScopeGuard } from './api-deps';
import { applyHouseholdChange, type HouseholdChangeResult } from './apply-household-change';
import { loadHousehold } from './get-household';

export async function assignContact(
  deps: ApiUseCaseDeps,
  input: {
    householdId: string;
    name: string;
    phone?: string;
    at: Instant;
    actor: Actor;
    guard: ScopeGuard;
  },
): Promise<HouseholdChangeResult> {
  const before = await loadHousehold(deps.store, input.householdId, input.guard);
  const contact = { name: input.name, ...(input.phone ? { phone: input.phone } : {}), assignedAt: input.at };
  return applyHouseholdChange(deps, {
    before,
    after: { ...before, contact },
    at: input.at,
    actor: input.actor,
    auditType: 'contact_assigned',
    // The contact's name and phone are in the record, not repeated in the audit data.
    auditData: { hasPhone: Boolean(input.phone) },
    reassess: false,
  });
}
