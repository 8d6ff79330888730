// A record kept as a current item plus one item per version (the calendar's loaded years, a unit's notice
// channels): both written in one transaction, the current one conditional on the version read.
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { DomainError } from '../../domain/errors';
import type { Item, Key } from './keys';
import type { TableClient } from './table-client';

const isCancelled = (e: unknown): boolean =>
  e instanceof Error &&
  (e.name === 'TransactionCanceledException' || e.name === 'ConditionalCheckFailedException');

/** Writes `record` as version `expectedVersion + 1`; DomainError('conflict', conflictMessage) when another
 *  write got there first. Returns the record with its version. */
export async function saveVersioned<T extends object>(
  db: TableClient,
  record: T,
  expectedVersion: number,
  at: { current: Key; version: (version: number) => Key; type: string; conflictMessage: string },
): Promise<T & { version: number }> {
  const stored = { ...record, version: expectedVersion + 1 };
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: db.tableName,
              Item: { ...stored, ...at.current, _type: at.type } as Item,
              ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(pk)' : 'version = :expected',
              ...(expectedVersion === 0
                ? {}
                : { ExpressionAttributeValues: { ':expected': expectedVersion } }),
            },
          },
          {
            Put: {
              TableName: db.tableName,
              Item: { ...stored, ...at.version(stored.version), _type: `${at.type}Version` } as Item,
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
        ...db.capacity,
      }),
    );
  } catch (e) {
    if (isCancelled(e)) throw new DomainError('conflict', at.conflictMessage);
    throw e;
  }
  return stored;
}
