// HouseholdStore on the table (docs/data-model.md "Households"): households, their lists by unit and
// criteria (ADR 0010), their visits.

import { allMeasures } from '../../domain/measures';
import type { Household, HouseholdMeasure } from '../../domain/model';
import { householdStatuses } from '../../domain/model';
import type { HouseholdFilter, HouseholdStore, HouseholdSummary } from '../../ports/household-store';
import type { Page, PageRequest } from '../../ports/pagination';
import { countyOf, townshipOf, unitLevelOf } from '../../ports/unit-code';
import {
  duePartition,
  eligiblePartition,
  householdAttributePartition,
  householdKey,
  householdOf,
  type Item,
  idHashPartition,
  recordOf,
  villagePartition,
} from './keys';
import { mapPage, type StoreContext } from './store-context';
import type { Filter, QuerySpec } from './table-client';
import { indexes } from './table-definition';

const household = (item: Item) => householdOf(item);

function householdPartitions(unitCode: string, filter: HouseholdFilter): QuerySpec[] {
  const level = unitLevelOf(unitCode);
  const county = countyOf(unitCode);
  const criteria: [string, string, string | undefined][] = [
    ['grade', '_grade', filter.grade],
    ['visitClass', 'visitClass', filter.visitClass],
    ['status', 'status', filter.status],
    ['category', 'category', filter.category],
  ];
  const filterOn = (skip: string | null, extra: typeof criteria = []): Filter | undefined => {
    const rest = [...criteria, ...extra].filter(([name, , value]) => value !== undefined && name !== skip);
    if (rest.length === 0) return undefined;
    return {
      expression: rest.map((_, i) => `#f${i} = :f${i}`).join(' AND '),
      names: Object.fromEntries(rest.map(([, attr], i) => [`#f${i}`, attr])),
      values: Object.fromEntries(rest.map(([, , value], i) => [`:f${i}`, value])),
    };
  };
  if (filter.eligibleForElimination) {
    // §11: the sparse index of eligible households (by county, village#household); other criteria and
    // overdue filter its rows (all projected).
    const rest = filterOn(null);
    const due = filter.overdueAsOf;
    return [
      {
        index: indexes.eligibleByCounty,
        pk: eligiblePartition(county),
        sk: { op: 'begins_with', value: unitCode },
        forward: true,
        filter: due
          ? {
              expression: [rest?.expression, '#due < :due'].filter(Boolean).join(' AND '),
              names: { ...rest?.names, '#due': 'nextVisitDue' },
              values: { ...rest?.values, ':due': due },
            }
          : rest,
      },
    ];
  }
  if (filter.overdueAsOf) {
    // Due lists by township and county (ADR 0010): a village's overdue households are its township's
    // overdue rows filtered by village code, still in due-date order.
    return [
      {
        index: level === 'county' ? indexes.dueByCounty : indexes.dueByTownship,
        pk: duePartition(level === 'county' ? county : townshipOf(unitCode)),
        sk: { op: '<', value: filter.overdueAsOf },
        forward: true,
        filter: filterOn(null, level === 'village' ? [['village', 'villageCode', unitCode]] : []),
      },
    ];
  }
  const byIndex = {
    grade: indexes.byGrade,
    visitClass: indexes.byVisitClass,
    status: indexes.byStatus,
    category: indexes.byCategory,
  } as const;
  for (const [name, , value] of criteria) {
    if (value === undefined) continue;
    const attr = name as keyof typeof byIndex;
    return [
      {
        index: byIndex[attr],
        pk: householdAttributePartition(attr, county, value),
        sk: { op: 'begins_with', value: unitCode },
        forward: true,
        filter: filterOn(name),
      },
    ];
  }
  if (level === 'village')
    return [{ index: indexes.byParent, pk: villagePartition(unitCode), forward: true }];
  return householdStatuses.map((s) => ({
    index: indexes.byStatus,
    pk: householdAttributePartition('status', county, s),
    sk: { op: 'begins_with', value: unitCode },
    forward: true,
  }));
}

const summaryOf = (i: Item): HouseholdSummary => ({
  householdId: i.householdId as string,
  villageCode: i.villageCode as string,
  headName: i.headName as string,
  category: i.category as HouseholdSummary['category'],
  status: i.status as HouseholdSummary['status'],
  grade: (i._grade as HouseholdSummary['grade']) ?? null,
  visitClass: (i.visitClass as HouseholdSummary['visitClass']) ?? null,
  nextVisitDue: (i.nextVisitDue as string | null) ?? null,
});

export function createDynamoHouseholdStore({ db, getItem }: StoreContext): HouseholdStore {
  async function getMany(ids: readonly string[]): Promise<Map<string, Household>> {
    const unique = [...new Set(ids)];
    const items = await db.getMany(unique.map(householdKey));
    return new Map(items.map((i) => [i.householdId as string, household(i)]));
  }

  /** Records stored under a sort-key prefix of one partition (visits, audit events), newest first, paged. */
  async function newestFirst<T>(pk: string, prefix: string, page: PageRequest | undefined): Promise<Page<T>> {
    const spec: QuerySpec = { pk, sk: { op: 'begins_with', value: prefix }, forward: false };
    return mapPage(await db.page([spec], page), (i) => recordOf<T>(i));
  }

  return {
    async get(id) {
      const item = await getItem(householdKey(id));
      return item ? household(item) : null;
    },
    getMany,
    async findByIdHash(hash) {
      const keys = await db.queryAll({ index: indexes.byIdHash, pk: idHashPartition(hash), forward: true });
      const found = await getMany(keys.map((k) => k.gsi3sk as string));
      // The index is eventually consistent: keep only records that still carry that number.
      return [...found.values()].filter((h) => h.headIdHash === hash);
    },
    async *listVillage(villageCode, pageSize = 200) {
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await db.query(
          { index: indexes.byParent, pk: villagePartition(villageCode), forward: true },
          pageSize,
          startKey,
        );
        if (page.items.length > 0) yield page.items.map(household);
        startKey = page.lastKey;
      } while (startKey);
    },
    async listByUnit(unitCode, filter, page) {
      return mapPage(await db.page(householdPartitions(unitCode, filter), page), summaryOf);
    },
    async measures(householdId) {
      const items = await db.queryAll({
        pk: householdKey(householdId).pk,
        sk: { op: 'begins_with', value: 'ME#' },
        forward: true,
        consistent: true,
      });
      return allMeasures(
        items.map((i) => {
          const { householdId: _, ...m } = recordOf<HouseholdMeasure>(i);
          return m;
        }),
        [],
      );
    },
    async visits(householdId, page) {
      return newestFirst(householdKey(householdId).pk, 'VI#', page);
    },
  };
}
