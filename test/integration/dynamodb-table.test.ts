import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import {
  auditTableOf,
  ensureTables,
  indexes,
  tableDefinition,
} from '../../lib/adapters/dynamodb/table-definition';
import { testDynamoClient, uniqueName } from '../support/aws';

describe('ensureTables', () => {
  it('creates an active table with every index of the definition and TTL enabled', async () => {
    const client = testDynamoClient();
    const tableName = uniqueName('table');

    await ensureTables(client, tableName);

    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    expect(Table?.TableStatus).toBe('ACTIVE');
    expect(Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName).sort()).toEqual(
      Object.values(indexes).sort(),
    );
    // No TTL: records are never deleted (issue 17 item 6).
    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    expect(ttl.TimeToLiveDescription?.TimeToLiveStatus ?? 'DISABLED').toBe('DISABLED');
  });

  it('creates the audit table beside it: keyed by pk and sk, no index (ADR 0009)', async () => {
    const client = testDynamoClient();
    const tableName = uniqueName('table');

    await ensureTables(client, tableName);

    const { Table } = await client.send(new DescribeTableCommand({ TableName: auditTableOf(tableName) }));
    expect(Table?.TableStatus).toBe('ACTIVE');
    expect(Table?.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(Table?.GlobalSecondaryIndexes ?? []).toEqual([]);
  });

  it('adds the indexes a table created by an earlier version lacks (the eligible-for-elimination list, gsi12)', async () => {
    const client = testDynamoClient();
    const tableName = uniqueName('table');
    const definition = tableDefinition(tableName);
    await client.send(
      new CreateTableCommand({
        ...definition,
        AttributeDefinitions: definition.AttributeDefinitions?.filter(
          (a) => !a.AttributeName?.startsWith('gsi12'),
        ),
        GlobalSecondaryIndexes: definition.GlobalSecondaryIndexes?.filter((i) => i.IndexName !== 'gsi12'),
      }),
    );

    await ensureTables(client, tableName);

    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    expect(Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName).sort()).toEqual(
      Object.values(indexes).sort(),
    );
  });

  it('is idempotent, also when called concurrently', async () => {
    const client = testDynamoClient();
    const tableName = uniqueName('table');

    await Promise.all([ensureTables(client, tableName), ensureTables(client, tableName)]);
    await ensureTables(client, tableName);

    for (const name of [tableName, auditTableOf(tableName)]) {
      const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
      expect(Table?.TableStatus).toBe('ACTIVE');
    }
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
