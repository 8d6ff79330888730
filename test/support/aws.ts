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
