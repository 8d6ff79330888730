// Issue 18's procedures on DynamoDB Local, daily sweeps through the real handlers, officers' changes through
// the API's use cases. Each behaviour is named after its rule id (`npx vitest run -t D10`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoStore } from '../../lib/adapters/dynamodb/dynamo-store';
import { ensureTables } from '../../lib/adapters/dynamodb/table-definition';
import { createMemoryIdVault } from '../../lib/adapters/memory/memory-id-vault';
import { type HouseholdChangeDeps, planHouseholdChange } from '../../lib/app/apply-household-change';
import { deploymentCalendar } from '../../lib/app/calendar';
import { recountVillages } from '../../lib/app/import-households';
import { putHousehold } from '../../lib/app/put-household';
import { recordVisit } from '../../lib/app/record-visit';
import { takeTransition } from '../../lib/app/take-transition';
import type { Case, Household } from '../../lib/domain/model';
import { defaultPolicy } from '../../lib/domain/policy';
import type { Store } from '../../lib/ports/store';
import { aFollowedHousehold, aHousehold, onePerson, yuan } from '../builders/household';
import { testDynamoClient, uniqueName } from '../support/aws';
import { sweepThroughHandlers } from '../support/handler-sweep';

const village = '532931101201';
const sweepAt = (date: string) => `${date}T06:00:00+08:00`;
const officer = { kind: 'user', role: 'village', unit: village, sub: 'v1' } as const;
let store: Store;
let deps: HouseholdChangeDeps;

async function imported(h: Household, at: string) {
  const planned = await planHouseholdChange(
    deps,
    {
      before: null,
      after: h,
      at,
      actor: { kind: 'system', name: 'import' },
      auditType: 'household_imported',
      openCases: [],
    },
    { counters: false },
  );
  await store.commit(planned.change!);
  await recountVillages(store, [village], at);
}

const visitCases = async (householdId: string): Promise<Case[]> => {
  const open = await store.cases.openCasesForHousehold(householdId);
  const resolved = await store.cases.listByUnit(village, { kind: 'visit_overdue', status: 'resolved' });
  return [...open, ...resolved.items].filter(
    (c) => c.kind === 'visit_overdue' && c.householdId === householdId,
  );
};

beforeAll(async () => {
  const client = testDynamoClient();
  const tableName = uniqueName('procedures');
  await ensureTables(client, tableName);
  store = createDynamoStore({
    client,
    tableName,
    retry: { baseDelayMs: 5 },
  });
  let n = 0;
  deps = {
    store,
    policyFor: () => defaultPolicy,
    ...deploymentCalendar(store),
    newId: () => `id-${++n}`,
    idNumbers: createMemoryIdVault(),
  };
}, 60_000);

afterAll(() => {});

describe('D10 one visit_overdue case per overdue episode (real sweep handlers, DynamoDB Local)', () => {
  it('D10 keeps one case id from the first overdue day, through a grade upgrade, to the visit that resolves it', async () => {
    // Blue (P well above the lines), last home visit 1 June: the quarterly visit was due 1 September.
    await imported(
      aFollowedHousehold('H-D10', '2026-06-01', 20_000, { villageCode: village }),
      '2026-08-31T10:00:00+08:00',
    );
    expect((await store.households.get('H-D10'))?.visitClass).toBe('blue');

    await sweepThroughHandlers(store, 'daily', sweepAt('2026-09-02'));
    const [first] = await visitCases('H-D10');
    expect(first).toMatchObject({ status: 'open', level: 'village', subject: { dueDate: '2026-09-01' } });

    // A phone call on 3 September finds the income collapsed: red, due 14 days after the June visit. A phone
    // contact does not qualify for red, and the upgrade does not resolve the case (D10).
    const upgraded = await recordVisit(deps, {
      householdId: 'H-D10',
      date: '2026-09-03',
      method: 'phone',
      visitor: '村干部',
      findings: '电话回访',
      updates: { wageIncome: '2000', priorYearNetIncome: '2000' },
      at: '2026-09-03T15:00:00+08:00',
      actor: officer,
      guard: () => {},
    });
    expect(upgraded.household.visitClass).toBe('red');
    expect(upgraded.resolvedCases.filter((c) => c.kind === 'visit_overdue')).toEqual([]);

    // The sweeps go on: the same case follows the new due date and escalates on its original schedule
    // (opened Wed 2 Sep 06:00, 3 working days → Mon 7 Sep 06:00).
    for (const date of ['2026-09-04', '2026-09-05', '2026-09-06', '2026-09-07']) {
      await sweepThroughHandlers(store, 'daily', sweepAt(date));
    }
    const cases = await visitCases('H-D10');
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({
      caseId: first!.caseId,
      status: 'open',
      level: 'township',
      subject: { dueDate: '2026-06-15', firstDueDate: '2026-09-01', visitClass: 'red' },
    });
    const history = await store.audit.history('H-D10');
    expect(history.items.filter((e) => e.type === 'case_updated').map((e) => e.caseId)).toEqual([
      first!.caseId,
    ]);

    // The home visit on 8 September resolves that same case at once.
    const visited = await recordVisit(deps, {
      householdId: 'H-D10',
      date: '2026-09-08',
      method: 'home',
      visitor: '村干部',
      findings: '入户走访',
      at: '2026-09-08T10:00:00+08:00',
      actor: officer,
      guard: () => {},
    });
    expect(visited.resolvedCases.map((c) => c.caseId)).toEqual([first!.caseId]);
    expect(await visitCases('H-D10')).toEqual([
      expect.objectContaining({ caseId: first!.caseId, status: 'resolved' }),
    ]);
  });
});

describe('D5 a rejected lead stays rejected (monthly sweeps through the real handlers)', () => {
  it('D5 is not re-raised by two more monthly sweeps, and is re-raised by a changed income', async () => {
    // Status none, P below the monitoring line: the import's assessment raises a lead (L1).
    await imported(
      aHousehold({
        householdId: 'H-D5',
        villageCode: village,
        status: 'none',
        category: 'general',
        ...onePerson({ wageIncome: yuan(6_000), priorYearNetIncome: yuan(6_000) }),
      }),
      '2026-10-10T10:00:00+08:00',
    );
    expect((await store.households.get('H-D5'))?.status).toBe('candidate');

    // The village verifies at home and rejects: a 财政供养 member the facts don't show.
    const rejected = await takeTransition(deps, {
      householdId: 'H-D5',
      action: 'reject',
      reason: '家庭成员为财政供养人员',
      role: 'village',
      at: '2026-10-12T10:00:00+08:00',
      actor: officer,
      guard: () => {},
    });
    expect(rejected.household).toMatchObject({
      status: 'none',
      lead: null,
      rejectedLead: { reason: '家庭成员为财政供养人员', source: 'assessment' },
    });

    for (const month of ['2026-11-01', '2026-12-01']) {
      await sweepThroughHandlers(store, 'monthly', `${month}T02:00:00+08:00`);
      const h = await store.households.get('H-D5');
      expect(h?.status, month).toBe('none');
      expect(h?.lead, month).toBeNull();
    }
    expect(
      (await store.cases.openCasesForHousehold('H-D5')).filter((c) => c.kind === 'lead_unverified'),
    ).toEqual([]);

    // The income changes (the officer records it): the facts differ, so a new lead is raised.
    const changed = await putHousehold(deps, {
      householdId: 'H-D5',
      fields: { wageIncome: '3000', priorYearNetIncome: '6000' },
      at: '2026-12-05T10:00:00+08:00',
      actor: officer,
      guard: () => {},
    });
    expect(changed.household.status).toBe('candidate');
    expect(changed.openedCases.map((c) => c.kind)).toEqual(['lead_unverified']);
  });
});
