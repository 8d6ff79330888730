// D1, D2: what an upsert (PUT /v1/households/{id}, a CSV import row) may not do to an existing household.
// One check for both paths, so the API answers 409 and the import rejects the row for the same things;
// nothing of a refused request or row is written.

import {
  lastVisitMovesSchedule,
  lastVisitRefusal,
  statusOfUpsert,
  type UpsertRefusal,
} from '../domain/household-from-input';
import type { HouseholdInput } from '../domain/household-input';
import type { Household } from '../domain/model';
import type { Store } from '../ports/store';

export type UpsertCheck = { ok: true; input: HouseholdInput } | { ok: false; refusal: UpsertRefusal };

/** `statusGiven`: the request or row gave a status (an update that gives none keeps the stored one). */
export async function checkUpsert(
  store: Store,
  existing: Household | null,
  input: HouseholdInput,
  statusGiven: boolean,
): Promise<UpsertCheck> {
  // D1: status only on creation; a different one on an existing household is refused.
  const status = statusOfUpsert(existing, input, statusGiven);
  if (!status.ok || existing === null) return status;
  // D2: a lastVisitDate that would move the schedule of a household with visit records is refused
  // (the visits are read only when it would move it).
  if (
    lastVisitMovesSchedule(existing, input.lastVisitDate) &&
    (await store.households.visits(existing.householdId, { limit: 1 })).items.length > 0
  ) {
    return { ok: false, refusal: lastVisitRefusal };
  }
  return status;
}

/** Whether a body field or CSV cell holds a value (absent, null and blank give none). */
export const given = (value: unknown): boolean =>
  value !== undefined && value !== null && String(value).trim() !== '';
