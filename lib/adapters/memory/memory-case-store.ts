// The in-memory twin of lib/adapters/dynamodb/case-store.ts.
import { type Case, type CaseLevel, caseLevels } from '../../domain/model';
import type { CaseFilter, CaseStore } from '../../ports/case-store';
import { unitLevelOf } from '../../ports/unit-code';
import { clone, type MemoryState, paged, sorted, utc } from './memory-state';

export function createMemoryCaseStore(s: MemoryState): CaseStore {
  const { cases, dedup, acknowledgements } = s;
  function caseLists(unitCode: string, filter: CaseFilter) {
    unitLevelOf(unitCode);
    const status = filter.status ?? 'open';
    const levels: readonly CaseLevel[] = filter.level ? [filter.level] : caseLevels;
    return levels.map((level) => ({
      scope: `${unitCode}#${status}#${level}#${filter.kind ?? ''}#${filter.resolvedSince ?? ''}`,
      rows: sorted(
        [...cases.values()]
          .filter(
            (c) =>
              c.status === status &&
              c.level === level &&
              (c.villageCode ?? c.townshipCode).startsWith(unitCode) &&
              (!filter.kind || c.kind === filter.kind) &&
              (!filter.resolvedSince ||
                (c.resolvedAt !== null && utc(c.resolvedAt) >= utc(filter.resolvedSince))),
          )
          .map((c) => ({
            sort: `${c.villageCode ?? c.townshipCode}#${utc(c.openedAt)}#${c.caseId}`,
            value: clone(c),
          })),
      ),
    }));
  }

  /** Every case of a unit matching the filter, in `listByUnit`'s order (as the DynamoDB store). */
  const casesInUnit = async (unitCode: string, filter: CaseFilter): Promise<Case[]> =>
    caseLists(unitCode, filter).flatMap((l) => l.rows.map((r) => r.value));

  return {
    async get(id) {
      const c = cases.get(id);
      return c ? clone(c) : null;
    },
    async acknowledgements(caseId, page) {
      const rows = [...acknowledgements.values()]
        .filter((a) => a.caseId === caseId)
        .map((a) => ({ sort: String(a.ordinal).padStart(9, '0'), value: clone(a) }));
      return paged([{ scope: `acks#${caseId}`, rows: sorted(rows, true), descending: true }], page);
    },
    async findOpenByDedupKey(key) {
      const id = dedup.get(key);
      return id ? clone(cases.get(id) as Case) : null;
    },
    async openCasesForHousehold(householdId) {
      return sorted(
        [...cases.values()]
          .filter((c) => c.householdId === householdId && c.status === 'open')
          .map((c) => ({ sort: `${utc(c.openedAt)}#${c.caseId}`, value: clone(c) })),
      ).map((r) => r.value);
    },
    async listByUnit(unitCode, filter, page) {
      return paged(caseLists(unitCode, filter), page);
    },
    async openCasesInUnit(unitCode, level) {
      return casesInUnit(unitCode, { status: 'open', level });
    },
    casesInUnit,
    async resolvedSince(countyCode, level, since) {
      return sorted(
        [...cases.values()]
          .filter(
            (c) =>
              c.status === 'resolved' &&
              c.countyCode === countyCode &&
              c.level === level &&
              c.resolvedAt !== null &&
              utc(c.resolvedAt) >= utc(since),
          )
          .map((c) => ({ sort: `${utc(c.resolvedAt as string)}#${c.caseId}`, value: clone(c) })),
      ).map((r) => r.value);
    },
  };
}
