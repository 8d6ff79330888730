// The in-memory twin of lib/adapters/dynamodb/alert-store.ts.
import type { AlertStore } from '../../ports/alert-store';
import { clone, type MemoryState, paged, sorted, utc } from './memory-state';

export function createMemoryAlertStore(s: MemoryState): AlertStore {
  const { alerts } = s;

  return {
    async get(department, alertId) {
      const a = alerts.get(`${department}#${alertId}`);
      return a ? clone(a) : null;
    },
    async record(alert) {
      const key = `${alert.department}#${alert.alertId}`;
      if (alerts.has(key)) return { duplicate: true };
      alerts.set(key, clone(alert));
      return { duplicate: false };
    },
    async unmatched(page) {
      const rows = [...alerts.values()]
        .filter((a) => !a.matchedHouseholdId)
        .map((a) => ({ sort: `${utc(a.receivedAt)}#${a.department}#${a.alertId}`, value: clone(a) }));
      return paged([{ scope: 'unmatched', rows: sorted(rows) }], page);
    },
  };
}
