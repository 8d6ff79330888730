// AssessmentStore on the table: a household's monthly assessments and the village-month records.
import type { AssessmentStore, MonthlyAssessment } from '../../ports/assessment-store';
import {
  householdKey,
  monthlyAssessmentKey,
  recordOf,
  villageMonthItem,
  villageMonthKey,
  villageMonthOf,
} from './keys';
import type { StoreContext } from './store-context';

export function createDynamoAssessmentStore({ db, getItem, putItem }: StoreContext): AssessmentStore {
  return {
    async recentMonthly(householdId, count) {
      if (count <= 0) return [];
      const out = await db.query(
        { pk: householdKey(householdId).pk, sk: { op: 'begins_with', value: 'MA#' }, forward: false },
        count,
      );
      return out.items.map((i) => recordOf<MonthlyAssessment>(i));
    },
    async monthly(householdId, month) {
      const item = await getItem(monthlyAssessmentKey(householdId, month), false);
      return item ? recordOf<MonthlyAssessment>(item) : null;
    },
    async villageMonths(villageCode, count, upTo) {
      if (count <= 0) return [];
      const out = await db.query(
        {
          pk: villageMonthKey(villageCode, upTo).pk,
          sk: { op: 'between', value: 'M#', upper: villageMonthKey(villageCode, upTo).sk },
          forward: false,
        },
        count,
      );
      return out.items.map(villageMonthOf);
    },
    async putVillageMonth(record) {
      await putItem(villageMonthItem(record));
    },
  };
}
