import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { digestFilterPrefix, idHashSecretName, StatefulStack, tableName } from '../../cdk/stateful-stack';
import { auditTableDefinition, tableDefinition } from '../../lib/adapters/dynamodb/table-definition';
import { type Digest, digestIdempotencyKey } from '../../lib/domain/digest';
import { deadLetterQueueName, queueKeys, queueName, queues } from '../../lib/infra/queues';
import { aChinaConfig, aConfig, annotationErrors, unacknowledgedNagFindings } from './support';

const stack = new StatefulStack(new App(), 'Stateful', { config: aConfig(), env: { region: 'ap-east-1' } });
const template = Template.fromStack(stack);
const cnStack = new StatefulStack(new App(), 'StatefulCn', {
  config: aChinaConfig(),
  env: { region: 'cn-northwest-1' },
});
const cnTemplate = Template.fromStack(cnStack);

function queueLogicalId(t: Template, name: string): string {
  const found = Object.keys(t.findResources('AWS::SQS::Queue', { Properties: { QueueName: name } }));
  expect(found).toHaveLength(1);
  return found[0]!;
}

describe('stateful stack: the table', () => {
  const definition = tableDefinition(tableName('test'));

  it('has the key schema, attributes and indexes of the shared table definition', () => {
    const table = Object.values(template.findResources('AWS::DynamoDB::GlobalTable')).find(
      (t) => t.Properties.TableName === 'fanpin-test-table',
    );
    const props = table!.Properties;
    expect(props.KeySchema).toEqual(definition.KeySchema);
    expect(new Set(props.AttributeDefinitions.map(JSON.stringify))).toEqual(
      new Set(definition.AttributeDefinitions!.map((a) => JSON.stringify(a))),
    );
    const byName = (gsis: { IndexName: string }[]) =>
      [...gsis].sort((a, b) => a.IndexName.localeCompare(b.IndexName));
    expect(
      byName(props.GlobalSecondaryIndexes).map((g: Record<string, unknown>) => ({
        IndexName: g.IndexName,
        KeySchema: g.KeySchema,
        Projection: g.Projection,
      })),
    ).toEqual(byName(definition.GlobalSecondaryIndexes as { IndexName: string }[]));
  });

  it('17-11a: keeps Idempotency-Key records in their own table keyed by id, expiring by TTL', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TableName: 'fanpin-test-table-idempotency',
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },
      SSESpecification: { SSEEnabled: true },
    });
    for (const name of ['fanpin-test-table', 'fanpin-test-table-audit']) {
      template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
        TableName: name,
        TimeToLiveSpecification: Match.absent(),
      });
    }
  });

  it('is on-demand with point-in-time recovery, deletion protection and no TTL (records never expire)', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TableName: 'fanpin-test-table',
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: Match.absent(),
      SSESpecification: { SSEEnabled: true },
      Replicas: [
        Match.objectLike({
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          DeletionProtectionEnabled: true,
        }),
      ],
    });
  });

  it('is retained when the stack is deleted, and so are the audit and idempotency tables', () => {
    const tables = Object.values(template.findResources('AWS::DynamoDB::GlobalTable'));
    expect(tables.map((t) => t.Properties.TableName).sort()).toEqual([
      'fanpin-test-table',
      'fanpin-test-table-audit',
      'fanpin-test-table-idempotency',
    ]);
    for (const t of tables)
      expect(t).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  it('has the audit table beside it: the shared definition (pk, sk, no index), protected alike', () => {
    const audit = auditTableDefinition(tableName('test'));
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TableName: 'fanpin-test-table-audit',
      KeySchema: audit.KeySchema,
      AttributeDefinitions: audit.AttributeDefinitions,
      GlobalSecondaryIndexes: Match.absent(),
      BillingMode: 'PAY_PER_REQUEST',
      SSESpecification: { SSEEnabled: true },
      Replicas: [
        Match.objectLike({
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          DeletionProtectionEnabled: true,
        }),
      ],
    });
  });
});

describe('stateful stack: queues', () => {
  it.each(queueKeys)('the %s queue redrives to its own DLQ after the defined receive count', (key) => {
    const dlqId = queueLogicalId(template, deadLetterQueueName('test', key));
    template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: queueName('test', key),
      VisibilityTimeout: queues[key].visibilityTimeoutSeconds,
      MessageRetentionPeriod: queues[key].retentionSeconds,
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] },
        maxReceiveCount: queues[key].maxReceiveCount,
      },
    });
  });

  it('encrypts every queue and refuses requests without TLS', () => {
    const all = template.findResources('AWS::SQS::Queue');
    for (const queue of Object.values(all)) expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
    const policies = Object.values(template.findResources('AWS::SQS::QueuePolicy'));
    const covered = policies
      .filter((p) =>
        p.Properties.PolicyDocument.Statement.some(
          (s: { Effect: string; Condition?: { Bool?: Record<string, string> } }) =>
            s.Effect === 'Deny' && s.Condition?.Bool?.['aws:SecureTransport'] === 'false',
        ),
      )
      .flatMap((p) => p.Properties.Queues.map((q: { Ref: string }) => q.Ref));
    expect(new Set(covered)).toEqual(new Set(Object.keys(all)));
  });

  it('retains every queue', () => {
    for (const queue of Object.values(template.findResources('AWS::SQS::Queue'))) {
      expect(queue.DeletionPolicy).toBe('Retain');
    }
  });

  it.each([...queueKeys.map((k) => deadLetterQueueName('test', k)), 'fanpin-test-schedules-dlq'])(
    'alarms when %s holds any message',
    (name) => {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [
          { Name: 'QueueName', Value: { 'Fn::GetAtt': [queueLogicalId(template, name), 'QueueName'] } },
        ],
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        AlarmActions: [{ Ref: Match.stringLikeRegexp('^AlarmTopic') }],
      });
    },
  );

  it.each(queueKeys)('alarms when the oldest message of the %s queue outlives every retry', (key) => {
    const def = queues[key];
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateAgeOfOldestMessage',
      Dimensions: [
        {
          Name: 'QueueName',
          Value: { 'Fn::GetAtt': [queueLogicalId(template, queueName('test', key)), 'QueueName'] },
        },
      ],
      Threshold: def.maxReceiveCount * def.visibilityTimeoutSeconds + 300,
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^AlarmTopic') }],
    });
  });
});

describe('stateful stack: topics', () => {
  it('encrypts the alarm topic with a rotated key that CloudWatch may use, and subscribes the alarm e-mail', () => {
    template.hasResourceProperties('AWS::SNS::Topic', {
      TopicName: 'fanpin-test-alarms',
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^TopicKey'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.org',
    });
  });

  it('has no digest topic when mail goes through SES', () => {
    template.resourcePropertiesCountIs('AWS::SNS::Topic', { TopicName: 'fanpin-test-digests' }, 0);
  });

  it('subscribes each recipient to the digest topic, filtered to the digests of their unit (mail mode sns)', () => {
    cnTemplate.hasResourceProperties('AWS::SNS::Topic', { TopicName: 'fanpin-test-digests' });
    for (const [prefix, email] of [
      ['digest#county#532931#', 'admin@example.cn'],
      ['digest#township#640521001#', 'a@example.cn'],
      ['digest#township#640521001#', 'b@example.cn'],
    ]) {
      cnTemplate.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'email',
        Endpoint: email,
        FilterPolicy: { idempotencyKey: [{ prefix }] },
      });
    }
  });

  it('filters on the prefix of the key the SNS mailer sends as a message attribute', () => {
    const county = { county: '532931', date: '2026-12-07' } as unknown as Digest;
    const township = { township: '640521001', date: '2026-12-07' } as unknown as Digest;
    expect(digestIdempotencyKey(county).startsWith(digestFilterPrefix('532931'))).toBe(true);
    expect(digestIdempotencyKey(township).startsWith(digestFilterPrefix('640521001'))).toBe(true);
  });
});

describe('stateful stack: D16 the ID number key', () => {
  it('is a customer key rotated by KMS, retained, under its alias, and named in an output', () => {
    const keys = Object.entries(template.findResources('AWS::KMS::Key')).filter(([id]) =>
      id.startsWith('IdNumberKey'),
    );
    expect(keys).toHaveLength(1);
    expect(keys[0]![1]).toMatchObject({
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: { EnableKeyRotation: true },
    });
    template.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/fanpin-test-id-numbers' });
    template.hasOutput('IdNumberKeyArn', {});
  });
});

describe('stateful stack: the ID hash secret', () => {
  it('is generated at the first deploy under its fixed name, without punctuation, and retained', () => {
    const secrets = template.findResources('AWS::SecretsManager::Secret');
    expect(Object.values(secrets)).toHaveLength(1);
    const [secret] = Object.values(secrets);
    expect(secret).toMatchObject({
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        Name: idHashSecretName('test'),
        GenerateSecretString: { PasswordLength: 48, ExcludePunctuation: true },
      },
    });
    expect(idHashSecretName('test')).toBe('fanpin-test-id-hash');
  });

  it('has no rotation (rotating the key would orphan every stored ID-number hash)', () => {
    template.resourceCountIs('AWS::SecretsManager::RotationSchedule', 0);
  });
});

describe('stateful stack: partitions and checks', () => {
  it('writes no aws-partition ARN into the aws-cn template', () => {
    expect(JSON.stringify(cnTemplate.toJSON())).not.toContain('arn:aws:');
  });

  it.each([
    ['aws', stack],
    ['aws-cn', cnStack],
  ])('passes cdk-nag AwsSolutions with every finding acknowledged (%s)', (_, s) => {
    expect(unacknowledgedNagFindings(s)).toEqual([]);
    expect(annotationErrors(s)).toEqual([]);
  });
});
