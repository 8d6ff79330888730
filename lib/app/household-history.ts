// GET /v1/households/{id}/history: §12 the household's audit events, newest first.
import type { AuditEvent } from '../domain/model';
import type { Page } from '../ports/pagination';
import type { Store } from '../ports/store';
import type { ScopeGuard } from './api-deps';
import { loadHousehold } from './get-household';

export async function householdHistory(
  store: Store,
  input: { householdId: string; limit: number; cursor?: string | null; guard: ScopeGuard },
): Promise<Page<AuditEvent>> {
  await loadHousehold(store, input.householdId, input.guard);
  return store.audit.history(input.householdId, { limit: input.limit, cursor: input.cursor ?? null });
}
