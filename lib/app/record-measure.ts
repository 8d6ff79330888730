// POST /v1/households/{id}/measures: an assistance measure (帮扶措施); a measure resolves the
// household's measures_missing case at once (§8) and counts for E1 once started (§11).
import { randomUUID } from 'node:crypto';
import { withMeasuresAdded } from '../domain/measures';
import type { Actor, Instant, Measure, MeasureType } from '../domain/model';
import { localDateOf } from '../domain/time';
import { type ApiUseCaseDeps, policyAt, type ScopeGuard } from './api-deps';
import { applyHouseholdChange, type HouseholdChangeResult } from './apply-household-change';
import { loadHousehold } from './get-household';
import { measureWrites } from './household-measures';

export async function recordMeasure(
  deps: ApiUseCaseDeps,
  input: {
    householdId: string;
    type: MeasureType;
    startDate: string;
    note: string;
    at: Instant;
    actor: Actor;
    guard: ScopeGuard;
  },
): Promise<HouseholdChangeResult & { measure: Measure }> {
  const before = await loadHousehold(deps.store, input.householdId, input.guard);
  const today = localDateOf(input.at, policyAt(deps, before.villageCode, input.at).timezone);
  const measure: Measure = {
    measureId: randomUUID(),
    type: input.type,
    startDate: input.startDate,
    // A measure dated ahead is planned; it starts by itself on its date (elimination.ts measureStarted).
    status: input.startDate <= today ? 'active' : 'planned',
    ...(input.note ? { note: input.note } : {}),
  };
  // The measure is a record of its own; the household carries its summary (issue 17 item 7).
  const { household, records } = measureWrites(before, [measure]);
  const result = await applyHouseholdChange(deps, {
    before,
    after: { ...household, measureSummary: withMeasuresAdded(before.measureSummary, [measure]) },
    measures: records,
    at: input.at,
    actor: input.actor,
    auditType: 'measure_recorded',
    auditData: { measureId: measure.measureId, type: measure.type, startDate: measure.startDate },
  });
  return { ...result, measure };
}
