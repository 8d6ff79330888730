// Reading cases (spec §8; interface.md `GET /v1/cases`). Opening and updating go through UnitOfWork.
import type { Case, CaseAcknowledgement, CaseKind, CaseLevel, Instant } from '../domain/model';
import type { Page, PageRequest } from './pagination';

export interface CaseFilter {
  kind?: CaseKind;
  /** Absent: every level. */
  level?: CaseLevel;
  /** Default 'open'. */
  status?: 'open' | 'resolved';
  /** Only cases resolved at or after this instant (so no open case). A filter: DynamoDB still reads, and
   *  bills, the unit's other cases of that status; what it saves is returning and decoding them. */
  resolvedSince?: Instant;
}

export interface CaseStore {
  get(caseId: string): Promise<Case | null>;
  /** Every acknowledgement of a case as its own record, newest first (a case written before they were
   *  records holds its earlier ones in `acknowledgements` only, until its next acknowledgement). */
  acknowledgements(caseId: string, page?: PageRequest): Promise<Page<CaseAcknowledgement>>;
  /** The open case holding a dedup key, if any (§8 one open case per key). */
  findOpenByDedupKey(dedupKey: string): Promise<Case | null>;
  openCasesForHousehold(householdId: string): Promise<Case[]>;
  /** Cases that originate in a unit (its villages, or the township itself), by level, oldest first. */
  listByUnit(unitCode: string, filter: CaseFilter, page?: PageRequest): Promise<Page<Case>>;
  /** Every open case originating in the unit (the daily sweep's shard, a digest), all pages. */
  openCasesInUnit(unitCode: string, level?: CaseLevel): Promise<Case[]>;
  /** Every case originating in the unit that matches the filter (status default open), all pages, in
   *  `listByUnit`'s order; the levels are read at once (the monthly report's case activity). */
  casesInUnit(unitCode: string, filter: CaseFilter): Promise<Case[]>;
  /** Cases of a county resolved at `level` at or after `since` (digest "resolved since the last digest"). */
  resolvedSince(countyCode: string, level: CaseLevel, since: Instant): Promise<Case[]>;
}
