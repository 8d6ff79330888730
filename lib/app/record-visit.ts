// POST /v1/households/{id}/visits: §7 a visit (home or phone) with optional updated facts, which
// re-grade the household; a qualifying visit resolves its visit_overdue case at once (§8).
import { randomUUID } from 'node:crypto';
import { householdFromInput } from '../domain/household-from-input';
import type { Actor, Instant, Measure, Visit } from '../domain/model';
import { localDateOf } from '../domain/time';
import { recordVisit as scheduleVisit } from '../domain/visit-schedule';
import { type ApiUseCaseDeps, policyAt, type ScopeGuard } from './api-deps';
import { applyHouseholdChange, type HouseholdChangeResult } from './apply-household-change';
import { loadHousehold } from './get-household';
import { inputMeasureWrites } from './household-measures';
import { parseFields } from './put-household';
import { headIdOf } from './seal-id-number';

export interface RecordVisitInput {
  householdId: string;
  date: string;
  method: 'home' | 'phone';
  visitor: string;
  findings: string;
  /** Updated facts (income, expenditure, guarantees, risk factors) as CSV fields. */
  updates?: Record<string, unknown>;
  at: Instant;
  actor: Actor;
  guard: ScopeGuard;
}

export async function recordVisit(
  deps: ApiUseCaseDeps,
  input: RecordVisitInput,
): Promise<HouseholdChangeResult> {
  const before = await loadHousehold(deps.store, input.householdId, input.guard);
  const policy = policyAt(deps, before.villageCode, input.at);
  const today = localDateOf(input.at, policy.timezone);
  let facts = before;
  let measures: Measure[] = [];
  if (input.updates && Object.keys(input.updates).length > 0) {
    const parsed = parseFields(input.updates, before, today);
    const headId = await headIdOf(deps.idNumbers, parsed, before);
    const built = householdFromInput(parsed, before, { at: input.at, headId });
    ({ household: facts, records: measures } = await inputMeasureWrites(deps.store, parsed, built, before));
  }
  const after = scheduleVisit(facts, { date: input.date, method: input.method }, today, policy);
  const visit: Visit = {
    visitId: randomUUID(),
    householdId: before.householdId,
    date: input.date,
    method: input.method,
    visitor: input.visitor,
    findings: input.findings,
    recordedAt: input.at,
  };
  return applyHouseholdChange(deps, {
    before,
    after,
    at: input.at,
    actor: input.actor,
    auditType: 'visit_recorded',
    // No visitor name or findings text in the audit data: the visit record holds them.
    auditData: {
      visitId: visit.visitId,
      date: visit.date,
      method: visit.method,
      updated: Object.keys(input.updates ?? {}),
    },
    visits: [visit],
    ...(measures.length ? { measures } : {}),
  });
}
