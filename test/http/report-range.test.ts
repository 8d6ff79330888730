// GET /v1/units/{code}/reports?from&to (§9): a unit's stored monthly reports of a range of months in one
// request, for the county page's trend charts (instead of one GET /v1/reports/{unit}/{month} per month).
import { describe, expect, it } from 'vitest';
import { allRoutes } from './all-routes';
import { apiEvent, apiTestDeps, call, claimsOf } from './support';

async function withReports() {
  const { deps } = apiTestDeps();
  await deps.store.divisions.putMany([{ code: '532931', name: '云岭县', level: 'county', parentCode: null }]);
  for (const [unitCode, month] of [
    ['532931', '2025-12'],
    ['532931', '2026-01'],
    ['532931', '2026-03'],
    ['532931', '2026-12'],
    ['532931101', '2026-02'],
  ] as const) {
    await deps.store.reports.putMonthly({
      unitCode,
      month,
      generatedAt: `${month}-28T02:00:00+08:00`,
      report: { month },
    });
  }
  return deps;
}

describe('GET /v1/units/{code}/reports (§9 a range of months)', () => {
  it('§9 answers the unit’s stored reports of the months from..to, oldest first, a month without one absent', async () => {
    const deps = await withReports();
    const range = (code: string, query: Record<string, string>, role: 'county' | 'township' = 'county') =>
      call(
        allRoutes(deps),
        apiEvent('unit-reports.get', {
          params: { code },
          query,
          claims: claimsOf(role, role === 'county' ? '532931' : '532931101'),
        }),
      );

    const year = await range('532931', { from: '2026-01', to: '2026-12' });
    const township = await range('532931101', { from: '2026-01', to: '2026-12' }, 'township');
    const empty = await range('532931', { from: '2024-01', to: '2024-12' });

    expect(year.status).toBe(200);
    expect(year.body).toEqual({
      unitCode: '532931',
      name: '云岭县',
      from: '2026-01',
      to: '2026-12',
      items: [
        { month: '2026-01', generatedAt: '2026-01-28T02:00:00+08:00', report: { month: '2026-01' } },
        { month: '2026-03', generatedAt: '2026-03-28T02:00:00+08:00', report: { month: '2026-03' } },
        { month: '2026-12', generatedAt: '2026-12-28T02:00:00+08:00', report: { month: '2026-12' } },
      ],
    });
    expect(township.body.items.map((i: { month: string }) => i.month)).toEqual(['2026-02']);
    expect(empty.body.items).toEqual([]);
  });

  it('§9 refuses a range backwards, longer than 24 months or without both ends (400), and a unit outside the scope (403)', async () => {
    const deps = await withReports();
    const range = (code: string, query: Record<string, string> | null, unit = '532931101') =>
      call(
        allRoutes(deps),
        apiEvent('unit-reports.get', { params: { code }, query, claims: claimsOf('township', unit) }),
      );

    const statuses = [
      (await range('532931101', { from: '2026-12', to: '2026-01' })).status,
      (await range('532931101', { from: '2025-01', to: '2027-01' })).status,
      (await range('532931101', { from: '2025-02', to: '2027-01' })).status,
      (await range('532931101', { from: '2026-01' })).status,
      (await range('532931101', null)).status,
      (await range('532931101', { from: '2026-1', to: '2026-12' })).status,
      (await range('532931', { from: '2026-01', to: '2026-12' })).status,
      (await range('532931102', { from: '2026-01', to: '2026-12' })).status,
    ];

    expect(statuses).toEqual([400, 400, 200, 400, 400, 400, 403, 403]);
  });
});
