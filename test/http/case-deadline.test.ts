// A case answer says how many working days are left before it escalates (`workingDaysLeft`), counted with
// the working-day calendar from the unit's local date, so a page can say it in plain words.
import { describe, expect, it } from 'vitest';
import { aCase } from '../builders/case';
import { allRoutes } from './all-routes';
import { apiEvent, apiTestDeps, call, claimsOf } from './support';

describe('workingDaysLeft on a case', () => {
  it('counts the working days from today (Wed 12-02) through the day before the deadline (Mon 12-07)', async () => {
    const { deps } = apiTestDeps();
    // Opened today at 06:00 at the village: 3 working days (Thu 3, Fri 4, Mon 7) → deadline Mon 12-07 06:00.
    const open = aCase({ caseId: 'C-1', at: '2026-12-02T06:00:00+08:00' });
    await deps.store.commit({ openCases: [open] });

    const answer = await call(
      allRoutes(deps),
      apiEvent('cases.get', { query: null, claims: claimsOf('village', '532931101201') }),
    );

    expect(open.deadline).toBe('2026-12-07T06:00:00.000+08:00');
    expect(answer.status).toBe(200);
    expect(answer.body.items).toEqual([expect.objectContaining({ caseId: 'C-1', workingDaysLeft: 3 })]);
  });
});
