// One Lambda handler from functions/, bundled locally with the project's esbuild (no Docker),
// Node 24 on arm64, with the Powertools environment, its own log group and active X-Ray tracing. Grants and
// environment travel together: the only way to give the function a resource's name or URL is to
// grant it access to that resource, and the only grants are the methods below.
import { Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { idNumberEncryptionContext } from '../../lib/adapters/crypto/kms-data-keys';
import type { QueueDefinition, QueueKey } from '../../lib/infra/queues';
import { acknowledge } from '../nag';

/** The environment variable that carries each queue's URL (lib/config.ts). */
export const queueUrlVariable: Record<QueueKey, string> = {
  sweep: 'SWEEP_QUEUE_URL',
  alerts: 'ALERTS_QUEUE_URL',
  notify: 'NOTIFY_QUEUE_URL',
};

/** Lambda's limit on the total size of a function's environment variables. */
const ENVIRONMENT_LIMIT_BYTES = 4096;

// ESM bundles that contain CommonJS dependencies call `require`; give them one.
const requireBanner =
  "import { createRequire as __fanpinCreateRequire } from 'node:module'; const require = __fanpinCreateRequire(import.meta.url);";

// Issue 17 item 6, least privilege: no Scan (nothing scans the table) and no DeleteItem anywhere (records
// are never deleted: 003 "不得在系统中作剔除处理"); the audit table is append-only (no UpdateItem).
const readActions = [
  'dynamodb:BatchGetItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
  'dynamodb:GetItem',
  'dynamodb:Query',
];
const writeActions = ['dynamodb:BatchWriteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'];
/** The audit table takes new items only: the store writes them with attribute_not_exists(pk). */
const auditWriteActions = ['dynamodb:BatchWriteItem', 'dynamodb:PutItem'];

export interface HandlerFunctionProps {
  /** Absolute path of the handler file. */
  entry: string;
  /** Function name, e.g. `fanpin-prod-sqs-sweep-village` (also names the log group). */
  functionName: string;
  description: string;
  /** Repository root: where package-lock.json and tsconfig.json are. */
  projectRoot: string;
  memoryMb: number;
  timeout: Duration;
  logRetention: RetentionDays;
  logLevel: string;
  serviceName: string;
  metricsNamespace: string;
}

export class HandlerFunction extends Construct {
  readonly fn: NodejsFunction;
  private readonly granted = new Set<string>();
  private readonly environment = new Map<string, string>();

  constructor(scope: Construct, id: string, props: HandlerFunctionProps) {
    super(scope, id);
    if (props.functionName.length > 64) {
      throw new Error(`function name ${props.functionName} is longer than Lambda's 64 characters`);
    }
    const logGroup = new LogGroup(this, 'Logs', {
      logGroupName: `/aws/lambda/${props.functionName}`,
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // An own role instead of AWSLambdaBasicExecutionRole: logs only to its own group.
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.functionName}: only the grants in cdk/functions.ts`,
    });
    role.addToPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );
    this.fn = new NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: 'handler',
      functionName: props.functionName,
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memoryMb,
      timeout: props.timeout,
      role,
      logGroup,
      // X-Ray: the handler's Powertools Tracer (lib/adapters/tracing/tracer.ts) adds its subsegments.
      tracing: Tracing.ACTIVE,
      projectRoot: props.projectRoot,
      depsLockFilePath: `${props.projectRoot}/package-lock.json`,
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        target: 'node24',
        mainFields: ['module', 'main'],
        banner: requireBanner,
        sourceMap: true,
        minify: true,
        // The AWS SDK is bundled too: the version the tests ran is the version that runs.
        externalModules: [],
        tsconfig: `${props.projectRoot}/tsconfig.json`,
        // esbuild's own summary (file sizes, "Done in") is noise in `cdk synth --quiet`; its warnings
        // and errors still print.
        logLevel: LogLevel.WARNING,
      },
    });
    // Active tracing grants xray:PutTraceSegments and xray:PutTelemetryRecords, which take no resource
    // (X-Ray has no resource-level permissions for them). service-stack.test.ts checks that they are the
    // only statement on `*` in every function's policy.
    acknowledge(
      role.node.findChild('DefaultPolicy'),
      'AwsSolutions-IAM5[Resource::*]',
      'X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions',
    );
    const base = {
      NODE_OPTIONS: '--enable-source-maps',
      LOG_LEVEL: props.logLevel,
      POWERTOOLS_SERVICE_NAME: props.serviceName,
      POWERTOOLS_METRICS_NAMESPACE: props.metricsNamespace,
    };
    for (const [name, value] of Object.entries(base)) {
      this.environment.set(name, value);
      this.fn.addEnvironment(name, value);
    }
    this.node.addValidation({ validate: () => this.checkEnvironmentSize() });
  }

  /**
   * Read (`read`) or read and write (`readWrite`) the table, its indexes and its audit table (whose name
   * the store derives from TABLE_NAME); sets TABLE_NAME. D16: no ID hash secret comes with it (records
   * carry their hash; see `useIdNumbers`).
   */
  useTable(
    tables: { table: TableV2; auditTable: TableV2 },
    access: 'read' | 'readWrite',
    indexNames: readonly string[],
  ): this {
    const { table, auditTable } = tables;
    const write = access === 'readWrite';
    // Each index by name rather than `index/*`: the grant covers what exists, nothing more.
    this.fn.addToRolePolicy(
      new PolicyStatement({
        actions: write ? [...readActions, ...writeActions] : readActions,
        resources: [table.tableArn, ...indexNames.map((n) => `${table.tableArn}/index/${n}`)],
      }),
    );
    this.fn.addToRolePolicy(
      new PolicyStatement({
        actions: write ? [...readActions, ...auditWriteActions] : readActions,
        resources: [auditTable.tableArn],
      }),
    );
    return this.set('TABLE_NAME', table.tableName);
  }

  /**
   * D16: hash head ID numbers (`hash`: ID_HASH_SECRET, `idHashSecret` being a CloudFormation dynamic
   * reference to the stateful stack's secret), and seal new ones (`seal`: also ID_KMS_KEY_ID and
   * kms:GenerateDataKey on the ID number key, only with its encryption context). No function may
   * kms:Decrypt it: no route returns a full number.
   */
  useIdNumbers(mode: 'hash' | 'seal', idHashSecret: string, key: IKey): this {
    this.set('ID_HASH_SECRET', idHashSecret);
    if (mode === 'hash') return this;
    this.fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['kms:GenerateDataKey'],
        resources: [key.keyArn],
        conditions: { StringEquals: { 'kms:EncryptionContext:purpose': idNumberEncryptionContext.purpose } },
      }),
    );
    return this.set('ID_KMS_KEY_ID', key.keyArn);
  }

  /**
   * Issue 17 item 11a: the Idempotency-Key records (`<table>-idempotency`, named after TABLE_NAME, so no
   * variable of its own). Get, put and update only: a failed request's key is released by an update, never
   * deleted (lib/adapters/dynamodb/idempotency.ts), and expired records go by the table's TTL.
   */
  useIdempotencyTable(table: TableV2): this {
    this.fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
        resources: [table.tableArn],
      }),
    );
    return this;
  }

  /** Send messages to a work queue; sets its URL variable (e.g. SWEEP_QUEUE_URL). */
  sendTo(key: QueueKey, queue: IQueue): this {
    queue.grantSendMessages(this.fn);
    return this.set(queueUrlVariable[key], queue.queueUrl);
  }

  /** Be invoked with batches from a work queue, reporting failures per message. */
  consume(
    queue: IQueue,
    definition: QueueDefinition,
    overrides: { batchSize?: number; maxConcurrency?: number; maxBatchingWindowSeconds?: number } = {},
  ): this {
    const timeout = this.fn.timeout?.toSeconds() ?? 3;
    if (timeout > definition.visibilityTimeoutSeconds) {
      throw new Error(
        `${this.node.path}: timeout ${timeout}s exceeds the ${definition.key} queue's visibility timeout ` +
          `(${definition.visibilityTimeoutSeconds}s); a message would be redelivered while still being processed`,
      );
    }
    const window = overrides.maxBatchingWindowSeconds ?? definition.maxBatchingWindowSeconds;
    this.fn.addEventSource(
      new SqsEventSource(queue, {
        batchSize: overrides.batchSize ?? definition.batchSize,
        maxConcurrency: overrides.maxConcurrency ?? definition.maxConcurrency,
        ...(window > 0 ? { maxBatchingWindow: Duration.seconds(window) } : {}),
        reportBatchItemFailures: true,
      }),
    );
    return this;
  }

  /** Send mail as a verified SES identity (domain or address); sets MAIL_MODE=ses and MAIL_FROM. */
  sendMailViaSes(identity: string, from: string, recipients: Record<string, string[]>): this {
    const identityArn = Stack.of(this).formatArn({
      service: 'ses',
      resource: 'identity',
      resourceName: identity,
    });
    this.fn.addToRolePolicy(new PolicyStatement({ actions: ['ses:SendEmail'], resources: [identityArn] }));
    return this.set('MAIL_MODE', 'ses')
      .set('MAIL_FROM', from)
      .set('DIGEST_RECIPIENTS', JSON.stringify(recipients));
  }

  /** Publish digests to the SNS digest topic; sets MAIL_MODE=sns and MAIL_TOPIC_ARN. */
  sendMailViaSns(topic: ITopic, key: IKey, from: string, recipients: Record<string, string[]>): this {
    // Not topic.grantPublish: it grants kms:GenerateDataKey*, where publishing needs exactly these two.
    this.fn.addToRolePolicy(new PolicyStatement({ actions: ['sns:Publish'], resources: [topic.topicArn] }));
    this.fn.addToRolePolicy(
      new PolicyStatement({ actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [key.keyArn] }),
    );
    return this.set('MAIL_MODE', 'sns')
      .set('MAIL_TOPIC_ARN', topic.topicArn)
      .set('MAIL_FROM', from)
      .set('DIGEST_RECIPIENTS', JSON.stringify(recipients));
  }

  /**
   * Configuration that is not a resource (no grant): the policy overrides, the JWT settings, the digest
   * recipients of a function that plans digests without sending them.
   */
  configure(
    name: 'POLICY_OVERRIDES' | 'JWT_ISSUER' | 'JWT_AUDIENCE' | 'DIGEST_RECIPIENTS' | 'WEB_BASE_URL',
    value: string,
  ): this {
    return this.set(name, value);
  }

  /** The variables set through grants and configuration (for tests and reports). */
  get grantedVariables(): ReadonlySet<string> {
    return this.granted;
  }

  private set(name: string, value: string): this {
    this.granted.add(name);
    this.environment.set(name, value);
    this.fn.addEnvironment(name, value);
    return this;
  }

  private checkEnvironmentSize(): string[] {
    // Tokens (ARNs, URLs) resolve to at most a few hundred bytes; count each as 256.
    let bytes = 0;
    for (const [name, value] of this.environment) {
      bytes += name.length + (Token.isUnresolved(value) ? 256 : Buffer.byteLength(value));
    }
    return bytes > ENVIRONMENT_LIMIT_BYTES
      ? [
          `the environment of ${this.fn.functionName} is about ${bytes} bytes; Lambda allows ${ENVIRONMENT_LIMIT_BYTES}`,
        ]
      : [];
  }
}
