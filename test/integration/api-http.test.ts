// The API over HTTP: the local API Gateway stand-in (JWT authorizer with the local key) in front of the
// handlers, on a DynamoDB store in the test run's DynamoDB Local.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoStore } from '../../lib/adapters/dynamodb/dynamo-store';
import { createDynamoIdempotency } from '../../lib/adapters/dynamodb/idempotency';
import { ensureTables } from '../../lib/adapters/dynamodb/table-definition';
import { routes } from '../../lib/http/routes';
import { type HttpGateway, startHttpGateway } from '../../lib/local/http-gateway';
import { type LocalTokens, localTokens } from '../../lib/local/tokens';
import { capacityMeter } from '../../lib/ports/capacity-meter';
import { aHousehold, aMonitoredHousehold } from '../builders/household';
import { allRoutes } from '../http/all-routes';
import { apiTestDeps, seed } from '../http/support';
import { testDynamoClient, uniqueName } from '../support/aws';

const meter = capacityMeter();
let gateway: HttpGateway;
let tokens: LocalTokens;
let deps: ReturnType<typeof apiTestDeps>['deps'];

beforeAll(async () => {
  const client = testDynamoClient();
  const tableName = uniqueName('api');
  await ensureTables(client, tableName);
  const store = createDynamoStore({ client, tableName, meter });
  deps = apiTestDeps({ store, idempotency: createDynamoIdempotency(client, tableName) }).deps;
  tokens = await localTokens(mkdtempSync(path.join(tmpdir(), 'fanpin-api-')));
  const handler = allRoutes(deps);
  gateway = await startHttpGateway({
    routes: Object.values(routes).map((r) => ({ method: r.method, path: r.path, auth: r.auth, handler })),
    authorize: (token) => tokens.verifyToken(token),
  });
  await seed(deps, aHousehold({ householdId: 'H0001', villageCode: '532931101201' }));
});

afterAll(async () => {
  await gateway?.close();
});

const get = async (p: string, token?: string) => {
  const response = await fetch(`${gateway.url}${p}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return { status: response.status, body: (await response.json()) as any };
};

describe('the API over HTTP', () => {
  it('answers 401 to a request without a token', async () => {
    expect((await get('/v1/households/H0001')).status).toBe(401);
  });

  it('answers 401 to a token with a bad signature', async () => {
    const token = await tokens.issueToken({ role: 'county', unit: '532931' });
    const [h, p, s] = token.split('.');
    const tampered = `${h}.${p}.${s!.slice(0, -4)}${s!.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
    expect((await get('/v1/households/H0001', tampered)).status).toBe(401);
  });

  it('17-10: answers 403 Forbidden, as API Gateway does, to a valid token without the API scope (another client of the issuer)', async () => {
    const token = await tokens.issueToken({ role: 'county', unit: '532931' }, { scope: 'openid other-app' });
    const answer = await get('/v1/households/H0001', token);
    expect(answer).toEqual({ status: 403, body: { message: 'Forbidden' } });
  });

  it('answers 403 to a township officer reading another township’s household', async () => {
    const token = await tokens.issueToken({ role: 'township', unit: '532931102' });
    const answer = await get('/v1/households/H0001', token);
    expect(answer.status).toBe(403);
    expect(answer.body.error.code).toBe('forbidden');
  });

  it('answers the household to its own township officer, ID number masked', async () => {
    const token = await tokens.issueToken({ role: 'township', unit: '532931101' });
    const answer = await get('/v1/households/H0001', token);
    expect(answer.status).toBe(200);
    expect(answer.body.headIdNumber).toBe('532931********1234');
  });

  it('serves the OpenAPI document without a token', async () => {
    const answer = await get('/v1/openapi.json');
    expect(answer.status).toBe(200);
    expect(answer.body.openapi).toBe('3.1.0');
    expect(Object.keys(answer.body.paths)).toContain('/v1/households/{id}/transitions');
  });

  it('reads a summary from counters: the cost follows villages, not households', async () => {
    // Township A: one village of 10 households. Township B: 50 villages of 1,000 households (50,000).
    const sweptAt = '2026-12-01T02:00:00+08:00';
    await deps.store.counters.replace(
      '532931201201',
      { households: 10, 'status.monitored': 10 },
      { sweptAt },
    );
    for (let v = 1; v <= 50; v++) {
      const code = `532931202${String(v).padStart(3, '0')}`;
      await deps.store.counters.replace(code, { households: 1000, 'status.monitored': 1000 }, { sweptAt });
    }
    const token = await tokens.issueToken({ role: 'county', unit: '532931' });
    const cost = async (unit: string) => {
      const [r0, q0] = [meter.readUnits, meter.requests];
      const answer = await get(`/v1/units/${unit}/summary`, token);
      return { households: answer.body.households, rcu: meter.readUnits - r0, requests: meter.requests - q0 };
    };
    const village = await cost('532931201201');
    const small = await cost('532931201');
    const large = await cost('532931202');
    console.log(JSON.stringify({ village, townshipOf10: small, townshipOf50000: large }));
    expect(village.households).toBe(10);
    expect(large.households).toBe(50_000);
    expect(large.requests).toBe(small.requests);
    expect(large.requests).toBeLessThanOrEqual(2);
  });

  it('17-11a: passes the Idempotency-Key header through: a retried visit is recorded once', async () => {
    const token = await tokens.issueToken({ role: 'village', unit: '532931101201' });
    const post = async (key: string) => {
      const response = await fetch(`${gateway.url}/v1/households/H0001/visits`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'Idempotency-Key': key,
        },
        body: JSON.stringify({ date: '2026-12-01', method: 'phone', visitor: 'v', findings: 'f' }),
      });
      return { status: response.status, replayed: response.headers.get('idempotent-replayed') };
    };

    const first = await post('http-key-1');
    const retry = await post('http-key-1');

    expect([first.status, retry.status]).toEqual([201, 201]);
    expect([first.replayed, retry.replayed]).toEqual([null, 'true']);
    expect((await deps.store.households.visits('H0001')).items).toHaveLength(1);
  });

  it('D11 opens an alert_followup case when a county administrator posts an alert about a monitored household (API path)', async () => {
    await seed(deps, aMonitoredHousehold({ householdId: 'H-D11', villageCode: '532931101201' }));
    const token = await tokens.issueToken({ role: 'county', unit: '532931' });
    const response = await fetch(`${gateway.url}/v1/alerts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        department: 'medical_insurance',
        alertId: 'D11-1',
        type: 'large_medical_expense',
        amount: '35000',
        date: '2026-11-28',
        householdId: 'H-D11',
      }),
    });
    expect(response.status).toBe(200);
    const cases = await deps.store.cases.openCasesForHousehold('H-D11');
    expect(cases.filter((c) => c.kind === 'alert_followup')).toEqual([
      expect.objectContaining({ level: 'village', unitCode: '532931101201' }),
    ]);
  });
});
