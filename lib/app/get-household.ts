// GET /v1/households/{id}: the household with what explains it today (open cases, §11 check).
import { checkElimination, type EliminationCheck } from '../domain/elimination';
import type { Case, Household, Instant, LocalDate, Measure } from '../domain/model';
import { localDateOf } from '../domain/time';
import type { Store } from '../ports/store';
import { type ApiUseCaseDeps, outsideScope, policyAt, type ScopeGuard } from './api-deps';
import { measuresOf } from './household-measures';
import { recentMonthlyFlags } from './monthly-history';

export interface HouseholdDetail {
  household: Household;
  /** Every measure of the household (its own records), by start date. */
  measures: Measure[];
  openCases: Case[];
  elimination: Pick<EliminationCheck, 'eligible' | 'conditions'>;
  today: LocalDate;
}

/** The stored household; `guard` sees its village before anything else is read. D16: a household that
 *  does not exist is answered like one outside the caller's scope (outsideScope). */
export async function loadHousehold(
  store: Store,
  householdId: string,
  guard: ScopeGuard,
): Promise<Household> {
  const household = await store.households.get(householdId);
  if (!household) throw outsideScope();
  guard(household.villageCode);
  return household;
}

/** What the detail answer shows besides the record: open cases and §11 as checked at `at`. */
export async function describeHousehold(
  deps: Pick<ApiUseCaseDeps, 'store' | 'policyFor'>,
  household: Household,
  at: Instant,
): Promise<HouseholdDetail> {
  const policy = policyAt(deps, household.villageCode, at);
  const today = localDateOf(at, policy.timezone);
  const [openCases, monthly, measures] = await Promise.all([
    deps.store.cases.openCasesForHousehold(household.householdId),
    household.status === 'monitored'
      ? recentMonthlyFlags(deps.store.assessments, household, policy.eliminationStableMonths)
      : Promise.resolve([]),
    measuresOf(deps.store, household),
  ]);
  // D3: E3 from the household's own monthly history, as the monthly sweep judged it.
  const elimination = checkElimination(household, { policy, today, recentMonthly: monthly });
  return { household, measures, openCases, elimination, today };
}

export async function getHousehold(
  deps: Pick<ApiUseCaseDeps, 'store' | 'policyFor'>,
  input: { householdId: string; at: Instant; guard: ScopeGuard },
): Promise<HouseholdDetail> {
  const household = await loadHousehold(deps.store, input.householdId, input.guard);
  return describeHousehold(deps, household, input.at);
}
