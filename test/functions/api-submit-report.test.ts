// POST /v1/reports/{township}/{YYYY-MM}/submit: D13 only a closed month whose report exists can be
// submitted (422 otherwise, nothing written). The server clock is 2026-12-02, so 2026-11 is closed.
import { describe, expect, it } from 'vitest';
import { makeHandler } from '../../functions/api-submit-report';
import { apiEvent, apiTestDeps, call } from '../http/support';

const township = '532931101';

async function withReports(...months: string[]) {
  const { deps } = apiTestDeps();
  for (const month of months) {
    await deps.store.reports.putMonthly({
      unitCode: township,
      month,
      generatedAt: '2026-12-01T02:00:00+08:00',
      report: {},
    });
  }
  return deps;
}

const submit = (month: string) => apiEvent('report-submit.post', { params: { township, month } });

describe('POST /v1/reports/{township}/{YYYY-MM}/submit', () => {
  it('submits the report of a closed month once (the first submission wins)', async () => {
    const deps = await withReports('2026-11');

    const first = await call(makeHandler(deps), submit('2026-11'));
    const again = await call(makeHandler(deps), submit('2026-11'));

    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ townshipCode: township, month: '2026-11', created: true });
    expect(again.body).toMatchObject({ created: false, submittedAt: first.body.submittedAt });
  });

  it.each([
    ['the current month', '2026-12'],
    ['a future month', '2027-01'],
  ])('is 422 for %s, even with a report, and writes nothing (D13)', async (_name, month) => {
    const deps = await withReports(month);

    const answer = await call(makeHandler(deps), submit(month));

    expect(answer.status).toBe(422);
    expect(answer.body.error).toMatchObject({
      code: 'validation_failed',
      details: [{ field: 'path.month' }],
    });
    expect(await deps.store.reports.submission(township, month)).toBeNull();
  });

  it('is 422 for a closed month without a report, and writes nothing (D13)', async () => {
    const deps = await withReports();

    const answer = await call(makeHandler(deps), submit('2026-10'));

    expect(answer.status).toBe(422);
    expect(answer.body.error.message).toContain('no report');
    expect(await deps.store.reports.submission(township, '2026-10')).toBeNull();
  });
});
