// ADR 0021: the import adds the counter deltas of the rows it wrote instead of recounting. This scenario
// imports into a county that already has households (updates, moves to another township, leads raised,
// unchanged rows, new households, a rejected row), then recounts every village from its households and open
// cases: the counters (village items, township roll-ups, county and township summaries) must not move.
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { createMemoryIdVault } from '../../lib/adapters/memory/memory-id-vault';
import type { HouseholdChangeDeps } from '../../lib/app/apply-household-change';
import { recountVillages } from '../../lib/app/import-counters';
import { type ImportRow, importHouseholds } from '../../lib/app/import-households';
import { defaultPolicy } from '../../lib/domain/policy';
import { WorkingDayCalendar } from '../../lib/domain/working-days';
import { demoHouseholds } from '../../lib/local/demo-county';
import type { Store } from '../../lib/ports/store';

const county = '532931';
const actor = { kind: 'system' as const, name: 'test' };

/** Every counter the store holds for the county, as a recount would compare it (lastSweepAt left out). */
async function countersOf(store: Store, villages: readonly string[]) {
  const strip = <T extends { lastSweepAt: unknown }>({ lastSweepAt: _, ...rest }: T) => rest;
  const townships = [...new Set(villages.map((v) => v.slice(0, 9)))].sort();
  return {
    villages: Object.fromEntries(
      await Promise.all(villages.map(async (v) => [v, (await store.counters.unitCounts(v)).values] as const)),
    ),
    townships: Object.fromEntries(
      await Promise.all(
        townships.map(async (t) => [t, (await store.counters.unitCounts(t)).values] as const),
      ),
    ),
    county: strip(await store.counters.summary(county)),
    children: (await store.counters.childSummaries(county)).map(strip),
    townshipSummaries: await Promise.all(townships.map(async (t) => strip(await store.counters.summary(t)))),
  };
}

export async function importedCountersEqualARecount(store: Store): Promise<void> {
  const deps: HouseholdChangeDeps = {
    store,
    policyFor: () => defaultPolicy,
    calendar: WorkingDayCalendar.chinaOfficial(),
    newId: randomUUID,
    idNumbers: createMemoryIdVault(),
  };
  const demo = [...demoHouseholds('2026-12-01', { seed: 11, townships: 2, villagesPerTownship: 2 })].map(
    (h) => h.row,
  );
  const rows = (records: Record<string, string>[]): ImportRow[] =>
    records.map((record, i) => ({ rowNumber: i + 2, record }));
  const villages = [...new Set(demo.map((r) => r.villageCode as string))].sort();
  const existing = demo.slice(0, Math.floor(demo.length * 0.6));
  const fresh = demo.slice(existing.length);

  // The county's existing households (counted by this same path: checked against a recount below too).
  const first = await importHouseholds(deps, rows(existing), {
    asOf: '2026-12-01T09:00:00+08:00',
    actor,
    chunkSize: 50,
  });
  expect(first.summary.rejected).toBe(0);

  // The second file: every third existing household with no wage income (regraded; some raise a lead),
  // every seventh moved to a village of the other township (D9: its open cases go with it), the rest of the
  // existing ones unchanged, the new ones created, and one row rejected.
  const otherTownship = (v: string) => villages.find((x) => x.slice(0, 9) !== v.slice(0, 9)) as string;
  const second = [
    ...existing.map((r, i) => ({
      ...r,
      ...(i % 3 === 0 ? { wageIncome: '0', priorYearNetIncome: '0' } : {}),
      ...(i % 7 === 0 ? { villageCode: otherTownship(r.villageCode as string) } : {}),
    })),
    ...fresh,
    { ...(fresh[0] as Record<string, string>), householdId: 'BAD-1', members: 'many' },
  ];
  const result = await importHouseholds(deps, rows(second), {
    asOf: '2026-12-01T15:00:00+08:00',
    actor,
    chunkSize: 50,
  });
  expect(result.summary).toMatchObject({ created: fresh.length, rejected: 1 });
  expect(result.summary.updated).toBeGreaterThan(existing.length / 3);
  expect(result.summary.unchanged).toBeGreaterThan(0);
  // Deltas, not a recount (nothing failed).
  expect(result.recounted).toEqual([]);

  const imported = await countersOf(store, villages);
  expect(imported.county.households).toBe(demo.length);
  expect(imported.county.openCasesByKind.lead_unverified).toBeGreaterThan(0);

  await recountVillages(store, villages, '2026-12-01T15:00:00+08:00');
  expect(await countersOf(store, villages)).toEqual(imported);
}
