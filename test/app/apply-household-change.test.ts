import { describe, expect, it } from 'vitest';
import { createMemoryIdVault } from '../../lib/adapters/memory/memory-id-vault';
import { createMemoryStore } from '../../lib/adapters/memory/memory-store';
import {
  applyHouseholdChange,
  type HouseholdChangeDeps,
  planHouseholdChange,
} from '../../lib/app/apply-household-change';
import { openCase } from '../../lib/domain/cases';
import { DomainError } from '../../lib/domain/errors';
import type { Actor, Household } from '../../lib/domain/model';
import { defaultPolicy } from '../../lib/domain/policy';
import { WorkingDayCalendar } from '../../lib/domain/working-days';
import { aHousehold, aMonitoredHousehold, onePerson, yuan } from '../builders/household';

const at = '2026-12-01T10:00:00+08:00';
const actor: Actor = { kind: 'system', name: 'test' };
const calendar = WorkingDayCalendar.chinaOfficial();

function setup() {
  const store = createMemoryStore();
  let n = 0;
  const deps: HouseholdChangeDeps = {
    store,
    policyFor: () => defaultPolicy,
    calendar,
    newId: () => `id-${++n}`,
    idNumbers: createMemoryIdVault(),
  };
  return { store, deps };
}

async function create(deps: HouseholdChangeDeps, h: Household) {
  return applyHouseholdChange(deps, { before: null, after: h, at, actor, auditType: 'household_created' });
}

describe('applyHouseholdChange', () => {
  it('writes a new household graded, with its audit event and its village counters', async () => {
    const { store, deps } = setup();
    const result = await create(deps, aHousehold({ householdId: 'H1' }));

    expect(result.changed).toBe(true);
    const stored = await store.households.get('H1');
    expect(stored?.version).toBe(1);
    expect(stored?.assessment?.policyVersion).toBe(defaultPolicy.version);
    const history = await store.audit.history('H1');
    expect(history.items.map((e) => e.type)).toContain('household_created');
    const summary = await store.counters.summary('532931101201');
    expect(summary.households).toBe(1);
    expect(summary.byStatus.none).toBe(1);
  });

  it('writes nothing when neither the facts nor the assessment change', async () => {
    const { store, deps } = setup();
    const first = await create(deps, aHousehold({ householdId: 'H1' }));
    const eventsBefore = (await store.audit.history('H1')).items.length;

    const again = await applyHouseholdChange(deps, {
      before: first.household,
      after: first.household,
      at: '2026-12-02T10:00:00+08:00',
      actor,
      auditType: 'household_imported',
    });

    expect(again.changed).toBe(false);
    expect((await store.households.get('H1'))?.version).toBe(1);
    expect((await store.audit.history('H1')).items.length).toBe(eventsBefore);
  });

  it('opens a lead_unverified case when the assessment raises a lead, and counts it', async () => {
    const { store, deps } = setup();
    // P = 5,000 yuan: under the monitoring line, so L1 raises a lead on a household with status none.
    const result = await create(
      deps,
      aHousehold({
        householdId: 'H1',
        ...onePerson({ wageIncome: yuan(5000), priorYearNetIncome: yuan(5000) }),
      }),
    );

    expect(result.household.status).toBe('candidate');
    expect(result.openedCases.map((c) => c.kind)).toEqual(['lead_unverified']);
    expect((await store.cases.openCasesForHousehold('H1')).map((c) => c.kind)).toEqual(['lead_unverified']);
    const summary = await store.counters.summary('532931101201');
    expect(summary.byStatus.candidate).toBe(1);
    expect(summary.openCasesByKind.lead_unverified).toBe(1);
  });

  it('resolves at once an open case that the change clears, and takes it off the counters', async () => {
    const { store, deps } = setup();
    const created = await create(deps, aMonitoredHousehold({ householdId: 'H1', contact: null }));
    const kase = openCase(
      {
        caseId: 'C1',
        kind: 'contact_missing',
        householdId: 'H1',
        villageCode: '532931101201',
        townshipCode: '532931101',
        countyCode: '532931',
        subject: { monitoredSince: '2025-06-01' },
        at,
      },
      defaultPolicy,
      calendar,
    );
    await store.commit({
      openCases: [kase],
      counters: [
        { unitCode: '532931101201', delta: { 'casesByKind.contact_missing': 1, 'casesByLevel.village': 1 } },
      ],
    });

    const result = await applyHouseholdChange(deps, {
      before: created.household,
      after: { ...created.household, contact: { name: '李四', assignedAt: at } },
      at,
      actor,
      auditType: 'contact_assigned',
    });

    expect(result.resolvedCases.map((c) => c.caseId)).toEqual(['C1']);
    expect((await store.cases.get('C1'))?.status).toBe('resolved');
    expect((await store.counters.summary('532931101201')).openCasesByKind.contact_missing).toBe(0);
  });

  it('refuses a change made from a stale read with a conflict', async () => {
    const { deps } = setup();
    const created = await create(deps, aHousehold({ householdId: 'H1' }));
    await applyHouseholdChange(deps, {
      before: created.household,
      after: { ...created.household, members: 5 },
      at,
      actor,
      auditType: 'household_updated',
    });

    const stale = applyHouseholdChange(deps, {
      before: created.household,
      after: { ...created.household, members: 6 },
      at,
      actor,
      auditType: 'household_updated',
    });

    await expect(stale).rejects.toSatisfy((e) => e instanceof DomainError && e.code === 'conflict');
  });

  it('plans a bulk change without counter deltas and without writing', async () => {
    const { store, deps } = setup();
    const planned = await planHouseholdChange(
      deps,
      {
        before: null,
        after: aHousehold({ householdId: 'H1' }),
        at,
        actor,
        auditType: 'household_imported',
        openCases: [],
      },
      { counters: false },
    );

    expect(planned.change?.counters).toBeUndefined();
    expect(planned.change?.households?.[0]?.expectedVersion).toBeNull();
    expect(await store.households.get('H1')).toBeNull();
  });
});
