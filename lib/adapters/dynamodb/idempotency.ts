// The Idempotency port on DynamoDB (ADR 0019): Powertools' DynamoDB persistence layer on the idempotency
// table beside the main table (`<table>-idempotency`, key `id`, TTL on `expiration`). One change: where
// Powertools deletes the record of a request that failed, this layer marks it expired instead (an
// UpdateItem), so no function needs dynamodb:DeleteItem (issue 17 item 6); TTL removes it later, and the
// next request with the key takes it over (Powertools' put accepts an expired record).

import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { IdempotencyRecord } from '@aws-lambda-powertools/idempotency/persistence';
import { type DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { Idempotency } from '../../ports/idempotency';
import { powertoolsIdempotency } from '../powertools-idempotency';
import { idempotencyAttributes, idempotencyTableOf } from './table-definition';

class ReleasingPersistenceLayer extends DynamoDBPersistenceLayer {
  readonly #client: DynamoDBClient;
  readonly #tableName: string;

  constructor(client: DynamoDBClient, tableName: string) {
    super({
      tableName,
      awsSdkV3Client: client,
      keyAttr: idempotencyAttributes.key,
      expiryAttr: idempotencyAttributes.expiry,
    });
    this.#client = client;
    this.#tableName = tableName;
  }

  /** Releases the key of a failed request: expired now, no longer in progress (never a DeleteItem). */
  protected override async _deleteRecord(record: IdempotencyRecord): Promise<void> {
    await this.#client.send(
      new UpdateItemCommand({
        TableName: this.#tableName,
        Key: this.getKey(record.idempotencyKey),
        UpdateExpression: 'SET #status = :expired, #expiry = :past REMOVE #inProgressExpiry',
        ExpressionAttributeNames: {
          '#status': 'status',
          '#expiry': idempotencyAttributes.expiry,
          '#inProgressExpiry': 'in_progress_expiration',
        },
        ExpressionAttributeValues: {
          ':expired': { S: 'EXPIRED' },
          ':past': { N: String(Math.floor(Date.now() / 1000) - 1) },
        },
      }),
    );
  }
}

/** `tableName` is the MAIN table's name; the idempotency table is named after it. */
export function createDynamoIdempotency(client: DynamoDBClient, tableName: string): Idempotency {
  return powertoolsIdempotency(new ReleasingPersistenceLayer(client, idempotencyTableOf(tableName)));
}
