// GET /v1/units/{code}/households?eligibleForElimination=true (§11): the households the summary's
// `eligibleForElimination` counts, listed for the county's page, paged by the API's cursor.
import { describe, expect, it } from 'vitest';
import { applyHouseholdChange } from '../../lib/app/apply-household-change';
import type { Household } from '../../lib/domain/model';
import { anAssessedHousehold } from '../builders/household';
import { allRoutes } from './all-routes';
import { apiEvent, apiTestDeps, call, claimsOf } from './support';

const assessed = (householdId: string, villageCode: string, eligible: boolean, status = 'monitored') =>
  anAssessedHousehold(eligible, { householdId, villageCode, status: status as Household['status'] });

describe('GET /v1/units/{code}/households?eligibleForElimination=true (§11)', () => {
  it('§11 lists only the eligible monitored households of the unit, page by page, as the summary counts them', async () => {
    const { deps } = apiTestDeps();
    // As the sweeps leave them (assessed, with their elimination check), counters moved with each write.
    for (const h of [
      assessed('H1', '532931101201', true),
      assessed('H2', '532931101201', false),
      assessed('H3', '532931101202', true),
      assessed('H4', '532931102201', true),
      assessed('H5', '532931101201', true, 'eliminated'),
    ]) {
      await applyHouseholdChange(deps, {
        before: null,
        after: { ...h, version: 0 },
        at: '2026-11-01T09:00:00+08:00',
        actor: { kind: 'system', name: 'test-seed' },
        auditType: 'household_created',
        reassess: false,
      });
    }
    const handler = allRoutes(deps);
    const list = (code: string, query: Record<string, string>, role = 'county' as const) =>
      call(
        handler,
        apiEvent('unit-households.get', { params: { code }, query, claims: claimsOf(role, code) }),
      );

    const first = await list('532931', { eligibleForElimination: 'true', limit: '2' });
    const second = await list('532931', {
      eligibleForElimination: 'true',
      limit: '2',
      cursor: first.body.cursor,
    });
    const township = await list('532931101', { eligibleForElimination: 'true' }, 'township' as 'county');
    const unfiltered = await list('532931', { eligibleForElimination: 'false' });
    const summary = await call(
      handler,
      apiEvent('unit-summary.get', { params: { code: '532931' }, claims: claimsOf('county', '532931') }),
    );
    const bad = await list('532931', { eligibleForElimination: 'yes' });

    const ids = (answer: { body: { items: { householdId: string }[] } }) =>
      answer.body.items.map((h) => h.householdId);
    expect(first.status).toBe(200);
    expect(ids(first)).toEqual(['H1', 'H3']);
    expect(first.body.items[0]).toMatchObject({ status: 'monitored', villageCode: '532931101201' });
    expect(ids(second)).toEqual(['H4']);
    expect(ids(township)).toEqual(['H1', 'H3']);
    expect(ids(unfiltered).sort()).toEqual(['H1', 'H2', 'H3', 'H4', 'H5']);
    expect(summary.body.eligibleForElimination).toBe(3);
    expect(bad.status).toBe(400);
  });
});
