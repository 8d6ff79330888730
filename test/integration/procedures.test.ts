// Issue 18's procedures on DynamoDB Local, daily sweeps through the real handlers, officers' changes through
// the API's use cases. Each behaviour is named after its rule id (`npx vitest run -t D10`).
import { beforeAll, describe, expect, it } from 'vitest';
import { createDynamoStore } from '../../lib/adapters/dynamodb/dynamo-store';
import { ensureTables } from '../../lib/adapters/dynamodb/table-definition';
import { createMemoryIdVault } from '../../lib/adapters/memory/memory-id-vault';
import { type HouseholdChangeDeps, planHouseholdChange } from '../../lib/app/apply-household-change';
import { deploymentCalendar } from '../../lib/app/calendar';
import { getHousehold } from '../../lib/app/get-household';
import { recountVillages } from '../../lib/app/import-counters';
import { importHouseholds } from '../../lib/app/import-households';
import { deploymentPolicy, importPolicy, policyOfVersion } from '../../lib/app/policies';
import { putHousehold } from '../../lib/app/put-household';
import { recordVisit } from '../../lib/app/record-visit';
import { takeTransition } from '../../lib/app/take-transition';
import { unitSummary } from '../../lib/app/unit-summary';
import { DomainError } from '../../lib/domain/errors';
import type { Case, Household } from '../../lib/domain/model';
import { defaultPolicy } from '../../lib/domain/policy';
import { residentIdCheckDigit } from '../../lib/domain/resident-id';
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
  await recountVillages(store, [h.villageCode], at);
}

const visitCases = async (householdId: string): Promise<Case[]> => {
  const open = await store.cases.openCasesForHousehold(householdId);
  const resolved = await store.cases.listByUnit(village, { kind: 'visit_overdue', status: 'resolved' });
  return [...open, ...resolved.items].filter(
    (c) => c.kind === 'visit_overdue' && c.householdId === householdId,
  );
};

/** Each procedure gets its own table: sweeps are named by their as-of, so two tests sweeping on the same
 *  day would otherwise share one run (and the second would sweep nothing). */
function onItsOwnTable(name: string): void {
  beforeAll(async () => {
    const client = testDynamoClient();
    const tableName = uniqueName(name);
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
}

describe('D10 one visit_overdue case per overdue episode (real sweep handlers, DynamoDB Local)', () => {
  onItsOwnTable('procedures');
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
  onItsOwnTable('procedures');
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

describe('D3 D4 risk elimination from six monthly sweeps to eliminated (real sweep handlers, DynamoDB Local)', () => {
  onItsOwnTable('procedures');
  const v2 = '532931101202';
  const at = (date: string, time = '10:00') => `${date}T${time}:00+08:00`;
  const as = (role: 'village' | 'township' | 'county', unit: string) =>
    ({ kind: 'user', role, unit, sub: `${role}-1` }) as const;
  const step = (
    action: Parameters<typeof takeTransition>[1]['action'],
    role: 'village' | 'township' | 'county',
    date: string,
  ) =>
    takeTransition(deps, {
      householdId: 'H-D3',
      action,
      role,
      at: at(date),
      actor: as(role, role === 'village' ? v2 : role === 'township' ? v2.slice(0, 9) : v2.slice(0, 6)),
      guard: () => {},
    });
  const page = async (date: string) =>
    getHousehold(deps, { householdId: 'H-D3', at: at(date), guard: () => {} });

  it('D3 judges E3 from each household’s own monthly history, the same in the API, the sweep and the counters; D4 takes it through home check, notice, township and county', async () => {
    // Monitored, blue, P well above the monitoring line, a measure started, a contact: only E3 is missing.
    const h = aFollowedHousehold('H-D3', '2026-06-10', 20_000, { villageCode: v2 });
    await imported(h, at('2026-06-20'));

    const sweeps = ['2026-07-01', '2026-08-01', '2026-09-01', '2026-10-01', '2026-11-01', '2026-12-01'];
    for (const [i, date] of sweeps.entries()) {
      await sweepThroughHandlers(store, 'monthly', at(date, '02:00'));
      const months = i + 1;
      const detail = await page(date);
      const stored = (await store.households.get('H-D3'))!.assessment!.elimination!;
      const summary = await unitSummary(store, v2);
      const eligible = months >= defaultPolicy.eliminationStableMonths;
      // D3: the household's own monthly assessments, one per swept month, with the policy version.
      const history = await store.assessments.recentMonthly('H-D3', 12);
      expect(
        history.map((m) => m.month),
        date,
      ).toHaveLength(months);
      expect(history[0], date).toMatchObject({
        aboveMonitoringLine: true,
        policyVersion: defaultPolicy.version,
      });
      // The API, the sweep's stored assessment and the counters agree, month after month.
      expect(detail.elimination.conditions.E3, date).toBe(eligible);
      expect(stored.conditions.E3, date).toBe(eligible);
      expect(summary.eligibleForElimination, date).toBe(eligible ? 1 : 0);
    }

    // D4: no proposal without a home check in the last 30 days (the last home visit was in June).
    await expect(step('propose_elimination', 'village', '2026-12-02')).rejects.toMatchObject({
      code: 'transition_not_allowed',
    });
    await recordVisit(deps, {
      householdId: 'H-D3',
      date: '2026-12-02',
      method: 'home',
      visitor: '村干部',
      findings: '入户核查：收入稳定',
      at: at('2026-12-02', '11:00'),
      actor: as('village', v2),
      guard: () => {},
    });
    const proposed = await step('propose_elimination', 'village', '2026-12-02');
    expect(proposed.household.procedure).toMatchObject({
      kind: 'elimination',
      awaiting: 'township_elimination_review',
      publicNoticeFrom: '2026-12-02',
    });
    // The public notice runs 5 days: the township reviews from 7 December.
    await expect(step('township_elimination_review', 'township', '2026-12-04')).rejects.toMatchObject({
      code: 'transition_not_allowed',
    });
    await step('township_elimination_review', 'township', '2026-12-07');
    const approved = await step('county_elimination_approve', 'county', '2026-12-08');
    expect(approved.household).toMatchObject({
      status: 'eliminated',
      eliminatedAt: '2026-12-08',
      visitClass: 'watch',
    });
    expect((await unitSummary(store, v2)).eligibleForElimination).toBe(0);
  });
});

describe('D9 a household that moves village takes its open cases with it (real sweep handlers, DynamoDB Local)', () => {
  onItsOwnTable('procedures');
  const from = '532931101203';
  const to = '532931101204';
  const at = (date: string, time = '10:00') => `${date}T${time}:00+08:00`;
  /** A scope guard like the API's: a unit outside `scope` is refused. */
  const within = (scope: string) => (unit: string) => {
    if (!unit.startsWith(scope)) throw new DomainError('forbidden', 'outside your scope, or not found');
  };
  const move = (scope: string, role: 'village' | 'township') =>
    putHousehold(deps, {
      householdId: 'H-D9',
      fields: { villageCode: to },
      at: at('2026-09-03'),
      actor: { kind: 'user', role, unit: scope, sub: `${role}-1` },
      guard: within(scope),
    });

  it('D9 moves the overdue case to the new village, audited, and it escalates there on its original schedule', async () => {
    // Red (3,000 yuan), last home visit 1 August: due 15 August.
    const h = aFollowedHousehold('H-D9', '2026-08-01', 3_000, { villageCode: from });
    await imported(h, at('2026-08-31'));

    // Wed 2 September: the visit_overdue case opens at the old village (deadline Mon 7 Sep 06:00).
    await sweepThroughHandlers(store, 'daily', sweepAt('2026-09-02'));
    const [opened] = (await store.cases.openCasesForHousehold('H-D9')).filter(
      (c) => c.kind === 'visit_overdue',
    );
    expect(opened).toMatchObject({ level: 'village', unitCode: from });

    // The old village's officer cannot move it (the new village is outside its scope): nothing is written.
    await expect(move(from, 'village')).rejects.toMatchObject({ code: 'forbidden' });
    expect((await store.households.get('H-D9'))?.villageCode).toBe(from);

    // The township officer moves it: the same case, at the same level and deadline, now at the new village.
    const moved = await move('532931101', 'township');
    expect(moved.household.villageCode).toBe(to);
    expect(moved.transferredCases?.map((t) => t.to.caseId)).toEqual([opened!.caseId]);
    const [transferred] = await store.cases.openCasesForHousehold('H-D9');
    expect(transferred).toMatchObject({
      caseId: opened!.caseId,
      villageCode: to,
      unitCode: to,
      level: 'village',
      deadline: opened!.deadline,
      openedAt: opened!.openedAt,
    });
    expect((await store.cases.listByUnit(to, {})).items.map((c) => c.caseId)).toEqual([opened!.caseId]);
    expect((await store.cases.listByUnit(from, {})).items).toEqual([]);
    expect((await unitSummary(store, from)).openCasesByLevel.village).toBe(0);
    expect((await unitSummary(store, to)).openCasesByLevel.village).toBe(1);
    const events = (await store.audit.history('H-D9')).items;
    expect(events.find((e) => e.type === 'household_moved')?.data).toEqual({ from, to });
    expect(events.find((e) => e.type === 'case_transferred')).toMatchObject({
      caseId: opened!.caseId,
      data: { kind: 'visit_overdue', level: 'village', from, to },
    });

    // The sweeps go on at the new village: it climbs to the township on Mon 7 Sep, as it would have.
    for (const date of ['2026-09-04', '2026-09-07'])
      await sweepThroughHandlers(store, 'daily', sweepAt(date));
    const [escalated] = await store.cases.openCasesForHousehold('H-D9');
    expect(escalated).toMatchObject({
      caseId: opened!.caseId,
      villageCode: to,
      level: 'township',
      unitCode: '532931101',
      levelSince: sweepAt('2026-09-07'),
    });
    expect((await unitSummary(store, to)).openCasesByLevel).toMatchObject({ village: 0, township: 1 });
  });

  it('D9 a case left behind by a move made before D9 goes to the household at the next daily sweep', async () => {
    const old = '532931101205';
    const now = '532931101206';
    const h = aFollowedHousehold('H-D9L', '2026-08-01', 3_000, { villageCode: old });
    await imported(h, at('2026-09-08'));
    await sweepThroughHandlers(store, 'daily', sweepAt('2026-09-09'));
    const [left] = await store.cases.openCasesForHousehold('H-D9L');
    expect(left).toMatchObject({ kind: 'visit_overdue', unitCode: old });

    // The household was moved the old way: its record only.
    const stored = (await store.households.get('H-D9L'))!;
    await store.commit({
      households: [{ household: { ...stored, villageCode: now }, expectedVersion: stored.version }],
    });
    await recountVillages(store, [old, now], at('2026-09-09'));

    await sweepThroughHandlers(store, 'daily', sweepAt('2026-09-10'));
    const [adopted] = await store.cases.openCasesForHousehold('H-D9L');
    expect(adopted).toMatchObject({
      caseId: left!.caseId,
      villageCode: now,
      unitCode: now,
      deadline: left!.deadline,
    });
    expect((await unitSummary(store, old)).openCasesByLevel.village).toBe(0);
    expect((await unitSummary(store, now)).openCasesByLevel.village).toBe(1);
    const events = (await store.audit.history('H-D9L')).items;
    expect(events.find((e) => e.type === 'case_transferred')).toMatchObject({
      caseId: left!.caseId,
      actor: { kind: 'system', name: 'daily-sweep' },
      data: { from: old, to: now },
    });
  });
});

describe('D15 policies as data per county, the same version on every path (DynamoDB Local)', () => {
  onItsOwnTable('procedures');
  let policies: ReturnType<typeof deploymentPolicy>;
  beforeAll(() => {
    policies = deploymentPolicy(store, null);
    deps = { ...deps, ...policies };
  });
  const at = (date: string, time = '10:00') => `${date}T${time}:00+08:00`;
  const load = (file: unknown) =>
    importPolicy(
      { store, policySource: policies.policySource },
      { file, loadedBy: 'ops', at: at('2026-11-20') },
    );

  it('D15 a county policy loaded without a redeploy is stamped by the API and the sweep alike, and replays by version', async () => {
    await imported(
      aFollowedHousehold('H-D15', '2026-11-10', 7_500, { villageCode: village }),
      at('2026-11-15'),
    );
    expect((await store.households.get('H-D15'))!.assessment!.policyVersion).toBe(defaultPolicy.version);

    // A file with problems loads nothing, and names each problem.
    await expect(load({ countyCode: '53293', monitoringLine: 'x', version: 'v1' })).rejects.toMatchObject({
      code: 'validation_failed',
      details: expect.arrayContaining([
        expect.objectContaining({ field: 'countyCode' }),
        expect.objectContaining({ field: 'version' }),
      ]),
    });
    await expect(load({ countyCode: '532931', warningLine: 100 })).rejects.toMatchObject({
      code: 'validation_failed',
    });
    expect(await store.policies.loaded()).toEqual([]);

    const { policy, previousVersion } = await load({ countyCode: '532931', monitoringLine: 8_000 });
    expect(previousVersion).toBe(defaultPolicy.version);
    expect(policy).toMatchObject({ policyId: '532931-all', countyCode: '532931', monitoringLine: 8_000 });
    expect(policy.version).not.toBe(defaultPolicy.version);
    // The same values are the same version.
    expect((await load({ countyCode: '532931', monitoringLine: 8_000 })).unchanged).toBe(true);

    // The API path: an officer's change re-assesses with the county's policy.
    const changed = await putHousehold(deps, {
      householdId: 'H-D15',
      fields: { largeExpenditure: '100' },
      at: at('2026-11-25'),
      actor: officer,
      guard: () => {},
    });
    expect(changed.household.assessment).toMatchObject({
      policyVersion: policy.version,
      aboveMonitoringLine: false,
    });

    // The sweep path (real handlers, the policy read from the table): the same version, in the household's
    // assessment and its monthly one (D3).
    await sweepThroughHandlers(store, 'monthly', at('2026-12-01', '02:00'));
    expect((await store.households.get('H-D15'))!.assessment!.policyVersion).toBe(policy.version);
    const [monthly] = await store.assessments.recentMonthly('H-D15', 1);
    expect(monthly).toMatchObject({
      month: '2026-11',
      policyVersion: policy.version,
      aboveMonitoringLine: false,
    });

    // Replay: the version an assessment names gives back its values.
    const deps15 = { store, policySource: policies.policySource };
    expect(await policyOfVersion(deps15, monthly!.policyVersion)).toMatchObject({ monitoringLine: 8_000 });
    expect(await policyOfVersion(deps15, defaultPolicy.version)).toEqual(defaultPolicy);
    expect(await policyOfVersion(deps15, 'v000000000000')).toBeNull();
  });
});

describe('D8 lead windows by source (import and API, daily sweeps through the real handlers)', () => {
  onItsOwnTable('procedures');
  const at = (date: string, time = '10:00') => `${date}T${time}:00+08:00`;
  const idNumber = (n: string) => `5329311980010100${n}${residentIdCheckDigit(`5329311980010100${n}`)}`;
  const fields = (id: string, n: string) => ({
    householdId: id,
    villageCode: village,
    headName: '张三',
    headIdNumber: idNumber(n),
    category: 'edge',
    status: 'candidate',
    members: '3',
    laborFull: '2',
    wageIncome: '40000',
    priorYearNetIncome: '40000',
  });
  const leadCase = async (id: string) =>
    (await store.cases.openCasesForHousehold(id)).find((c) => c.kind === 'lead_unverified');

  it('D8 escalates an imported candidate after 3 working days and a lead the village raised the same day', async () => {
    // Tuesday 1 December 10:00: the national system's 识别中 household comes in with the import; the village
    // officer registers another candidate itself through the API.
    const { summary } = await importHouseholds(deps, [{ rowNumber: 2, record: fields('H-D8I', '1') }], {
      asOf: at('2026-12-01'),
      actor: { kind: 'system', name: 'import' },
    });
    expect(summary.created).toBe(1);
    await putHousehold(deps, {
      householdId: 'H-D8V',
      fields: fields('H-D8V', '2'),
      at: at('2026-12-01'),
      actor: officer,
      guard: () => {},
    });
    expect(await leadCase('H-D8I')).toMatchObject({ subject: { source: 'import' }, level: 'village' });
    expect(await leadCase('H-D8V')).toMatchObject({ subject: { source: 'village' }, level: 'village' });

    // Wednesday: the village's own lead has climbed (same day); the imported one has 3 working days.
    await sweepThroughHandlers(store, 'daily', sweepAt('2026-12-02'));
    expect((await leadCase('H-D8V'))?.level).toBe('township');
    expect((await leadCase('H-D8I'))?.level).toBe('village');
    await sweepThroughHandlers(store, 'daily', sweepAt('2026-12-04'));
    expect((await leadCase('H-D8I'))?.level).toBe('village');
    // Friday 4 December 10:00 has passed at Saturday's sweep.
    await sweepThroughHandlers(store, 'daily', sweepAt('2026-12-05'));
    expect(await leadCase('H-D8I')).toMatchObject({ level: 'township', levelSince: sweepAt('2026-12-05') });
  });
});
