// The store a Lambda handler uses: the table from the one parse of the environment (lib/config.ts), the
// SDK's default client (region, credentials and, locally, AWS_ENDPOINT_URL_DYNAMODB). It holds no ID hash
// secret and no key (D16: lib/adapters/crypto/vault-from-config.ts).
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Config } from '../../config';
import type { Store } from '../../ports/store';
import { createDynamoStore } from './dynamo-store';

export function storeFromConfig(config: Pick<Config, 'tableName'>): Store {
  return createDynamoStore({ client: new DynamoDBClient({}), tableName: config.tableName });
}
