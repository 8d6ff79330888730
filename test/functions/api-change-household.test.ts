import { describe, expect, it } from 'vitest';
import { makeHandler } from '../../functions/api-change-household';
import { maskIdNumber, residentIdCheckDigit } from '../../lib/domain/resident-id';
import { aHousehold, aMonitoredHousehold, yuan } from '../builders/household';
import { apiEvent, apiTestDeps, call, claimsOf, seed } from '../http/support';

describe('PUT /v1/households/{id}', () => {
  it('creates a household and grades it at once', async () => {
    const { deps } = apiTestDeps();
    const answer = await call(
      makeHandler(deps),
      apiEvent('household.put', {
        body: { ...body(), status: 'monitored', monitoredSince: '2026-06-01', laborFull: 0 },
      }),
    );
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      householdId: 'H0001',
      grade: 'yellow',
      matchedRules: ['Y1'],
      version: 1,
    });
    expect((await deps.store.counters.summary('532931101')).households).toBe(1);
  });

  it('D16 seals the number of a new household, keeps it on an update without one, seals a changed one', async () => {
    const { deps } = apiTestDeps();
    const first = `53293119800101123${residentIdCheckDigit('53293119800101123')}`;
    const created = await call(
      makeHandler(deps),
      apiEvent('household.put', { body: { ...body(), headIdNumber: first } }),
    );
    expect(created.status).toBe(201);
    const stored = (await deps.store.households.get('H0001'))!;
    expect(stored).toMatchObject({
      headIdNumber: maskIdNumber(first),
      headIdHash: deps.idNumbers.hash(first),
    });
    expect(await deps.idNumbers.open(stored.headIdSealed!, 'H0001')).toBe(first);

    await call(makeHandler(deps), apiEvent('household.put', { body: { members: 5 } }));
    expect((await deps.store.households.get('H0001'))?.headIdSealed).toBe(stored.headIdSealed);

    const second = `53293119900101002${residentIdCheckDigit('53293119900101002')}`;
    await call(
      makeHandler(deps),
      apiEvent('household.put', { body: { headIdNumber: second.toLowerCase() } }),
    );
    const changed = (await deps.store.households.get('H0001'))!;
    expect(changed).toMatchObject({
      headIdNumber: maskIdNumber(second),
      headIdHash: deps.idNumbers.hash(second),
    });
    expect(await deps.idNumbers.open(changed.headIdSealed!, 'H0001')).toBe(second);
    const history = await deps.store.audit.history('H0001');
    for (const full of [first, second]) expect(JSON.stringify(history)).not.toContain(full);
    expect(JSON.stringify(history)).not.toContain('headIdSealed');
  });

  it('updates only the fields given and re-grades', async () => {
    const { deps } = apiTestDeps();
    await seed(deps, aMonitoredHousehold({ householdId: 'H0001' }));
    const answer = await call(makeHandler(deps), apiEvent('household.put', { body: { wageIncome: 2000 } }));
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ grade: 'red', income: { wageIncome: 2000 }, members: 4 });
  });

  it('is 422 naming every failing field', async () => {
    const { deps } = apiTestDeps();
    const answer = await call(
      makeHandler(deps),
      apiEvent('household.put', { body: { ...body(), headIdNumber: '532931198001011236', members: 0 } }),
    );
    expect(answer.status).toBe(422);
    expect(answer.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'body.headIdNumber',
      'body.members',
    ]);
    expect(await deps.store.households.get('H0001')).toBeNull();
  });

  it('is 409 when the version read is no longer the stored one', async () => {
    const { deps } = apiTestDeps();
    await seed(deps, aHousehold({ householdId: 'H0001' }));
    const answer = await call(
      makeHandler(deps),
      apiEvent('household.put', { body: { wageIncome: 1000, expectedVersion: 7 } }),
    );
    expect(answer.status).toBe(409);
    expect(answer.body.error.code).toBe('conflict');
  });

  it('is 400 for a body that is not JSON', async () => {
    const { deps } = apiTestDeps();
    const answer = await call(makeHandler(deps), apiEvent('household.put', { rawBody: '{"members": 4,' }));
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code: 'malformed', details: [{ field: 'body' }] });
  });

  it('refuses to move a household into a village outside the caller’s township', async () => {
    const { deps } = apiTestDeps();
    await seed(deps, aHousehold({ householdId: 'H0001' }));
    const answer = await call(
      makeHandler(deps),
      apiEvent('household.put', { body: { villageCode: '532931102201' } }),
    );
    expect(answer.status).toBe(403);
    expect((await deps.store.households.get('H0001'))?.villageCode).toBe('532931101201');
  });
});

// D1: status only on creation; D2: lastVisitDate only as history before the first visit record.
describe('PUT /v1/households/{id}: procedures hold (D1, D2)', () => {
  const snapshot = async (deps: ReturnType<typeof apiTestDeps>['deps']) =>
    JSON.stringify([
      await deps.store.households.get('H0001'),
      await deps.store.audit.history('H0001'),
      await deps.store.cases.openCasesForHousehold('H0001'),
      await deps.store.counters.summary('532931101201'),
    ]);

  it('is 409 "use transitions" for a red household marked eliminated, and writes nothing', async () => {
    const { deps } = apiTestDeps();
    await seed(deps, aMonitoredHousehold({ householdId: 'H0001', wageIncome: yuan(2_000) }));
    const before = await snapshot(deps);

    const answer = await call(
      makeHandler(deps),
      apiEvent('household.put', { body: { status: 'eliminated', wageIncome: 90000 } }),
    );

    expect(answer.status).toBe(409);
    expect(answer.body.error).toMatchObject({ code: 'conflict', details: [{ field: 'body.status' }] });
    expect(answer.body.error.message).toContain('use transitions');
    expect(await snapshot(deps)).toBe(before);
  });

  it('accepts the stored status given again, and keeps it when none is given', async () => {
    const { deps } = apiTestDeps();
    await seed(deps, aMonitoredHousehold({ householdId: 'H0001' }));

    const same = await call(
      makeHandler(deps),
      apiEvent('household.put', { body: { status: 'monitored', members: 5 } }),
    );
    const without = await call(makeHandler(deps), apiEvent('household.put', { body: { members: 6 } }));

    expect([same.status, without.status]).toEqual([200, 200]);
    expect(await deps.store.households.get('H0001')).toMatchObject({ status: 'monitored', members: 6 });
  });

  it('keeps a removed household removed when an update gives no status', async () => {
    const { deps } = apiTestDeps();
    await seed(deps, aHousehold({ householdId: 'H0001', status: 'removed', removedReason: 'duplicate' }));

    const answer = await call(makeHandler(deps), apiEvent('household.put', { body: { members: 5 } }));

    expect(answer.status).toBe(200);
    expect((await deps.store.households.get('H0001'))?.status).toBe('removed');
  });

  it('is 409 for a lastVisitDate that would move the schedule of a household with visit records', async () => {
    const { deps } = apiTestDeps();
    await seed(deps, aMonitoredHousehold({ householdId: 'H0001' }));
    expect((await call(makeHandler(deps), apiEvent('household-visit.post'))).status).toBe(201);
    const before = await snapshot(deps);

    const answer = await call(
      makeHandler(deps),
      apiEvent('household.put', { body: { lastVisitDate: '2026-12-02' } }),
    );

    expect(answer.status).toBe(409);
    expect(answer.body.error).toMatchObject({ code: 'conflict', details: [{ field: 'body.lastVisitDate' }] });
    expect(await snapshot(deps)).toBe(before);
  });

  it('accepts a lastVisitDate that moves nothing, or as history before any visit record', async () => {
    const { deps } = apiTestDeps();
    await seed(deps, aMonitoredHousehold({ householdId: 'H0001' }));
    const history = await call(
      makeHandler(deps),
      apiEvent('household.put', { body: { lastVisitDate: '2026-11-20' } }),
    );
    expect(history.status).toBe(200);
    expect(history.body.lastHomeVisit).toBe('2026-11-20');

    expect((await call(makeHandler(deps), apiEvent('household-visit.post'))).status).toBe(201);
    const earlier = await call(
      makeHandler(deps),
      apiEvent('household.put', { body: { lastVisitDate: '2026-11-25' } }),
    );
    expect(earlier.status).toBe(200);
    expect(earlier.body.lastHomeVisit).toBe('2026-12-01');
  });
});

describe('POST /v1/households/{id}/visits', () => {
  it('records a home visit, moves the schedule and resolves nothing it should not', async () => {
    const { deps } = apiTestDeps();
    await seed(deps, aMonitoredHousehold({ householdId: 'H0001', laborFull: 0, wageIncome: yuan(8_000) }));
    const answer = await call(makeHandler(deps), apiEvent('household-visit.post'));
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      lastHomeVisit: '2026-12-01',
      nextVisitDue: '2026-12-15',
      daysOverdue: 0,
    });
    expect((await deps.store.households.visits('H0001')).items).toHaveLength(1);
  });

  it('§7 keeps a second visit of the same day that changes nothing on the household (its findings are stored)', async () => {
    const { deps } = apiTestDeps();
    await seed(deps, aMonitoredHousehold({ householdId: 'H0001', laborFull: 0, wageIncome: yuan(8_000) }));
    const handler = makeHandler(deps);
    const first = await call(handler, apiEvent('household-visit.post'));
    const second = await call(
      handler,
      apiEvent('household-visit.post', {
        body: { date: '2026-12-01', method: 'home', visitor: '李四', findings: '下午再访：家中无人外出务工' },
      }),
    );
    expect([first.status, second.status]).toEqual([201, 201]);
    const visits = (await deps.store.households.visits('H0001')).items;
    expect(visits.map((v) => v.findings)).toContain('下午再访：家中无人外出务工');
    expect(visits).toHaveLength(2);
    const history = (await deps.store.audit.history('H0001')).items.filter(
      (e) => e.type === 'visit_recorded',
    );
    expect(history).toHaveLength(2);
  });

  it('is 422 for a visit dated after today', async () => {
    const { deps } = apiTestDeps();
    await seed(deps, aMonitoredHousehold({ householdId: 'H0001' }));
    const answer = await call(
      makeHandler(deps),
      apiEvent('household-visit.post', {
        body: { date: '2026-12-31', method: 'home', visitor: 'v', findings: 'f' },
      }),
    );
    expect(answer.status).toBe(422);
    expect(answer.body.error.details[0].field).toBe('date');
  });
});

describe('API dates accept what the CSV accepts (issue 21)', () => {
  it.each(['2026/12/1', '2026-12-1', '2026年12月1日'])(
    'records a visit dated %s as 2026-12-01',
    async (date) => {
      const { deps } = apiTestDeps();
      await seed(deps, aMonitoredHousehold({ householdId: 'H0001', laborFull: 0, wageIncome: yuan(8_000) }));
      const answer = await call(
        makeHandler(deps),
        apiEvent('household-visit.post', { body: { date, method: 'home', visitor: 'v', findings: 'f' } }),
      );
      expect(answer.status).toBe(201);
      expect(answer.body.lastHomeVisit).toBe('2026-12-01');
    },
  );

  it.each(['12/1/2026', '2026-02-30', 'yesterday'])(
    'is 400 for %s with one message naming the accepted forms',
    async (date) => {
      const { deps } = apiTestDeps();
      await seed(deps, aMonitoredHousehold({ householdId: 'H0001' }));
      const answer = await call(
        makeHandler(deps),
        apiEvent('household-measure.post', { body: { type: 'employment', startDate: date, note: 'n' } }),
      );
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.body.error.details).toEqual([
        {
          field: 'body.startDate',
          message: `"${date}" is not a date: write it as 2026-12-01, 2026/12/1 or 2026年12月1日`,
        },
      ]);
    },
  );
});

describe('POST /v1/households/{id}/measures and PUT …/contact', () => {
  it('adds a measure', async () => {
    const { deps } = apiTestDeps();
    await seed(deps, aMonitoredHousehold({ householdId: 'H0001' }));
    const answer = await call(makeHandler(deps), apiEvent('household-measure.post'));
    expect(answer.status).toBe(201);
    expect(answer.body.measures).toMatchObject([
      { type: 'employment', startDate: '2026-12-01', status: 'active' },
    ]);
  });

  it('assigns the contact', async () => {
    const { deps } = apiTestDeps();
    await seed(deps, aMonitoredHousehold({ householdId: 'H0001' }));
    const answer = await call(makeHandler(deps), apiEvent('household-contact.put'));
    expect(answer.status).toBe(200);
    expect(answer.body.contact).toMatchObject({ name: '李四', phone: '13800000000' });
  });
});

describe('POST /v1/households/{id}/transitions', () => {
  const candidate = () =>
    aHousehold({
      householdId: 'H0001',
      status: 'candidate',
      candidateFrom: 'none',
      lead: {
        leadId: 'L1',
        source: 'assessment',
        rules: ['L1'],
        proposedCategory: 'edge',
        raisedAt: '2026-11-01T09:00:00+08:00',
      },
      procedure: { kind: 'identification', awaiting: 'verify', since: '2026-11-01T09:00:00+08:00' },
    });

  it('lets the village officer verify a lead', async () => {
    const { deps } = apiTestDeps();
    await seed(deps, candidate());
    const answer = await call(makeHandler(deps), apiEvent('household-transition.post'));
    expect(answer.status).toBe(200);
    expect(answer.body.procedure).toMatchObject({ awaiting: 'village_review', role: 'village' });
  });

  it('refuses the step to a township officer with 403', async () => {
    const { deps } = apiTestDeps();
    await seed(deps, candidate());
    const answer = await call(
      makeHandler(deps),
      apiEvent('household-transition.post', { claims: claimsOf('township', '532931101') }),
    );
    expect(answer.status).toBe(403);
  });

  it('D6 lets a county administrator remove a household with a reason: removed, kept, no grade, no visits, no lead', async () => {
    const { deps } = apiTestDeps();
    await seed(
      deps,
      aMonitoredHousehold({ householdId: 'H0001', lastHomeVisit: '2026-06-01', lastContact: '2026-06-01' }),
    );
    const answer = await call(
      makeHandler(deps),
      apiEvent('household-transition.post', {
        claims: claimsOf('county', '532931'),
        body: { action: 'remove', reason: '清退：不符合监测对象认定条件' },
      }),
    );
    expect(answer.status).toBe(200);
    const stored = await deps.store.households.get('H0001');
    expect(stored).toMatchObject({
      status: 'removed',
      removedReason: '清退：不符合监测对象认定条件',
      visitClass: null,
      nextVisitDue: null,
      lead: null,
    });
    expect(stored?.assessment?.grade ?? null).toBeNull();
  });

  it('D6 refuses a removal to a village officer (403) and one without a reason (422), writing nothing', async () => {
    const { deps } = apiTestDeps();
    await seed(deps, aMonitoredHousehold({ householdId: 'H0001' }));
    const village = await call(
      makeHandler(deps),
      apiEvent('household-transition.post', { body: { action: 'remove', reason: '清退' } }),
    );
    expect(village.status).toBe(403);
    const noReason = await call(
      makeHandler(deps),
      apiEvent('household-transition.post', {
        claims: claimsOf('county', '532931'),
        body: { action: 'remove' },
      }),
    );
    expect(noReason.status).toBe(422);
    expect(noReason.body.error.details).toEqual([expect.objectContaining({ field: 'reason' })]);
    expect((await deps.store.households.get('H0001'))?.status).toBe('monitored');
  });

  it('is 409 for a step the household does not await', async () => {
    const { deps } = apiTestDeps();
    await seed(deps, candidate());
    const answer = await call(
      makeHandler(deps),
      apiEvent('household-transition.post', { body: { action: 'village_review' } }),
    );
    expect(answer.status).toBe(409);
    expect(answer.body.error.code).toBe('transition_not_allowed');
  });
});

function body() {
  return {
    villageCode: '532931101201',
    headName: '张三明',
    headIdNumber: '532931198001011234',
    category: 'edge',
    status: 'none',
    members: 4,
    laborFull: 2,
    wageIncome: 40000,
    priorYearNetIncome: 40000,
  };
}

describe('POST /v1/households/{id}/applications (D7)', () => {
  it('D7 records a household’s own application: a lead with source application, 3 working days to verify', async () => {
    const { deps } = apiTestDeps();
    await seed(deps, aHousehold({ householdId: 'H0001', status: 'none' }));
    const answer = await call(makeHandler(deps), apiEvent('household-application.post'));
    expect(answer.status).toBe(201);
    const stored = await deps.store.households.get('H0001');
    expect(stored).toMatchObject({ status: 'candidate', lead: { source: 'application' } });
    const [kase] = await deps.store.cases.openCasesForHousehold('H0001');
    expect(kase).toMatchObject({ kind: 'lead_unverified', subject: { source: 'application' } });
    // 3 working days from the server's now, not the same day (D8).
    expect(kase?.deadline).not.toBeNull();
    expect(Date.parse(kase!.deadline!) - Date.parse(kase!.openedAt)).toBeGreaterThan(2 * 86_400_000);
  });

  it('D7 is for village officers (403 for a township officer), and 409 for a household already followed', async () => {
    const { deps } = apiTestDeps();
    await seed(deps, aMonitoredHousehold({ householdId: 'H0001' }));
    const township = await call(
      makeHandler(deps),
      apiEvent('household-application.post', { claims: claimsOf('township', '532931101') }),
    );
    expect(township.status).toBe(403);
    const monitored = await call(makeHandler(deps), apiEvent('household-application.post'));
    expect(monitored.status).toBe(409);
    expect((await deps.store.households.get('H0001'))?.status).toBe('monitored');
  });

  it('D7 refuses an application dated in the future (422 naming body.date)', async () => {
    const { deps } = apiTestDeps();
    await seed(deps, aHousehold({ householdId: 'H0001', status: 'none' }));
    const answer = await call(
      makeHandler(deps),
      apiEvent('household-application.post', { body: { date: '2099-01-01', note: '' } }),
    );
    expect(answer.status).toBe(422);
    expect(answer.body.error.details).toEqual([expect.objectContaining({ field: 'body.date' })]);
  });
});
