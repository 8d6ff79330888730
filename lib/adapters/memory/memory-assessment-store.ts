// The in-memory twin of lib/adapters/dynamodb/assessment-store.ts.
import type { AssessmentStore } from '../../ports/assessment-store';
import { clone, type MemoryState } from './memory-state';

export function createMemoryAssessmentStore(s: MemoryState): AssessmentStore {
  const { assessments, villageMonths } = s;

  return {
    async recentMonthly(householdId, count) {
      if (count <= 0) return [];
      return [...assessments.values()]
        .filter((a) => a.householdId === householdId)
        .sort((a, b) => (a.month < b.month ? 1 : -1))
        .slice(0, count)
        .map(clone);
    },
    async monthly(householdId, month) {
      const a = assessments.get(`${householdId}#${month}`);
      return a ? clone(a) : null;
    },
    async villageMonths(villageCode, count, upTo) {
      if (count <= 0) return [];
      return [...villageMonths.values()]
        .filter((v) => v.villageCode === villageCode && v.month <= upTo)
        .sort((a, b) => (a.month < b.month ? 1 : -1))
        .slice(0, count)
        .map(clone);
    },
    async putVillageMonth(record) {
      villageMonths.set(`${record.villageCode}#${record.month}`, clone(record));
    },
  };
}
