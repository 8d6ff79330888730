// What one household and one case contribute to their unit's counters (spec §9 summaries; interface.md
// Summary fields). The sweep's recount of a village and every single-household change compute counters
// with these same two functions, so a recount and a run of deltas always agree.

import type { Case, Household, LocalDate } from '../domain/model';
import type { CounterValues } from '../ports/counter-store';

/** A household's contribution to its village's counters as of `today` (overdue depends on the date). */
export function householdCounterValues(h: Household, today: LocalDate): CounterValues {
  const values: CounterValues = { households: 1, [`status.${h.status}`]: 1, [`category.${h.category}`]: 1 };
  const grade = h.status === 'monitored' ? (h.assessment?.grade ?? null) : null;
  if (grade) values[`grade.${grade}`] = 1;
  // §6 watch households (预警户) are status none in the watch band; eliminated households are also in
  // the watch visit class (look-back) but are not watch households.
  if (h.status === 'none' && h.assessment?.watch) values.watch = 1;
  // §7 overdue when today > next due.
  if (h.visitClass && h.nextVisitDue && today > h.nextVisitDue) values[`overdue.${h.visitClass}`] = 1;
  if (h.status === 'monitored' && h.assessment?.elimination?.eligible) values.eligibleForElimination = 1;
  return values;
}

/** An open case counts once by kind and once by the level that holds it; a resolved case counts nothing. */
export function caseCounterValues(c: Case): CounterValues {
  if (c.status !== 'open') return {};
  return { [`casesByKind.${c.kind}`]: 1, [`casesByLevel.${c.level}`]: 1 };
}

/** The counter unit a case belongs to: its village, or its township for township kinds. */
export const caseCounterUnit = (c: Case): string => c.villageCode ?? c.townshipCode;

/** Sums contributions (a village recount). */
export function sumCounterValues(parts: Iterable<CounterValues>): CounterValues {
  const total: Record<string, number> = {};
  for (const part of parts) {
    for (const [key, n] of Object.entries(part)) total[key] = (total[key] ?? 0) + (n ?? 0);
  }
  return total as CounterValues;
}
