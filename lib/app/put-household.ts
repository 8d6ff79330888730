// PUT /v1/households/{id}: create or update one household with the fields of a CSV row; a partial body
// is merged over the stored household before the one household input parser checks it (every failing
// field is named). Written through applyHouseholdChange (re-grades, clears cases, opens lead cases).
// D1: `status` is set only when the household is created (409 "use transitions" otherwise); D2: a
// `lastVisitDate` that would move the schedule of a household with visit records is 409 (upsert-rules.ts).
import { DomainError } from '../domain/errors';
import { householdFromInput } from '../domain/household-from-input';
import { type HouseholdInput, parseHouseholdInput } from '../domain/household-input';
import type { Actor, Household, Instant } from '../domain/model';
import { guaranteeKeys } from '../domain/model';
import { fenToYuan } from '../domain/money';
import { type ApiUseCaseDeps, type ScopeGuard, todayAt } from './api-deps';
import { applyHouseholdChange, type HouseholdChangeResult } from './apply-household-change';
import { checkOneVillageCode } from './divisions';
import { inputMeasureWrites } from './household-measures';
import { headIdOf } from './seal-id-number';
import { checkUpsert, given } from './upsert-rules';

/** A stored household as input fields (the shape a CSV row or a PUT body has). */
export function inputFieldsOf(h: Household): Record<string, unknown> {
  return {
    householdId: h.householdId,
    villageCode: h.villageCode,
    headName: h.headName,
    // D16: the stored number is sealed; an update that gives none keeps it (parseFields).
    category: h.category,
    status: h.status === 'removed' ? undefined : h.status,
    members: h.members,
    laborFull: h.laborFull,
    laborPartial: h.laborPartial,
    wageIncome: fenToYuan(h.wageIncome),
    businessIncome: fenToYuan(h.businessIncome),
    propertyIncome: fenToYuan(h.propertyIncome),
    transferIncome: fenToYuan(h.transferIncome),
    priorYearNetIncome: fenToYuan(h.priorYearNetIncome),
    largeExpenditure: fenToYuan(h.largeExpenditure),
    ...Object.fromEntries(guaranteeKeys.map((k) => [k, h.guarantees[k]])),
    riskFactors: [...h.riskFactors],
    monitoredSince: h.monitoredSince,
    contactName: h.contact?.name ?? null,
    lastVisitDate: null,
  };
}

/** Parses `fields` (merged over `base` when given); DomainError('validation_failed') naming every field. */
export function parseFields(
  fields: Record<string, unknown>,
  base: Household | null,
  asOfDate: string,
): HouseholdInput {
  const defined = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
  const raw = base ? { ...inputFieldsOf(base), ...defined } : defined;
  const parsed = parseHouseholdInput(raw, { asOfDate, keepIdNumber: base !== null });
  if (!parsed.ok) {
    throw new DomainError(
      'validation_failed',
      `the household fails validation (${parsed.errors.map((e) => e.field).join(', ')})`,
      parsed.errors.map((e) => ({ field: `body.${e.field}`, message: e.message })),
    );
  }
  return parsed.value;
}

export interface PutHouseholdInput {
  householdId: string;
  /** CSV row fields (householdId comes from the path); absent fields keep their stored values. */
  fields: Record<string, unknown>;
  /** Optimistic lock: the version the caller read; a different stored version is a conflict. */
  expectedVersion?: number;
  at: Instant;
  actor: Actor;
  /** Sees the stored village (if any) and the new one. */
  guard: ScopeGuard;
}

export async function putHousehold(
  deps: ApiUseCaseDeps,
  input: PutHouseholdInput,
): Promise<HouseholdChangeResult & { created: boolean }> {
  const before = await deps.store.households.get(input.householdId);
  if (before) input.guard(before.villageCode);
  if (input.expectedVersion !== undefined && input.expectedVersion !== (before?.version ?? 0)) {
    throw new DomainError(
      'conflict',
      `household ${input.householdId} is at version ${before?.version ?? 0}, not ${input.expectedVersion}`,
    );
  }
  const villageForDate =
    typeof input.fields.villageCode === 'string' ? input.fields.villageCode : before?.villageCode;
  const today =
    villageForDate && /^\d{12}$/.test(villageForDate) ? todayAt(deps, villageForDate, input.at) : null;
  const parsed = parseFields(
    { ...input.fields, householdId: input.householdId },
    before,
    today ?? '9999-12-31',
  );
  input.guard(parsed.villageCode);
  // Administrative divisions: once the county has divisions, a new household or a move names a registered
  // village (422 on body.villageCode); the guard above already refused a village outside the caller's scope.
  if (!before || before.villageCode !== parsed.villageCode) {
    const problem = await checkOneVillageCode(deps.store, parsed.villageCode);
    if (problem)
      throw new DomainError('validation_failed', problem, [{ field: 'body.villageCode', message: problem }]);
  }
  // D1, D2: 409 and nothing written for a status change or a lastVisitDate that would move the schedule.
  const checked = await checkUpsert(deps.store, before, parsed, given(input.fields.status));
  if (!checked.ok) {
    const { field, message } = checked.refusal;
    throw new DomainError('conflict', message, [{ field: `body.${field}`, message }]);
  }
  const headId = await headIdOf(deps.idNumbers, checked.input, before);
  const built = householdFromInput(checked.input, before, { at: input.at, headId });
  const { household: after, records } = await inputMeasureWrites(deps.store, checked.input, built, before);
  const result = await applyHouseholdChange(deps, {
    before,
    after,
    ...(records.length ? { measures: records } : {}),
    at: input.at,
    actor: input.actor,
    auditType: before ? 'household_updated' : 'household_created',
    auditData: { source: 'api' },
  });
  return { ...result, created: before === null };
}
