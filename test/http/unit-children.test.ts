// GET /v1/units/{code}/children: the child units side by side with their summaries, sortable, inside the
// caller's scope only.
import { describe, expect, it } from 'vitest';
import { allRoutes } from './all-routes';
import { apiEvent, apiTestDeps, call, claimsOf } from './support';

/** Counter records as a sweep's recount leaves them: village 202 has two red visits overdue. */
async function arranged() {
  const { deps } = apiTestDeps();
  const counts = {
    '532931101201': { households: 1 },
    '532931101202': { households: 2, 'overdue.red': 2 },
    '532931102201': { households: 1 },
    '532932101201': { households: 1 },
  } as const;
  for (const [unit, values] of Object.entries(counts)) {
    await deps.store.counters.replace(unit, values, { sweptAt: '2026-12-02T06:00:00+08:00' });
  }
  return allRoutes(deps);
}

const children = (code: string, claims: ReturnType<typeof claimsOf>, query: Record<string, string> | null) =>
  apiEvent('unit-children.get', { params: { code }, query, claims });

describe('GET /v1/units/{code}/children', () => {
  it("lists a township's villages with their summaries, by code or by a count", async () => {
    const handler = await arranged();
    const township = claimsOf('township', '532931101');

    const byCode = await call(handler, children('532931101', township, null));
    const byOverdue = await call(handler, children('532931101', township, { sort: 'overdue' }));

    expect(byCode.status).toBe(200);
    expect(byCode.body.unitCode).toBe('532931101');
    expect(byCode.body.level).toBe('township');
    expect(byCode.body.items.map((i: { unitCode: string }) => i.unitCode)).toEqual([
      '532931101201',
      '532931101202',
    ]);
    expect(byCode.body.items[1]).toMatchObject({
      level: 'village',
      households: 2,
      overdueByClass: { red: 2 },
    });
    expect(byOverdue.body.items.map((i: { unitCode: string }) => i.unitCode)).toEqual([
      '532931101202',
      '532931101201',
    ]);
  });

  it("lists a county's townships (not another county's) and nothing under a village", async () => {
    const handler = await arranged();

    const county = await call(handler, children('532931', claimsOf('county', '532931'), null));
    const village = await call(handler, children('532931101201', claimsOf('village', '532931101201'), null));

    expect(
      county.body.items.map((i: { unitCode: string; households: number }) => [i.unitCode, i.households]),
    ).toEqual([
      ['532931101', 3],
      ['532931102', 1],
    ]);
    expect(village.body.items).toEqual([]);
  });

  it('refuses a unit outside the caller and a sort it does not know', async () => {
    const handler = await arranged();

    const sibling = await call(handler, children('532931102', claimsOf('township', '532931101'), null));
    const badSort = await call(
      handler,
      children('532931101', claimsOf('township', '532931101'), { sort: 'x' }),
    );

    expect(sibling.status).toBe(403);
    expect(badSort.status).toBe(400);
  });
});
