// The import's counters (ADR 0021): the counter deltas of the rows it wrote — the same deltas a single
// change adds in its own transaction (planHouseholdChange's counterChanges: a household's contribution
// before → after, a case opened, resolved or transferred) — summed per unit and added as atomic ADD updates
// with their townships' roll-ups (the unit of work's `counters`, ADR 0016), once per chunk of rows. The
// villages of a row whose write has an unknown outcome (a batch that failed part way) are recounted instead,
// and `recountVillages` (every touched village read back and replaced) stays for `--recount`.

import { DomainError } from '../domain/errors';
import type { Case, Instant } from '../domain/model';
import { defaultPolicy } from '../domain/policy';
import { localDateOf } from '../domain/time';
import { pool } from '../pool';
import { type CounterDelta, counterDelta } from '../ports/counter-store';
import type { Store } from '../ports/store';
import { townshipOf } from '../ports/unit-code';
import { type Change, maxItemsPerChange } from '../ports/unit-of-work';
import { caseCounterUnit, caseCounterValues, householdCounterValues, sumCounterValues } from './counters';

export type CounterEntry = { unitCode: string; delta: CounterDelta };

/** Deltas summed per unit (several rows of one village add up to one update). */
export class CounterTally {
  readonly deltas = new Map<string, CounterDelta>();

  add(entries: readonly CounterEntry[]): void {
    for (const { unitCode, delta } of entries) {
      const into = this.deltas.get(unitCode) ?? {};
      for (const [k, v] of Object.entries(delta) as [keyof CounterDelta, number][])
        into[k] = (into[k] ?? 0) + v;
      this.deltas.set(unitCode, into);
    }
  }

  get size(): number {
    return this.deltas.size;
  }
}

/** A change's deltas without the new cases it was written without (their dedup keys were already held). */
export function withoutCaseCounters(
  entries: readonly CounterEntry[],
  dropped: readonly Case[],
): CounterEntry[] {
  return [
    ...entries,
    ...dropped.map((c) => ({ unitCode: caseCounterUnit(c), delta: counterDelta(caseCounterValues(c), {}) })),
  ];
}

/**
 * Adds a tally to the counters as atomic ADD updates: counters-only changes through the unit of work, which
 * moves each township's roll-up in the same transaction (ADR 0016). Whole townships are packed into one
 * change up to the transaction limit (a township's units and its roll-up: a roll-up is never named twice in
 * one transaction), so 2,000 rows in 50 villages are one transaction. Each change is committed once: the
 * SDK's own retries of a transaction reuse its ClientRequestToken (applied at most once), and a change that
 * still fails is not sent again (an ADD is not idempotent): its units are returned for the caller to recount.
 */
export async function addCounterDeltas(
  store: Store,
  tally: CounterTally,
  options: { concurrency?: number } = {},
): Promise<string[]> {
  const byTownship = new Map<string, CounterEntry[]>();
  for (const [unitCode, delta] of tally.deltas) {
    if (!Object.values(delta).some((v) => v !== 0)) continue;
    const township = townshipOf(unitCode);
    const list = byTownship.get(township) ?? [];
    list.push({ unitCode, delta });
    byTownship.set(township, list);
  }
  const changes: CounterEntry[][] = [];
  let current: CounterEntry[] = [];
  let items = 0;
  const close = () => {
    if (current.length) changes.push(current);
    current = [];
    items = 0;
  };
  for (const entries of byTownship.values()) {
    // A township of more units than one transaction takes goes in parts, each with its roll-up update.
    for (let i = 0; i < entries.length; i += maxItemsPerChange - 1) {
      const part = entries.slice(i, i + maxItemsPerChange - 1);
      if (items + part.length + 1 > maxItemsPerChange || i > 0) close();
      current.push(...part);
      items += part.length + 1;
    }
  }
  close();
  const failed: string[] = [];
  await pool(changes, options.concurrency ?? 4, async (counters) => {
    try {
      await store.commit({ counters } satisfies Change);
    } catch {
      failed.push(...counters.map((e) => e.unitCode));
    }
  });
  return failed;
}

/**
 * Recounts villages from their households and open cases (the same contributions single changes add as
 * deltas), replacing their counters. A single change racing the recount makes it retry.
 */
export async function recountVillages(store: Store, villages: readonly string[], at: Instant): Promise<void> {
  const today = localDateOf(at, defaultPolicy.timezone);
  // Villages are independent counter records: several at once.
  await pool(villages, 16, async (village) => {
    await recountVillage(store, village, at, today);
  });
  for (const county of new Set(villages.map((v) => v.slice(0, 6))))
    await store.counters.ensureRollups(county);
}

async function recountVillage(store: Store, village: string, at: Instant, today: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const { revision } = await store.counters.unitCounts(village);
    let values = {};
    for await (const page of store.households.listVillage(village))
      values = sumCounterValues([values, ...page.map((h) => householdCounterValues(h, today))]);
    const cases = (await store.cases.openCasesInUnit(village)).filter((c) => caseCounterUnit(c) === village);
    values = sumCounterValues([values, ...cases.map(caseCounterValues)]);
    try {
      await store.counters.replace(village, values, { sweptAt: at, expectedRevision: revision });
      break;
    } catch (e) {
      if (!(e instanceof DomainError && e.code === 'conflict') || attempt >= 4) throw e;
    }
  }
}
