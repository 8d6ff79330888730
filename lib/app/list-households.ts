// GET /v1/units/{code}/households: one page of a unit's households, filtered (§7 overdue as of today).
import type { Grade, HouseholdCategory, HouseholdStatus, LocalDate, VisitClass } from '../domain/model';
import type { HouseholdFilter, HouseholdSummary } from '../ports/household-store';
import type { Page } from '../ports/pagination';
import type { Store } from '../ports/store';

export interface HouseholdListRequest {
  unitCode: string;
  grade?: Grade;
  status?: HouseholdStatus;
  category?: HouseholdCategory;
  visitClass?: VisitClass;
  /** Only households overdue on `today`. */
  overdue?: boolean;
  /** §11: only households eligible for elimination. */
  eligibleForElimination?: boolean;
  today: LocalDate;
  limit: number;
  cursor?: string | null;
}

export async function listHouseholds(
  store: Store,
  request: HouseholdListRequest,
): Promise<Page<HouseholdSummary>> {
  const filter: HouseholdFilter = {
    ...(request.grade ? { grade: request.grade } : {}),
    ...(request.status ? { status: request.status } : {}),
    ...(request.category ? { category: request.category } : {}),
    ...(request.visitClass ? { visitClass: request.visitClass } : {}),
    ...(request.overdue ? { overdueAsOf: request.today } : {}),
    ...(request.eligibleForElimination ? { eligibleForElimination: true } : {}),
  };
  return store.households.listByUnit(request.unitCode, filter, {
    limit: request.limit,
    cursor: request.cursor ?? null,
  });
}
