// An input applied to a household (interface.md "Household CSV", domain.md D1, D2, D8): what an upsert may
// change on an existing household, the `measures` column's new entries, and the household record an input
// builds. The input itself is parsed in household-input.ts.
import type { HouseholdInput } from './household-input';
import { newMeasuresOf } from './measure-input';
import { noMeasures, withMeasuresAdded } from './measures';
import type { Guarantees, Household, Instant, LocalDate, Measure, SealedIdNumber } from './model';
import { guaranteeKeys } from './model';

/** Why an upsert (PUT /v1/households/{id} or an import row) may not change an existing household. */
export interface UpsertRefusal {
  field: 'status' | 'lastVisitDate';
  message: string;
}

/**
 * D1: status changes only through the procedures (transitions). An upsert sets `status` only when it
 * creates the household; on an existing one a status that is not given keeps the stored one, and a
 * different one is refused ("use transitions").
 */
export function statusOfUpsert(
  existing: Household | null,
  input: HouseholdInput,
  statusGiven: boolean,
): { ok: true; input: HouseholdInput } | { ok: false; refusal: UpsertRefusal } {
  if (existing === null) return { ok: true, input };
  if (!statusGiven) return { ok: true, input: { ...input, status: existing.status } };
  if (input.status === existing.status) return { ok: true, input };
  return {
    ok: false,
    refusal: {
      field: 'status',
      message: `use transitions: the status of an existing household (${existing.status}) changes only through its procedures, not to ${input.status} here`,
    },
  };
}

/**
 * D2: `lastVisitDate` is import-only history for a household without visit records; it would move the
 * existing schedule when it is later than the stored last home visit or last contact (an earlier or
 * equal date changes nothing, so re-importing a file stays a no-op).
 */
export function lastVisitMovesSchedule(existing: Household, lastVisitDate: LocalDate | null): boolean {
  return (
    lastVisitDate !== null &&
    (later(existing.lastHomeVisit, lastVisitDate) !== existing.lastHomeVisit ||
      later(existing.lastContact, lastVisitDate) !== existing.lastContact)
  );
}

export const lastVisitRefusal: UpsertRefusal = {
  field: 'lastVisitDate',
  message:
    'the household has visit records: only a recorded visit (POST /v1/households/{id}/visits) moves its schedule',
};

/**
 * The `measures` column applied to a household built by householdFromInput: the entries it does not have
 * yet among `stored` (its measures as stored; [] for a new household), and the household with them in its
 * summary. The caller writes `added` as records.
 */
export function withInputMeasures(
  input: HouseholdInput,
  household: Household,
  stored: readonly Measure[],
): { household: Household; added: Measure[] } {
  const added = newMeasuresOf(stored, input.measures ?? [], household.monitoredSince);
  if (added.length === 0) return { household, added };
  return {
    household: { ...household, measureSummary: withMeasuresAdded(household.measureSummary, added) },
    added,
  };
}

/**
 * Applies an input to a household record (new when `existing` is null): identity, facts, category,
 * status, monitoredSince, contact name and last visit. Measures, history, assessment and the
 * visit schedule are kept for assess() to recompute. Unchanged input yields an equal record.
 * A status change made by the input ends any procedure in flight; an input status `candidate`
 * on a household that is not yet one opens the identification procedure (a village lead).
 */
export function householdFromInput(
  input: HouseholdInput,
  existing: Household | null,
  /** D8: `source` of the lead a `candidate` status raises: 'import' for the national system's record, 'village'
   *  (same-day window) for an officer's change through the API (the default). */
  ctx: {
    at: Instant;
    leadSource?: 'import' | 'village';
    /** D16: the head's ID number as the household keeps it (sealed by the use case). */
    headId: SealedIdNumber;
  },
): Household {
  const {
    headIdNumber: _headIdNumber,
    contactName: _contactName,
    lastVisitDate: _lastVisitDate,
    measures: _measures,
    ...identityAndFacts
  } = input;
  const base: Household = existing ?? {
    ...identityAndFacts,
    headIdNumber: ctx.headId.masked,
    status: 'none',
    candidateFrom: null,
    removedReason: null,
    measureSummary: noMeasures(),
    contact: null,
    monitoredSince: null,
    eliminatedAt: null,
    classSince: null,
    visitClass: null,
    lastHomeVisit: null,
    lastContact: null,
    nextVisitDue: null,
    lead: null,
    procedure: null,
    assessment: null,
    version: 0,
    updatedAt: ctx.at,
  };
  const statusChanged = existing === null ? input.status !== 'none' : input.status !== existing.status;
  const next: Household = {
    ...base,
    householdId: input.householdId,
    villageCode: input.villageCode,
    headName: input.headName,
    headIdNumber: ctx.headId.masked,
    headIdHash: ctx.headId.hash,
    headIdSealed: ctx.headId.sealed,
    category: input.category,
    status: input.status,
    members: input.members,
    laborFull: input.laborFull,
    laborPartial: input.laborPartial,
    wageIncome: input.wageIncome,
    businessIncome: input.businessIncome,
    propertyIncome: input.propertyIncome,
    transferIncome: input.transferIncome,
    priorYearNetIncome: input.priorYearNetIncome,
    largeExpenditure: input.largeExpenditure,
    guarantees: sameGuarantees(base.guarantees, input.guarantees) ? base.guarantees : input.guarantees,
    riskFactors: sameList(base.riskFactors, input.riskFactors) ? base.riskFactors : input.riskFactors,
    monitoredSince: input.monitoredSince ?? base.monitoredSince,
    contact:
      input.contactName === null || input.contactName === base.contact?.name
        ? base.contact
        : { name: input.contactName, assignedAt: ctx.at },
    lastHomeVisit: later(base.lastHomeVisit, input.lastVisitDate),
    lastContact: later(base.lastContact, input.lastVisitDate),
  };
  if (statusChanged) {
    next.procedure = null;
    next.lead = null;
    next.candidateFrom = null;
    if (input.status === 'candidate') {
      next.candidateFrom = existing?.status === 'eliminated' ? 'eliminated' : 'none';
      next.lead = {
        leadId: `${input.householdId}#${ctx.leadSource ?? 'village'}#${ctx.at}`,
        source: ctx.leadSource ?? 'village',
        rules: [],
        proposedCategory:
          input.category === 'alleviated' || input.category === 'unstable'
            ? 'unstable'
            : input.category === 'sudden'
              ? 'sudden'
              : 'edge',
        raisedAt: ctx.at,
      };
      next.procedure = { kind: 'identification', awaiting: 'verify', since: ctx.at };
    }
  }
  return next;
}

function later(a: LocalDate | null, b: LocalDate | null): LocalDate | null {
  if (a === null) return b;
  if (b === null) return a;
  return a >= b ? a : b;
}

const sameGuarantees = (a: Guarantees, b: Guarantees) => guaranteeKeys.every((k) => a[k] === b[k]);
const sameList = <T>(a: readonly T[], b: readonly T[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);
