// The SDK's logger middleware builds a filtered copy of every request and response (items included) even
// with no logger configured; the store takes it off the client (ADR 0008, §12 no personal data in logs).
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, it, vi } from 'vitest';
import { createDynamoStore } from '../../lib/adapters/dynamodb/dynamo-store';

describe('DynamoDB table client', () => {
  it('takes the SDK logger middleware off the client it is given, so items never reach an SDK logger', async () => {
    const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const client = new DynamoDBClient({
      region: 'cn-north-1',
      endpoint: 'http://127.0.0.1:9',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
      maxAttempts: 1,
      logger,
    });
    expect(client.middlewareStack.identify().some((n) => n.startsWith('loggerMiddleware'))).toBe(true);

    const store = createDynamoStore({ client, tableName: 't', retry: { maxAttempts: 1 } });

    expect(client.middlewareStack.identify().some((n) => n.startsWith('loggerMiddleware'))).toBe(false);
    // A request that fails (nothing listens on port 9) is not logged with its input either.
    await expect(store.households.get('H1')).rejects.toThrow();
    expect(logger.info).not.toHaveBeenCalled();
    expect(logger.error).not.toHaveBeenCalled();
  });
});
