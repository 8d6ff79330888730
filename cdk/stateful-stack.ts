// Everything that holds data and must survive a redeploy of the functions: the table, the work
// queues with their dead-letter queues, the SNS topics and the key that encrypts them. Retained
// on stack deletion; the service stack can be destroyed and recreated freely.

import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Billing, TableEncryptionV2, type TablePropsV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { SubscriptionFilter, Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import {
  auditTableDefinition,
  idempotencyAttributes,
  idempotencyTableDefinition,
  tableDefinition,
} from '../lib/adapters/dynamodb/table-definition';
import {
  deadLetterQueueName,
  type QueueDefinition,
  type QueueKey,
  queues as queueDefinitions,
  queueKeys,
  queueName,
} from '../lib/infra/queues';
import type { DeploymentConfig } from './config';
import { acknowledge } from './nag';
import { tableKeysFrom } from './table-props';

export interface WorkQueue {
  key: QueueKey;
  definition: QueueDefinition;
  queue: Queue;
  deadLetterQueue: Queue;
}

export interface StatefulStackProps extends StackProps {
  config: DeploymentConfig;
}

/** `fanpin-<stage>-table`: fixed, so a retained table is never silently replaced by an empty one. */
export function tableName(stage: string): string {
  return `fanpin-${stage}-table`;
}

/**
 * `fanpin-<stage>-id-hash`: the key of the keyed hash of head ID numbers (lib/config.ts ID_HASH_SECRET).
 * Fixed, so the service stack can name it in a dynamic reference without a cross-stack token.
 */
export function idHashSecretName(stage: string): string {
  return `fanpin-${stage}-id-hash`;
}

/**
 * Mail mode `sns`: which digests a recipient of `unitCode` receives. The SNS mailer
 * (lib/adapters/mail/sns-mailer.ts) sets the message attribute `idempotencyKey` to
 * `digestIdempotencyKey(digest)` = `digest#<level>#<code>#<date>`, so a prefix selects one unit.
 */
export function digestFilterPrefix(unitCode: string): string {
  return `digest#${unitCode.length === 6 ? 'county' : 'township'}#${unitCode}#`;
}

export class StatefulStack extends Stack {
  readonly table: TableV2;
  /** The audit log (`<table>-audit`, ADR 0009): append-only events, no indexes. */
  readonly auditTable: TableV2;
  /** The API's Idempotency-Key records (`<table>-idempotency`, ADR 0019): 24 h, then TTL removes them. */
  readonly idempotencyTable: TableV2;
  readonly queues: Record<QueueKey, WorkQueue>;
  /** Where EventBridge Scheduler puts invocations it could not deliver after its retries. */
  readonly scheduleDeadLetterQueue: Queue;
  readonly alarmTopic: Topic;
  /** Encrypts the alarm and digest topics; publishers need kms:GenerateDataKey and kms:Decrypt on it. */
  readonly topicKey: Key;
  /** Mail mode `sns`: digests are published here, one e-mail subscription per county recipient. */
  readonly digestTopic?: Topic;
  /** The ID hash key: generated once, retained, never rotated (docs/decisions/0005-cdk.md). */
  readonly idHashSecret: Secret;
  /** D16: the master key of the head ID numbers (envelope encryption, ADR 0018), rotated yearly by KMS. */
  readonly idNumberKey: Key;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const { config } = props;
    const stage = config.stage;

    // Both tables alike: on demand, PITR, deletion protection, retained, and the AWS-managed key
    // (aws/dynamodb): encrypted at rest, usage in CloudTrail, no key policy to keep in step with the
    // functions' roles across stacks (docs/decisions/0005-cdk.md).
    const protectedTable = (
      id: string,
      definition: CreateTableCommandInput,
      more: Partial<TablePropsV2> = {},
    ) =>
      new TableV2(this, id, {
        tableName: definition.TableName,
        ...tableKeysFrom(definition),
        billing: Billing.onDemand(),
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        deletionProtection: true,
        encryption: TableEncryptionV2.awsManagedKey(),
        removalPolicy: RemovalPolicy.RETAIN,
        ...more,
      });
    // No TTL attribute: records are never deleted (003 "不得在系统中作剔除处理"; issue 17 item 6).
    this.table = protectedTable('Table', tableDefinition(tableName(stage)));
    // The audit log beside it (named after it; the functions derive its name from TABLE_NAME), protected
    // the same way: every change's events are the record of who did what (§12).
    this.auditTable = protectedTable('AuditTable', auditTableDefinition(tableName(stage)));
    // The Idempotency-Key records of the visit and measure POSTs (issue 17 item 11a): technical records, not
    // monitoring records, so unlike the two tables above they expire (TTL on `expiration`, 24 h after the
    // request). They hold hashes, a status and a household id: no personal data (ADR 0019).
    this.idempotencyTable = protectedTable('IdempotencyTable', idempotencyTableDefinition(tableName(stage)), {
      timeToLiveAttribute: idempotencyAttributes.expiry,
    });

    // Generated at the first deploy and never shown to anyone; the table's ID-number index is keyed by it.
    this.idHashSecret = new Secret(this, 'IdHashSecret', {
      secretName: idHashSecretName(stage),
      description: `fanpin ${stage}: key of the hash of head ID numbers (ID_HASH_SECRET); never rotate`,
      generateSecretString: { passwordLength: 48, excludePunctuation: true, includeSpace: false },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      this.idHashSecret,
      'AwsSolutions-SMG4',
      'The HMAC key of head ID numbers: every stored hash is keyed by it, so rotating it would orphan the ID-number index (matching of alerts and imports by ID number would find nothing).',
    );

    // D16: head ID numbers are sealed under data keys that this key wraps (lib/adapters/crypto). KMS
    // rotates its material yearly and keeps the old material, so sealed numbers stay readable. Retained:
    // without it no sealed number could ever be read again.
    this.idNumberKey = new Key(this, 'IdNumberKey', {
      alias: `alias/fanpin-${stage}-id-numbers`,
      description: `fanpin ${stage}: wraps the data keys of head ID numbers (ID_KMS_KEY_ID)`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // One customer key for the topics: CloudWatch alarms cannot publish to a topic encrypted with
    // the AWS-managed SNS key, so the key policy lets CloudWatch use this one.
    this.topicKey = new Key(this, 'TopicKey', {
      description: `fanpin ${stage}: encrypts the alarm and digest topics`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const topicKey = this.topicKey;
    topicKey.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');

    this.alarmTopic = new Topic(this, 'AlarmTopic', {
      topicName: `fanpin-${stage}-alarms`,
      masterKey: topicKey,
      enforceSSL: true,
    });
    if (config.alarmEmail) this.alarmTopic.addSubscription(new EmailSubscription(config.alarmEmail));

    if (config.mail.mode === 'sns') {
      const topic = new Topic(this, 'DigestTopic', {
        topicName: `fanpin-${stage}-digests`,
        masterKey: topicKey,
        enforceSSL: true,
      });
      // Each recipient only gets the digests of their own county or township.
      for (const [unit, emails] of Object.entries(config.mail.recipients)) {
        for (const email of emails) {
          topic.addSubscription(
            new EmailSubscription(email, {
              filterPolicy: {
                idempotencyKey: SubscriptionFilter.stringFilter({
                  matchPrefixes: [digestFilterPrefix(unit)],
                }),
              },
            }),
          );
        }
      }
      this.digestTopic = topic;
    }

    const alarms = new SnsAction(this.alarmTopic);
    const makeQueue = (
      id: string,
      name: string,
      retentionSeconds: number,
      extra: Partial<ConstructorParameters<typeof Queue>[2]> = {},
    ) =>
      new Queue(this, id, {
        queueName: name,
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.seconds(retentionSeconds),
        removalPolicy: RemovalPolicy.RETAIN,
        ...extra,
      });
    const dlqAlarm = (id: string, dlq: Queue, name: string) =>
      new Alarm(this, id, {
        alarmName: `${name}-not-empty`,
        alarmDescription: `${name} holds messages that failed every retry: fix the cause, then redrive`,
        metric: dlq.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(5),
          statistic: 'Maximum',
        }),
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }).addAlarmAction(alarms);

    const built = {} as Record<QueueKey, WorkQueue>;
    for (const key of queueKeys) {
      const def = queueDefinitions[key];
      const id = pascal(key);
      const deadLetterQueue = makeQueue(
        `${id}DeadLetterQueue`,
        deadLetterQueueName(stage, key),
        def.dlqRetentionSeconds,
      );
      const queue = makeQueue(`${id}Queue`, queueName(stage, key), def.retentionSeconds, {
        visibilityTimeout: Duration.seconds(def.visibilityTimeoutSeconds),
        deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: def.maxReceiveCount },
      });
      dlqAlarm(`${id}DeadLetterAlarm`, deadLetterQueue, deadLetterQueueName(stage, key));
      // A message older than every allowed delivery should already be in the DLQ: the consumer is stuck.
      const stuckAfter = def.maxReceiveCount * def.visibilityTimeoutSeconds + 300;
      new Alarm(this, `${id}OldestMessageAlarm`, {
        alarmName: `${queueName(stage, key)}-stuck`,
        alarmDescription: `${key} queue: oldest message older than ${stuckAfter}s, the consumer is not keeping up`,
        metric: queue.metricApproximateAgeOfOldestMessage({
          period: Duration.minutes(5),
          statistic: 'Maximum',
        }),
        threshold: stuckAfter,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }).addAlarmAction(alarms);
      acknowledge(
        deadLetterQueue,
        'AwsSolutions-SQS3',
        'This is the dead-letter queue of a work queue; it has no DLQ of its own.',
      );
      built[key] = { key, definition: def, queue, deadLetterQueue };
    }
    this.queues = built;

    this.scheduleDeadLetterQueue = makeQueue(
      'ScheduleDeadLetterQueue',
      `fanpin-${stage}-schedules-dlq`,
      14 * 24 * 3600,
    );
    dlqAlarm('ScheduleDeadLetterAlarm', this.scheduleDeadLetterQueue, `fanpin-${stage}-schedules-dlq`);
    acknowledge(
      this.scheduleDeadLetterQueue,
      'AwsSolutions-SQS3',
      'Dead-letter queue of the EventBridge Scheduler schedules; it has no DLQ of its own.',
    );

    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'AuditTableName', { value: this.auditTable.tableName });
    for (const key of queueKeys)
      new CfnOutput(this, `${pascal(key)}QueueUrl`, { value: built[key].queue.queueUrl });
    new CfnOutput(this, 'IdHashSecretName', { value: idHashSecretName(stage) });
    new CfnOutput(this, 'IdNumberKeyArn', { value: this.idNumberKey.keyArn });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarmTopic.topicArn });
    if (this.digestTopic) new CfnOutput(this, 'DigestTopicArn', { value: this.digestTopic.topicArn });
  }
}

function pascal(s: string): string {
  return s.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase());
}
