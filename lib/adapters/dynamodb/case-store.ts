// CaseStore on the table (docs/data-model.md "Cases"): cases by id, by dedup key, by household, by unit
// and level, resolved since.
import { type Case, type CaseAcknowledgement, type CaseLevel, caseLevels } from '../../domain/model';
import type { CaseFilter, CaseStore } from '../../ports/case-store';
import { countyOf, unitLevelOf } from '../../ports/unit-code';
import {
  caseKey,
  casesPartition,
  dedupKey,
  householdCasesPartition,
  type Item,
  recordOf,
  resolvedPartition,
  utc,
} from './keys';
import { mapPage, type StoreContext } from './store-context';
import type { Filter, QuerySpec } from './table-client';
import { indexes } from './table-definition';

const theCase = (item: Item) => recordOf<Case>(item);

function casePartitions(unitCode: string, filter: CaseFilter): QuerySpec[] {
  unitLevelOf(unitCode);
  const status = filter.status ?? 'open';
  const levels: readonly CaseLevel[] = filter.level ? [filter.level] : caseLevels;
  return levels.map((level) => ({
    index: indexes.casesByUnit,
    pk: casesPartition(countyOf(unitCode), status),
    sk: { op: 'begins_with', value: `${level}#${unitCode}` },
    forward: true,
    filter: caseFilterExpression(filter),
  }));
}

/** The kind and resolved-since parts of a case filter (gsi11sk, on resolved cases only, starts with
 *  the resolution instant in UTC, so it compares as text where `resolvedAt`'s offsets would not). */
function caseFilterExpression(filter: CaseFilter): Filter | undefined {
  const parts: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  if (filter.kind) {
    parts.push('#kind = :kind');
    names['#kind'] = 'kind';
    values[':kind'] = filter.kind;
  }
  if (filter.resolvedSince) {
    parts.push('gsi11sk >= :resolvedSince');
    values[':resolvedSince'] = utc(filter.resolvedSince);
  }
  return parts.length > 0 ? { expression: parts.join(' AND '), names, values } : undefined;
}

export function createDynamoCaseStore({ db, getItem }: StoreContext): CaseStore {
  /** Every case of a unit matching the filter: one query per level, in parallel, in the levels' order. */
  async function casesInUnit(unitCode: string, filter: CaseFilter): Promise<Case[]> {
    const perLevel = await Promise.all(casePartitions(unitCode, filter).map((spec) => db.queryAll(spec)));
    return perLevel.flat().map(theCase);
  }

  return {
    async get(caseId) {
      const item = await getItem(caseKey(caseId));
      return item ? theCase(item) : null;
    },
    async acknowledgements(caseId, page) {
      const spec: QuerySpec = {
        pk: caseKey(caseId).pk,
        sk: { op: 'begins_with', value: 'ACK#' },
        forward: false,
      };
      return mapPage(await db.page([spec], page), (i) => recordOf<CaseAcknowledgement>(i));
    },
    async findOpenByDedupKey(key) {
      const lock = await getItem(dedupKey(key));
      if (!lock?.openCaseId) return null;
      const item = await getItem(caseKey(lock.openCaseId as string));
      return item ? theCase(item) : null;
    },
    async openCasesForHousehold(householdId) {
      const items = await db.queryAll({
        index: indexes.byParent,
        pk: householdCasesPartition(householdId),
        sk: { op: 'begins_with', value: 'open#' },
        forward: true,
      });
      return items.map(theCase);
    },
    async listByUnit(unitCode, filter, page) {
      return mapPage(await db.page(casePartitions(unitCode, filter), page), theCase);
    },
    async openCasesInUnit(unitCode, level) {
      return casesInUnit(unitCode, { status: 'open', level });
    },
    casesInUnit,
    async resolvedSince(countyCode, level, since) {
      const items = await db.queryAll({
        index: indexes.casesResolved,
        pk: resolvedPartition(countyCode, level),
        sk: { op: '>=', value: utc(since) },
        forward: true,
      });
      return items.map(theCase);
    },
  };
}
