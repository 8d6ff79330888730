// What the API's use cases need: the store, the policy in force for a county and year, the working-day
// calendar and an id source (times are arguments).
import { countyOf } from '../domain/division-code';
import { DomainError } from '../domain/errors';
import type { Instant } from '../domain/model';
import { defaultPolicy, type Policy } from '../domain/policy';
import { localDateOf } from '../domain/time';
import type { HouseholdChangeDeps } from './apply-household-change';

export type ApiUseCaseDeps = HouseholdChangeDeps;

/** §4 the policy in force for a unit at an instant (the year of its local date). */
export function policyAt(deps: Pick<ApiUseCaseDeps, 'policyFor'>, unitCode: string, at: Instant): Policy {
  const year = Number(localDateOf(at, defaultPolicy.timezone).slice(0, 4));
  return deps.policyFor(countyOf(unitCode), year);
}

/** The local date of `at` where the unit is (its policy's timezone). */
export function todayAt(deps: Pick<ApiUseCaseDeps, 'policyFor'>, unitCode: string, at: Instant): string {
  return localDateOf(at, policyAt(deps, unitCode, at).timezone);
}

/** Called with the unit a use case is about to read or change; throws outsideScope() outside scope. */
export type ScopeGuard = (unitCode: string) => void;

/**
 * D16: the one answer to a request outside the caller's scope (403). It names no unit or household of the
 * other scope, and a household or case id that does not exist gets exactly this answer too, so an answer
 * never tells whether an id exists elsewhere.
 */
export const outsideScope = (): DomainError =>
  new DomainError('forbidden', 'outside your scope, or not found');
