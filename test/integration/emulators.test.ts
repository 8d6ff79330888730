import { CreateTableCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { describe, expect, inject, it } from 'vitest';
import { testDynamoClient, testSqsClient, uniqueName } from '../support/aws';
import { connectTo, offLoopbackAddress, portOf } from '../support/net';

describe('the emulators started by the test setup', () => {
  it('DynamoDB Local creates and describes a table', async () => {
    const client = testDynamoClient();
    const TableName = uniqueName('smoke');
    await client.send(
      new CreateTableCommand({
        TableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      }),
    );
    const described = await client.send(new DescribeTableCommand({ TableName }));
    expect(described.Table?.TableStatus).toBe('ACTIVE');
  });

  it('the SQS emulator delivers a message that was sent', async () => {
    const client = testSqsClient();
    const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: uniqueName('smoke') }));
    await client.send(new SendMessageCommand({ QueueUrl, MessageBody: '{"village":"532931101201"}' }));
    const received = await client.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1 }));
    expect(received.Messages?.[0]?.Body).toBe('{"village":"532931101201"}');
  });

  // Issue 17 item 8: DynamoDB Local (through its loopback launcher) and the SQS emulator listen on
  // 127.0.0.1 only: through this machine's other address nothing answers.
  const elsewhere = offLoopbackAddress();
  it.skipIf(elsewhere === null)('both listen on 127.0.0.1 only', async () => {
    for (const endpoint of [inject('dynamoEndpoint'), inject('sqsEndpoint')]) {
      expect(await connectTo('127.0.0.1', portOf(endpoint))).toBe('connected');
      expect(await connectTo(elsewhere!, portOf(endpoint)), `${endpoint} through ${elsewhere}`).not.toBe(
        'connected',
      );
    }
  });
});
