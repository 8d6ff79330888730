// Starts one DynamoDB Local and one SQS emulator for the whole test run.
// Test files read the endpoints with `inject('dynamoEndpoint')` / `inject('sqsEndpoint')`
// and isolate themselves with their own table and queue names (see test/support/aws.ts).
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../lib/local/services/dynamodb-local';
import { startSqsEmulator } from '../../lib/local/services/sqs-emulator';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    sqsEndpoint: string;
  }
}

export default async function setup(project: TestProject) {
  const [dynamo, sqs] = await Promise.all([startDynamoDbLocal(), startSqsEmulator()]);
  project.provide('dynamoEndpoint', dynamo.endpoint);
  project.provide('sqsEndpoint', sqs.endpoint);
  return async () => {
    await Promise.all([dynamo.stop(), sqs.stop()]);
  };
}
