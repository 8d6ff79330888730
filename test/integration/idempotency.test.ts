// 17-11a on DynamoDB Local through the real handlers: Powertools' persistence layer on the idempotency
// table (`<table>-idempotency`), and never a DeleteItem (a failed request's key is released by an update).
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createDynamoStore } from '../../lib/adapters/dynamodb/dynamo-store';
import { createDynamoIdempotency } from '../../lib/adapters/dynamodb/idempotency';
import { ensureTables } from '../../lib/adapters/dynamodb/table-definition';
import { apiTestDeps } from '../http/support';
import { testDynamoClient, uniqueName } from '../support/aws';
import { idempotencyContract } from '../support/idempotency-contract';

const client = testDynamoClient();
/** Every command the client sent, by name. */
const commands: string[] = [];
client.middlewareStack.add(
  (next, context) => async (args) => {
    commands.push(String(context.commandName ?? ''));
    return next(args);
  },
  { step: 'initialize', name: 'recordCommands' },
);
const tableName = uniqueName('idem');
const ready = ensureTables(client, tableName);

idempotencyContract('DynamoDB Local', async () => {
  await ready;
  const store = createDynamoStore({ client, tableName });
  return apiTestDeps({ store, newId: randomUUID, idempotency: createDynamoIdempotency(client, tableName) })
    .deps;
});

describe('17-11a idempotency table on DynamoDB Local', () => {
  afterAll(() => {
    commands.length = 0;
  });

  it('went through the idempotency table with puts and updates, and never deleted an item', () => {
    expect(commands).toContain('PutItemCommand');
    expect(commands).toContain('UpdateItemCommand');
    expect(commands.filter((c) => /Delete/.test(c))).toEqual([]);
  });
});
