// POST /v1/alerts: §10 a department alert through the API. D16: only county administrators may post
// one (the endpoint checks the role), and the author is recorded on the alert and its audit event.
// The alert is matched only among the households within the author's scope (ingestAlert `within`):
// exactly the household that will be matched is the one checked, before anything is written, and a
// household outside the scope is not found, so the answer for "not yours" is the answer for "no such
// household" (kept as unmatched, §10), naming nothing of the other scope.
import { parseAlertInput } from '../domain/alert-input';
import { DomainError } from '../domain/errors';
import type { Actor, Instant } from '../domain/model';
import type { ApiUseCaseDeps } from './api-deps';
import { type IngestAlertResult, ingestAlert } from './ingest-alert';

export async function postAlert(
  deps: ApiUseCaseDeps,
  input: { fields: Record<string, unknown>; at: Instant; author: Actor; within: string },
): Promise<IngestAlertResult> {
  const parsed = parseAlertInput(input.fields);
  if (!parsed.ok) {
    throw new DomainError(
      'validation_failed',
      `the alert fails validation (${parsed.errors.map((e) => e.field).join(', ')})`,
      parsed.errors.map((e) => ({ field: `body.${e.field}`, message: e.message })),
    );
  }
  return ingestAlert(deps, parsed.value, { at: input.at, author: input.author, within: input.within });
}
