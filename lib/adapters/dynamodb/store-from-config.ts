// The store a Lambda handler uses: the table and ID-hash secret from the one parse of the environment
// (lib/config.ts), the SDK's default client (region, credentials and, locally, AWS_ENDPOINT_URL_DYNAMODB).
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Config } from '../../config';
import type { Store } from '../../ports/store';
import { createDynamoStore } from './dynamo-store';

export function storeFromConfig(config: Pick<Config, 'tableName' | 'idHashSecret'>): Store {
  return createDynamoStore({
    client: new DynamoDBClient({}),
    tableName: config.tableName,
    // The keyed hash of head ID numbers (§10 matching): the same secret everywhere.
    idHashSecret: config.idHashSecret,
  });
}
