import { DescribeTableCommand, DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import {
  ensureTable,
  indexes,
  tableDefinition,
  ttlAttribute,
} from '../../lib/adapters/dynamodb/table-definition';
import { testDynamoClient, uniqueName } from '../support/aws';

describe('ensureTable', () => {
  it('creates an active table with every index of the definition and TTL enabled', async () => {
    const client = testDynamoClient();
    const tableName = uniqueName('table');

    await ensureTable(client, tableName);

    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    expect(Table?.TableStatus).toBe('ACTIVE');
    expect(Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName).sort()).toEqual(
      Object.values(indexes).sort(),
    );
    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    expect(ttl.TimeToLiveDescription?.AttributeName).toBe(ttlAttribute);
  });

  it('is idempotent, also when called concurrently', async () => {
    const client = testDynamoClient();
    const tableName = uniqueName('table');

    await Promise.all([ensureTable(client, tableName), ensureTable(client, tableName)]);
    await ensureTable(client, tableName);

    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    expect(Table?.TableStatus).toBe('ACTIVE');
  });

  it('defines a pay-per-request table keyed by pk and sk', () => {
    const definition = tableDefinition('x');

    expect(definition.BillingMode).toBe('PAY_PER_REQUEST');
    expect(definition.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
  });
});
