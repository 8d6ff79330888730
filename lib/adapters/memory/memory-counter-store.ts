// The in-memory twin of lib/adapters/dynamodb/counter-store.ts.
import { DomainError } from '../../domain/errors';
import type { CounterStore } from '../../ports/counter-store';
import { counterKeys, summarize, summarizeChildren, type UnitCounts } from '../../ports/counter-store';
import { countyOf, unitLevelOf } from '../../ports/unit-code';
import { clone, counterOf, type MemoryState } from './memory-state';

export function createMemoryCounterStore(s: MemoryState): CounterStore {
  const { counters } = s;
  const counter = (unit: string) => counterOf(s, unit);
  /** The counter records inside a unit (a village: its own), ordered by code. */
  const recordsUnder = (unitCode: string): UnitCounts[] => {
    const level = unitLevelOf(unitCode);
    return [...counters.entries()]
      .filter(([unit]) =>
        level === 'village'
          ? unit === unitCode
          : unit.startsWith(unitCode) && countyOf(unit) === countyOf(unitCode),
      )
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([unit, c]) => ({
        unitCode: unit,
        values: c.values,
        revision: c.revision,
        lastSweepAt: c.lastSweepAt,
      }));
  };

  return {
    async summary(unitCode) {
      return summarize(unitCode, recordsUnder(unitCode));
    },
    async childSummaries(unitCode) {
      return summarizeChildren(unitCode, recordsUnder(unitCode));
    },
    async ensureRollups() {},
    async unitCounts(unitCode) {
      const c = counter(unitCode);
      const values = Object.fromEntries(Object.entries(c.values).filter(([, v]) => v !== 0));
      return { unitCode, values: clone(values), revision: c.revision, lastSweepAt: c.lastSweepAt };
    },
    async replace(unitCode, values, { sweptAt, expectedRevision }) {
      const c = counter(unitCode);
      if (expectedRevision !== undefined && c.revision !== expectedRevision) {
        throw new DomainError('conflict', `counters of ${unitCode} changed since they were read`);
      }
      const full = Object.fromEntries(counterKeys.map((k) => [k, values[k] ?? 0]));
      counters.set(unitCode, { values: full, revision: c.revision + 1, lastSweepAt: sweptAt });
    },
    async listVillages(countyCode) {
      return [...counters.keys()]
        .filter((u) => u.length === 12 && (countyCode === undefined || countyOf(u) === countyCode))
        .sort();
    },
  };
}
