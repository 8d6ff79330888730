// A household's measures are records of their own; its item carries only their summary (domain/measures.ts,
// issue 17 item 7). What the paths that read or change measures share: every measure of a household, and
// the writes of a change to them, which also moves, once, the list a household written before still holds.

import { withInputMeasures } from '../domain/household-from-input';
import type { HouseholdInput } from '../domain/household-input';
import { allMeasures, summarizeMeasures, withMeasuresAdded } from '../domain/measures';
import type { Household, Measure } from '../domain/model';
import type { Store } from '../ports/store';

/** Every measure of the household: its records and the list its item held before they were records. */
export async function measuresOf(store: Store, household: Household): Promise<Measure[]> {
  return allMeasures(await store.households.measures(household.householdId), household.legacyMeasures);
}

/**
 * The household and the records to write when `changed` measures (new or updated) are written: a household
 * written before measures were records gives up the list its item held, written as records with them
 * (read-compat until then: its summary was derived from that list). `all`, when the caller read every
 * measure (an import), makes the summary their exact sum, healing one that missed a record.
 */
export function measureWrites(
  household: Household,
  changed: readonly Measure[],
  all?: readonly Measure[],
): { household: Household; records: Measure[] } {
  const { legacyMeasures, ...rest } = household;
  const byId = new Map((legacyMeasures ?? []).map((m) => [m.measureId, m]));
  for (const m of changed) byId.set(m.measureId, m);
  const after: Household = all ? { ...rest, measureSummary: summarizeMeasures(all) } : rest;
  return { household: after, records: [...byId.values()] };
}

/**
 * The `measures` column (or field) of an input applied to the household built from it (householdFromInput):
 * the entries it does not have yet, with `extra` (measures for a new household), as records to write. The
 * household's measures are read only when the input names some.
 */
export async function inputMeasureWrites(
  store: Store,
  input: HouseholdInput,
  built: Household,
  existing: Household | null,
  extra: readonly Measure[] = [],
): Promise<{ household: Household; records: Measure[] }> {
  const stored = input.measures?.length && existing ? await measuresOf(store, existing) : [];
  const { household, added } = withInputMeasures(input, built, stored);
  const more = extra.filter((m) => !added.some((a) => a.measureId === m.measureId));
  if (added.length + more.length === 0) return { household, records: [] };
  return measureWrites({ ...household, measureSummary: withMeasuresAdded(household.measureSummary, more) }, [
    ...added,
    ...more,
  ]);
}
