// One behavioural contract for every Store adapter (memory and DynamoDB): the memory twin is only
// trustworthy for app tests if it passes the same suite as the real table.
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../lib/domain/errors';
import type { AuditEvent, Case, Household } from '../../lib/domain/model';
import { counterDelta } from '../../lib/ports/counter-store';
import type { Page } from '../../lib/ports/pagination';
import type { Store } from '../../lib/ports/store';
import { aHousehold } from '../builders/household';

const village = '532931101201';
const otherVillage = '532931101202';
const otherTownshipVillage = '532931102201';
const township = '532931101';
const county = '532931';
const at = '2026-12-02T06:00:00+08:00';

export function anOpenCase(overrides: Partial<Case> = {}): Case {
  return {
    caseId: 'C1',
    kind: 'visit_overdue',
    dedupKey: 'visit_overdue#H1#2026-11-20',
    householdId: 'H1',
    villageCode: village,
    townshipCode: township,
    countyCode: county,
    unitCode: village,
    level: 'village',
    status: 'open',
    openedAt: at,
    lastSeen: at,
    levelSince: at,
    deadline: '2026-12-07T06:00:00+08:00',
    escalations: [],
    plannedEscalations: [{ level: 'township', at: '2026-12-07T06:00:00+08:00' }],
    acknowledgements: [],
    resolvedAt: null,
    resolution: null,
    policy: {
      policyId: 'p',
      policyVersion: '1',
      timezone: 'Asia/Shanghai',
      windows: { village: 3, township: 5, county: null },
    },
    subject: { dueDate: '2026-11-20' },
    version: 1,
    ...overrides,
  };
}

/** Every page of a paged list, following cursors (at most `maxPages`, so a cursor that never ends fails). */
async function pagesOf<T>(fetch: (cursor: string | null) => Promise<Page<T>>, maxPages = 10): Promise<T[][]> {
  const pages: T[][] = [];
  let cursor: string | null = null;
  do {
    const page = await fetch(cursor);
    pages.push(page.items);
    cursor = page.cursor;
  } while (cursor && pages.length < maxPages);
  return pages;
}

export function anEvent(overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    eventId: 'E1',
    householdId: 'H1',
    type: 'household.created',
    at,
    actor: { kind: 'system', name: 'test' },
    ...overrides,
  };
}

const created = (h: Household, events: AuditEvent[] = []) => ({
  households: [{ household: h, expectedVersion: null }],
  audit: events,
});

async function collect<T>(pages: AsyncIterable<T[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(...page);
  return out;
}

export function storeContract(name: string, makeStore: () => Promise<Store>): void {
  describe(`${name}: households and optimistic locking`, () => {
    it('stores a new household at version 1 and reads it back whole', async () => {
      const store = await makeStore();
      const h = aHousehold({ householdId: 'H1', version: 99 });

      await store.commit(created(h));

      expect(await store.households.get('H1')).toEqual({ ...h, version: 1 });
    });

    it('keeps an infinite expenditure burden through a round trip', async () => {
      const store = await makeStore();
      const assessment = {
        assessedAt: at,
        policyId: 'p',
        policyVersion: '1',
        derived: {
          netIncome: 0,
          perCapitaIncome: 0,
          labour: 'none' as const,
          transferShare: 1,
          incomeDrop: 0,
          expenditureBurden: Number.POSITIVE_INFINITY,
          gap: false,
        },
        grade: 'red' as const,
        matchedRules: ['R1' as const],
        leadRules: [],
        watch: false,
        aboveMonitoringLine: false,
      };

      await store.commit(created(aHousehold({ householdId: 'H1', assessment })));

      expect((await store.households.get('H1'))?.assessment?.derived.expenditureBurden).toBe(
        Number.POSITIVE_INFINITY,
      );
    });

    it('returns null for a household that does not exist', async () => {
      const store = await makeStore();

      expect(await store.households.get('nope')).toBeNull();
    });

    it('refuses to create a household that already exists', async () => {
      const store = await makeStore();
      await store.commit(created(aHousehold({ householdId: 'H1' })));

      await expect(store.commit(created(aHousehold({ householdId: 'H1' })))).rejects.toMatchObject({
        code: 'conflict',
      });
    });

    it('lets one of two writers from the same version win; the other gets a conflict and writes nothing', async () => {
      const store = await makeStore();
      await store.commit(created(aHousehold({ householdId: 'H1', members: 4 })));
      const read = (await store.households.get('H1')) as Household;

      const first = await store.commit({
        households: [{ household: { ...read, members: 5 }, expectedVersion: read.version }],
        audit: [anEvent({ eventId: 'E-first' })],
      });
      const second = store.commit({
        households: [{ household: { ...read, members: 6 }, expectedVersion: read.version }],
        audit: [anEvent({ eventId: 'E-second' })],
        counters: [{ unitCode: village, delta: { households: 1 } }],
      });

      expect(first).toEqual({ committed: true });
      await expect(second).rejects.toBeInstanceOf(DomainError);
      await expect(second).rejects.toMatchObject({ code: 'conflict' });
      const after = await store.households.get('H1');
      expect(after?.members).toBe(5);
      expect(after?.version).toBe(2);
      const history = await store.households.get('H1').then(() => store.audit.history('H1'));
      expect(history.items.map((e) => e.eventId)).toEqual(['E-first']);
      expect((await store.counters.unitCounts(village)).values).toEqual({});
    });

    it('gets many households at once, leaving out missing ids', async () => {
      const store = await makeStore();
      await store.commit(created(aHousehold({ householdId: 'H1' })));
      await store.commit(created(aHousehold({ householdId: 'H2' })));

      const found = await store.households.getMany(['H1', 'H2', 'H3', 'H1']);

      expect([...found.keys()].sort()).toEqual(['H1', 'H2']);
    });

    it('§10 finds households by the keyed hash of the head ID number (D16: the store holds no secret)', async () => {
      const store = await makeStore();
      await store.commit(created(aHousehold({ householdId: 'H1', headIdHash: 'hash-of-001X' })));
      await store.commit(created(aHousehold({ householdId: 'H2', headIdHash: 'hash-of-1234' })));

      const found = await store.households.findByIdHash('hash-of-001X');

      expect(found.map((h) => h.householdId)).toEqual(['H1']);
    });

    it('lists every household of a village in pages, and only that village', async () => {
      const store = await makeStore();
      for (let i = 0; i < 7; i++)
        await store.commit(created(aHousehold({ householdId: `H${i}`, villageCode: village })));
      await store.commit(created(aHousehold({ householdId: 'X1', villageCode: otherVillage })));

      const pages: Household[][] = [];
      for await (const page of store.households.listVillage(village, 3)) pages.push(page);

      expect(pages.flat().map((h) => h.householdId)).toEqual(['H0', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6']);
      expect(pages.every((p) => p.length <= 3)).toBe(true);
    });
  });

  describe(`${name}: households by unit`, () => {
    async function seeded() {
      const store = await makeStore();
      const rows: Partial<Household>[] = [
        {
          householdId: 'A1',
          villageCode: village,
          status: 'monitored',
          category: 'edge',
          visitClass: 'red',
          nextVisitDue: '2026-11-20',
        },
        {
          householdId: 'A2',
          villageCode: village,
          status: 'monitored',
          category: 'unstable',
          visitClass: 'blue',
          nextVisitDue: '2027-01-01',
        },
        { householdId: 'A3', villageCode: village, status: 'none', category: 'general' },
        {
          householdId: 'B1',
          villageCode: otherVillage,
          status: 'monitored',
          category: 'edge',
          visitClass: 'red',
          nextVisitDue: '2026-12-01',
        },
        {
          householdId: 'C1',
          villageCode: otherTownshipVillage,
          status: 'monitored',
          category: 'edge',
          visitClass: 'yellow',
          nextVisitDue: '2026-10-01',
        },
      ];
      for (const r of rows) {
        const grade = r.visitClass && r.visitClass !== 'watch' ? r.visitClass : null;
        const assessment = grade
          ? {
              assessedAt: at,
              policyId: 'p',
              policyVersion: '1',
              derived: {
                netIncome: 1,
                perCapitaIncome: 1,
                labour: 'full' as const,
                transferShare: 0,
                incomeDrop: 0,
                expenditureBurden: 0,
                gap: false,
              },
              grade,
              matchedRules: [],
              leadRules: [],
              watch: false,
              aboveMonitoringLine: true,
            }
          : null;
        await store.commit(created(aHousehold({ ...r, assessment })));
      }
      return store;
    }
    const ids = (p: { items: { householdId: string }[] }) => p.items.map((i) => i.householdId).sort();

    it('filters by status within a village, township and county', async () => {
      const store = await seeded();

      expect(ids(await store.households.listByUnit(village, { status: 'monitored' }))).toEqual(['A1', 'A2']);
      expect(ids(await store.households.listByUnit(township, { status: 'monitored' }))).toEqual([
        'A1',
        'A2',
        'B1',
      ]);
      expect(ids(await store.households.listByUnit(county, { status: 'monitored' }))).toEqual([
        'A1',
        'A2',
        'B1',
        'C1',
      ]);
    });

    it('filters by grade, category and visit class, combined with AND', async () => {
      const store = await seeded();

      expect(ids(await store.households.listByUnit(county, { grade: 'red' }))).toEqual(['A1', 'B1']);
      expect(ids(await store.households.listByUnit(township, { category: 'edge' }))).toEqual(['A1', 'B1']);
      expect(ids(await store.households.listByUnit(county, { visitClass: 'red', category: 'edge' }))).toEqual(
        ['A1', 'B1'],
      );
      expect(ids(await store.households.listByUnit(county, { grade: 'red', status: 'none' }))).toEqual([]);
    });

    it('lists households overdue as of a date (next visit due strictly before it)', async () => {
      const store = await seeded();

      expect(ids(await store.households.listByUnit(village, { overdueAsOf: '2026-12-02' }))).toEqual(['A1']);
      expect(ids(await store.households.listByUnit(township, { overdueAsOf: '2026-12-02' }))).toEqual([
        'A1',
        'B1',
      ]);
      expect(ids(await store.households.listByUnit(township, { overdueAsOf: '2026-12-01' }))).toEqual(['A1']);
      expect(
        ids(await store.households.listByUnit(county, { overdueAsOf: '2026-12-02', visitClass: 'yellow' })),
      ).toEqual(['C1']);
      // The unit and another filter together; a township's overdue list one row a page.
      expect(
        ids(await store.households.listByUnit(township, { overdueAsOf: '2026-12-02', visitClass: 'yellow' })),
      ).toEqual([]);
      const first = await store.households.listByUnit(township, { overdueAsOf: '2026-12-02' }, { limit: 1 });
      const second = await store.households.listByUnit(
        township,
        { overdueAsOf: '2026-12-02' },
        { limit: 1, cursor: first.cursor },
      );
      expect([...ids(first), ...ids(second)]).toEqual(['A1', 'B1']);
    });

    it('17-11c: a village overdue cursor never names a sibling village household, and a sibling village cursor is refused', async () => {
      const store = await makeStore();
      // Due dates interleave the two villages of one township (their overdue rows share a partition).
      const rows: [string, string, string][] = [
        ['A1', village, '2026-11-01'],
        ['B1', otherVillage, '2026-11-02'],
        ['A2', village, '2026-11-03'],
        ['B2', otherVillage, '2026-11-04'],
        ['A3', village, '2026-11-05'],
      ];
      for (const [householdId, villageCode, nextVisitDue] of rows) {
        await store.commit(created(aHousehold({ householdId, villageCode, nextVisitDue })));
      }
      const overdue = { overdueAsOf: '2026-12-01' };

      const pages: Page<{ householdId: string }>[] = [];
      let cursor: string | null = null;
      do {
        const page = await store.households.listByUnit(village, overdue, { limit: 1, cursor });
        pages.push(page);
        cursor = page.cursor;
      } while (cursor && pages.length < 10);
      const cursors = pages.map((p) => p.cursor).filter((c): c is string => c !== null);
      const sibling = await store.households.listByUnit(otherVillage, overdue, { limit: 1 });

      expect(pages.flatMap((p) => p.items.map((i) => i.householdId))).toEqual(['A1', 'A2', 'A3']);
      expect(cursors.length).toBeGreaterThan(0);
      for (const c of cursors) expect(Buffer.from(c, 'base64url').toString('utf8')).not.toMatch(/B[12]/);
      expect(sibling.items.map((i) => i.householdId)).toEqual(['B1']);
      await expect(
        store.households.listByUnit(village, overdue, { limit: 1, cursor: sibling.cursor }),
      ).rejects.toMatchObject({ code: 'malformed' });
    });

    it('lists every household of a township without a filter', async () => {
      const store = await seeded();

      expect(ids(await store.households.listByUnit(township, {}))).toEqual(['A1', 'A2', 'A3', 'B1']);
    });

    it('carries list rows with the grade and schedule of each household', async () => {
      const store = await seeded();

      const page = await store.households.listByUnit(village, { grade: 'red' });

      expect(page.items).toEqual([
        {
          householdId: 'A1',
          villageCode: village,
          headName: '张三明',
          category: 'edge',
          status: 'monitored',
          grade: 'red',
          visitClass: 'red',
          nextVisitDue: '2026-11-20',
        },
      ]);
    });

    it('pages through a list with cursors, each household exactly once', async () => {
      const store = await seeded();

      const pages = await pagesOf((cursor) => store.households.listByUnit(county, {}, { limit: 2, cursor }));
      const seen = pages.flat().map((i) => i.householdId);

      expect(seen.sort()).toEqual(['A1', 'A2', 'A3', 'B1', 'C1']);
    });

    it('rejects a tampered cursor and a cursor of another list as malformed', async () => {
      const store = await seeded();
      const first = await store.households.listByUnit(county, { status: 'monitored' }, { limit: 1 });
      const cursor = first.cursor as string;
      const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
      const tampered = Buffer.from(JSON.stringify({ ...decoded, p: 7 })).toString('base64url');

      await expect(
        store.households.listByUnit(county, { status: 'monitored' }, { cursor: 'not a cursor!' }),
      ).rejects.toMatchObject({ code: 'malformed' });
      await expect(
        store.households.listByUnit(county, { status: 'monitored' }, { cursor: tampered }),
      ).rejects.toMatchObject({ code: 'malformed' });
      await expect(store.households.listByUnit(county, { status: 'none' }, { cursor })).rejects.toMatchObject(
        { code: 'malformed' },
      );
    });

    it('refuses a unit code that is not 6, 9 or 12 digits', async () => {
      const store = await makeStore();

      await expect(store.households.listByUnit('5329', {})).rejects.toMatchObject({ code: 'malformed' });
    });
  });

  describe(`${name}: cases`, () => {
    it('opens a case and takes its dedup key', async () => {
      const store = await makeStore();

      const outcome = await store.commit({
        openCases: [anOpenCase()],
        audit: [anEvent({ eventId: 'E-open', caseId: 'C1' })],
      });

      expect(outcome).toEqual({ committed: true });
      expect(await store.cases.get('C1')).toEqual(anOpenCase());
      expect((await store.cases.findOpenByDedupKey(anOpenCase().dedupKey))?.caseId).toBe('C1');
      expect((await store.cases.openCasesForHousehold('H1')).map((c) => c.caseId)).toEqual(['C1']);
    });

    it('reports a dedup key that is already open and writes nothing of that change', async () => {
      const store = await makeStore();
      await store.commit({ openCases: [anOpenCase()] });

      const outcome = await store.commit({
        openCases: [anOpenCase({ caseId: 'C2' })],
        audit: [anEvent({ eventId: 'E-dup' })],
      });

      expect(outcome).toEqual({
        committed: false,
        alreadyOpen: [anOpenCase().dedupKey],
        duplicateAlerts: [],
      });
      expect(await store.cases.get('C2')).toBeNull();
      expect((await store.audit.history('H1')).items).toEqual([]);
    });

    it('opens exactly one case when ten writers open the same dedup key at once', async () => {
      const store = await makeStore();

      const outcomes = await Promise.all(
        Array.from({ length: 10 }, (_, i) => store.commit({ openCases: [anOpenCase({ caseId: `C${i}` })] })),
      );

      expect(outcomes.filter((o) => o.committed)).toHaveLength(1);
      expect((await store.cases.openCasesForHousehold('H1')).length).toBe(1);
    });

    it('frees the dedup key when the case resolves, so the key can open again', async () => {
      const store = await makeStore();
      await store.commit({ openCases: [anOpenCase()] });
      const open = (await store.cases.get('C1')) as Case;

      await store.commit({
        updateCases: [
          {
            case: {
              ...open,
              status: 'resolved',
              resolvedAt: '2026-12-03T10:00:00+08:00',
              resolution: { reason: 'visited', by: null, manual: false },
            },
            expected: { version: 1, status: 'open' },
          },
        ],
      });
      const reopened = await store.commit({
        openCases: [anOpenCase({ caseId: 'C2', openedAt: '2026-12-10T06:00:00+08:00' })],
      });

      expect(reopened).toEqual({ committed: true });
      expect((await store.cases.get('C1'))?.version).toBe(2);
      expect((await store.cases.findOpenByDedupKey(anOpenCase().dedupKey))?.caseId).toBe('C2');
      expect(
        (await store.cases.resolvedSince(county, 'village', '2026-12-03T00:00:00+08:00')).map(
          (c) => c.caseId,
        ),
      ).toEqual(['C1']);
      expect(await store.cases.resolvedSince(county, 'village', '2026-12-04T00:00:00+08:00')).toEqual([]);
      expect((await store.cases.casesInUnit(village, { status: 'resolved' })).map((c) => c.caseId)).toEqual([
        'C1',
      ]);
      expect((await store.cases.casesInUnit(village, {})).map((c) => c.caseId)).toEqual(['C2']);
    });

    it('lists a unit’s cases resolved since an instant, comparing instants whatever their offsets', async () => {
      const store = await makeStore();
      const resolvedAt = {
        C1: '2026-10-31T23:30:00+08:00', // 15:30Z, before 1 November local
        C2: '2026-11-01T00:30:00+08:00', // 16:30Z on 31 October, but 1 November local
        C3: '2026-11-20T10:00:00Z',
      };
      const ids = Object.keys(resolvedAt) as (keyof typeof resolvedAt)[];
      await store.commit({
        openCases: ids.map((caseId, i) =>
          anOpenCase({
            caseId,
            dedupKey: `visit_overdue#H1#2026-10-0${i + 1}`,
            openedAt: `2026-10-0${i + 1}T06:00:00+08:00`,
          }),
        ),
      });
      for (const caseId of ids) {
        const open = (await store.cases.get(caseId)) as Case;
        await store.commit({
          updateCases: [
            {
              case: {
                ...open,
                status: 'resolved',
                resolvedAt: resolvedAt[caseId],
                resolution: { reason: 'visited', by: null, manual: false },
              },
              expected: { version: 1, status: 'open' },
            },
          ],
        });
      }
      await store.commit({
        openCases: [anOpenCase({ caseId: 'C4', dedupKey: 'visit_overdue#H1#2026-11-02' })],
      });
      const since = (instant: string, status: 'open' | 'resolved' = 'resolved') =>
        store.cases
          .casesInUnit(village, { status, resolvedSince: instant })
          .then((cases) => cases.map((c) => c.caseId));

      expect(await since('2026-11-01T00:00:00+08:00')).toEqual(['C2', 'C3']);
      expect(await since('2026-10-31T16:00:00Z')).toEqual(['C2', 'C3']);
      expect(await since('2026-10-31T15:30:00Z')).toEqual(['C1', 'C2', 'C3']);
      expect(await since('2026-11-20T18:00:01+08:00')).toEqual([]);
      expect(await since('2026-01-01T00:00:00+08:00', 'open')).toEqual([]);
      expect((await store.cases.casesInUnit(village, { status: 'open' })).map((c) => c.caseId)).toEqual([
        'C4',
      ]);
    });

    it('refuses a case update from a stale version', async () => {
      const store = await makeStore();
      await store.commit({ openCases: [anOpenCase()] });
      const open = (await store.cases.get('C1')) as Case;
      await store.commit({
        updateCases: [
          {
            case: { ...open, lastSeen: '2026-12-03T06:00:00+08:00' },
            expected: { version: 1, status: 'open' },
          },
        ],
      });

      const stale = store.commit({
        updateCases: [
          {
            case: { ...open, lastSeen: '2026-12-04T06:00:00+08:00' },
            expected: { version: 1, status: 'open' },
          },
        ],
      });

      await expect(stale).rejects.toMatchObject({ code: 'conflict' });
      expect((await store.cases.get('C1'))?.lastSeen).toBe('2026-12-03T06:00:00+08:00');
    });

    it('lists cases of a unit by level, kind and status', async () => {
      const store = await makeStore();
      await store.commit({ openCases: [anOpenCase({ caseId: 'V1', dedupKey: 'k1' })] });
      await store.commit({
        openCases: [
          anOpenCase({
            caseId: 'V2',
            dedupKey: 'k2',
            villageCode: otherVillage,
            householdId: 'H2',
            unitCode: otherVillage,
          }),
        ],
      });
      await store.commit({
        openCases: [
          anOpenCase({
            caseId: 'T1',
            dedupKey: 'k3',
            level: 'township',
            unitCode: township,
            kind: 'measures_missing',
          }),
        ],
      });
      await store.commit({
        openCases: [
          anOpenCase({
            caseId: 'R1',
            dedupKey: 'k4',
            kind: 'report_overdue',
            householdId: null,
            villageCode: null,
            level: 'township',
            unitCode: township,
          }),
        ],
      });
      await store.commit({
        openCases: [
          anOpenCase({
            caseId: 'O1',
            dedupKey: 'k5',
            villageCode: otherTownshipVillage,
            townshipCode: '532931102',
            householdId: 'H9',
            unitCode: otherTownshipVillage,
          }),
        ],
      });
      const caseIds = (p: { items: Case[] }) => p.items.map((c) => c.caseId).sort();

      expect(caseIds(await store.cases.listByUnit(township, { level: 'township' }))).toEqual(['R1', 'T1']);
      expect(caseIds(await store.cases.listByUnit(township, { level: 'village' }))).toEqual(['V1', 'V2']);
      expect(caseIds(await store.cases.listByUnit(village, {}))).toEqual(['T1', 'V1']);
      expect(caseIds(await store.cases.listByUnit(county, { kind: 'visit_overdue' }))).toEqual([
        'O1',
        'V1',
        'V2',
      ]);
      expect(caseIds(await store.cases.listByUnit(county, { status: 'resolved' }))).toEqual([]);
      expect((await store.cases.openCasesInUnit(township)).map((c) => c.caseId).sort()).toEqual([
        'R1',
        'T1',
        'V1',
        'V2',
      ]);
      // Every page at once, in the order listByUnit pages through them (levels read in parallel).
      const listed = await pagesOf((cursor) => store.cases.listByUnit(township, {}, { limit: 1, cursor }));
      expect((await store.cases.casesInUnit(township, {})).map((c) => c.caseId)).toEqual(
        listed.flat().map((c) => c.caseId),
      );
      expect(
        (await store.cases.casesInUnit(township, { kind: 'report_overdue' })).map((c) => c.caseId),
      ).toEqual(['R1']);
      expect(await store.cases.casesInUnit(township, { status: 'resolved' })).toEqual([]);
    });

    it('pages through the cases of a county across levels', async () => {
      const store = await makeStore();
      for (const [i, level] of (['village', 'village', 'township', 'county', 'county'] as const).entries()) {
        await store.commit({ openCases: [anOpenCase({ caseId: `C${i}`, dedupKey: `k${i}`, level })] });
      }

      const pages = await pagesOf((cursor) => store.cases.listByUnit(county, {}, { limit: 2, cursor }));
      const seen = pages.flat().map((c) => c.caseId);

      expect(seen.sort()).toEqual(['C0', 'C1', 'C2', 'C3', 'C4']);
    });
  });

  describe(`${name}: audit, visits, assessments`, () => {
    it('returns a household history newest first, in pages', async () => {
      const store = await makeStore();
      await store.commit(
        created(aHousehold({ householdId: 'H1' }), [
          anEvent({ eventId: 'E1', at: '2026-12-01T10:00:00+08:00' }),
        ]),
      );
      await store.append({
        audit: [
          anEvent({ eventId: 'E2', at: '2026-12-02T10:00:00+08:00' }),
          anEvent({ eventId: 'E3', at: '2026-12-03T01:00:00Z' }),
        ],
      });

      const first = await store.audit.history('H1', { limit: 2 });
      const second = await store.audit.history('H1', { limit: 2, cursor: first.cursor });

      expect(first.items.map((e) => e.eventId)).toEqual(['E3', 'E2']);
      expect(second.items.map((e) => e.eventId)).toEqual(['E1']);
    });

    it('returns the events of one change in pages that may end inside the change, newest first', async () => {
      const store = await makeStore();
      const t = '2026-12-01T02:00:00+08:00';
      await store.commit(
        created(aHousehold({ householdId: 'H1' }), [
          anEvent({ eventId: 'E0', at: '2026-11-30T10:00:00+08:00' }),
        ]),
      );
      // One re-assessment: three events of one instant, in the order the domain gave them.
      await store.commit({
        audit: ['z-assessed', 'a-grade', 'm-class'].map((eventId) => anEvent({ eventId, at: t })),
      });
      await store.commit({ audit: [anEvent({ eventId: 'E9', at: '2026-12-02T10:00:00+08:00' })] });

      const pages = (await pagesOf((cursor) => store.audit.history('H1', { limit: 2, cursor }))).map((p) =>
        p.map((e) => e.eventId),
      );

      expect(pages.flat()).toEqual(['E9', 'm-class', 'a-grade', 'z-assessed', 'E0']);
      expect(pages.every((p) => p.length <= 2)).toBe(true);
      const whole = await store.audit.history('H1', { limit: 500 });
      expect(whole.items.map((e) => e.eventId)).toEqual(pages.flat());
      expect(whole.cursor).toBeNull();
    });

    it('pages through a change of many events at one instant, each event once', async () => {
      const store = await makeStore();
      const ids = Array.from({ length: 150 }, (_, i) => `E${String(i).padStart(3, '0')}`);
      await store.commit({ audit: ids.map((eventId) => anEvent({ eventId })) });

      const pages = await pagesOf((cursor) => store.audit.history('H1', { limit: 60, cursor }));
      expect(pages.every((p) => p.length <= 60)).toBe(true);
      const seen = pages.flat().map((e) => e.eventId);

      expect(seen).toEqual([...ids].reverse());
    });

    it('refuses an event id that was already appended (append-only)', async () => {
      const store = await makeStore();
      await store.commit({ audit: [anEvent({ eventId: 'E1' })] });

      await expect(
        store.commit({ audit: [anEvent({ eventId: 'E1', type: 'rewritten' })] }),
      ).rejects.toMatchObject({ code: 'conflict' });
      expect((await store.audit.history('H1')).items.map((e) => e.type)).toEqual(['household.created']);
    });

    it('keeps events of a case without a household in the case history', async () => {
      const store = await makeStore();

      await store.commit({
        audit: [anEvent({ eventId: 'E1', householdId: null, caseId: 'R1', type: 'case.opened' })],
      });

      expect((await store.audit.caseHistory('R1')).items.map((e) => e.eventId)).toEqual(['E1']);
    });

    it('returns the latest monthly assessments newest first; a re-run of a month overwrites it', async () => {
      const store = await makeStore();
      const monthly = (month: string, above: boolean) => ({
        householdId: 'H1',
        month,
        assessedAt: at,
        policyId: 'p',
        policyVersion: '1',
        derived: {
          netIncome: 1,
          perCapitaIncome: 1,
          labour: 'full' as const,
          transferShare: 0,
          incomeDrop: 0,
          expenditureBurden: 0,
          gap: false,
        },
        grade: 'blue' as const,
        matchedRules: ['B0' as const],
        leadRules: [],
        watch: false,
        aboveMonitoringLine: above,
      });
      await store.append({
        assessments: ['2026-05', '2026-06', '2026-07', '2026-08'].map((m) => monthly(m, false)),
      });
      await store.commit({ assessments: [monthly('2026-08', true)] });

      const recent = await store.assessments.recentMonthly('H1', 3);

      expect(recent.map((a) => [a.month, a.aboveMonitoringLine])).toEqual([
        ['2026-08', true],
        ['2026-07', false],
        ['2026-06', false],
      ]);
      expect((await store.assessments.monthly('H1', '2026-05'))?.month).toBe('2026-05');
    });

    it('lists visits of a household newest first', async () => {
      const store = await makeStore();
      const visit = (visitId: string, date: string) => ({
        visitId,
        householdId: 'H1',
        date,
        method: 'home' as const,
        visitor: 'v',
        findings: 'ok',
        recordedAt: at,
      });

      await store.commit({ visits: [visit('V1', '2026-10-01')] });
      await store.commit({ visits: [visit('V2', '2026-11-01')] });

      expect((await store.households.visits('H1')).items.map((v) => v.visitId)).toEqual(['V2', 'V1']);
    });
  });

  describe(`${name}: counters and summaries`, () => {
    it('children: county and township summaries and the children list agree with the sum of the unit counters (deltas and recounts)', async () => {
      const store = await makeStore();
      await store.counters.replace(village, { households: 3, 'grade.red': 1 }, { sweptAt: at });
      await store.counters.replace(
        otherTownshipVillage,
        { households: 2, 'overdue.red': 1 },
        { sweptAt: at },
      );
      await store.commit({
        counters: [{ unitCode: otherVillage, delta: { households: 4, 'grade.red': 2 } }],
      });
      await store.commit({
        counters: [
          { unitCode: village, delta: { households: -1, 'grade.red': -1 } },
          { unitCode: otherVillage, delta: { households: 1 } },
          { unitCode: township, delta: { 'casesByLevel.township': 1 } },
        ],
      });
      // A recount that replaces what deltas had moved.
      await store.counters.replace(otherVillage, { households: 6, 'grade.red': 3 }, { sweptAt: at });

      const countySummary = await store.counters.summary(county);
      const townships = await store.counters.childSummaries(county);
      const villages = await store.counters.childSummaries(township);

      expect([
        countySummary.households,
        countySummary.byGrade.red,
        countySummary.openCasesByLevel.township,
      ]).toEqual([10, 3, 1]);
      expect(townships.map((t) => [t.unitCode, t.households, t.byGrade.red, t.overdueByClass.red])).toEqual([
        [township, 8, 3, 0],
        ['532931102', 2, 0, 1],
      ]);
      expect(townships[0]).toEqual(await store.counters.summary(township));
      expect(villages.map((v) => [v.unitCode, v.households])).toEqual([
        [village, 2],
        [otherVillage, 6],
      ]);
      expect(villages[1]).toEqual(await store.counters.summary(otherVillage));
      expect(await store.counters.childSummaries(village)).toEqual([]);
    });

    it('keeps counters consistent with the households after a series of changes', async () => {
      const store = await makeStore();
      const contribution = (h: Household) => ({
        households: 1,
        [`status.${h.status}`]: 1,
        [`category.${h.category}`]: 1,
      });
      const a = aHousehold({ householdId: 'H1', villageCode: village });
      const b = aHousehold({
        householdId: 'H2',
        villageCode: otherVillage,
        status: 'monitored',
        category: 'edge',
      });
      await store.commit({ ...created(a), counters: [{ unitCode: village, delta: contribution(a) }] });
      await store.commit({ ...created(b), counters: [{ unitCode: otherVillage, delta: contribution(b) }] });
      const read = (await store.households.get('H1')) as Household;
      const changed = { ...read, status: 'monitored' as const, category: 'edge' as const };
      await store.commit({
        households: [{ household: changed, expectedVersion: read.version }],
        counters: [{ unitCode: village, delta: counterDelta(contribution(read), contribution(changed)) }],
      });

      const summary = await store.counters.summary(township);
      const all = await collect(store.households.listVillage(village));
      const allOther = await collect(store.households.listVillage(otherVillage));

      expect(summary.households).toBe(all.length + allOther.length);
      expect(summary.byStatus.monitored).toBe(
        [...all, ...allOther].filter((h) => h.status === 'monitored').length,
      );
      expect(summary.byStatus.none).toBe(0);
      expect(summary.byCategory.edge).toBe(2);
      expect((await store.counters.summary(village)).byStatus.monitored).toBe(1);
      expect((await store.counters.summary(county)).households).toBe(2);
    });

    it('sums several deltas for one unit in one change', async () => {
      const store = await makeStore();

      await store.commit({
        counters: [
          { unitCode: village, delta: { 'casesByKind.visit_overdue': 1 } },
          { unitCode: village, delta: { 'casesByKind.visit_overdue': 1, watch: 1 } },
        ],
      });

      const summary = await store.counters.summary(village);
      expect(summary.openCasesByKind.visit_overdue).toBe(2);
      expect(summary.watch).toBe(1);
    });

    it('lets a sweep replace a village count, and refuses it when a change came in between', async () => {
      const store = await makeStore();
      await store.commit({ counters: [{ unitCode: village, delta: { households: 1 } }] });
      const read = await store.counters.unitCounts(village);
      await store.commit({ counters: [{ unitCode: village, delta: { households: 1 } }] });

      const stale = store.counters.replace(
        village,
        { households: 5 },
        { sweptAt: at, expectedRevision: read.revision },
      );
      await expect(stale).rejects.toMatchObject({ code: 'conflict' });

      const fresh = await store.counters.unitCounts(village);
      await store.counters.replace(
        village,
        { households: 5, 'grade.red': 2 },
        { sweptAt: at, expectedRevision: fresh.revision },
      );
      const summary = await store.counters.summary(county);
      expect(summary.households).toBe(5);
      expect(summary.byGrade).toEqual({ red: 2, yellow: 0, blue: 0 });
      expect(summary.lastSweepAt).toBe(at);
    });

    it('includes township-level counters in the township and county summaries', async () => {
      const store = await makeStore();

      await store.commit({
        counters: [
          { unitCode: township, delta: { 'casesByLevel.township': 1 } },
          { unitCode: village, delta: { 'casesByLevel.village': 2 } },
        ],
      });

      expect((await store.counters.summary(township)).openCasesByLevel).toEqual({
        village: 2,
        township: 1,
        county: 0,
      });
      expect((await store.counters.summary('532931102')).openCasesByLevel).toEqual({
        village: 0,
        township: 0,
        county: 0,
      });
      expect((await store.counters.summary(county)).lastSweepAt).toBeNull();
    });
  });

  describe(`${name}: sweeps, reports, alerts, digests`, () => {
    const run = { sweepId: `daily#${at}`, kind: 'daily' as const, asOf: at, startedAt: at, shardCount: 2 };

    it('records a sweep run once', async () => {
      const store = await makeStore();

      const first = await store.sweeps.startRun(run);
      const again = await store.sweeps.startRun({ ...run, startedAt: '2026-12-02T06:05:00+08:00' });

      expect(first.created).toBe(true);
      expect(again).toEqual({ created: false, run });
      expect(await store.sweeps.getRun(run.sweepId)).toEqual(run);
    });

    it('marks a shard done once per sweep and village; a later failure does not undo it', async () => {
      const store = await makeStore();

      await store.sweeps.markShardFailed(run.sweepId, village, at, 'boom');
      const done = await store.sweeps.markShardDone(run.sweepId, village, at, { households: 3 });
      const again = await store.sweeps.markShardDone(run.sweepId, village, at);
      await store.sweeps.markShardFailed(run.sweepId, village, at, 'late');

      expect([done, again]).toEqual(['redone', 'already_done']);
      expect(await store.sweeps.shard(run.sweepId, village)).toMatchObject({
        status: 'done',
        attempts: 2,
        result: { households: 3 },
      });
      expect((await store.sweeps.shards(run.sweepId)).map((s) => s.villageCode)).toEqual([village]);
      // No run recorded: no settled count (the shards are still marked).
      expect(await store.sweeps.settled(run.sweepId)).toBeNull();
    });

    it('counts settled shards with each first done or failed, and moves a redriven failure to done', async () => {
      const store = await makeStore();
      const other = `${village.slice(0, 9)}299`;
      await store.sweeps.startRun(run);
      // The count keeps the run's shard count: "has every shard settled?" is one read.
      const shardCount = run.shardCount;
      expect(await store.sweeps.settled(run.sweepId)).toEqual({ done: 0, failed: 0, shardCount });

      await store.sweeps.markShardFailed(run.sweepId, village, at, 'boom');
      await store.sweeps.markShardFailed(run.sweepId, village, at, 'boom again');
      expect(await store.sweeps.settled(run.sweepId)).toEqual({ done: 0, failed: 1, shardCount });

      expect(await store.sweeps.markShardDone(run.sweepId, other, at, { households: 2 })).toBe('done');
      expect(await store.sweeps.markShardDone(run.sweepId, other, at)).toBe('already_done');
      await store.sweeps.markShardFailed(run.sweepId, other, at, 'late');
      expect(await store.sweeps.settled(run.sweepId)).toEqual({ done: 1, failed: 1, shardCount });

      // The failed shard redriven from the DLQ.
      expect(await store.sweeps.markShardDone(run.sweepId, village, at, { households: 3 })).toBe('redone');
      expect(await store.sweeps.settled(run.sweepId)).toEqual({ done: 2, failed: 0, shardCount });
      expect(await store.sweeps.shard(run.sweepId, village)).toMatchObject({
        status: 'done',
        attempts: 3,
        reportsPending: true,
      });
      expect(await store.sweeps.shard(run.sweepId, other)).toMatchObject({
        status: 'done',
        attempts: 1,
        result: { households: 2 },
      });
      expect((await store.sweeps.shard(run.sweepId, other))?.reportsPending).toBeUndefined();
    });

    it('keeps a redriven shard’s pending rebuild until it is recorded, and records it without creating shards', async () => {
      const store = await makeStore();
      await store.sweeps.startRun(run);
      await store.sweeps.markShardFailed(run.sweepId, village, at, 'boom');
      await store.sweeps.markShardDone(run.sweepId, village, at, { households: 3 });
      expect(await store.sweeps.markShardDone(run.sweepId, village, at)).toBe('already_done');
      expect((await store.sweeps.shard(run.sweepId, village))?.reportsPending).toBe(true);

      await store.sweeps.reportsRebuilt(run.sweepId, village);
      await store.sweeps.reportsRebuilt(run.sweepId, village);
      await store.sweeps.reportsRebuilt(run.sweepId, `${village.slice(0, 9)}298`);

      const shard = await store.sweeps.shard(run.sweepId, village);
      expect(shard).toMatchObject({ status: 'done', attempts: 2, result: { households: 3 } });
      expect(shard?.reportsPending).toBeUndefined();
      expect((await store.sweeps.shards(run.sweepId)).map((s) => s.villageCode)).toEqual([village]);
      expect(await store.sweeps.settled(run.sweepId)).toEqual({
        done: 1,
        failed: 0,
        shardCount: run.shardCount,
      });
    });

    it('stores monthly reports and accepts a township submission once', async () => {
      const store = await makeStore();
      const by = { kind: 'user' as const, role: 'township' as const, unit: township, sub: 'u1' };

      await store.reports.putMonthly({
        unitCode: township,
        month: '2026-11',
        generatedAt: at,
        report: { households: 3 },
      });
      const first = await store.reports.submit({
        townshipCode: township,
        month: '2026-11',
        submittedAt: at,
        by,
      });
      const again = await store.reports.submit({
        townshipCode: township,
        month: '2026-11',
        submittedAt: '2026-12-03T00:00:00+08:00',
        by,
      });

      expect((await store.reports.getMonthly(township, '2026-11'))?.report).toEqual({ households: 3 });
      expect(await store.reports.getMonthly(township, '2026-10')).toBeNull();
      const many = await store.reports.getMonthlyMany([township, county, township], '2026-11');
      expect([...many.keys()]).toEqual([township]);
      expect(many.get(township)?.report).toEqual({ households: 3 });
      expect((await store.reports.getMonthlyMany([], '2026-11')).size).toBe(0);
      expect(first.created).toBe(true);
      expect(again.created).toBe(false);
      expect(again.submission.submittedAt).toBe(at);
      expect((await store.reports.submission(township, '2026-11'))?.submittedAt).toBe(at);
    });

    it('records a department alert once and keeps unmatched alerts in a list', async () => {
      const store = await makeStore();
      const alert = {
        department: 'medical_insurance',
        alertId: 'A1',
        householdId: null,
        headIdNumber: '53293119800101001X',
        type: 'high_cost',
        amount: 5_000_000,
        date: '2026-11-30',
        note: null,
        receivedAt: at,
        matchedHouseholdId: null,
        unmatchedReason: 'no household with that ID number',
      };

      const first = await store.alerts.record(alert);
      const again = await store.alerts.record(alert);
      await store.alerts.record({ ...alert, alertId: 'A2', matchedHouseholdId: 'H1', unmatchedReason: null });

      expect([first, again]).toEqual([{ duplicate: false }, { duplicate: true }]);
      expect((await store.alerts.unmatched()).items.map((a) => a.alertId)).toEqual(['A1']);
      expect(await store.alerts.get('medical_insurance', 'A1')).toEqual(alert);
    });

    it('refuses a change that records an alert seen before, writing nothing of it', async () => {
      const store = await makeStore();
      const alert = {
        department: 'civil_affairs',
        alertId: 'A9',
        householdId: 'H1',
        headIdNumber: null,
        type: 't',
        amount: null,
        date: null,
        note: null,
        receivedAt: at,
        matchedHouseholdId: 'H1',
        unmatchedReason: null,
      };
      await store.alerts.record(alert);

      const outcome = await store.commit({ alerts: [alert], audit: [anEvent({ eventId: 'E-alert' })] });

      expect(outcome).toEqual({ committed: false, alreadyOpen: [], duplicateAlerts: ['civil_affairs:A9'] });
      expect((await store.audit.history('H1')).items).toEqual([]);
    });

    it('lets one caller claim the digest of a unit and day; a released claim can be claimed again', async () => {
      const store = await makeStore();

      const first = await store.digests.claim(county, 'county', '2026-12-02', at, at);
      const second = await store.digests.claim(county, 'county', '2026-12-02', at, at);
      await store.digests.release(county, '2026-12-02');
      const retry = await store.digests.claim(county, 'county', '2026-12-02', at, at);
      await store.digests.complete(county, '2026-12-02', { status: 'sent', at, counts: { open: 3 } });
      const afterSent = await store.digests.claim(county, 'county', '2026-12-02', at, at);

      expect([first, second, retry, afterSent]).toEqual([true, false, true, false]);
      expect(await store.digests.get(county, '2026-12-02')).toMatchObject({
        status: 'sent',
        counts: { open: 3 },
      });
    });

    it('lets a claim whose holder went silent past the lease be taken over', async () => {
      const store = await makeStore();
      await store.digests.claim(county, 'county', '2026-12-02', at, '2026-12-02T08:30:00+08:00');

      const early = await store.digests.claim(
        county,
        'county',
        '2026-12-02',
        at,
        '2026-12-02T08:40:00+08:00',
      );
      const late = await store.digests.claim(county, 'county', '2026-12-02', at, '2026-12-02T08:46:00+08:00');

      expect([early, late]).toEqual([false, true]);
    });

    it('refuses to complete a digest that was never claimed', async () => {
      const store = await makeStore();

      await expect(
        store.digests.complete(county, '2026-12-02', { status: 'sent', at }),
      ).rejects.toMatchObject({ code: 'not_found' });
    });

    it('finds the last sent digest before a day, skipping skipped ones', async () => {
      const store = await makeStore();
      for (const [date, status] of [
        ['2026-11-30', 'sent'],
        ['2026-12-01', 'skipped'],
        ['2026-12-02', 'sent'],
      ] as const) {
        await store.digests.claim(county, 'county', date, at, at);
        await store.digests.complete(county, date, { status, at });
      }

      expect((await store.digests.lastSent(county, '2026-12-02'))?.date).toBe('2026-11-30');
      expect(await store.digests.lastSent(county, '2026-11-30')).toBeNull();
    });
  });

  describe(`${name}: sweep support (villages, village months, completion)`, () => {
    const sweptAt = '2026-12-01T02:00:00+08:00';

    it('lists the villages with counters, of one county or of all', async () => {
      const store = await makeStore();
      await store.counters.replace('431102001002', { households: 1 }, { sweptAt });
      await store.counters.replace('431102001001', { households: 2 }, { sweptAt });
      await store.counters.replace('431102001', { 'casesByKind.report_overdue': 1 }, { sweptAt });
      await store.counters.replace('520101001001', { households: 1 }, { sweptAt });

      expect(await store.counters.listVillages('431102')).toEqual(['431102001001', '431102001002']);
      expect(await store.counters.listVillages()).toEqual(['431102001001', '431102001002', '520101001001']);
    });

    it('lists the villages whose counters were only ever written by single-change deltas, before and after a recount', async () => {
      const store = await makeStore();
      for (const [householdId, villageCode] of [
        ['A1', '431102001001'],
        ['A2', '431102001002'],
        ['B1', '520101001001'],
      ] as const) {
        await store.commit({
          ...created(aHousehold({ householdId, villageCode })),
          counters: [{ unitCode: villageCode, delta: { households: 1 } }],
        });
      }

      const beforeRecount = await store.counters.listVillages();
      await store.counters.replace('431102001001', { households: 1 }, { sweptAt });
      const afterRecount = await store.counters.listVillages();

      expect(beforeRecount).toEqual(['431102001001', '431102001002', '520101001001']);
      expect(afterRecount).toEqual(['431102001001', '431102001002', '520101001001']);
    });

    it('reads the latest village months up to a month, newest first', async () => {
      const store = await makeStore();
      const line = {
        above: true,
        grade: 'blue' as const,
        rules: ['B0' as const],
        watch: false,
        eligible: false,
      };
      // Every shape a line takes: ungraded, a watch household, no elimination verdict, several rules.
      const others = {
        H2: {
          above: false,
          grade: 'red' as const,
          rules: ['R1' as const, 'R3' as const],
          watch: false,
          eligible: null,
        },
        H3: { above: true, grade: null, rules: [], watch: true, eligible: null },
        H4: { above: true, grade: 'yellow' as const, rules: ['Y2' as const], watch: false, eligible: true },
      };
      for (const month of ['2026-09', '2026-10', '2026-11', '2026-12']) {
        await store.assessments.putVillageMonth({
          villageCode: '431102001001',
          month,
          assessedAt: sweptAt,
          policyVersion: '1',
          households: { H1: line, ...others },
        });
      }

      const months = await store.assessments.villageMonths('431102001001', 2, '2026-11');

      expect(months.map((m) => m.month)).toEqual(['2026-11', '2026-10']);
      expect(months[0]).toEqual({
        villageCode: '431102001001',
        month: '2026-11',
        assessedAt: sweptAt,
        policyVersion: '1',
        households: { H1: line, ...others },
      });
    });

    it('records a run’s completion once', async () => {
      const store = await makeStore();
      const run = {
        sweepId: `monthly#${sweptAt}`,
        kind: 'monthly' as const,
        asOf: sweptAt,
        startedAt: sweptAt,
        shardCount: 1,
      };
      await store.sweeps.startRun(run);

      const first = await store.sweeps.completeRun(run.sweepId, sweptAt, { households: 3 });
      const again = await store.sweeps.completeRun(run.sweepId, '2026-12-01T03:00:00+08:00', {
        households: 4,
      });

      expect([first, again]).toEqual(['completed', 'already_completed']);
      expect(await store.sweeps.getRun(run.sweepId)).toMatchObject({
        completedAt: sweptAt,
        summary: { households: 3 },
      });
    });
  });

  describe(`${name}: unit of work limits and bulk paths`, () => {
    it('refuses a change larger than one transaction', async () => {
      const store = await makeStore();
      // Events of one instant share an item; at 101 instants they are 101 items.
      const events = Array.from({ length: 101 }, (_, i) =>
        anEvent({ eventId: `E${i}`, at: new Date(Date.UTC(2026, 11, 1, 0, 0, i)).toISOString() }),
      );

      await expect(store.commit({ audit: events })).rejects.toThrow(/at most 100/);
      expect((await store.audit.history('H1')).items).toEqual([]);
    });

    it('refuses a change that writes the same household twice', async () => {
      const store = await makeStore();
      const h = aHousehold({ householdId: 'H1' });

      await expect(
        store.commit({
          households: [
            { household: h, expectedVersion: null },
            { household: h, expectedVersion: null },
          ],
        }),
      ).rejects.toThrow();
      expect(await store.households.get('H1')).toBeNull();
    });

    it('commits many independent changes and returns each outcome in order', async () => {
      const store = await makeStore();
      await store.commit(created(aHousehold({ householdId: 'H0' })));

      const results = await store.commitMany(
        [
          created(aHousehold({ householdId: 'H1' })),
          created(aHousehold({ householdId: 'H0' })),
          created(aHousehold({ householdId: 'H2' })),
        ],
        { concurrency: 2 },
      );

      expect(results[0]).toEqual({ committed: true });
      expect(results[1]).toMatchObject({ code: 'conflict' });
      expect(results[2]).toEqual({ committed: true });
    });

    it('commits many changes of many households, each once, whichever shares a transaction', async () => {
      const store = await makeStore();
      const ids = Array.from({ length: 60 }, (_, i) => `H${String(i).padStart(2, '0')}`);
      await store.commit(created(aHousehold({ householdId: 'H07' })));
      const at = '2026-12-01T02:00:00+08:00';

      const results = await store.commitMany(
        ids.map((id) =>
          created(aHousehold({ householdId: id }), [
            anEvent({ eventId: `${id}-a`, householdId: id, at }),
            anEvent({ eventId: `${id}-b`, householdId: id, at }),
          ]),
        ),
        { concurrency: 3 },
      );

      // H07 existed: only its change fails; its neighbours in any shared transaction are written.
      expect(results.filter((r) => r instanceof Error)).toHaveLength(1);
      expect(results[7]).toMatchObject({ code: 'conflict' });
      const stored = await store.households.getMany(ids);
      expect(stored.size).toBe(60);
      expect(stored.get('H07')?.version).toBe(1);
      expect((await store.audit.history('H07')).items).toEqual([]);
      expect((await store.audit.history('H59')).items.map((e) => e.eventId)).toEqual(['H59-b', 'H59-a']);
    });

    it('appends many audit events in bulk', async () => {
      const store = await makeStore();

      await store.append({
        audit: Array.from({ length: 60 }, (_, i) =>
          anEvent({
            eventId: `E${String(i).padStart(2, '0')}`,
            at: `2026-12-02T06:00:${String(i).padStart(2, '0')}+08:00`,
          }),
        ),
      });

      const page = await store.audit.history('H1', { limit: 500 });
      expect(page.items).toHaveLength(60);
      expect(page.items[0]?.eventId).toBe('E59');
    });
  });

  describe(`${name}: divisions registry`, () => {
    const divisionsOf = (...codes: [string, string][]) =>
      codes.map(([code, name]) => ({
        code,
        name,
        level: (code.length === 6 ? 'county' : code.length === 9 ? 'township' : 'village') as
          | 'county'
          | 'township'
          | 'village',
        parentCode: code.length === 6 ? null : code.slice(0, code.length === 9 ? 6 : 9),
      }));

    it('divisions: lists a county by code, reads some by code, says whether a county has any', async () => {
      const store = await makeStore();
      expect(await store.divisions.hasDivisions(county)).toBe(false);
      await store.divisions.putMany(
        divisionsOf(
          [otherVillage, '下村'],
          [village, '上村'],
          [township, '城关镇'],
          [county, '某县'],
          ['533001101', '他乡'],
        ),
      );

      expect((await store.divisions.listCounty(county)).map((d) => d.code)).toEqual([
        county,
        township,
        village,
        otherVillage,
      ]);
      const some = await store.divisions.getMany([village, township, '532931999999']);
      expect([...some.keys()].sort()).toEqual([township, village]);
      expect(some.get(village)).toEqual({
        code: village,
        name: '上村',
        level: 'village',
        parentCode: township,
      });
      expect(await store.divisions.hasDivisions(county)).toBe(true);
      expect(await store.divisions.hasDivisions('532932')).toBe(false);
    });

    it("divisions: a county's children are its townships, a township's its villages, by code", async () => {
      const store = await makeStore();
      const otherTownship = `${county}102`;
      await store.divisions.putMany(
        divisionsOf(
          [otherVillage, '下村'],
          [`${otherTownship}201`, '别村'],
          [otherTownship, '新街镇'],
          [village, '上村'],
          [township, '城关镇'],
          [county, '某县'],
          ['533001101', '他乡'],
        ),
      );
      expect((await store.divisions.children(county)).map((d) => [d.code, d.name])).toEqual([
        [township, '城关镇'],
        [otherTownship, '新街镇'],
      ]);
      expect((await store.divisions.children(township)).map((d) => d.code)).toEqual([village, otherVillage]);
      expect(await store.divisions.children(village)).toEqual([]);
    });

    it('divisions: a rename replaces the name; unit events read back newest first', async () => {
      const store = await makeStore();
      await store.divisions.putMany(divisionsOf([village, '上村']));
      await store.divisions.putMany(divisionsOf([village, '上寨村']));
      await store.append({
        audit: [
          anEvent({ eventId: 'U1', householdId: null, unitCode: village, type: 'division_registered', at }),
          anEvent({
            eventId: 'U2',
            householdId: null,
            unitCode: village,
            type: 'division_renamed',
            at: '2026-12-03T06:00:00+08:00',
          }),
        ],
      });

      expect((await store.divisions.getMany([village])).get(village)?.name).toBe('上寨村');
      expect((await store.audit.unitHistory(village)).items.map((e) => e.type)).toEqual([
        'division_renamed',
        'division_registered',
      ]);
      expect((await store.audit.unitHistory(otherVillage)).items).toEqual([]);
    });
  });
}
