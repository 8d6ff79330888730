// SweepRunStore on the table (docs/data-model.md "Sweeps"): a run, its settled count and its shards.
import { TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DomainError } from '../../domain/errors';
import type { Instant } from '../../domain/model';
import type { ShardState, SweepRun, SweepRunStore } from '../../ports/sweep-run-store';
import { type Key, recordOf, shardKey, sweepRunKey, sweepSettledKey } from './keys';
import { cancellationCodes } from './retry';
import { isConditionFailure, type StoreContext } from './store-context';

type ShardUpdate = {
  TableName: string;
  Key: Key;
  UpdateExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues: Record<string, unknown>;
};

export function createDynamoSweepRunStore({ db, table, getItem }: StoreContext): SweepRunStore {
  function shardUpdate(
    sweepId: string,
    villageCode: string,
    at: Instant,
    part: { set: string; names: Record<string, string>; values: Record<string, unknown> },
  ): ShardUpdate {
    return {
      TableName: table,
      Key: shardKey(sweepId, villageCode),
      UpdateExpression: `SET #at = :at, sweepId = :sweep, villageCode = :village, #type = :type, ${part.set} ADD attempts :one`,
      ExpressionAttributeNames: { '#status': 'status', '#at': 'at', '#type': '_type', ...part.names },
      ExpressionAttributeValues: {
        ':at': at,
        ':sweep': sweepId,
        ':village': villageCode,
        ':type': 'shard',
        ':one': 1,
        ...part.values,
      },
    };
  }

  /**
   * A shard's settling write and the run's settled count in one transaction, so the count is exact: it
   * moves exactly when a shard first becomes done or failed. 'condition' when the shard was not in the
   * expected state. A run without a count (started before it existed, or unknown) gets the shard write
   * alone, with the same condition.
   */
  async function settleShard(
    sweepId: string,
    update: ShardUpdate,
    condition: string,
    conditionValues: Record<string, unknown>,
    delta: { done?: number; failed?: number },
  ): Promise<'written' | 'condition'> {
    const shard = {
      ...update,
      ConditionExpression: condition,
      ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ...conditionValues },
    };
    try {
      await db.send(
        new TransactWriteCommand({
          TransactItems: [
            { Update: shard },
            {
              Update: {
                TableName: table,
                Key: sweepSettledKey(sweepId),
                UpdateExpression: 'ADD done :done, failed :failed',
                ConditionExpression: 'attribute_exists(pk)',
                ExpressionAttributeValues: { ':done': delta.done ?? 0, ':failed': delta.failed ?? 0 },
              },
            },
          ],
          ...db.capacity,
        }),
      );
      return 'written';
    } catch (e) {
      const reasons = cancellationCodes(e);
      if (reasons[0] === 'ConditionalCheckFailed') return 'condition';
      if (reasons[1] !== 'ConditionalCheckFailed') throw e;
    }
    try {
      await db.send(new UpdateCommand({ ...shard, ...db.capacity }));
      return 'written';
    } catch (e) {
      if (isConditionFailure(e)) return 'condition';
      throw e;
    }
  }

  return {
    async startRun(run) {
      // The run and its settled count are created together, so a run either has a count from its
      // first shard on, or (started before the count existed) none at all.
      try {
        await db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: table,
                  Item: { ...run, ...sweepRunKey(run.sweepId), _type: 'sweep' },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              {
                Put: {
                  TableName: table,
                  Item: {
                    ...sweepSettledKey(run.sweepId),
                    _type: 'sweepSettled',
                    done: 0,
                    failed: 0,
                    shardCount: run.shardCount,
                  },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
            ],
            ...db.capacity,
          }),
        );
        return { created: true, run };
      } catch (e) {
        if (cancellationCodes(e)[0] !== 'ConditionalCheckFailed') throw e;
        const existing = await getItem(sweepRunKey(run.sweepId));
        return { created: false, run: recordOf<SweepRun>(existing ?? {}) };
      }
    },
    async getRun(sweepId) {
      const item = await getItem(sweepRunKey(sweepId));
      return item ? recordOf<SweepRun>(item) : null;
    },
    async markShardDone(sweepId, villageCode, at, result) {
      // A redriven failure also gets reportsPending: its run may have completed without it.
      const done = (reportsPending: boolean) =>
        shardUpdate(sweepId, villageCode, at, {
          set: `#status = :done, #result = :result${reportsPending ? ', reportsPending = :pending' : ''} REMOVE #error`,
          names: { '#result': 'result', '#error': 'error' },
          values: {
            ':done': 'done',
            ':result': result ?? {},
            ...(reportsPending ? { ':pending': true } : {}),
          },
        });
      // Not yet settled → done (+1 done); failed earlier and redriven → done (failed −1, done +1).
      const fromNew = await settleShard(
        sweepId,
        done(false),
        'attribute_not_exists(#status)',
        {},
        { done: 1 },
      );
      if (fromNew !== 'condition') return 'done';
      const fromFailed = await settleShard(
        sweepId,
        done(true),
        '#status = :failed',
        { ':failed': 'failed' },
        { done: 1, failed: -1 },
      );
      return fromFailed === 'condition' ? 'already_done' : 'redone';
    },
    async markShardFailed(sweepId, villageCode, at, error) {
      const update = shardUpdate(sweepId, villageCode, at, {
        set: '#status = :failed, #error = :error',
        names: { '#error': 'error' },
        values: { ':failed': 'failed', ':error': error },
      });
      // The first failure counts; a later failed attempt only records itself; a done shard stays done.
      const first = await settleShard(sweepId, update, 'attribute_not_exists(#status)', {}, { failed: 1 });
      if (first !== 'condition') return;
      try {
        await db.send(
          new UpdateCommand({
            ...update,
            ConditionExpression: '#status = :failed',
            ...db.capacity,
          }),
        );
      } catch (e) {
        if (!isConditionFailure(e)) throw e;
      }
    },
    async settled(sweepId) {
      const item = await getItem(sweepSettledKey(sweepId));
      if (!item) return null;
      const count = { done: Number(item.done ?? 0), failed: Number(item.failed ?? 0) };
      return item.shardCount === undefined ? count : { ...count, shardCount: Number(item.shardCount) };
    },
    async shard(sweepId, villageCode) {
      const item = await getItem(shardKey(sweepId, villageCode));
      return item ? recordOf<ShardState>(item) : null;
    },
    async reportsRebuilt(sweepId, villageCode) {
      try {
        await db.send(
          new UpdateCommand({
            TableName: table,
            Key: shardKey(sweepId, villageCode),
            UpdateExpression: 'REMOVE reportsPending',
            ConditionExpression: 'attribute_exists(reportsPending)',
            ...db.capacity,
          }),
        );
      } catch (e) {
        if (!isConditionFailure(e)) throw e;
      }
    },
    async completeRun(sweepId, at, summary) {
      try {
        await db.send(
          new UpdateCommand({
            TableName: table,
            Key: sweepRunKey(sweepId),
            UpdateExpression: 'SET completedAt = :at, #summary = :summary',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(completedAt)',
            ExpressionAttributeNames: { '#summary': 'summary' },
            ExpressionAttributeValues: { ':at': at, ':summary': summary },
            ...db.capacity,
          }),
        );
        return 'completed';
      } catch (e) {
        if (!isConditionFailure(e)) throw e;
        if (!(await getItem(sweepRunKey(sweepId))))
          throw new DomainError('not_found', `no sweep run ${sweepId}`);
        return 'already_completed';
      }
    },
    async shards(sweepId) {
      const items = await db.queryAll({
        pk: sweepRunKey(sweepId).pk,
        sk: { op: 'begins_with', value: 'SHARD#' },
        forward: true,
        consistent: true,
      });
      return items.map((i) => recordOf<ShardState>(i));
    },
  };
}
