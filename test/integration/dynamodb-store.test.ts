// The store contract against the real DynamoDB Local of the test run (one table per file).
import { beforeAll } from 'vitest';
import { createDynamoStore } from '../../lib/adapters/dynamodb/dynamo-store';
import { ensureTable } from '../../lib/adapters/dynamodb/table-definition';
import { testDynamoClient, uniqueName } from '../support/aws';
import { storeContract } from '../support/store-contract';

const client = testDynamoClient();

beforeAll(async () => {
  // Tables are created per test (each test gets a fresh, empty store); warm the client once.
  await ensureTable(client, uniqueName('warm'));
});

storeContract('DynamoDB store', async () => {
  const tableName = uniqueName('store');
  await ensureTable(client, tableName);
  return createDynamoStore({ client, tableName, idHashSecret: 'test-secret', retry: { baseDelayMs: 5 } });
});
