// Names beside codes (interface.md "Additions of December 2026", Administrative divisions): households and
// cases carry villageName and townshipName; GET /v1/units/{code} is {code, name, level}; the children list
// carries each child's name, its counts equal to the child's own summary, and (townships) report status.
import { describe, expect, it } from 'vitest';
import { aCase } from '../builders/case';
import { aHousehold } from '../builders/household';
import { allRoutes } from './all-routes';
import { apiEvent, apiTestDeps, call, claimsOf, seed } from './support';

async function named() {
  const { deps } = apiTestDeps();
  await deps.store.divisions.putMany([
    { code: '532931', name: '云岭县', level: 'county', parentCode: null },
    { code: '532931101', name: '城关镇', level: 'township', parentCode: '532931' },
    { code: '532931101201', name: '上坝村', level: 'village', parentCode: '532931101' },
    { code: '532931101202', name: '下坝村', level: 'village', parentCode: '532931101' },
    { code: '532931102', name: '龙潭乡', level: 'township', parentCode: '532931' },
  ]);
  return deps;
}

describe('divisions names in answers', () => {
  it('names: a household and its list row carry villageName and townshipName', async () => {
    const deps = await named();
    await seed(
      deps,
      aHousehold({ householdId: 'H1' }),
      aHousehold({ householdId: 'H2', villageCode: '532931102201' }),
    );
    const handler = allRoutes(deps);

    const one = await call(
      handler,
      apiEvent('household.get', { params: { id: 'H1' }, claims: claimsOf('county', '532931') }),
    );
    const list = await call(
      handler,
      apiEvent('unit-households.get', {
        params: { code: '532931' },
        query: null,
        claims: claimsOf('county', '532931'),
      }),
    );

    expect(one.body).toMatchObject({
      villageCode: '532931101201',
      villageName: '上坝村',
      townshipName: '城关镇',
    });
    expect(
      list.body.items.map((h: Record<string, unknown>) => [h.householdId, h.villageName, h.townshipName]),
    ).toEqual([
      ['H1', '上坝村', '城关镇'],
      // A village that is not registered: no name, its township's name still.
      ['H2', null, '龙潭乡'],
    ]);
  });

  it('names: a case carries villageName and townshipName', async () => {
    const deps = await named();
    await deps.store.commit({ openCases: [aCase({ caseId: 'C-1', at: '2026-12-02T06:00:00+08:00' })] });

    const answer = await call(
      allRoutes(deps),
      apiEvent('cases.get', { query: null, claims: claimsOf('village', '532931101201') }),
    );

    expect(answer.body.items).toEqual([
      expect.objectContaining({ caseId: 'C-1', villageName: '上坝村', townshipName: '城关镇' }),
    ]);
  });

  it('names: GET /v1/units/{code} answers code, name and level; a unit outside the caller is 403', async () => {
    const deps = await named();
    const handler = allRoutes(deps);
    const get = (code: string, claims: ReturnType<typeof claimsOf>) =>
      call(handler, apiEvent('unit.get', { params: { code }, claims }));

    expect((await get('532931101', claimsOf('township', '532931101'))).body).toEqual({
      code: '532931101',
      name: '城关镇',
      level: 'township',
    });
    expect((await get('532931101299', claimsOf('township', '532931101'))).body).toEqual({
      code: '532931101299',
      name: null,
      level: 'village',
    });
    const outside = await get('532931102', claimsOf('township', '532931101'));
    expect(outside.status).toBe(403);
    expect(outside.body.error.message).toBe('outside your scope, or not found');
  });
});

describe('divisions check codes in the API', () => {
  it('divisions: PUT of a household in a village the county has not registered is 422 naming body.villageCode', async () => {
    const deps = await named();
    const put = (id: string, villageCode: string) =>
      call(
        allRoutes(deps),
        apiEvent('household.put', {
          params: { id },
          body: {
            villageCode,
            headName: '王五',
            headIdNumber: '532931198001011234',
            category: 'general',
            status: 'none',
            members: 2,
          },
          claims: claimsOf('county', '532931'),
        }),
      );

    const unknown = await put('H9', '532931101299');
    const known = await put('H8', '532931101201');
    const otherCounty = await put('H7', '533001101201');

    expect(unknown.status).toBe(422);
    expect(unknown.body.error.details).toEqual([
      {
        field: 'body.villageCode',
        message:
          'village 532931101299 is not a registered division of county 532931 (fanpin import divisions)',
      },
    ]);
    expect(known.status).toBe(201);
    expect(otherCounty.status).toBe(403);
    expect(await deps.store.households.get('H9')).toBeNull();
  });
});

describe('children list', () => {
  it("children: each child's counts equal its own summary, with its name; registered children without households are listed", async () => {
    const deps = await named();
    const counts = {
      '532931101201': { households: 3, 'grade.red': 1, 'overdue.red': 1, 'casesByLevel.village': 2 },
      '532931101202': { households: 2, 'grade.yellow': 2, 'overdue.yellow': 2 },
      '532931101': { 'casesByLevel.township': 1, 'casesByKind.report_overdue': 1 },
      '532931103201': { households: 1 },
    } as const;
    for (const [unit, values] of Object.entries(counts))
      await deps.store.counters.replace(unit, values, { sweptAt: '2026-12-02T06:00:00+08:00' });
    const handler = allRoutes(deps);
    const county = claimsOf('county', '532931');
    const get = (route: string, code: string, query: Record<string, string> | null = null) =>
      call(handler, apiEvent(route, { params: { code }, query, claims: county }));

    const townships = await get('unit-children.get', '532931');
    const villages = await get('unit-children.get', '532931101', { sort: 'red' });

    expect(townships.body.name).toBe('云岭县');
    expect(townships.body.items.map((c: Record<string, unknown>) => [c.code, c.name, c.households])).toEqual([
      ['532931101', '城关镇', 5],
      ['532931102', '龙潭乡', 0],
      ['532931103', null, 1],
    ]);
    for (const child of [...townships.body.items, ...villages.body.items]) {
      const own = await get('unit-summary.get', child.code);
      const { code: _c, name: _n, report: _r, ...counted } = child;
      expect(counted).toEqual(own.body);
    }
    expect(villages.body.items.map((c: Record<string, unknown>) => [c.code, c.name, c.report])).toEqual([
      ['532931101201', '上坝村', null],
      ['532931101202', '下坝村', null],
    ]);
  });

  it("children: a county's townships carry the report status of the last closed month (D13)", async () => {
    const deps = await named();
    await deps.store.reports.submit({
      townshipCode: '532931102',
      month: '2026-11',
      submittedAt: '2026-12-02T09:00:00+08:00',
      by: { kind: 'user', role: 'township', unit: '532931102', sub: 'township:532931102' },
    });

    // Today is 2026-12-02: November's report is due 2026-12-03.
    const due = await call(
      allRoutes(deps),
      apiEvent('unit-children.get', {
        params: { code: '532931' },
        query: null,
        claims: claimsOf('county', '532931'),
      }),
    );
    const late = await call(
      allRoutes({ ...deps, now: () => '2026-12-04T10:00:00+08:00' }),
      apiEvent('unit-children.get', {
        params: { code: '532931' },
        query: null,
        claims: claimsOf('county', '532931'),
      }),
    );

    expect(due.body.items.map((c: { report: unknown }) => c.report)).toEqual([
      { month: '2026-11', status: 'due', dueDate: '2026-12-03', submittedAt: null, submittedBy: null },
      {
        month: '2026-11',
        status: 'submitted',
        dueDate: '2026-12-03',
        submittedAt: '2026-12-02T09:00:00+08:00',
        submittedBy: 'township:532931102',
      },
    ]);
    expect(late.body.items[0].report.status).toBe('overdue');
  });
});
