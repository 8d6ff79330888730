// Reading households (spec §2, §7; interface.md `GET /v1/units/{code}/households`). Writes go through UnitOfWork.
import type {
  Grade,
  Household,
  HouseholdCategory,
  HouseholdStatus,
  LocalDate,
  Measure,
  Visit,
  VisitClass,
} from '../domain/model';
import type { Page, PageRequest } from './pagination';

/** Criteria combine with AND. */
export interface HouseholdFilter {
  status?: HouseholdStatus;
  category?: HouseholdCategory;
  grade?: Grade;
  visitClass?: VisitClass;
  /** §7 overdue as of this local date: nextVisitDue < overdueAsOf. */
  overdueAsOf?: LocalDate;
  /** §11: only households eligible for elimination (monitored, and the last assessment's conditions all
   *  hold: `assessment.elimination.eligible`, as the summary's `eligibleForElimination` counts them). */
  eligibleForElimination?: boolean;
}

/** A household list row (what the list indexes carry). headName is PII: mask it at the edge. */
export interface HouseholdSummary {
  householdId: string;
  villageCode: string;
  headName: string;
  category: HouseholdCategory;
  status: HouseholdStatus;
  grade: Grade | null;
  visitClass: VisitClass | null;
  nextVisitDue: LocalDate | null;
}

export interface HouseholdStore {
  get(householdId: string): Promise<Household | null>;
  /** Missing ids are absent from the map. */
  getMany(householdIds: readonly string[]): Promise<Map<string, Household>>;
  /** §10 department alerts match on the head's ID number by its keyed hash (IdNumberVault.hash, D16). */
  findByIdHash(hash: string): Promise<Household[]>;
  /** Every household of a village (a sweep shard), in pages of full records, ordered by householdId. */
  listVillage(villageCode: string, pageSize?: number): AsyncIterable<Household[]>;
  /** Households of a village (12 digits), township (9) or county (6), ordered by village then id
   *  (by nextVisitDue when filtering overdue and not eligibility; status by status for a township or county
   *  without a filter).
   *  A full page may come with a cursor whose next page is empty. */
  listByUnit(unitCode: string, filter: HouseholdFilter, page?: PageRequest): Promise<Page<HouseholdSummary>>;
  /** The household's measure records (all of them, by start date then id). A household written before
   *  measures were records may also hold some in `legacyMeasures`: app/household-measures.ts merges them. */
  measures(householdId: string): Promise<Measure[]>;
  /** §7 visits of a household, newest first. */
  visits(householdId: string, page?: PageRequest): Promise<Page<Visit>>;
}
