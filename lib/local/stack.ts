// The local stack (`fanpin local`): DynamoDB Local and the SQS emulator persisted under the data
// directory, the table and queues built from the same definitions as on AWS, and the stand-ins
// (HTTP gateway, SQS event sources, scheduler) feeding the registered handlers real events.
import { chmodSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import {
  CreateQueueCommand,
  GetQueueUrlCommand,
  QueueDoesNotExist,
  SetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { ensureLocalIdKey } from '../adapters/crypto/local-data-keys';
import { ensureTables } from '../adapters/dynamodb/table-definition';
import { formatInstant, parseInstant } from '../domain/time';
import {
  deadLetterQueueAttributes,
  deadLetterQueueName,
  type QueueDefinition,
  queueAttributes,
  queueKeys,
  queueName,
  queues,
} from '../infra/queues';
import { schedules } from '../infra/schedules';
import { CliError } from './cli-errors';
import { type LocalHandlers, localHandlers } from './handlers';
import { startHttpGateway } from './http-gateway';
import { localRegion } from './lambda-context';
import {
  applyLambdaEnvironment,
  findRunningStack,
  type LocalStackInfo,
  type QueueUrls,
  removeLocalFile,
  writeLocalFile,
} from './local-file';
import { type LocalScheduler, startScheduler } from './scheduler';
import { startDynamoDbLocal } from './services/dynamodb-local';
import { startSqsEmulator } from './services/sqs-emulator';
import { queueArn, type SqsEventSource, startSqsEventSource } from './sqs-event-source';
import { localTokens } from './tokens';
import { localTokenRoute, webFiles } from './web-app';

export const localStage = 'local';
export const localTableName = 'fanpin-local';
/** Failed messages come back after this many seconds locally (no Lambda timeout to cover). */
export const localVisibilityTimeoutSeconds = 10;

export interface LocalStackOptions {
  dataDir: string;
  port?: number;
  /** Seed the demo county when the table is empty (default true). */
  demo?: boolean;
  /** Fire the sweeps and digests on their schedules (default true). */
  schedules?: boolean;
  handlers?: LocalHandlers;
  /** Lines for the terminal. */
  log?: (line: string) => void;
  /** Problems (handler errors, failed batches). */
  warn?: (line: string) => void;
  /** The instant the demo seed and the banner treat as now (FANPIN_NOW). */
  now?: () => string;
}

export interface RunningLocalStack {
  info: LocalStackInfo;
  stop(): Promise<void>;
}

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/**
 * The queue URL on the emulator's own origin (http://127.0.0.1:PORT/000000000000/name). The emulator
 * names queues http://sqs.<region>.<host>:PORT/…, which is not a valid URL for an IP host, and the
 * SDK sends to a QueueUrl's origin when it differs from the endpoint.
 */
export function onEndpoint(queueUrl: string, endpoint: string): string {
  return queueUrl.replace(/^https?:\/\/[^/]+/, endpoint.replace(/\/$/, ''));
}

async function ensureQueue(
  sqs: SQSClient,
  name: string,
  attributes: Record<string, string>,
): Promise<string> {
  const endpoint = await sqsEndpointOf(sqs);
  try {
    const found = await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
    const QueueUrl = onEndpoint(found.QueueUrl!, endpoint);
    // The queue survived from an earlier run: bring its attributes up to date.
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: attributes }));
    return QueueUrl;
  } catch (e) {
    const missing =
      e instanceof QueueDoesNotExist || /QueueDoesNotExist|NonExistentQueue/.test((e as Error).name);
    if (!missing) throw e;
  }
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  return onEndpoint(QueueUrl!, endpoint);
}

async function sqsEndpointOf(sqs: SQSClient): Promise<string> {
  const endpoint = await sqs.config.endpoint?.();
  if (!endpoint) throw new Error('the SQS client has no endpoint');
  return `${endpoint.protocol}//${endpoint.hostname}${endpoint.port ? `:${endpoint.port}` : ''}`;
}

/** Creates (or updates) a work queue and its DLQ with the redrive policy between them. */
async function ensureQueueWithDlq(sqs: SQSClient, definition: QueueDefinition) {
  const dlqUrl = await ensureQueue(
    sqs,
    deadLetterQueueName(localStage, definition.key),
    deadLetterQueueAttributes(definition),
  );
  const attributes = queueAttributes(definition, await queueArn(sqs, dlqUrl), {
    visibilityTimeoutSeconds: localVisibilityTimeoutSeconds,
  });
  const url = await ensureQueue(sqs, queueName(localStage, definition.key), attributes);
  return { url, dlqUrl };
}

async function tableIsEmpty(dynamo: DynamoDBClient, tableName: string): Promise<boolean> {
  const out = await dynamo.send(new ScanCommand({ TableName: tableName, Limit: 1, Select: 'COUNT' }));
  return (out.Count ?? 0) === 0 && !out.LastEvaluatedKey;
}

export async function startLocalStack(options: LocalStackOptions): Promise<RunningLocalStack> {
  const log = options.log ?? (() => {});
  const warn = options.warn ?? log;
  const handlers = options.handlers ?? localHandlers;
  const dataDir = path.resolve(options.dataDir);
  const outboxDir = path.join(dataDir, 'outbox');
  // interface.md "Readiness": every local listener binds to 127.0.0.1 only.
  const host = '127.0.0.1';

  const already = await findRunningStack(dataDir);
  if (already && already.pid !== process.pid) {
    throw new CliError(
      `a local stack is already running for ${options.dataDir} (pid ${already.pid}, ${already.api})`,
    );
  }
  // The data directory holds households' personal data: only its owner may enter it.
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
  // D16: the key of the ID numbers and the hash secret of this data directory (0600).
  ensureLocalIdKey(dataDir);
  mkdirSync(outboxDir, { recursive: true });

  const stops: (() => Promise<void>)[] = [];
  let stopped = false;
  const stopAll = async () => {
    if (stopped) return;
    stopped = true;
    for (const stop of stops.reverse()) {
      try {
        await stop();
      } catch (e) {
        warn(`while stopping: ${(e as Error).message}`);
      }
    }
  };

  try {
    const tokens = await localTokens(dataDir);
    // The gateway first: a port in use fails in a second, not after Java has started. It answers 503
    // until the whole stack is ready and local.json is written (interface.md "Readiness").
    let ready = false;
    const gateway = await startHttpGateway({
      routes: [...handlers.routes, localTokenRoute(tokens)],
      files: await webFiles(),
      authorize: (token) => tokens.verifyToken(token),
      port: options.port ?? 3000,
      host,
      ready: () => ready,
      onRequest: ({ method, path: p, status, ms }) => log(`${method} ${p} ${status} ${ms}ms`),
      onHandlerError: (error, routeKey) =>
        warn(`${routeKey}: the handler failed: ${(error as Error)?.stack ?? error}`),
    });
    stops.push(() => gateway.close());

    const [dynamoLocal, sqsEmulator] = await Promise.all([
      startDynamoDbLocal({ dbPath: path.join(dataDir, 'dynamodb'), onWarning: warn }),
      startSqsEmulator({ dataDir: path.join(dataDir, 'sqs') }),
    ]);
    stops.push(
      () => sqsEmulator.stop(),
      () => dynamoLocal.stop(),
    );

    const dynamo = new DynamoDBClient({ endpoint: dynamoLocal.endpoint, region: localRegion, credentials });
    const sqs = new SQSClient({ endpoint: sqsEmulator.endpoint, region: localRegion, credentials });
    await ensureTables(dynamo, localTableName);
    const urls = {} as QueueUrls;
    for (const key of queueKeys) {
      const { url, dlqUrl } = await ensureQueueWithDlq(sqs, queues[key]);
      urls[key] = url;
      urls[`${key}Dlq`] = dlqUrl;
    }

    const info: LocalStackInfo = {
      version: 1,
      api: gateway.url,
      dynamodbEndpoint: dynamoLocal.endpoint,
      sqsEndpoint: sqsEmulator.endpoint,
      region: localRegion,
      tableName: localTableName,
      queues: urls,
      outboxDir,
      dataDir,
      pid: process.pid,
      startedAt: new Date().toISOString(),
    };
    // Handlers read their configuration at cold start, which happens after this.
    applyLambdaEnvironment(info);

    if (options.demo !== false && (await tableIsEmpty(dynamo, localTableName))) {
      if (handlers.seedDemo) {
        log('seeding the demo county (first start)…');
        await handlers.seedDemo({ stack: info, now: options.now?.() ?? new Date().toISOString(), log });
      } else log('demo data: no demo generator in this build yet; starting empty');
    }

    const sources: SqsEventSource[] = [];
    for (const key of queueKeys) {
      const registered = handlers.queues[key];
      if (!registered) continue;
      const definition = queues[key];
      sources.push(
        await startSqsEventSource({
          sqs,
          queueUrl: urls[key],
          handler: registered.handler,
          functionName: registered.functionName,
          batchSize: definition.batchSize,
          concurrency: definition.maxConcurrency,
          waitTimeSeconds: 10,
          timeoutMs: definition.consumerTimeoutSeconds * 1000,
          onBatch: ({ queue, received, failed, error }) => {
            if (failed)
              warn(
                `${queue}: ${failed} of ${received} messages failed${error ? `: ${(error as Error).message}` : ''}`,
              );
          },
          onPollError: (e) => warn(`${key} queue: ${(e as Error).message}`),
        }),
      );
    }
    stops.push(async () => {
      await Promise.all(sources.map((s) => s.stop()));
    });

    let scheduler: LocalScheduler | undefined;
    if (options.schedules !== false) {
      const jobs = schedules.flatMap((definition) => {
        const registered = handlers.schedules[definition.target];
        return registered ? [{ definition, handler: registered.handler }] : [];
      });
      scheduler = startScheduler({
        jobs,
        onFire: ({ name, payload, error }) =>
          error
            ? warn(`schedule ${name} (${payload.scheduledTime}) failed: ${(error as Error).message}`)
            : log(`schedule ${name} fired (${payload.scheduledTime})`),
      });
      stops.push(() => scheduler!.stop());
    }

    writeLocalFile(info);
    stops.push(async () => removeLocalFile(dataDir, process.pid));
    ready = true;

    printBanner(log, options, info, {
      queuesConsumed: sources.length,
      schedules: options.schedules === false ? null : (scheduler?.nextRuns() ?? []),
    });
    return { info, stop: stopAll };
  } catch (e) {
    await stopAll();
    throw e;
  }
}

/** `2026-12-07T22:00:00Z` → `2026-12-08 06:00`, Asia/Shanghai (the schedules' zone). */
export function localTime(instant: string): string {
  return formatInstant(parseInstant(instant), 'Asia/Shanghai').slice(0, 16).replace('T', ' ');
}

function printBanner(
  log: (line: string) => void,
  options: LocalStackOptions,
  info: LocalStackInfo,
  extra: { queuesConsumed: number; schedules: { name: string; at: string | null }[] | null },
): void {
  const dirFlag =
    path.resolve(options.dataDir) === path.resolve('.fanpin') ? '' : ` --data-dir ${options.dataDir}`;
  const scheduleLine =
    extra.schedules === null
      ? 'off (--no-schedules): run `fanpin sweep monthly|daily` to sweep'
      : extra.schedules.length === 0
        ? 'none registered yet'
        : // Issue 21: in the schedules' own zone, as officers read times.
          `${extra.schedules.map((s) => `${s.name} next ${s.at ? localTime(s.at) : '—'}`).join(', ')} (Asia/Shanghai)`;
  log(`fanpin local stack ready (data in ${info.dataDir})`);
  log(`  web app    ${info.api}/   (sign in as a demo village, township or county officer)`);
  log(`  API        ${info.api}   (try ${info.api}/v1/health)`);
  log(`  outbox     ${info.outboxDir}`);
  log(`  DynamoDB   ${info.dynamodbEndpoint}   table ${info.tableName}`);
  log(
    `  SQS        ${info.sqsEndpoint}   queues ${queueKeys.map((k) => queueName(localStage, k)).join(', ')} (each with a -dlq)`,
  );
  log(`  consumers  ${extra.queuesConsumed} of ${queueKeys.length} queues have a handler`);
  log(`  schedules  ${scheduleLine}`);
  log(
    `  token      npx fanpin token --role county --unit 532931${dirFlag}   (then: Authorization: Bearer <token>)`,
  );
  log('Ctrl-C stops the stack.');
}
