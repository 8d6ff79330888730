// AWS SDK clients pointed at the test run's DynamoDB Local and SQS emulator.
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { inject } from 'vitest';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const region = 'cn-north-1';

export function testDynamoClient(): DynamoDBClient {
  return new DynamoDBClient({ endpoint: inject('dynamoEndpoint'), region, credentials });
}

export function testSqsClient(): SQSClient {
  return new SQSClient({ endpoint: inject('sqsEndpoint'), region, credentials });
}

/** A name no other test file uses, e.g. for a table or a queue. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/**
 * Points the process environment at the test run's DynamoDB Local as an operator's deployed target would be
 * configured (the `fanpin` CLI without a local stack reads FANPIN_TABLE_NAME, the endpoint and credentials
 * from it), with `extra` variables set too. Returns the function that puts back what was there, including
 * the `alsoRestore` variables a test sets itself.
 */
export function useDeployedEnvironment(
  tableName: string,
  extra: Record<string, string> = {},
  alsoRestore: readonly string[] = [],
): () => void {
  const values: Record<string, string> = {
    FANPIN_TABLE_NAME: tableName,
    AWS_REGION: region,
    AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoEndpoint'),
    AWS_ACCESS_KEY_ID: 'fakeKeyId', // DynamoDB Local accepts letters and digits only
    AWS_SECRET_ACCESS_KEY: 'fakeSecretKey',
    ...extra,
  };
  const names = [...Object.keys(values), ...alsoRestore];
  const saved = Object.fromEntries(names.map((v) => [v, process.env[v]]));
  Object.assign(process.env, values);
  return () => {
    for (const v of names) {
      if (saved[v] === undefined) delete process.env[v];
      else process.env[v] = saved[v];
    }
  };
}
