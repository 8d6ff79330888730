// The in-memory twin of lib/adapters/dynamodb/household-store.ts.
import { allMeasures } from '../../domain/measures';
import { type Household, householdStatuses } from '../../domain/model';
import type { HouseholdFilter, HouseholdStore, HouseholdSummary } from '../../ports/household-store';
import { unitLevelOf } from '../../ports/unit-code';
import { clone, type MemoryState, paged, sorted } from './memory-state';

export function createMemoryHouseholdStore(s: MemoryState): HouseholdStore {
  const { households, measures, visits } = s;
  const summaryOf = (h: Household): HouseholdSummary => ({
    householdId: h.householdId,
    villageCode: h.villageCode,
    headName: h.headName,
    category: h.category,
    status: h.status,
    grade: h.assessment?.grade ?? null,
    visitClass: h.visitClass,
    nextVisitDue: h.nextVisitDue,
  });

  const householdsOfUnit = (unitCode: string) => {
    unitLevelOf(unitCode);
    return [...households.values()].filter((h) => h.villageCode.startsWith(unitCode));
  };

  return {
    async get(id) {
      const h = households.get(id);
      return h ? clone(h) : null;
    },
    async getMany(ids) {
      return new Map(
        ids.flatMap((id) => (households.has(id) ? [[id, clone(households.get(id) as Household)]] : [])),
      );
    },
    async findByIdHash(hash) {
      return [...households.values()].filter((h) => h.headIdHash === hash).map(clone);
    },
    async *listVillage(villageCode, pageSize = 200) {
      const all = [...households.values()]
        .filter((h) => h.villageCode === villageCode)
        .sort((a, b) => (a.householdId < b.householdId ? -1 : 1));
      for (let i = 0; i < all.length; i += pageSize) yield all.slice(i, i + pageSize).map(clone);
    },
    async listByUnit(unitCode, filter: HouseholdFilter, page) {
      const matches = householdsOfUnit(unitCode).filter(
        (h) =>
          (!filter.status || h.status === filter.status) &&
          (!filter.category || h.category === filter.category) &&
          (!filter.grade || h.assessment?.grade === filter.grade) &&
          (!filter.visitClass || h.visitClass === filter.visitClass) &&
          (!filter.overdueAsOf || (h.nextVisitDue !== null && h.nextVisitDue < filter.overdueAsOf)),
      );
      const rows = matches.map((h) => ({
        sort: filter.overdueAsOf ? `${h.nextVisitDue}#${h.householdId}` : `${h.villageCode}#${h.householdId}`,
        value: summaryOf(h),
      }));
      const scope = `${unitCode}#${JSON.stringify(filter)}`;
      const unfiltered = Object.values(filter).every((v) => v === undefined);
      if (unfiltered && unitLevelOf(unitCode) !== 'village') {
        // Like the DynamoDB adapter: a township or county without a filter is read status by status.
        const byStatus = householdStatuses.map((status) => ({
          scope: `${scope}#${status}`,
          rows: sorted(rows.filter((r) => r.value.status === status)),
        }));
        return paged(byStatus, page);
      }
      return paged([{ scope, rows: sorted(rows) }], page);
    },
    async measures(householdId) {
      return allMeasures(
        [...measures.values()]
          .filter((m) => m.householdId === householdId)
          .map(({ householdId: _, ...m }) => clone(m)),
        [],
      );
    },
    async visits(householdId, page) {
      const rows = [...visits.values()]
        .filter((v) => v.householdId === householdId)
        .map((v) => ({ sort: `${v.date}#${v.visitId}`, value: clone(v) }));
      return paged([{ scope: `visits#${householdId}`, rows: sorted(rows, true), descending: true }], page);
    },
  };
}
