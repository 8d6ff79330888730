// NotifyStore on the table (docs/data-model.md "Notice channels"): the current settings of every unit in
// one partition (`NOTIFY`, read whole by the 08:30 schedule), every version in the unit's own partition
// (`NOTIFY#<code>`), and one item per channel delivery (`NSENT#<key>`) for at-most-once delivery.
// No DeleteItem anywhere (the functions may not delete): a removal is a version with no channels, a released
// delivery claim is an update.
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { parseInstant } from '../../domain/time';
import { deliveryClaimLeaseMs, type NotifySettings, type NotifyStore } from '../../ports/notify-store';
import { type Item, recordOf } from './keys';
import type { TableClient } from './table-client';
import { saveVersioned } from './versioned-record';

const currentPartition = 'NOTIFY';
const currentKey = (unit: string) => ({ pk: currentPartition, sk: `U#${unit}` });
const versionKey = (unit: string, version: number) => ({
  pk: `NOTIFY#${unit}`,
  sk: `V#${String(version).padStart(6, '0')}`,
});
const deliveryKey = (key: string) => ({ pk: `NSENT#${key}`, sk: 'D' });

const isCancelled = (e: unknown): boolean =>
  e instanceof Error &&
  (e.name === 'TransactionCanceledException' || e.name === 'ConditionalCheckFailedException');

export function createDynamoNotifyStore(db: TableClient): NotifyStore {
  const table = db.tableName;
  const decode = (item: Item) => recordOf<NotifySettings>(item);
  return {
    async get(unitCode) {
      const out = await db.send<{ Item?: Item }>(
        new GetCommand({ TableName: table, Key: currentKey(unitCode), ConsistentRead: true, ...db.capacity }),
      );
      return out.Item ? decode(out.Item) : null;
    },
    async list() {
      const items = await db.queryAll({ pk: currentPartition, forward: true, consistent: true });
      return items.map(decode);
    },
    async save(settings, expectedVersion) {
      return saveVersioned(db, settings, expectedVersion, {
        current: currentKey(settings.unitCode),
        version: (v) => versionKey(settings.unitCode, v),
        type: 'notify',
        conflictMessage: `the notice channels of ${settings.unitCode} were changed by someone else meanwhile`,
      });
    },
    async versions(unitCode) {
      const items = await db.queryAll({ pk: `NOTIFY#${unitCode}`, forward: true, consistent: true });
      return items.map(decode);
    },
    deliveries: {
      async claim(key, at) {
        // UTC ISO strings on both sides, so the condition can compare them as strings.
        const stale = new Date(parseInstant(at) - deliveryClaimLeaseMs).toISOString();
        const claimedAt = new Date(parseInstant(at)).toISOString();
        try {
          await db.send(
            new PutCommand({
              TableName: table,
              Item: { ...deliveryKey(key), _type: 'notifyDelivery', status: 'claimed', claimedAt },
              ConditionExpression:
                'attribute_not_exists(pk) OR #s = :released OR (#s = :claimed AND claimedAt < :stale)',
              ExpressionAttributeNames: { '#s': 'status' },
              ExpressionAttributeValues: { ':released': 'released', ':claimed': 'claimed', ':stale': stale },
              ...db.capacity,
            }),
          );
          return true;
        } catch (e) {
          if (isCancelled(e)) return false;
          throw e;
        }
      },
      async complete(key, at) {
        await db.send(
          new UpdateCommand({
            TableName: table,
            Key: deliveryKey(key),
            UpdateExpression: 'SET #s = :sent, sentAt = :at',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: { ':sent': 'sent', ':at': at },
            ...db.capacity,
          }),
        );
      },
      async release(key) {
        try {
          await db.send(
            new UpdateCommand({
              TableName: table,
              Key: deliveryKey(key),
              UpdateExpression: 'SET #s = :released',
              ConditionExpression: '#s = :claimed',
              ExpressionAttributeNames: { '#s': 'status' },
              ExpressionAttributeValues: { ':released': 'released', ':claimed': 'claimed' },
              ...db.capacity,
            }),
          );
        } catch (e) {
          if (!isCancelled(e)) throw e;
        }
      },
    },
  };
}
