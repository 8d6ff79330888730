import { describe, expect, it } from 'vitest';
import { makeHandler } from '../../functions/api-get-household';
import { aHousehold, aMonitoredHousehold, yuan } from '../builders/household';
import { apiEvent, apiTestDeps, call, claimsOf, seed } from '../http/support';

describe('GET /v1/households/{id}', () => {
  it('explains the grade: derived values in yuan, every matched rule, the policy version', async () => {
    const { deps } = apiTestDeps();
    await seed(
      deps,
      aMonitoredHousehold({
        householdId: 'H0001',
        laborFull: 0,
        wageIncome: yuan(8_000),
        priorYearNetIncome: yuan(8_000),
      }),
    );
    const answer = await call(makeHandler(deps), apiEvent('household.get'));
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      householdId: 'H0001',
      grade: 'red',
      matchedRules: ['R1', 'R3', 'Y1'],
      policyVersion: expect.any(String),
      derived: {
        perCapitaIncome: 2000,
        labour: 'none',
        transferShare: 0,
        incomeDrop: 0,
        expenditureBurden: 0,
      },
      visitClass: 'red',
      elimination: { eligible: false, conditions: { E1: false, E2: true, E3: false, E4: true, E5: false } },
    });
  });

  it('masks the head ID number (first 6, last 4)', async () => {
    const { deps } = apiTestDeps();
    await seed(deps, aHousehold({ householdId: 'H0001', headIdNumber: '532931198001011236' }));
    const answer = await call(makeHandler(deps), apiEvent('household.get'));
    expect(answer.body.headIdNumber).toBe('532931********1236');
    expect(JSON.stringify(answer.body)).not.toContain('532931198001011236');
  });

  it('renders an infinite expenditure burden as null', async () => {
    const { deps } = apiTestDeps();
    await seed(
      deps,
      aMonitoredHousehold({ householdId: 'H0001', priorYearNetIncome: 0, largeExpenditure: yuan(5_000) }),
    );
    const answer = await call(makeHandler(deps), apiEvent('household.get'));
    expect(answer.body.derived.expenditureBurden).toBeNull();
  });

  it('counts days overdue against the server clock', async () => {
    const { deps } = apiTestDeps({ now: () => '2026-12-20T10:00:00+08:00' });
    await seed(deps, aMonitoredHousehold({ householdId: 'H0001', laborFull: 0, wageIncome: yuan(8_000) }));
    const answer = await call(makeHandler(deps), apiEvent('household.get'));
    // Seeded 2026-11-01 into red (P14D): due 2026-11-15, 35 days before 2026-12-20.
    expect(answer.body).toMatchObject({ nextVisitDue: '2026-11-15', daysOverdue: 35 });
  });

  it('answers an unknown household exactly as one outside the scope (D16: ids reveal nothing)', async () => {
    const { deps } = apiTestDeps();
    await seed(deps, aHousehold({ householdId: 'H0001', villageCode: '532932101201' }));
    const missing = await call(makeHandler(deps), apiEvent('household.get', { params: { id: 'NOPE' } }));
    const elsewhere = await call(makeHandler(deps), apiEvent('household.get', { params: { id: 'H0001' } }));
    expect(missing.status).toBe(403);
    expect(missing.body).toEqual(elsewhere.body);
    expect(JSON.stringify(elsewhere.body)).not.toMatch(/532932|H0001/);
  });

  it('refuses a township officer reading another township’s household with 403, logged without PII', async () => {
    const { deps, logger } = apiTestDeps();
    await seed(deps, aHousehold({ householdId: 'H0001', villageCode: '532931102201' }));
    const answer = await call(
      makeHandler(deps),
      apiEvent('household.get', { claims: claimsOf('township', '532931101') }),
    );
    expect(answer.status).toBe(403);
    expect(answer.body.error).toEqual({
      code: 'forbidden',
      message: 'outside your scope, or not found',
      details: [],
    });
    const line = logger.lines.find((l) => l.level === 'warn');
    expect(line?.extra).toEqual({
      role: 'township',
      unit: '532931101',
      route: 'GET /v1/households/{id}',
      target: '532931102201',
    });
    expect(JSON.stringify(logger.lines)).not.toMatch(/张|532931198001011234/);
  });

  it('17-11d: logs each read of the full record with the caller’s role, unit and subject, and no name or ID number', async () => {
    const { deps, logger } = apiTestDeps();
    await seed(
      deps,
      aHousehold({ householdId: 'H0001', headName: '张三明', headIdNumber: '532931198001011236' }),
    );
    const caller = { role: 'township', unit: '532931101' };

    const answer = await call(makeHandler(deps), apiEvent('household.get', { claims: caller }));

    expect(answer.status).toBe(200);
    expect(logger.lines.filter((l) => l.message === 'household read')).toEqual([
      {
        level: 'info',
        message: 'household read',
        extra: {
          requestId: 'VqJ7rhlqBcwEJbA=',
          route: 'GET /v1/households/{id}',
          role: 'township',
          unit: '532931101',
          sub: 'township:532931101',
          householdId: 'H0001',
        },
      },
    ]);
    expect(JSON.stringify(logger.lines)).not.toMatch(/张三明|532931198001011236|1236/);
  });

  it('17-11d: logs no read when the household is refused (the refusal has its own line)', async () => {
    const { deps, logger } = apiTestDeps();
    await seed(deps, aHousehold({ householdId: 'H0001', villageCode: '532931102201' }));

    await call(makeHandler(deps), apiEvent('household.get', { claims: claimsOf('township', '532931101') }));

    expect(logger.lines.filter((l) => l.message === 'household read')).toEqual([]);
  });

  it('is 401 without the authorizer claims', async () => {
    const { deps } = apiTestDeps();
    const answer = await call(makeHandler(deps), apiEvent('household.get', { claims: null }));
    expect(answer.status).toBe(401);
    expect(answer.body.error.code).toBe('unauthorized');
  });

  it('is 400 naming the path parameter that is not a household id', async () => {
    const { deps } = apiTestDeps();
    const answer = await call(makeHandler(deps), apiEvent('household.get', { params: { id: 'H 1/../x' } }));
    expect(answer.status).toBe(400);
    expect(answer.body.error.details[0].field).toBe('path.id');
  });

  it('answers an unknown failure with 500, the request id and no internals', async () => {
    const { deps, logger } = apiTestDeps();
    deps.store.households.get = async () => {
      throw new Error('ECONNRESET at 10.0.3.7 secret-table');
    };
    const answer = await call(makeHandler(deps), apiEvent('household.get'));
    expect(answer.status).toBe(500);
    expect(answer.body.error).toMatchObject({ code: 'internal', requestId: 'VqJ7rhlqBcwEJbA=' });
    expect(JSON.stringify(answer.body)).not.toContain('ECONNRESET');
    expect(answer.headers['x-request-id']).toBe('VqJ7rhlqBcwEJbA=');
    expect(logger.lines.some((l) => l.level === 'error' && l.extra.requestId === 'VqJ7rhlqBcwEJbA=')).toBe(
      true,
    );
  });
});

describe('GET /v1/households/{id}/history', () => {
  it('lists the audit events newest first with ID numbers masked', async () => {
    const { deps } = apiTestDeps();
    await seed(deps, aHousehold({ householdId: 'H0001', headIdNumber: '532931198001011236' }));
    const answer = await call(makeHandler(deps), apiEvent('household-history.get'));
    expect(answer.status).toBe(200);
    expect(answer.body.items[0]).toMatchObject({ type: expect.any(String), householdId: 'H0001' });
    expect(JSON.stringify(answer.body)).not.toContain('532931198001011236');
  });

  it('D16 answers neither the hash nor the ciphertext of the number, nor a full number of an old image', async () => {
    const { deps } = apiTestDeps();
    const store = deps.store;
    const sealed = await deps.idNumbers.seal('532931198001011236', 'H0001');
    await seed(
      deps,
      aHousehold({
        householdId: 'H0001',
        headIdNumber: sealed.masked,
        headIdHash: sealed.hash,
        headIdSealed: sealed.sealed,
      }),
    );
    // An audit image written before D16 (`fanpin migrate encrypt-ids` without --audit leaves it).
    await store.append({
      audit: [
        {
          eventId: 'E-old',
          householdId: 'H0001',
          type: 'household_imported',
          at: '2026-01-01T00:00:00+08:00',
          actor: { kind: 'system', name: 'csv-import' },
          after: { headIdNumber: '532931198001011236' },
        },
      ],
    });
    const answer = await call(makeHandler(deps), apiEvent('household-history.get'));
    const text = JSON.stringify(answer.body);
    expect(text).not.toContain('532931198001011236');
    expect(text).not.toContain(sealed.hash);
    expect(text).not.toContain('headIdSealed');
    expect(text).toContain('532931********1236');
  });

  it('17-11d: logs the history read with the caller and the household id only', async () => {
    const { deps, logger } = apiTestDeps();
    await seed(
      deps,
      aHousehold({ householdId: 'H0001', headName: '张三明', headIdNumber: '532931198001011236' }),
    );

    await call(makeHandler(deps), apiEvent('household-history.get'));

    const reads = logger.lines.filter((l) => l.message === 'household read');
    expect(reads.map((l) => l.extra)).toEqual([
      expect.objectContaining({ route: 'GET /v1/households/{id}/history', householdId: 'H0001' }),
    ]);
    expect(reads[0]?.extra).toHaveProperty('role');
    expect(reads[0]?.extra).toHaveProperty('unit');
    expect(JSON.stringify(logger.lines)).not.toMatch(/张三明|532931198001011236/);
  });
});
