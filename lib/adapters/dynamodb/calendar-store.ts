import type { CalendarStore, LoadedCalendarYear } from '../../ports/calendar-store';
import { type Item, recordOf } from './keys';
import type { TableClient } from './table-client';
import { saveVersioned } from './versioned-record';

const currentPartition = 'CAL';
const currentKey = (year: number) => ({ pk: currentPartition, sk: `Y#${year}` });
const versionKey = (year: number, version: number) => ({
  pk: `CAL#${year}`,
  sk: `V#${String(version).padStart(6, '0')}`,
});

export function createDynamoCalendarStore(db: TableClient): CalendarStore {
  const decode = (item: Item) => recordOf<LoadedCalendarYear>(item);
  return {
    async loadedYears() {
      const items = await db.queryAll({ pk: currentPartition, forward: true, consistent: true });
      return items.map(decode);
    },
    async save(year, expectedVersion) {
      return saveVersioned(db, year, expectedVersion, {
        current: currentKey(year.year),
        version: (v) => versionKey(year.year, v),
        type: 'calendar',
        conflictMessage: `the calendar of ${year.year} was loaded by someone else meanwhile`,
      });
    },
    async versions(year) {
      const items = await db.queryAll({ pk: `CAL#${year}`, forward: true, consistent: true });
      return items.map(decode);
    },
  };
}
