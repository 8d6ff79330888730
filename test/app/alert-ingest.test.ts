import { beforeEach, describe, expect, it } from 'vitest';
import { createMemoryIdVault } from '../../lib/adapters/memory/memory-id-vault';
import { createMemoryStore } from '../../lib/adapters/memory/memory-store';
import { applyHouseholdChange, type HouseholdChangeDeps } from '../../lib/app/apply-household-change';
import { ingestAlert } from '../../lib/app/ingest-alert';
import { type AlertInput, parseAlertInput } from '../../lib/domain/alert-input';
import type { Household } from '../../lib/domain/model';
import { defaultPolicy } from '../../lib/domain/policy';
import { WorkingDayCalendar } from '../../lib/domain/working-days';
import type { Store } from '../../lib/ports/store';
import { aHousehold, aMonitoredHousehold } from '../builders/household';

// Tue 2026-12-01 10:00: three working days → the lead case's deadline is Fri 12-04 10:00.
const at = '2026-12-01T10:00:00+08:00';
const idNumber = '532931198001011234';

let store: Store;
let deps: HouseholdChangeDeps;

beforeEach(() => {
  store = createMemoryStore();
  let n = 0;
  deps = {
    store,
    policyFor: () => defaultPolicy,
    calendar: WorkingDayCalendar.chinaOfficial(),
    newId: () => `id-${++n}`,
    idNumbers: createMemoryIdVault(),
  };
});

async function stored(h: Household): Promise<Household> {
  const r = await applyHouseholdChange(deps, {
    before: null,
    after: h,
    at: '2026-11-01T10:00:00+08:00',
    actor: { kind: 'system', name: 'test' },
    auditType: 'household_imported',
  });
  return r.household;
}

function anAlert(overrides: Partial<Record<string, unknown>> = {}): AlertInput {
  const parsed = parseAlertInput({
    department: 'medical_insurance',
    alertId: 'YB-2026-0001',
    householdId: 'H0001',
    type: 'large_medical_expense',
    amount: '35000.00',
    date: '2026-11-28',
    ...overrides,
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.value;
}

describe('ingestAlert', () => {
  it('raises a lead with its lead_unverified case for a household matched by id', async () => {
    await stored(aHousehold({ householdId: 'H0001' }));

    const result = await ingestAlert(deps, anAlert(), { at });

    expect(result).toMatchObject({ outcome: 'lead', householdId: 'H0001' });
    const h = await store.households.get('H0001');
    expect(h?.status).toBe('candidate');
    expect(h?.lead).toMatchObject({
      source: 'alert',
      alertRef: 'medical_insurance:YB-2026-0001',
      raisedAt: at,
    });
    const [kase] = await store.cases.openCasesForHousehold('H0001');
    expect(kase).toMatchObject({
      caseId: result.caseId,
      kind: 'lead_unverified',
      deadline: '2026-12-04T10:00:00.000+08:00',
    });
    expect(await store.alerts.get('medical_insurance', 'YB-2026-0001')).toMatchObject({
      matchedHouseholdId: 'H0001',
    });
  });

  it('matches by the head ID number when no household id is given', async () => {
    await stored(aHousehold({ householdId: 'H0001', headIdNumber: idNumber }));

    const result = await ingestAlert(deps, anAlert({ householdId: '', headIdNumber: idNumber }), { at });

    expect(result).toMatchObject({ outcome: 'lead', householdId: 'H0001' });
  });

  it('ignores a second alert with the same department and alert id', async () => {
    await stored(aHousehold({ householdId: 'H0001' }));
    await ingestAlert(deps, anAlert(), { at });

    const again = await ingestAlert(deps, anAlert(), { at: '2026-12-02T10:00:00+08:00' });

    expect(again).toEqual({ outcome: 'duplicate' });
    expect(await store.cases.openCasesForHousehold('H0001')).toHaveLength(1);
  });

  it('treats the same alert id from another department as a different alert', async () => {
    await stored(aHousehold({ householdId: 'H0001' }));
    await ingestAlert(deps, anAlert(), { at });

    const other = await ingestAlert(deps, anAlert({ department: '民政' }), { at });

    expect(other).toMatchObject({ outcome: 'matched', reason: 'already_candidate' });
  });

  it('keeps an alert that matches no household in the unmatched list with the reason', async () => {
    const result = await ingestAlert(deps, anAlert({ householdId: 'NOPE' }), { at });

    expect(result).toEqual({ outcome: 'unmatched', reason: 'household_not_found' });
    const unmatched = await store.alerts.unmatched();
    expect(unmatched.items).toMatchObject([
      { alertId: 'YB-2026-0001', unmatchedReason: 'household_not_found' },
    ]);
  });

  it('keeps an alert whose ID number matches nobody as unmatched', async () => {
    const result = await ingestAlert(deps, anAlert({ householdId: null, headIdNumber: idNumber }), { at });

    expect(result).toEqual({ outcome: 'unmatched', reason: 'id_number_not_found' });
  });

  it('D11 records an alert for a monitored household on its history without a new lead, and opens alert_followup', async () => {
    await stored(aMonitoredHousehold({ householdId: 'H0001' }));

    const result = await ingestAlert(deps, anAlert(), { at });

    expect(result).toEqual({
      outcome: 'matched',
      householdId: 'H0001',
      reason: 'already_monitored',
      caseId: expect.any(String),
    });
    const [followup] = await store.cases.openCasesForHousehold('H0001');
    expect(followup).toMatchObject({
      caseId: result.caseId,
      kind: 'alert_followup',
      level: 'village',
      subject: { alertRef: 'medical_insurance:YB-2026-0001', department: 'medical_insurance' },
    });
    expect(followup?.deadline).not.toBeNull();
    expect((await store.households.get('H0001'))?.status).toBe('monitored');
    const history = await store.audit.history('H0001');
    expect(history.items.find((e) => e.type === 'alert_received')?.data).toMatchObject({
      alertId: 'YB-2026-0001',
      reason: 'already_monitored',
    });
    expect(await store.alerts.get('medical_insurance', 'YB-2026-0001')).toMatchObject({
      matchedHouseholdId: 'H0001',
    });
  });

  it('never writes the ID number into the audit', async () => {
    await stored(aHousehold({ householdId: 'H0001', headIdNumber: idNumber }));

    await ingestAlert(deps, anAlert({ householdId: null, headIdNumber: idNumber }), { at });

    const history = await store.audit.history('H0001');
    const alertEvents = history.items.filter((e) => e.type === 'alert_received');
    expect(alertEvents).toHaveLength(1);
    expect(JSON.stringify(alertEvents)).not.toContain(idNumber);
  });
});

// D16: an alert posted through the API by a county administrator is matched within their county only.
describe('ingestAlert within a scope (POST /v1/alerts)', () => {
  const author = { kind: 'user' as const, role: 'county' as const, unit: '532931', sub: 'county-officer' };
  const elsewhere = { householdId: 'H-OTHER', villageCode: '532932101201', headIdNumber: idNumber };

  it('does not match a household of another county by id: unmatched as if it did not exist', async () => {
    await stored(aHousehold(elsewhere));

    const result = await ingestAlert(deps, anAlert({ householdId: 'H-OTHER' }), {
      at,
      author,
      within: '532931',
    });

    expect(result).toEqual({ outcome: 'unmatched', reason: 'household_not_found' });
    expect(await store.households.get('H-OTHER')).toMatchObject({ status: 'none', lead: null });
    expect(await store.cases.openCasesForHousehold('H-OTHER')).toEqual([]);
  });

  it('does not fall back to an ID number held by a household of another county (the scope bypass)', async () => {
    await stored(aHousehold(elsewhere));
    const historyBefore = await store.audit.history('H-OTHER');

    const result = await ingestAlert(deps, anAlert({ householdId: 'NOPE', headIdNumber: idNumber }), {
      at,
      author,
      within: '532931',
    });

    expect(result).toEqual({ outcome: 'unmatched', reason: 'household_not_found' });
    expect(await store.households.get('H-OTHER')).toMatchObject({ status: 'none', lead: null, version: 1 });
    expect(await store.cases.openCasesForHousehold('H-OTHER')).toEqual([]);
    expect(await store.audit.history('H-OTHER')).toEqual(historyBefore);
    // The same answer and the same unmatched record as for an ID number nobody has.
    expect(await store.alerts.get('medical_insurance', 'YB-2026-0001')).toMatchObject({
      matchedHouseholdId: null,
      unmatchedReason: 'household_not_found',
    });
  });

  it('matches by ID number only the household within the scope when another county has the same number', async () => {
    await stored(aHousehold(elsewhere));
    await stored(aHousehold({ householdId: 'H-MINE', headIdNumber: idNumber }));

    const result = await ingestAlert(deps, anAlert({ householdId: null, headIdNumber: idNumber }), {
      at,
      author,
      within: '532931',
    });

    expect(result).toMatchObject({ outcome: 'lead', householdId: 'H-MINE' });
    expect((await store.households.get('H-OTHER'))?.status).toBe('none');
  });

  it('records the author on the alert record and as the actor of its audit event', async () => {
    await stored(aHousehold({ householdId: 'H0001' }));

    await ingestAlert(deps, anAlert(), { at, author, within: '532931' });

    expect(await store.alerts.get('medical_insurance', 'YB-2026-0001')).toMatchObject({ author });
    const history = await store.audit.history('H0001');
    expect(history.items.find((e) => e.type === 'alert_received')?.actor).toEqual(author);
  });
});
