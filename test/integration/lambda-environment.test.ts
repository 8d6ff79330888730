// The handler environment of the local stack reaches the local stand-ins through the SDK's standard
// endpoint variables alone: a client built with no endpoint talks to DynamoDB Local and the emulator.
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import {
  CreateQueueCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { describe, expect, inject, it } from 'vitest';
import { parseConfig } from '../../lib/config';
import { applyLambdaEnvironment, type LocalStackInfo, lambdaEnvironment } from '../../lib/local/local-file';
import { onEndpoint } from '../../lib/local/stack';
import { testSqsClient, uniqueName } from '../support/aws';

function stackInfo(queueUrl: string): LocalStackInfo {
  return {
    version: 1,
    api: 'http://127.0.0.1:3000',
    dynamodbEndpoint: inject('dynamoEndpoint'),
    sqsEndpoint: inject('sqsEndpoint'),
    region: 'cn-north-1',
    tableName: 'fanpin-local',
    queues: {
      sweep: queueUrl,
      sweepDlq: queueUrl,
      alerts: queueUrl,
      alertsDlq: queueUrl,
      notify: queueUrl,
      notifyDlq: queueUrl,
    },
    outboxDir: '/tmp/fanpin/outbox',
    dataDir: '/tmp/fanpin',
    pid: process.pid,
    startedAt: '2026-12-01T00:00:00.000Z',
  };
}

describe('the local handler environment', () => {
  it('is a valid Lambda configuration', async () => {
    const { QueueUrl } = await testSqsClient().send(new CreateQueueCommand({ QueueName: uniqueName('env') }));

    const config = parseConfig(lambdaEnvironment(stackInfo(QueueUrl!), {}));

    expect(config).toMatchObject({
      tableName: 'fanpin-local',
      queues: { sweep: QueueUrl, alerts: QueueUrl, notify: QueueUrl },
      mail: { mode: 'outbox', dir: '/tmp/fanpin/outbox' },
      jwt: { issuer: 'fanpin-local', audience: ['fanpin'] },
    });
  });

  it('points SDK clients built without an endpoint at DynamoDB Local and the SQS emulator', async () => {
    const created = await testSqsClient().send(new CreateQueueCommand({ QueueName: uniqueName('env') }));
    const QueueUrl = onEndpoint(created.QueueUrl!, inject('sqsEndpoint'));
    applyLambdaEnvironment(stackInfo(QueueUrl!));

    const tables = await new DynamoDBClient({}).send(new ListTablesCommand({}));
    const sqs = new SQSClient({});
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'hello' }));
    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1 }));

    expect(tables.TableNames).toBeInstanceOf(Array);
    expect(received.Messages?.[0]?.Body).toBe('hello');
  });
});
