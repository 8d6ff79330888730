// D13/D14 across the turn of 2026 on DynamoDB Local, through the real handlers (schedule-start-sweep,
// sqs-sweep-village, schedule-start-digest) with the production calendar wiring (CalendarSource over the
// table) and the `fanpin calendar` CLI in deployed mode against the same table.
//
// 2027 has no notice yet, so it is provisional: 1 January (Fri) is 元旦, 3 January is a Sunday.
//   Tue 12-29 06:00 visit_overdue opens at the village (3 working days: 12-30, 12-31, [1–3 rest], 1-04)
//   Mon 01-04 06:00 township (5 working days: 5, 6, 7, 8, [9–10 weekend], 11 → 01-11 06:00)
//   Loading a notice that makes Saturday 01-09 a working day moves that deadline to 01-09 06:00.
// The December report is due at the end of Mon 01-04 (D13: the 3rd is a Sunday): overdue from the 01-05 sweep.

import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeHandler as makeStartDigests } from '../../functions/schedule-start-digest';
import { createDynamoStore } from '../../lib/adapters/dynamodb/dynamo-store';
import { ensureTables } from '../../lib/adapters/dynamodb/table-definition';
import { createMemoryIdVault } from '../../lib/adapters/memory/memory-id-vault';
import { type HouseholdChangeDeps, planHouseholdChange } from '../../lib/app/apply-household-change';
import { deploymentCalendar } from '../../lib/app/calendar';
import { recountVillages } from '../../lib/app/import-counters';
import type { StartDigestsDeps } from '../../lib/app/start-digests';
import type { StartSweepResult } from '../../lib/app/start-sweep';
import type { Case } from '../../lib/domain/model';
import { defaultPolicy } from '../../lib/domain/policy';
import { addDays } from '../../lib/domain/time';
import { lambdaContext } from '../../lib/local/lambda-context';
import type { Store } from '../../lib/ports/store';
import { aFollowedHousehold } from '../builders/household';
import { testDynamoClient, uniqueName, useDeployedEnvironment } from '../support/aws';
import { runFanpin } from '../support/cli';
import { sweepThroughHandlers } from '../support/handler-sweep';

const fixtures = path.join(import.meta.dirname, '../fixtures/calendar');
const village = '532931101201';
const township = '532931101';
const sweepAt = (date: string) => `${date}T06:00:00+08:00`;
const secret = 'calendar-test-secret-0123';
const client = testDynamoClient();
const tableName = uniqueName('calendar');
let restoreEnvironment: () => void;

let store: Store;
const starts = new Map<string, StartSweepResult>();
const levels = new Map<string, string>();
const reportCases = new Map<string, boolean>();

const visitCase = (): Promise<Case | null> => store.cases.findOpenByDedupKey(`visit_overdue#H-late`);

async function fanpin(argv: string[]) {
  const ran = await runFanpin(argv);
  return { ...ran, json: () => JSON.parse(ran.out.at(-1) ?? 'null') };
}

const dailySweep = (date: string) => sweepThroughHandlers(store, 'daily', sweepAt(date));

beforeAll(async () => {
  await ensureTables(client, tableName);
  store = createDynamoStore({ client, tableName, retry: { baseDelayMs: 5 } });
  let n = 0;
  const deps: HouseholdChangeDeps = {
    store,
    policyFor: () => defaultPolicy,
    ...deploymentCalendar(store),
    newId: () => `id-${++n}`,
    idNumbers: createMemoryIdVault(),
  };
  // Red (P below the poverty line), with a measure and a contact; last visited 12-14, so due 12-28.
  const planned = await planHouseholdChange(
    deps,
    {
      before: null,
      after: aFollowedHousehold('H-late', '2026-12-14', 3_000, { villageCode: village }),
      at: '2026-12-20T10:00:00+08:00',
      actor: { kind: 'system', name: 'import' },
      auditType: 'household_imported',
      openCases: [],
    },
    { counters: false },
  );
  await store.commit(planned.change!);
  await recountVillages(store, [village], '2026-12-20T10:00:00+08:00');

  for (let date = '2026-12-29'; date <= '2027-01-05'; date = addDays(date, 1)) {
    starts.set(date, await dailySweep(date));
    levels.set(date, (await visitCase())?.level ?? 'none');
    reportCases.set(
      date,
      (await store.cases.findOpenByDedupKey(`report_overdue#${township}#2026-12`)) !== null,
    );
  }
  restoreEnvironment = useDeployedEnvironment(tableName, { ID_HASH_SECRET: secret });
}, 120_000);

afterAll(() => restoreEnvironment());

describe('the turn of 2026 with 2027 provisional (D14)', () => {
  it('escalates a case opened Tue 29 Dec 06:00 to the township on Mon 4 Jan 2027, not on 1 January', () => {
    expect(Object.fromEntries(levels)).toEqual({
      '2026-12-29': 'village',
      '2026-12-30': 'village',
      '2026-12-31': 'village',
      '2027-01-01': 'village',
      '2027-01-02': 'village',
      '2027-01-03': 'village',
      '2027-01-04': 'township',
      '2027-01-05': 'township',
    });
  });

  it('makes the December report overdue only after Mon 4 Jan 2027 (D13: the 3rd is a Sunday)', () => {
    expect(reportCases.get('2027-01-04')).toBe(false);
    expect(reportCases.get('2027-01-05')).toBe(true);
  });

  it('says in every sweep summary that 2027 is provisional', () => {
    expect(starts.get('2026-12-29')?.calendarWarnings).toEqual([
      expect.objectContaining({ code: 'calendar_year_provisional', year: 2027 }),
    ]);
  });

  it('does not start digests on 1 January 2027, and does on Monday 4 January', async () => {
    const deps = (): StartDigestsDeps => ({
      cases: store.cases,
      counters: store.counters,
      recipients: {},
      enqueue: async () => {},
      ...deploymentCalendar(store),
    });
    const handler = makeStartDigests(deps());
    const ctx = lambdaContext('schedule-start-digest');
    expect(await handler({ kind: 'digest', scheduledTime: '2027-01-01T08:30:00+08:00' }, ctx)).toMatchObject({
      started: false,
      reason: 'non_working_day',
    });
    expect(await handler({ kind: 'digest', scheduledTime: '2027-01-04T08:30:00+08:00' }, ctx)).toMatchObject({
      started: true,
    });
  });
});

describe('fanpin calendar on the deployed table', () => {
  it('shows 2027 as provisional with the statutory rest days', async () => {
    const r = await fanpin(['calendar', 'show', '2027', '--as-of', '2026-12-07T09:00:00+08:00']);
    expect(r.code).toBe(0);
    const shown = r.json();
    expect(shown.status).toBe('provisional');
    for (const d of [
      '2027-01-01',
      '2027-02-05',
      '2027-02-08',
      '2027-04-05',
      '2027-06-09',
      '2027-09-15',
      '2027-10-01',
    ]) {
      expect(shown.holidays).toContain(d);
    }
    expect(shown.workdays).toEqual([]);
    expect(r.err.join('\n')).toMatch(/2027 is provisional/);
  });

  it('refuses a file with a day both holiday and working day, and stores nothing', async () => {
    const r = await fanpin(['calendar', 'import', path.join(fixtures, 'bad-2027.json'), '--by', 'test']);
    expect(r.code).toBe(1);
    const said = r.err.join('\n');
    expect(said).toMatch(/nothing was loaded/);
    expect(said).toMatch(/2027-01-02 is both a holiday \(元旦\) and a working day/);
    expect(said).toMatch(/2028-03-01 is outside 2027/);
    expect(said).toMatch(/longer than the law allows/);
    expect(await store.calendar.loadedYears()).toEqual([]);
    const unreadable = await fanpin(['calendar', 'import', path.join(fixtures, 'missing.json')]);
    expect(unreadable.code).toBe(1);
    expect(unreadable.err.join('\n')).toMatch(/cannot read .*missing\.json: ENOENT/);
  });

  it('loads an official year that makes Saturday 9 January a working day, and moves the open case’s deadline', async () => {
    const before = await visitCase();
    expect(before?.deadline).toBe('2027-01-11T06:00:00.000+08:00');
    const r = await fanpin([
      'calendar',
      'import',
      path.join(fixtures, '2027-made-up.json'),
      '--by',
      '县扶贫办 operator',
      '--as-of',
      '2027-01-05T10:00:00+08:00',
    ]);
    expect(r.code).toBe(0);
    // The visit case at the township (01-11 → 01-09) and the December report's case opened there on 01-05
    // (01-12 → 01-11); the November report's case is due 01-06, before the Saturday, and keeps its deadline.
    expect(r.json()).toMatchObject({ year: 2027, status: 'official', version: 1, rescheduled: 2 });
    const said = r.out.join('\n');
    expect(said).toMatch(/with a new deadline: 2/);
    expect(said).toMatch(
      /visit_overdue .* township 532931101: 2027-01-11T06:00:00.000\+08:00 → 2027-01-09T06:00/,
    );
    expect(said).toMatch(
      /report_overdue .* township 532931101: 2027-01-12T06:00:00.000\+08:00 → 2027-01-11T06:00/,
    );
    const after = await visitCase();
    expect(after?.deadline).toBe('2027-01-09T06:00:00.000+08:00');
    expect(after?.level).toBe('township');
    const history = await store.audit.history('H-late');
    const event = history.items.find((e) => e.type === 'case_rescheduled');
    expect(event).toMatchObject({
      caseId: after!.caseId,
      before: { deadline: '2027-01-11T06:00:00.000+08:00' },
      after: { deadline: '2027-01-09T06:00:00.000+08:00' },
      data: { calendarYear: 2027, version: 1, loadedBy: '县扶贫办 operator' },
    });

    // The functions read the loaded year at their next invocation: Saturday 9 January is now a working day.
    const digests = makeStartDigests({
      cases: store.cases,
      counters: store.counters,
      recipients: {},
      enqueue: async () => {},
      ...deploymentCalendar(store),
    });
    expect(
      await digests(
        { kind: 'digest', scheduledTime: '2027-01-09T08:30:00+08:00' },
        lambdaContext('schedule-start-digest'),
      ),
    ).toMatchObject({ started: true, date: '2027-01-09' });

    const shown = await fanpin(['calendar', 'show', '2027', '--as-of', '2027-01-05T10:00:00+08:00']);
    expect(shown.json()).toMatchObject({
      status: 'official',
      workdays: expect.arrayContaining(['2027-01-09']),
    });
    expect(shown.err.join('\n')).not.toMatch(/2027/);
  });
});
