// POST /v1/alerts: §10 a department alert through the API. The caller may only send alerts about
// households inside their unit: the household is looked up (by id, or by the head's ID number) and
// checked against the scope before ingestAlert matches and writes it.
import { parseAlertInput } from '../domain/alert-input';
import { DomainError } from '../domain/errors';
import type { Instant } from '../domain/model';
import type { ApiUseCaseDeps, ScopeGuard } from './api-deps';
import { type IngestAlertResult, ingestAlert } from './ingest-alert';

export async function postAlert(
  deps: ApiUseCaseDeps,
  input: { fields: Record<string, unknown>; at: Instant; guard: ScopeGuard },
): Promise<IngestAlertResult> {
  const parsed = parseAlertInput(input.fields);
  if (!parsed.ok) {
    throw new DomainError(
      'validation_failed',
      `the alert fails validation (${parsed.errors.map((e) => e.field).join(', ')})`,
      parsed.errors.map((e) => ({ field: `body.${e.field}`, message: e.message })),
    );
  }
  const alert = parsed.value;
  const candidates = alert.householdId
    ? [await deps.store.households.get(alert.householdId)].filter((h) => h !== null)
    : alert.headIdNumber
      ? await deps.store.households.findByHeadIdNumber(alert.headIdNumber)
      : [];
  for (const h of candidates) input.guard(h.villageCode);
  return ingestAlert(deps, alert, { at: input.at });
}
