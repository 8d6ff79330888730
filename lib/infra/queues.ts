// The queues of fanpin, shared by the local stack and the CDK service stack so they cannot drift.
// Each work queue has a dead-letter queue; a message that fails `maxReceiveCount` times moves there.

export const queueKeys = ['sweep', 'alerts', 'notify'] as const;
/** sweep: one message per village shard; alerts: department alerts; notify: one message per digest. */
export type QueueKey = (typeof queueKeys)[number];

export interface QueueDefinition {
  key: QueueKey;
  /** The queue's base name; the stage is prefixed by `queueName`. */
  baseName: string;
  /**
   * Seconds a received message stays invisible. AWS advises at least 6× the consumer's timeout
   * (Lambda event source mapping); the local stack uses the same value.
   */
  visibilityTimeoutSeconds: number;
  /** Deliveries before the message moves to the DLQ. */
  maxReceiveCount: number;
  /** Messages per handler invocation (event source mapping BatchSize). */
  batchSize: number;
  /** Seconds to gather a batch (MaximumBatchingWindowInSeconds); 0 = invoke as soon as a message arrives. */
  maxBatchingWindowSeconds: number;
  /** Parallel invocations (MaximumConcurrency on AWS, pollers locally). */
  maxConcurrency: number;
  /** The consumer's Lambda timeout, which the visibility timeout must cover. */
  consumerTimeoutSeconds: number;
  /** How long a message is kept (seconds). */
  retentionSeconds: number;
  /** How long a message is kept in the DLQ (seconds): the maximum, 14 days, for a human to look. */
  dlqRetentionSeconds: number;
}

const FOUR_DAYS = 4 * 24 * 3600;
const FOURTEEN_DAYS = 14 * 24 * 3600;

export const queues: Record<QueueKey, QueueDefinition> = {
  sweep: {
    key: 'sweep',
    baseName: 'sweep',
    consumerTimeoutSeconds: 60,
    visibilityTimeoutSeconds: 360,
    maxReceiveCount: 3,
    // One village per message; a small batch keeps a slow village from holding others back.
    batchSize: 5,
    maxBatchingWindowSeconds: 0,
    maxConcurrency: 4,
    retentionSeconds: FOUR_DAYS,
    dlqRetentionSeconds: FOURTEEN_DAYS,
  },
  alerts: {
    key: 'alerts',
    baseName: 'alerts',
    consumerTimeoutSeconds: 30,
    visibilityTimeoutSeconds: 180,
    maxReceiveCount: 3,
    batchSize: 10,
    maxBatchingWindowSeconds: 0,
    maxConcurrency: 2,
    retentionSeconds: FOUR_DAYS,
    dlqRetentionSeconds: FOURTEEN_DAYS,
  },
  notify: {
    key: 'notify',
    baseName: 'notify',
    consumerTimeoutSeconds: 60,
    visibilityTimeoutSeconds: 360,
    maxReceiveCount: 3,
    // One digest per invocation: a failed mail send retries only that digest.
    batchSize: 1,
    maxBatchingWindowSeconds: 0,
    maxConcurrency: 2,
    retentionSeconds: FOUR_DAYS,
    dlqRetentionSeconds: FOURTEEN_DAYS,
  },
};

const STAGE = /^[a-z][a-z0-9-]{0,19}$/;

function checkStage(stage: string): string {
  if (!STAGE.test(stage)) throw new Error(`stage "${stage}" must be lowercase letters, digits or dashes`);
  return stage;
}

/** e.g. `fanpin-prod-sweep`. */
export function queueName(stage: string, key: QueueKey): string {
  return `fanpin-${checkStage(stage)}-${queues[key].baseName}`;
}

/** e.g. `fanpin-prod-sweep-dlq`. */
export function deadLetterQueueName(stage: string, key: QueueKey): string {
  return `${queueName(stage, key)}-dlq`;
}

/**
 * SQS attributes for CreateQueue / SetQueueAttributes of the work queue. The local stack passes a
 * shorter visibility timeout: it has no Lambda timeout to cover, and a failed message should come
 * back (and reach the DLQ) in seconds, not minutes.
 */
export function queueAttributes(
  definition: QueueDefinition,
  dlqArn: string,
  options: { visibilityTimeoutSeconds?: number } = {},
): Record<string, string> {
  return {
    VisibilityTimeout: String(options.visibilityTimeoutSeconds ?? definition.visibilityTimeoutSeconds),
    MessageRetentionPeriod: String(definition.retentionSeconds),
    RedrivePolicy: JSON.stringify({
      deadLetterTargetArn: dlqArn,
      maxReceiveCount: definition.maxReceiveCount,
    }),
  };
}

/** SQS attributes of the dead-letter queue. */
export function deadLetterQueueAttributes(definition: QueueDefinition): Record<string, string> {
  return { MessageRetentionPeriod: String(definition.dlqRetentionSeconds) };
}
