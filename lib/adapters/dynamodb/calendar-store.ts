// CalendarStore on the table (docs/data-model.md "Calendar"): the current version of each loaded year in
// one partition (`CAL`, read whole by every invocation), every version in the year's own partition.
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { DomainError } from '../../domain/errors';
import type { CalendarStore, LoadedCalendarYear } from '../../ports/calendar-store';
import { type Item, recordOf } from './keys';
import type { TableClient } from './table-client';

const currentPartition = 'CAL';
const currentKey = (year: number) => ({ pk: currentPartition, sk: `Y#${year}` });
const versionKey = (year: number, version: number) => ({
  pk: `CAL#${year}`,
  sk: `V#${String(version).padStart(6, '0')}`,
});

const isCancelled = (e: unknown): boolean =>
  e instanceof Error &&
  (e.name === 'TransactionCanceledException' || e.name === 'ConditionalCheckFailedException');

export function createDynamoCalendarStore(db: TableClient): CalendarStore {
  const table = db.tableName;
  const decode = (item: Item) => recordOf<LoadedCalendarYear>(item);
  return {
    async loadedYears() {
      const items = await db.queryAll({ pk: currentPartition, forward: true, consistent: true });
      return items.map(decode);
    },
    async save(year, expectedVersion) {
      const stored: LoadedCalendarYear = { ...year, version: expectedVersion + 1 };
      try {
        await db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: table,
                  Item: { ...stored, ...currentKey(year.year), _type: 'calendar' },
                  ConditionExpression:
                    expectedVersion === 0 ? 'attribute_not_exists(pk)' : 'version = :expected',
                  ...(expectedVersion === 0
                    ? {}
                    : { ExpressionAttributeValues: { ':expected': expectedVersion } }),
                },
              },
              {
                Put: {
                  TableName: table,
                  Item: { ...stored, ...versionKey(year.year, stored.version), _type: 'calendarVersion' },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
            ],
            ...db.capacity,
          }),
        );
      } catch (e) {
        if (isCancelled(e)) {
          throw new DomainError(
            'conflict',
            `the calendar of ${year.year} was loaded by someone else meanwhile`,
          );
        }
        throw e;
      }
      return stored;
    },
    async versions(year) {
      const items = await db.queryAll({ pk: `CAL#${year}`, forward: true, consistent: true });
      return items.map(decode);
    },
  };
}
