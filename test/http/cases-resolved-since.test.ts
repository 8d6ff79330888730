// GET /v1/cases?status=resolved&resolvedSince=…: what a county's digest lists as resolved since the last
// digest, browsable in the web app (§9). Without resolvedSince every resolved case is listed.
import { describe, expect, it } from 'vitest';
import { resolveCase } from '../../lib/domain/cases';
import { aCase } from '../builders/case';
import { allRoutes } from './all-routes';
import { apiEvent, apiTestDeps, call, claimsOf } from './support';

describe('GET /v1/cases resolvedSince (§9 digest: resolved since the last digest)', () => {
  it('lists only the cases resolved at or after the instant, and every resolved one without it', async () => {
    const { deps } = apiTestDeps();
    const early = aCase({ caseId: 'C-early', householdId: 'H-1' });
    const late = aCase({ caseId: 'C-late', householdId: 'H-2' });
    const open = aCase({ caseId: 'C-open', householdId: 'H-3' });
    await deps.store.commit({ openCases: [early, late, open] });
    const resolved = (c: typeof early, at: string) => ({
      case: resolveCase(c, { at, reason: 'visited', by: null, manual: false }),
      expected: { version: 1, status: 'open' as const },
    });
    await deps.store.commit({
      updateCases: [
        resolved(early, '2026-11-30T15:00:00+08:00'),
        resolved(late, '2026-12-01T09:00:00+08:00'),
      ],
    });
    const list = (query: Record<string, string>) =>
      call(allRoutes(deps), apiEvent('cases.get', { query, claims: claimsOf('county', '532931') }));

    const since = await list({ status: 'resolved', resolvedSince: '2026-12-01T08:30:00+08:00' });
    const all = await list({ status: 'resolved' });
    const bad = await list({ status: 'resolved', resolvedSince: '2026-12-01' });

    expect(since.body.items.map((c: { caseId: string }) => c.caseId)).toEqual(['C-late']);
    expect(all.body.items.map((c: { caseId: string }) => c.caseId).sort()).toEqual(['C-early', 'C-late']);
    expect(bad.status).toBe(400);
  });
});
