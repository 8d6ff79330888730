// §8/§9 day by day around 国庆 2026 on DynamoDB Local, through the use cases the handlers run: households
// imported, a daily sweep at 06:00 every calendar day, county digests at 08:30 on working days.
//
// Calendar: Fri 09-18; Sat 09-19 rest; Sun 09-20 adjusted working day; 09-25..27 中秋 rest; 10-01..07 国庆
// rest; Sat 10-10 adjusted working day. H-late's red visit was due Thu 09-17:
//   09-18 06:00 opened at the village (3 working days: 09-20, 21, 22 → deadline 09-22 06:00)
//   09-22 06:00 township (5 working days: 23, 24, 28, 29, 30 → 09-30 06:00)
//   09-30 06:00 county, where it stays through the holiday, until the home visit on Fri 10-09 14:00.
// H-prompt was due the same day and visited on 09-21: resolved at the village, never in a county digest.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoStore } from '../../lib/adapters/dynamodb/dynamo-store';
import { ensureTables } from '../../lib/adapters/dynamodb/table-definition';
import { createOutboxMailer } from '../../lib/adapters/mail/outbox-mailer';
import { createMemoryIdVault } from '../../lib/adapters/memory/memory-id-vault';
import { type HouseholdChangeDeps, planHouseholdChange } from '../../lib/app/apply-household-change';
import { recountVillages } from '../../lib/app/import-counters';
import { recordVisit } from '../../lib/app/record-visit';
import { sendDigest } from '../../lib/app/send-digest';
import { startDigests } from '../../lib/app/start-digests';
import type { Case, CaseLevel } from '../../lib/domain/model';
import { defaultPolicy } from '../../lib/domain/policy';
import { addDays } from '../../lib/domain/time';
import type { Store } from '../../lib/ports/store';
import { aFollowedHousehold, aHousehold } from '../builders/household';
import { testDynamoClient, uniqueName } from '../support/aws';
import { calendar, runSweep, sweepDeps } from '../support/sweep-harness';

const county = { level: 'county', code: '532931' } as const;
const sweepAt = (date: string) => `${date}T06:00:00+08:00`;
const digestAt = (date: string) => `${date}T08:30:00+08:00`;

/** A monitored red household (P below the poverty line) with a measure and a contact, visited on 09-03. */
const redHousehold = (householdId: string, headName: string) =>
  aFollowedHousehold(householdId, '2026-09-03', 3_000, { headName });

let store: Store;
let deps: HouseholdChangeDeps;
let dataDir: string;
const levels = new Map<string, CaseLevel | 'resolved' | 'none'>();
const digests = new Map<string, string>();

/** The household's visit_overdue case for the episode whose first due date is `dueDate` (D10; open or resolved). */
async function caseOf(householdId: string, dueDate = '2026-09-17'): Promise<Case | null> {
  const key = `visit_overdue#${householdId}`;
  const first = (c: Case) => (c.subject.firstDueDate ?? c.subject.dueDate) === dueDate;
  const open = await store.cases.findOpenByDedupKey(key);
  if (open && first(open)) return open;
  const resolved = await store.cases.listByUnit('532931101201', {
    kind: 'visit_overdue',
    status: 'resolved',
  });
  return resolved.items.find((c) => c.dedupKey === key && first(c)) ?? null;
}

const visit = (householdId: string, date: string, at: string) =>
  recordVisit(deps, {
    householdId,
    date,
    method: 'home',
    visitor: '村干部',
    findings: '入户核实',
    at,
    actor: { kind: 'user', role: 'village', unit: '532931101201', sub: 'v1' },
    guard: () => {},
  });

const digestJson = async (date: string) =>
  JSON.parse(await readFile(join(dataDir, 'outbox', `${date}-county-532931.json`), 'utf8'));

beforeAll(async () => {
  const client = testDynamoClient();
  const tableName = uniqueName('timeline');
  await ensureTables(client, tableName);
  store = createDynamoStore({ client, tableName, retry: { baseDelayMs: 5 } });
  let n = 0;
  deps = {
    store,
    policyFor: () => defaultPolicy,
    calendar,
    newId: () => `id-${++n}`,
    idNumbers: createMemoryIdVault(),
  };
  dataDir = await mkdtemp(join(tmpdir(), 'fanpin-timeline-'));
  const mailer = createOutboxMailer({ dataDir });
  const sweeps = sweepDeps(store);

  // The import (as of 09-15): graded red, next visit due 09-17 (14 days after the last home visit).
  for (const h of [
    redHousehold('H-late', '王小明'),
    redHousehold('H-prompt', '赵大力'),
    aHousehold({ householdId: 'H-fine' }),
  ]) {
    const planned = await planHouseholdChange(
      deps,
      {
        before: null,
        after: h,
        at: '2026-09-15T10:00:00+08:00',
        actor: { kind: 'system', name: 'import' },
        auditType: 'household_imported',
        openCases: [],
      },
      { counters: false },
    );
    await store.commit(planned.change!);
  }
  // As the import's bulk path does: households without counter deltas, then a recount of the village
  // (the first recount registers the county, which the sweep's fan-out lists).
  await recountVillages(store, ['532931101201'], '2026-09-15T10:00:00+08:00');

  for (let date = '2026-09-18'; date <= '2026-10-10'; date = addDays(date, 1)) {
    await runSweep(sweeps, 'daily', sweepAt(date));
    if (date === '2026-09-21') await visit('H-prompt', '2026-09-21', '2026-09-21T15:00:00+08:00');
    if (calendar.isWorkingDay(date)) {
      const r = await sendDigest(
        { store, mailer, calendar, recipients: {} },
        { unit: county, asOf: digestAt(date), at: digestAt(date) },
      );
      digests.set(date, r.outcome);
    }
    if (date === '2026-10-09') await visit('H-late', '2026-10-09', '2026-10-09T14:00:00+08:00');
    const c = await caseOf('H-late');
    levels.set(date, c === null ? 'none' : c.status === 'resolved' ? 'resolved' : c.level);
  }
}, 240_000);

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('escalation timeline around 国庆 2026', () => {
  it('gives the late household its next visit due on 09-17 at import', async () => {
    expect((await store.households.get('H-late'))?.visitClass).toBe('red');
    expect((await caseOf('H-late'))?.subject.dueDate).toBe('2026-09-17');
  });

  it('climbs village → township → county on the sweeps after each deadline, skipping rest days', () => {
    const expected: Record<string, CaseLevel | 'resolved'> = {
      '2026-09-18': 'village',
      '2026-09-19': 'village',
      '2026-09-20': 'village',
      '2026-09-21': 'village',
      '2026-09-22': 'township',
      '2026-09-25': 'township',
      '2026-09-29': 'township',
      '2026-09-30': 'county',
      '2026-10-01': 'county',
      '2026-10-07': 'county',
      '2026-10-08': 'county',
      '2026-10-09': 'resolved',
      '2026-10-10': 'resolved',
    };
    expect(Object.fromEntries(Object.keys(expected).map((d) => [d, levels.get(d)]))).toEqual(expected);
  });

  it('records the escalations at the sweeps that made them', async () => {
    expect((await caseOf('H-late'))?.escalations).toEqual([
      { level: 'township', at: expect.stringMatching(/^2026-09-22T06:00:00/) },
      { level: 'county', at: expect.stringMatching(/^2026-09-30T06:00:00/) },
    ]);
  });

  it('sends county digests on working days only', () => {
    expect(digests.get('2026-09-30')).toBe('sent');
    expect(digests.get('2026-10-08')).toBe('sent');
    expect(digests.get('2026-10-10')).toBe('sent');
    expect(digests.has('2026-10-03')).toBe(false);
  });

  it('shows the case newly escalated, then still open, then resolved', async () => {
    // Only the visit cases: the township's unsubmitted August report (report_overdue) climbs to the county too.
    const ids = (list: { householdId: string; kind: string }[]) =>
      list.filter((c) => c.kind === 'visit_overdue').map((c) => c.householdId);
    const first = await digestJson('2026-09-30');
    const holidayOver = await digestJson('2026-10-08');
    const visited = await digestJson('2026-10-10');

    expect([ids(first.newlyEscalated), ids(first.stillOpen), ids(first.resolved)]).toEqual([
      ['H-late'],
      [],
      [],
    ]);
    expect([ids(holidayOver.newlyEscalated), ids(holidayOver.stillOpen)]).toEqual([[], ['H-late']]);
    expect(ids(visited.resolved)).toEqual(['H-late']);
    expect(ids(visited.stillOpen)).toEqual([]);
  });

  it('never shows the household visited in time in a county digest', async () => {
    // (Its next red visit fell due on 10-05: that new case opened on 10-06 and reached the township on 10-10.)
    const files = (await readdir(join(dataDir, 'outbox'))).filter((f) => f.endsWith('.json'));
    for (const f of files)
      expect(await readFile(join(dataDir, 'outbox', f), 'utf8')).not.toContain('H-prompt');
    expect((await caseOf('H-prompt'))?.status).toBe('resolved');
  });

  it('changes nothing and sends nothing when a day’s sweep and digest are run again', async () => {
    const before = await caseOf('H-late');
    const files = (await readdir(join(dataDir, 'outbox'))).sort();

    await runSweep(sweepDeps(store), 'daily', sweepAt('2026-09-30'));
    const again = await sendDigest(
      { store, mailer: createOutboxMailer({ dataDir }), calendar, recipients: {} },
      { unit: county, asOf: digestAt('2026-09-30'), at: digestAt('2026-10-10') },
    );

    expect(await caseOf('H-late')).toEqual(before);
    expect(again.outcome).toBe('already_done');
    expect((await readdir(join(dataDir, 'outbox'))).sort()).toEqual(files);
  });

  it('skips the scheduled digests on a holiday and runs them on the adjusted working Saturday', async () => {
    const d = {
      cases: store.cases,
      counters: store.counters,
      calendar,
      recipients: {},
      enqueue: async () => {},
    };

    expect(await startDigests(d, digestAt('2026-10-03'))).toMatchObject({ started: false });
    expect(await startDigests(d, digestAt('2026-10-10'))).toMatchObject({ started: true });
  });
});
