// §7 visit schedule: which households must be visited, how, and by when.
//
// classSince, as implemented here (the spec leaves the edges open):
// - It is set to the local date a household ENTERS visit tracking, i.e. when its visit class goes
//   from null to a class (for a first import: the import's as-of date, since assess runs as of it).
// - It is KEPT when the class changes among red / yellow / blue / watch, so that "on a class change
//   next due is recomputed with the new interval from the same anchor" (§7): an upgrade from blue
//   (P3M) to red (P14D) can make a household overdue at once.
// - It is cleared when the class becomes null (e.g. a candidate under identification).
import { DomainError } from './errors';
import type { Grade, Household, HouseholdStatus, LocalDate, VisitClass } from './model';
import type { Policy } from './policy';
import { addDuration, daysBetween, isLocalDate } from './time';

export type VisitMethod = 'home' | 'phone';

/** §7: the grade for monitored; watch for watch households and eliminated (回头看, 000 L927); else null. */
export function visitClassOf(
  status: HouseholdStatus,
  grade: Grade | null,
  watch: boolean,
): VisitClass | null {
  if (status === 'monitored') return grade;
  if (status === 'eliminated') return 'watch';
  if (status === 'none' && watch) return 'watch';
  return null;
}

/** §7: red/yellow/blue need a home visit (入户走访, 001); watch accepts home or phone (走访或联系, 001; 004 L11). */
export function qualifyingMethods(visitClass: VisitClass): readonly VisitMethod[] {
  return visitClass === 'watch' ? ['home', 'phone'] : ['home'];
}

export function isQualifyingVisit(visitClass: VisitClass, method: VisitMethod): boolean {
  return qualifyingMethods(visitClass).includes(method);
}

export interface ScheduleFacts {
  visitClass: VisitClass | null;
  classSince: LocalDate | null;
  lastHomeVisit: LocalDate | null;
  lastContact: LocalDate | null;
}

/** The last visit that counts for the class: home visits for graded classes, home or phone for watch. */
export function lastQualifyingVisit(s: ScheduleFacts): LocalDate | null {
  if (!s.visitClass) return null;
  return s.visitClass === 'watch' ? latest(s.lastContact, s.lastHomeVisit) : s.lastHomeVisit;
}

/** §7: next due = (last qualifying visit, or classSince if none) + interval(class), months clamped. */
export function nextVisitDue(s: ScheduleFacts, policy: Policy): LocalDate | null {
  if (!s.visitClass) return null;
  const anchor = lastQualifyingVisit(s) ?? s.classSince;
  if (!anchor) return null;
  return addDuration(anchor, policy.visitIntervals[s.visitClass]);
}

/** §7: overdue when today > next due. */
export function isOverdueOn(due: LocalDate | null, today: LocalDate): boolean {
  return due !== null && today > due;
}

/** §7: days overdue = today − next due, 0 when not overdue. */
export function daysOverdueOn(due: LocalDate | null, today: LocalDate): number {
  return due !== null && today > due ? daysBetween(due, today) : 0;
}

/** §7: moves a household to a visit class, applying the classSince rule above, and recomputes next due. */
export function withVisitClass<T extends ScheduleFacts & { nextVisitDue: LocalDate | null }>(
  h: T,
  visitClass: VisitClass | null,
  today: LocalDate,
  policy: Policy,
): T {
  return { ...h, ...visitFields(h, visitClass, today, policy) };
}

/** The schedule fields of `h` once it is in `visitClass` (classSince rule above). */
export function visitFields(
  h: ScheduleFacts,
  visitClass: VisitClass | null,
  today: LocalDate,
  policy: Policy,
): { visitClass: VisitClass | null; classSince: LocalDate | null; nextVisitDue: LocalDate | null } {
  const classSince =
    visitClass === null ? null : h.visitClass === null || h.classSince === null ? today : h.classSince;
  const due = nextVisitDue(
    { visitClass, classSince, lastHomeVisit: h.lastHomeVisit, lastContact: h.lastContact },
    policy,
  );
  return { visitClass, classSince, nextVisitDue: due };
}

export interface VisitRecord {
  date: LocalDate;
  method: VisitMethod;
}

/**
 * §7: records a visit's effect on the schedule: the date must be a real date not after today;
 * home visits advance lastHomeVisit and lastContact, phone contacts advance lastContact only
 * (an older visit recorded late never moves them back). Next due is recomputed.
 */
export function recordVisit(
  household: Household,
  visit: VisitRecord,
  today: LocalDate,
  policy: Policy,
): Household {
  if (!isLocalDate(visit.date)) {
    throw new DomainError('validation_failed', 'visit date is not a date', [
      { field: 'date', message: `"${visit.date}" is not a date as YYYY-MM-DD` },
    ]);
  }
  if (visit.date > today) {
    throw new DomainError('validation_failed', 'visit date is in the future', [
      { field: 'date', message: `${visit.date} is after today (${today})` },
    ]);
  }
  const next: Household = {
    ...household,
    lastHomeVisit:
      visit.method === 'home' ? latest(household.lastHomeVisit, visit.date) : household.lastHomeVisit,
    lastContact: latest(household.lastContact, visit.date),
  };
  return { ...next, nextVisitDue: nextVisitDue(next, policy) };
}

function latest(a: LocalDate | null, b: LocalDate | null): LocalDate | null {
  if (a === null) return b;
  if (b === null) return a;
  return a >= b ? a : b;
}

/**
 * §9 visit compliance (issue 18): a household needs one visit for each due date of its schedule that falls in
 * the month, not one visit a month: a red household due on the 5th and, after a visit then, on the 19th
 * needs two. Each due date is answered by the next qualifying visit; a due date in the month with no visit
 * after it leaves the household overdue (no later due date follows). A visit answering a due date of an
 * earlier month is not counted here (that month required it).
 */
export function visitsDueInMonth(input: {
  /** The class's interval, e.g. P14D. */
  interval: string;
  /** The last qualifying visit before the month, or `classSince` without one. */
  anchor: LocalDate | null;
  /** The qualifying visits in the month, ascending. */
  visits: readonly LocalDate[];
  monthStart: LocalDate;
  monthEnd: LocalDate;
}): { required: number; done: number } {
  const tally = { required: 0, done: 0 };
  if (!input.anchor) return tally;
  let due = addDuration(input.anchor, input.interval);
  let next = 0;
  while (due <= input.monthEnd) {
    const answer = input.visits[next];
    if (due >= input.monthStart) {
      tally.required += 1;
      if (answer !== undefined) tally.done += 1;
    }
    if (answer === undefined) break;
    next += 1;
    due = addDuration(answer, input.interval);
  }
  return tally;
}
