// DigestLog on the table: one claim per unit and day, completed or released (a lease for a stale claim).
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DomainError } from '../../domain/errors';
import { type DigestLog, type DigestRecord, digestClaimLeaseMs } from '../../ports/digest-log';
import { digestKey, recordOf, utc } from './keys';
import { isConditionFailure, type StoreContext } from './store-context';

export function createDynamoDigestLog({ db, table, getItem, putItem }: StoreContext): DigestLog {
  return {
    async claim(unitCode, kind, date, asOf, at) {
      const record: DigestRecord = {
        unitCode,
        kind,
        date,
        asOf,
        status: 'claimed',
        claimedAt: at,
        completedAt: null,
      };
      try {
        await putItem(
          { ...record, ...digestKey(unitCode, date), _type: 'digest', _claimedUtc: utc(at) },
          {
            expression:
              'attribute_not_exists(pk) OR #status = :released OR (#status = :claimed AND #claimedUtc < :staleBefore)',
            names: { '#status': 'status', '#claimedUtc': '_claimedUtc' },
            values: {
              ':released': 'released',
              ':claimed': 'claimed',
              ':staleBefore': new Date(Date.parse(at) - digestClaimLeaseMs).toISOString(),
            },
          },
        );
        return true;
      } catch (e) {
        if (isConditionFailure(e)) return false;
        throw e;
      }
    },
    async complete(unitCode, date, outcome) {
      try {
        await db.send(
          new UpdateCommand({
            TableName: table,
            Key: digestKey(unitCode, date),
            UpdateExpression: 'SET #status = :status, completedAt = :at, #counts = :counts',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeNames: { '#status': 'status', '#counts': 'counts' },
            ExpressionAttributeValues: {
              ':status': outcome.status,
              ':at': outcome.at,
              ':counts': outcome.counts ?? {},
            },
            ...db.capacity,
          }),
        );
      } catch (e) {
        if (isConditionFailure(e))
          throw new DomainError('not_found', `no digest of ${unitCode} on ${date} was claimed`);
        throw e;
      }
    },
    async release(unitCode, date) {
      try {
        await db.send(
          new UpdateCommand({
            TableName: table,
            Key: digestKey(unitCode, date),
            UpdateExpression: 'SET #status = :released',
            ConditionExpression: '#status = :claimed',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':released': 'released', ':claimed': 'claimed' },
            ...db.capacity,
          }),
        );
      } catch (e) {
        if (!isConditionFailure(e)) throw e;
      }
    },
    async get(unitCode, date) {
      const item = await getItem(digestKey(unitCode, date));
      return item ? recordOf<DigestRecord>(item) : null;
    },
    async lastSent(unitCode, before) {
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await db.query(
          { pk: digestKey(unitCode, before).pk, sk: { op: '<', value: before }, forward: false },
          50,
          startKey,
        );
        const sent = page.items.find((i) => i.status === 'sent');
        if (sent) return recordOf<DigestRecord>(sent);
        startKey = page.lastKey;
      } while (startKey);
      return null;
    },
  };
}
