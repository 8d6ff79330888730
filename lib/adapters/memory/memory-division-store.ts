// The in-memory twin of lib/adapters/dynamodb/division-store.ts.
import type { Division } from '../../domain/divisions';
import type { DivisionStore } from '../../ports/division-store';

export function createMemoryDivisionStore(): DivisionStore {
  const divisions = new Map<string, Division>();
  return {
    async listCounty(countyCode) {
      return [...divisions.values()]
        .filter((d) => d.code.startsWith(countyCode))
        .sort((a, b) => a.code.localeCompare(b.code))
        .map((d) => ({ ...d }));
    },
    async children(unitCode) {
      const childLength = unitCode.length === 6 ? 9 : unitCode.length === 9 ? 12 : 0;
      return [...divisions.values()]
        .filter((d) => d.code.length === childLength && d.code.startsWith(unitCode))
        .sort((a, b) => a.code.localeCompare(b.code))
        .map((d) => ({ ...d }));
    },
    async getMany(codes) {
      const out = new Map<string, Division>();
      for (const c of codes) {
        const d = divisions.get(c);
        if (d) out.set(c, { ...d });
      }
      return out;
    },
    async hasDivisions(countyCode) {
      return [...divisions.keys()].some((c) => c.length > 6 && c.startsWith(countyCode));
    },
    async putMany(list) {
      for (const d of list) divisions.set(d.code, { ...d });
    },
  };
}
