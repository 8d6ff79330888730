// Issue 17 item 7, for every Store adapter: a household's measures and a case's acknowledgements grow without
// bound, yet the household and case items stay far under DynamoDB's 400 KB item limit (which the memory
// store enforces too), so their writes and their village's sweep shard keep working. Driven through the app
// layer (the measures import, POST …/measures, POST /v1/cases/{id}/acknowledge, the daily sweep).
import { describe, expect, it } from 'vitest';
import { acknowledgeCase } from '../../lib/app/acknowledge-case';
import { getHousehold } from '../../lib/app/get-household';
import { importMeasures } from '../../lib/app/import-measures';
import { recordMeasure } from '../../lib/app/record-measure';
import { type MeasureType, measureTypes } from '../../lib/domain/model';
import { addDays } from '../../lib/domain/time';
import type { Store } from '../../lib/ports/store';
import { importTwoMonitored } from './monitored-households';
import { runSweep, sweepDeps } from './sweep-harness';

const village = '532931101201';
const asOf = '2026-12-01T10:00:00+08:00';
const actor = { kind: 'system' as const, name: 'test' };
const anywhere = () => {};
// A long note (DynamoDB counts UTF-8 bytes: 3 per Chinese character), as an officer may write.
const note = (n: number) => `第${n}次：${'入户核实家庭收入与帮扶落实情况，'.repeat(12)}`;

const county = (store: Store) => importTwoMonitored(store, { prefix: 'UL', villageCode: village, asOf });

/** `n` distinct measures (type, start date) of one household, as rows of the measures file. */
function measureRows(householdId: string, n: number) {
  const types = measureTypes as readonly MeasureType[];
  return Array.from({ length: n }, (_, i) => ({
    rowNumber: i + 2,
    record: {
      householdId,
      type: types[i % types.length] as string,
      startDate: addDays('2026-11-30', -Math.floor(i / types.length)),
      status: 'active',
      note: note(i),
    },
  }));
}

export function unboundedListsSuite(
  name: string,
  makeStore: () => Promise<Store>,
  counts: { measures: number; acknowledgements: number; timeoutMs?: number },
) {
  describe(`${name}: lists that grow without bound live in items of their own (issue 17 item 7)`, () => {
    it(
      `${counts.measures} measures on one household: imported, recorded, listed, re-imported as a no-op, swept`,
      async () => {
        const deps = await county(await makeStore());
        const rows = measureRows('UL-1', counts.measures);

        // One chunk: the household's rows together (a county's file has a few per household; here they are
        // all one household's, and each chunk reads every measure it has for the deduplication).
        const options = { asOf, actor, chunkSize: counts.measures };
        const first = await importMeasures(deps, rows, options);
        const recorded = await recordMeasure(deps, {
          householdId: 'UL-1',
          type: 'insurance',
          startDate: '2026-12-01',
          note: note(-1),
          at: asOf,
          actor,
          guard: anywhere,
        });
        const again = await importMeasures(deps, rows, options);

        expect(first.rejectedRows).toEqual([]);
        expect(first.summary.created).toBe(counts.measures);
        expect(again.summary).toEqual({
          read: counts.measures,
          created: 0,
          updated: 0,
          unchanged: counts.measures,
          rejected: 0,
        });
        expect(recorded.household.measureSummary.count).toBe(counts.measures + 1);
        const detail = await getHousehold(deps, { householdId: 'UL-1', at: asOf, guard: anywhere });
        expect(detail.measures).toHaveLength(counts.measures + 1);
        expect(detail.elimination.conditions.E1).toBe(true);
        // The household item carries a bounded summary only.
        expect(JSON.stringify(detail.household).length).toBeLessThan(8_000);

        // The village's daily sweep reads the household (no measures_missing for it) and opens one for UL-2.
        const sweep = await runSweep(sweepDeps(deps.store), 'daily', '2026-12-02T06:00:00+08:00');
        expect(sweep.run?.summary).toMatchObject({ failed: 0 });
        expect((await deps.store.cases.openCasesForHousehold('UL-1')).map((c) => c.kind)).not.toContain(
          'measures_missing',
        );
        expect((await deps.store.cases.openCasesForHousehold('UL-2')).map((c) => c.kind)).toContain(
          'measures_missing',
        );
      },
      counts.timeoutMs,
    );

    it(
      `${counts.acknowledgements} acknowledgements of one case: each a record, the case keeps the latest and escalates`,
      async () => {
        const deps = await county(await makeStore());
        const sd = sweepDeps(deps.store);
        await runSweep(sd, 'daily', '2026-12-02T06:00:00+08:00');
        const open = (await deps.store.cases.openCasesForHousehold('UL-2')).find(
          (c) => c.kind === 'measures_missing',
        );
        if (!open) throw new Error('no measures_missing case opened');

        for (let i = 1; i <= counts.acknowledgements; i++) {
          await acknowledgeCase(deps, {
            caseId: open.caseId,
            note: note(i),
            by: 'officer-1',
            at: `2026-12-02T${String(8 + Math.floor(i / 3600)).padStart(2, '0')}:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}+08:00`,
            actor,
            guard: anywhere,
          });
        }
        // The village's next sweeps still write the case: it escalates to the township.
        await runSweep(sd, 'daily', '2026-12-07T06:00:00+08:00');

        const kase = await deps.store.cases.get(open.caseId);
        expect(kase?.level).toBe('township');
        expect(kase?.acknowledgementCount).toBe(counts.acknowledgements);
        expect(kase?.acknowledgements.map((a) => a.note)).toEqual(
          [4, 3, 2, 1, 0].map((k) => note(counts.acknowledgements - k)),
        );
        const newest = await deps.store.cases.acknowledgements(open.caseId, { limit: 2 });
        expect(newest.items.map((a) => [a.ordinal, a.note])).toEqual([
          [counts.acknowledgements, note(counts.acknowledgements)],
          [counts.acknowledgements - 1, note(counts.acknowledgements - 1)],
        ]);
        let all = 0;
        for (let cursor: string | null = null, first = true; first || cursor; first = false) {
          const page = await deps.store.cases.acknowledgements(open.caseId, { limit: 500, cursor });
          all += page.items.length;
          cursor = page.cursor;
        }
        expect(all).toBe(counts.acknowledgements);
      },
      counts.timeoutMs,
    );
  });
}
