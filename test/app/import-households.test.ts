import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openHouseholdCsv } from '../../lib/adapters/csv/household-csv';
import { createMemoryIdVault } from '../../lib/adapters/memory/memory-id-vault';
import { createMemoryStore } from '../../lib/adapters/memory/memory-store';
import type { HouseholdChangeDeps } from '../../lib/app/apply-household-change';
import { type ImportRow, importHouseholds } from '../../lib/app/import-households';
import { recordVisit } from '../../lib/app/record-visit';
import type { Actor } from '../../lib/domain/model';
import { defaultPolicy } from '../../lib/domain/policy';
import { residentIdCheckDigit } from '../../lib/domain/resident-id';
import { WorkingDayCalendar } from '../../lib/domain/working-days';
import { demoHouseholds } from '../../lib/local/demo-county';
import { type IdNumberVault, IdNumberVaultUnavailable } from '../../lib/ports/id-number-vault';
import type { Store } from '../../lib/ports/store';
import { mixedRejections } from '../fixtures/import/mixed-expected';
import { importedCountersEqualARecount } from '../support/import-counters';

const fixtures = path.join(import.meta.dirname, '../fixtures/import');
const asOf = '2026-12-01T10:00:00+08:00';
const actor: Actor = { kind: 'system', name: 'csv-import' };

function depsOn(store: Store): HouseholdChangeDeps {
  let n = 0;
  return {
    store,
    policyFor: () => defaultPolicy,
    calendar: WorkingDayCalendar.chinaOfficial(),
    newId: () => `id-${++n}`,
    idNumbers: createMemoryIdVault(),
  };
}

/** Counts the store's writes (commit, commitMany items, append, counter replace). */
function countingWrites(store: Store): { store: Store; writes: () => number } {
  let writes = 0;
  const count = <T>(n: number, result: T): T => {
    writes += n;
    return result;
  };
  const counters = {
    ...store.counters,
    replace: (...a: Parameters<Store['counters']['replace']>) => count(1, store.counters.replace(...a)),
  };
  return {
    store: {
      ...store,
      counters,
      commit: (c) => count(1, store.commit(c)),
      commitMany: (cs, o) => count(cs.length, store.commitMany(cs, o)),
      createMany: (cs, o) => count(cs.length, store.createMany(cs, o)),
      append: (a) => count(1, store.append(a)),
    },
    writes: () => writes,
  };
}

async function importFile(store: Store, file: string) {
  const csv = await openHouseholdCsv(path.join(fixtures, file));
  return importHouseholds(depsOn(store), csv.rows, { asOf, actor, columns: csv.columns });
}

const row = (rowNumber: number, record: Record<string, string>): ImportRow => ({ rowNumber, record });
/** A valid ID number of its own per household (the same head on two households is a warning row). */
const headIdOf = (id: string) => {
  const seq = String([...id].reduce((n, c) => (n * 31 + c.charCodeAt(0)) % 1000, 7)).padStart(3, '0');
  return `53293119800101${seq}${residentIdCheckDigit(`53293119800101${seq}`)}`;
};
const valid = (id: string, extra: Record<string, string> = {}) => ({
  householdId: id,
  villageCode: '532931101201',
  headName: '张三',
  headIdNumber: headIdOf(id),
  members: '3',
  laborFull: '2',
  wageIncome: '40000',
  priorYearNetIncome: '40000',
  ...extra,
});

describe('importHouseholds', () => {
  it('stores the good rows of a mixed file and counts every row', async () => {
    const store = createMemoryStore();
    const { summary } = await importFile(store, 'mixed.csv');

    expect(summary).toEqual({ read: 16, created: 4, updated: 0, unchanged: 0, rejected: 12 });
    const stored = await store.households.getMany(['MX-001', 'MX-002', 'MX-014', 'MX-016', 'MX-003']);
    expect([...stored.keys()].sort()).toEqual(['MX-001', 'MX-002', 'MX-014', 'MX-016']);
  });

  it('reports each bad row with its column as written and its reason', async () => {
    const { rejectedRows } = await importFile(createMemoryStore(), 'mixed.csv');

    expect(rejectedRows).toEqual(mixedRejections());
  });

  it('grades every accepted row at once and raises the lead of a low-income household', async () => {
    const store = createMemoryStore();
    await importFile(store, 'mixed.csv');

    expect((await store.households.get('MX-002'))?.assessment?.grade).toBe('red');
    const lowIncome = await store.households.get('MX-014');
    expect(lowIncome?.status).toBe('candidate');
    expect((await store.cases.openCasesForHousehold('MX-014')).map((c) => c.kind)).toEqual([
      'lead_unverified',
    ]);
  });

  it('D8 gives a household imported as candidate (识别中) an import lead: 3 working days, not the same day', async () => {
    const store = createMemoryStore();
    const { summary } = await importHouseholds(
      depsOn(store),
      [row(2, valid('CAND-1', { status: 'candidate' }))],
      {
        asOf,
        actor,
      },
    );
    expect(summary.created).toBe(1);
    const household = await store.households.get('CAND-1');
    expect(household?.lead?.source).toBe('import');
    const [kase] = await store.cases.openCasesForHousehold('CAND-1');
    expect(kase).toMatchObject({ kind: 'lead_unverified', subject: { source: 'import' } });
    // Tuesday 1 December 10:00 + 3 working days = Friday 4 December 10:00 (a village lead: end of the 1st).
    expect(kase?.deadline).toBe('2026-12-04T10:00:00.000+08:00');
  });

  it('ADR 0021 counters after an import into a county with households equal a recount (memory store)', async () => {
    await importedCountersEqualARecount(createMemoryStore());
  });

  it('counts the touched villages once the rows are written', async () => {
    const store = createMemoryStore();
    await importFile(store, 'mixed.csv');

    const village = await store.counters.summary('532931101201');
    expect(village.households).toBe(3);
    expect(village.byGrade.red).toBe(1);
    expect((await store.counters.summary('532931102203')).openCasesByKind.lead_unverified).toBe(1);
  });

  it('changes nothing and writes nothing when the same file is imported again', async () => {
    const memory = createMemoryStore();
    await importFile(memory, 'mixed.csv');
    const { store, writes } = countingWrites(memory);

    const again = await importFile(store, 'mixed.csv');

    expect(again.summary).toEqual({ read: 16, created: 0, updated: 0, unchanged: 4, rejected: 12 });
    expect(writes()).toBe(0);
  });

  it('reads Chinese headers and Chinese values from a UTF-8 file with a BOM', async () => {
    const store = createMemoryStore();
    const { summary } = await importFile(store, 'good-utf8-bom.csv');

    expect(summary).toEqual({ read: 4, created: 4, updated: 0, unchanged: 0, rejected: 0 });
    const h = await store.households.get('GD-001');
    expect(h).toMatchObject({
      category: 'edge',
      status: 'monitored',
      wageIncome: 300_050,
      riskFactors: ['illness', 'disability'],
    });
    expect(h?.guarantees.medical).toBe(false);
    expect(h?.contact?.name).toBe('王书记');
  });

  it('updates a household whose row changed and reports the others unchanged', async () => {
    const store = createMemoryStore();
    const deps = depsOn(store);
    await importHouseholds(deps, [row(2, valid('H1')), row(3, valid('H2'))], { asOf, actor });

    const { summary } = await importHouseholds(
      deps,
      [row(2, valid('H1', { members: '4' })), row(3, valid('H2'))],
      {
        asOf,
        actor,
      },
    );

    expect(summary).toEqual({ read: 2, created: 0, updated: 1, unchanged: 1, rejected: 0 });
    expect((await store.households.get('H1'))?.members).toBe(4);
  });

  it('retries a row whose household changed during the import, once', async () => {
    const memory = createMemoryStore();
    const deps = depsOn(memory);
    await importHouseholds(deps, [row(2, valid('H1'))], { asOf, actor });
    let failed = false;
    const store: Store = {
      ...memory,
      commitMany: async (changes, o) => {
        if (failed) return memory.commitMany(changes, o);
        failed = true;
        const { DomainError } = await import('../../lib/domain/errors');
        return changes.map(() => new DomainError('conflict', 'version changed'));
      },
    };

    const { summary } = await importHouseholds({ ...deps, store }, [row(2, valid('H1', { members: '5' }))], {
      asOf,
      actor,
    });

    expect(summary.updated).toBe(1);
    expect((await memory.households.get('H1'))?.members).toBe(5);
  });

  it('issue 19 bulk path: new households by batch writes with their audit event each; a lead case by a transaction; a failed batch rejects its rows', async () => {
    const memory = createMemoryStore();
    const calls = { createMany: 0, commitMany: 0 };
    const store: Store = {
      ...memory,
      createMany: async (cs, o) => {
        calls.createMany += cs.length;
        return memory.createMany(cs, o);
      },
      commitMany: async (cs, o) => {
        calls.commitMany += cs.length;
        return memory.commitMany(cs, o);
      },
    };
    const rows = [row(2, valid('H1')), row(3, valid('H2', { status: 'candidate', category: 'edge' }))];

    const { summary } = await importHouseholds(depsOn(store), rows, { asOf, actor });

    expect(summary).toEqual({ read: 2, created: 2, updated: 0, unchanged: 0, rejected: 0 });
    expect(calls).toEqual({ createMany: 1, commitMany: 1 });
    expect((await memory.audit.history('H1')).items.map((e) => e.type)).toEqual(['household_imported']);
    expect((await memory.cases.openCasesForHousehold('H2')).map((c) => c.kind)).toEqual(['lead_unverified']);
    expect((await memory.counters.unitCounts('532931101201')).values).toMatchObject({ households: 2 });

    const failing: Store = {
      ...memory,
      createMany: async (cs) => cs.map(() => new Error('BatchWriteItem left 3 items unprocessed')),
    };
    const failed = await importHouseholds(depsOn(failing), [row(2, valid('H3')), row(3, valid('H4'))], {
      asOf,
      actor,
    });
    expect(failed.summary).toMatchObject({ created: 0, rejected: 2 });
    expect(failed.rejectedRows).toEqual([
      {
        row: 2,
        column: 'householdId',
        reason: 'could not be written: BatchWriteItem left 3 items unprocessed',
      },
      {
        row: 3,
        column: 'householdId',
        reason: 'could not be written: BatchWriteItem left 3 items unprocessed',
      },
    ]);
  });

  it('ADR 0021 a batch that failed part way leaves its villages to a recount: the households it wrote are counted', async () => {
    const memory = createMemoryStore();
    await importHouseholds(depsOn(memory), [row(2, valid('H1'))], { asOf, actor });
    // The first household of the batch is written, then the batch fails: both rows are rejected.
    const partly: Store = {
      ...memory,
      createMany: async (cs, o) => {
        await memory.createMany(cs.slice(0, 1), o);
        return cs.map(() => new Error('BatchWriteItem left 3 items unprocessed'));
      },
    };
    const other = '532931102203';
    const result = await importHouseholds(
      depsOn(partly),
      [row(2, valid('H2')), row(3, valid('H3', { villageCode: other }))],
      { asOf, actor },
    );

    expect(result.summary).toMatchObject({ created: 0, rejected: 2 });
    expect(result.recounted).toEqual(['532931101201', other]);
    expect(await memory.households.get('H2')).not.toBeNull();
    expect((await memory.counters.unitCounts('532931101201')).values).toMatchObject({ households: 2 });
    expect((await memory.counters.unitCounts(other)).values.households ?? 0).toBe(0);
  });

  it('ADR 0021 an import that stops part way recounts every village it touched before it fails', async () => {
    const memory = createMemoryStore();
    const vault = createMemoryIdVault();
    let seals = 0;
    // The key service fails from the second household on: the first chunk is written, the second stops.
    const failingVault: IdNumberVault = {
      ...vault,
      seal: async (n, id) => {
        if (++seals > 1) throw new IdNumberVaultUnavailable('data key');
        return vault.seal(n, id);
      },
    };
    const other = '532931102203';
    const run = importHouseholds(
      { ...depsOn(memory), idNumbers: failingVault },
      [row(2, valid('H1')), row(3, valid('H2', { villageCode: other })), row(4, valid('H3'))],
      { asOf, actor, chunkSize: 1 },
    );

    await expect(run).rejects.toThrow(IdNumberVaultUnavailable);
    expect(await memory.households.get('H1')).not.toBeNull();
    const village = await memory.counters.unitCounts('532931101201');
    expect(village.values).toMatchObject({ households: 1 });
    expect(village.lastSweepAt).toBe(asOf); // recounted, not only moved by the chunk's deltas
    expect((await memory.counters.summary('532931')).households).toBe(1);
  });

  it('ADR 0021 --recount: every touched village recounted at the end, the same counters as the deltas', async () => {
    const byDeltas = createMemoryStore();
    const byRecount = createMemoryStore();
    const rows = [
      row(2, valid('H1')),
      row(3, valid('H2', { status: 'candidate', category: 'edge' })),
      row(4, valid('H3', { villageCode: '532931102203' })),
    ];
    await importHouseholds(depsOn(byDeltas), rows, { asOf, actor });
    const recounted = await importHouseholds(depsOn(byRecount), rows, { asOf, actor, recount: true });

    expect(recounted.recounted).toEqual(['532931101201', '532931102203']);
    for (const v of recounted.recounted)
      expect((await byRecount.counters.unitCounts(v)).values).toEqual(
        (await byDeltas.counters.unitCounts(v)).values,
      );
    expect((await byRecount.counters.summary('532931')).households).toBe(3);
  });

  it('names the columns in error reports as the file wrote them', async () => {
    const { rejectedRows } = await importHouseholds(
      depsOn(createMemoryStore()),
      [row(2, valid('H1', { members: '0' }))],
      { asOf, actor, columns: { members: '家庭人口数' } },
    );

    expect(rejectedRows).toEqual([{ row: 2, column: '家庭人口数', reason: 'must be at least 1 (got 0)' }]);
  });

  it('accepts every row of the demo county (valid ID numbers, facts within the rules)', async () => {
    const rows = [...demoHouseholds('2026-12-01')].map((h, i) => row(i + 2, h.row));

    const { summary } = await importHouseholds(depsOn(createMemoryStore()), rows, { asOf, actor });

    expect(summary.rejected).toBe(0);
    expect(summary.created).toBe(rows.length);
  });

  // D1, D2 apply to the import as to PUT /v1/households/{id} (the same check): the row is rejected with
  // its column, and nothing of it is written.
  it('rejects a row that gives an existing household another status (D1), writing nothing', async () => {
    const memory = createMemoryStore();
    await importHouseholds(depsOn(memory), [row(2, valid('H1')), row(3, valid('H2'))], { asOf, actor });
    const before = JSON.stringify([await memory.households.get('H1'), await memory.audit.history('H1')]);
    const { store, writes } = countingWrites(memory);

    const { summary, rejectedRows } = await importHouseholds(
      depsOn(store),
      [row(2, valid('H1', { status: '监测中', monitoredSince: '2026-06-01' })), row(3, valid('H2'))],
      { asOf, actor, columns: { status: '监测状态' } },
    );

    expect(summary).toEqual({ read: 2, created: 0, updated: 0, unchanged: 1, rejected: 1 });
    expect(rejectedRows).toEqual([
      { row: 2, column: '监测状态', reason: expect.stringContaining('use transitions') },
    ]);
    expect(JSON.stringify([await memory.households.get('H1'), await memory.audit.history('H1')])).toBe(
      before,
    );
    expect(writes()).toBe(0);
  });

  it('keeps the stored status of an existing household when the row gives none (D1)', async () => {
    const store = createMemoryStore();
    const deps = depsOn(store);
    await importHouseholds(
      deps,
      [row(2, valid('H1', { status: 'monitored', monitoredSince: '2026-06-01' }))],
      {
        asOf,
        actor,
      },
    );

    const { summary } = await importHouseholds(deps, [row(2, valid('H1', { status: '', members: '4' }))], {
      asOf,
      actor,
    });

    expect(summary.updated).toBe(1);
    expect(await store.households.get('H1')).toMatchObject({ status: 'monitored', members: 4 });
  });

  it('rejects a lastVisitDate that would move the schedule of a household with visit records (D2)', async () => {
    const store = createMemoryStore();
    const deps = depsOn(store);
    const monitored = { status: 'monitored', monitoredSince: '2026-06-01', lastVisitDate: '2026-10-01' };
    await importHouseholds(deps, [row(2, valid('H1', monitored))], { asOf, actor });
    await recordVisit(deps, {
      householdId: 'H1',
      date: '2026-11-10',
      method: 'home',
      visitor: 'v',
      findings: 'f',
      at: '2026-11-10T10:00:00+08:00',
      actor,
      guard: () => {},
    });

    const again = await importHouseholds(deps, [row(2, valid('H1', monitored))], { asOf, actor });
    const later = await importHouseholds(
      deps,
      [row(2, valid('H1', { ...monitored, lastVisitDate: '2026-11-20' }))],
      { asOf, actor },
    );

    expect(again.summary).toMatchObject({ unchanged: 1, rejected: 0 });
    expect(later.summary).toMatchObject({ updated: 0, rejected: 1 });
    expect(later.rejectedRows).toEqual([
      { row: 2, column: 'lastVisitDate', reason: expect.stringContaining('only a recorded visit') },
    ]);
    expect((await store.households.get('H1'))?.lastHomeVisit).toBe('2026-11-10');
  });
});
