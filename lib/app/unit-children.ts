// GET /v1/units/{code}/children: a township's villages or a county's townships side by side, each with
// its summary (from the counter records, as GET /v1/units/{code}/summary). The child units are the
// villages that have a counter record (every village with a household has one), so a child with no
// households yet is not listed. A village has no children.
import { countyOf } from '../domain/division-code';
import type { UnitSummary } from '../ports/counter-store';
import type { Store } from '../ports/store';

export type ChildSort = 'code' | 'overdue' | 'openCases' | 'red';

const overdue = (s: UnitSummary) => Object.values(s.overdueByClass).reduce((a, b) => a + b, 0);
const openCases = (s: UnitSummary) => Object.values(s.openCasesByLevel).reduce((a, b) => a + b, 0);
const sortKey: Record<Exclude<ChildSort, 'code'>, (s: UnitSummary) => number> = {
  overdue,
  openCases,
  red: (s) => s.byGrade.red,
};

/** The child units' summaries; sorted by code, or by the named count (largest first, then code). */
export async function unitChildren(store: Store, unitCode: string, sort: ChildSort): Promise<UnitSummary[]> {
  if (unitCode.length === 12) return [];
  const childLength = unitCode.length === 6 ? 9 : 12;
  const villages = await store.counters.listVillages(countyOf(unitCode));
  const children = [
    ...new Set(villages.filter((v) => v.startsWith(unitCode)).map((v) => v.slice(0, childLength))),
  ].sort();
  const summaries = await Promise.all(children.map((code) => store.counters.summary(code)));
  if (sort === 'code') return summaries;
  const key = sortKey[sort];
  return summaries.sort((a, b) => key(b) - key(a) || a.unitCode.localeCompare(b.unitCode));
}
