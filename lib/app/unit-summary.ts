// GET /v1/units/{code}/summary: read from the counter records (one per village, one per township for
// township-level cases), so the cost does not grow with the number of households.
import type { UnitSummary } from '../ports/counter-store';
import type { Store } from '../ports/store';

export function unitSummary(store: Store, unitCode: string): Promise<UnitSummary> {
  return store.counters.summary(unitCode);
}
