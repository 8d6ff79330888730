// AlertStore on the table: department alerts by department and id, the unmatched ones listed.
import type { AlertRecord, AlertStore } from '../../ports/alert-store';
import { alertItem, alertKey, recordOf, unmatchedAlertsPartition } from './keys';
import { isConditionFailure, mapPage, type StoreContext } from './store-context';
import { indexes } from './table-definition';

export function createDynamoAlertStore({ db, getItem, putItem }: StoreContext): AlertStore {
  return {
    async get(department, alertId) {
      const item = await getItem(alertKey(department, alertId));
      return item ? recordOf<AlertRecord>(item) : null;
    },
    async record(alert) {
      try {
        await putItem(alertItem(alert), { expression: 'attribute_not_exists(pk)', names: {}, values: {} });
        return { duplicate: false };
      } catch (e) {
        if (isConditionFailure(e)) return { duplicate: true };
        throw e;
      }
    },
    async unmatched(page) {
      return mapPage(
        await db.page([{ index: indexes.byParent, pk: unmatchedAlertsPartition, forward: true }], page),
        (i) => recordOf<AlertRecord>(i),
      );
    },
  };
}
