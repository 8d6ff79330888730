// Issue 17 item 9: the retries of a store call are bounded. Its own file: aws-sdk-client-mock (in
// dynamodb-faults.test.ts) replaces the clients' send in the file that loads it, and this needs the real
// SDK client with its own retry strategy.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoStore } from '../../lib/adapters/dynamodb/dynamo-store';
import { anEvent } from '../support/store-contract';

// The bound with the real SDK client and its own retry strategy, against a stand-in DynamoDB endpoint that
// counts the requests it receives: throttling is retried by the SDK alone (its maxAttempts requests, where
// this layer used to multiply them: 3 × 8 = 24), a transaction conflict by this layer alone (the SDK does
// not retry a TransactionCanceledException).
describe('DynamoDB store retries with the real SDK client', () => {
  let server: http.Server;
  let endpoint: string;
  const received: string[] = [];
  /** What the stand-in answers to every request: a DynamoDB error of this type. */
  let errorType = 'ProvisionedThroughputExceededException';

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        received.push(String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '');
        const body: Record<string, unknown> = {
          __type: `com.amazonaws.dynamodb.v20120810#${errorType}`,
          message: errorType,
        };
        if (errorType === 'TransactionCanceledException') {
          body.CancellationReasons = [{ Code: 'TransactionConflict' }];
        }
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-errortype': errorType });
        res.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const sdkAttempts = 3;
  const storeAttempts = 4;
  const realStore = () =>
    createDynamoStore({
      client: new DynamoDBClient({
        endpoint,
        region: 'cn-north-1',
        credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
        maxAttempts: sdkAttempts,
      }),
      tableName: 't',
      retry: { maxAttempts: storeAttempts, baseDelayMs: 1, maxDelayMs: 2 },
    });

  it('a throttled read: the SDK’s attempts only, not multiplied by this layer', async () => {
    received.length = 0;
    errorType = 'ProvisionedThroughputExceededException';

    await expect(realStore().households.get('H1')).rejects.toMatchObject({ name: errorType });

    expect(received).toEqual(Array(sdkAttempts).fill('GetItem'));
  });

  it('a transaction whose conflict persists: this layer’s attempts only (the SDK does not retry it)', async () => {
    received.length = 0;
    errorType = 'TransactionCanceledException';

    await expect(realStore().commit({ audit: [anEvent()] })).rejects.toThrow();

    expect(received).toEqual(Array(storeAttempts).fill('TransactWriteItems'));
  });
});
