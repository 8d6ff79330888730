// Property-based fuzzing of bodies and query strings against the memory store in-process: whatever
// arrives, the API never answers 5xx, and a rejected request never changes what is stored.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aMonitoredHousehold } from '../builders/household';
import { allRoutes } from './all-routes';
import { apiEvent, apiTestDeps, call, seed } from './support';

const writeRoutes = [
  'household.put',
  'household-visit.post',
  'household-measure.post',
  'household-contact.put',
  'household-transition.post',
  'case-acknowledge.post',
  'case-resolve.post',
  'alert.post',
] as const;

const jsonValue = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(
    '2026-12-01',
    '2026-13-45',
    'home',
    'phone',
    'verify',
    'employment',
    '1e309',
    '-0',
    '是',
    '',
  ),
  fc.array(fc.string(), { maxLength: 3 }),
);
const fieldNames = fc.constantFrom(
  'date',
  'method',
  'visitor',
  'findings',
  'updates',
  'type',
  'startDate',
  'note',
  'name',
  'phone',
  'action',
  'reason',
  'members',
  'laborFull',
  'wageIncome',
  'villageCode',
  'headIdNumber',
  'status',
  'riskFactors',
  'monitoredSince',
  'expectedVersion',
  'department',
  'alertId',
  'householdId',
  'amount',
  '__proto__',
  'constructor',
);
const body = fc.oneof(
  fc.dictionary(fieldNames, jsonValue, { maxKeys: 8 }).map((o) => JSON.stringify(o)),
  fc.json(),
  fc.string(),
);

async function store() {
  const { deps } = apiTestDeps();
  await seed(deps, aMonitoredHousehold({ householdId: 'H0001' }));
  return deps;
}

describe('API fuzzing', () => {
  it('never answers 5xx to any body on a write route, and a rejected body writes nothing', async () => {
    const deps = await store();
    const handler = allRoutes(deps);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...writeRoutes), body, async (route, raw) => {
        const before = JSON.stringify(await deps.store.households.get('H0001'));
        const answer = await call(handler, apiEvent(route, { rawBody: raw }));
        expect(answer.status, `${route} ${raw} → ${JSON.stringify(answer.body)}`).toBeLessThan(500);
        if (answer.status >= 400) {
          expect(answer.body.error.code).toEqual(expect.any(String));
          expect(JSON.stringify(await deps.store.households.get('H0001'))).toBe(before);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('never answers 5xx to any query string on a list route', async () => {
    const deps = await store();
    const handler = allRoutes(deps);
    const query = fc.dictionary(
      fc.constantFrom(
        'grade',
        'status',
        'category',
        'overdue',
        'visitClass',
        'limit',
        'cursor',
        'unit',
        'kind',
        'level',
        'x',
      ),
      fc.oneof(
        fc.string(),
        fc.constantFrom('red', 'open', 'true', '0', '501', '50', 'eyJ4Ijox fQ', 'eyJ4IjoxfQ', '-1', '1.5'),
      ),
      { maxKeys: 5 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('unit-households.get', 'cases.get', 'household-history.get'),
        query,
        async (route, q) => {
          const answer = await call(handler, apiEvent(route, { query: q }));
          expect(
            answer.status,
            `${route} ${JSON.stringify(q)} → ${JSON.stringify(answer.body)}`,
          ).toBeLessThan(500);
          if (answer.status >= 400) expect([400, 403]).toContain(answer.status);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
