// DIR/local.json: where a running local stack's endpoints are. Written by `fanpin local` when it is
// ready, removed when it stops; the other commands find the stack through it.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { localIdKeyFile } from '../adapters/crypto/local-data-keys';
import type { QueueKey } from '../infra/queues';
import { NoLocalStackError } from './cli-errors';
import { localRegion } from './lambda-context';
import { localAudience, localIssuer } from './tokens';

export type QueueUrls = Record<QueueKey | `${QueueKey}Dlq`, string>;

export interface LocalStackInfo {
  version: 1;
  /** Base URL of the HTTP API, e.g. http://127.0.0.1:3000. */
  api: string;
  dynamodbEndpoint: string;
  sqsEndpoint: string;
  region: string;
  tableName: string;
  queues: QueueUrls;
  /** Absolute path of the outbox (digests). */
  outboxDir: string;
  /** Absolute path of the data directory. */
  dataDir: string;
  pid: number;
  startedAt: string;
}

export const defaultDataDir = '.fanpin/';

export function localFilePath(dataDir: string): string {
  return path.join(dataDir, 'local.json');
}

export function writeLocalFile(info: LocalStackInfo): void {
  mkdirSync(info.dataDir, { recursive: true });
  const file = localFilePath(info.dataDir);
  // Write then rename, so a reader never sees half a file.
  writeFileSync(`${file}.tmp`, `${JSON.stringify(info, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}

export function readLocalFile(dataDir: string): LocalStackInfo | null {
  const file = localFilePath(dataDir);
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LocalStackInfo;
  } catch {
    return null;
  }
}

/** Removes local.json if it still describes the stack of process `pid`. */
export function removeLocalFile(dataDir: string, pid: number): void {
  if (readLocalFile(dataDir)?.pid === pid) rmSync(localFilePath(dataDir), { force: true });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The stack described by DIR/local.json, if its process is alive and its API answers. */
export async function findRunningStack(dataDir: string): Promise<LocalStackInfo | null> {
  const info = readLocalFile(dataDir);
  if (!info || !processAlive(info.pid)) return null;
  try {
    const response = await fetch(`${info.api}/v1/health`, { signal: AbortSignal.timeout(3000) });
    return response.ok ? info : null;
  } catch {
    return null;
  }
}

/** The running stack, or a NoLocalStackError ("no local stack is running for DIR: …"). */
export async function requireRunningStack(dataDir: string): Promise<LocalStackInfo> {
  const info = await findRunningStack(dataDir);
  if (!info) throw new NoLocalStackError(dataDir);
  return info;
}

/**
 * The environment a Lambda handler gets on the local stack: the same variables as on AWS
 * (lib/config.ts), and the SDK's standard endpoint variables pointing at the local stand-ins.
 * Variables the user already set for tuning (LOG_LEVEL, DIGEST_RECIPIENTS, POLICY_OVERRIDES) win.
 */
export function lambdaEnvironment(
  info: LocalStackInfo,
  current: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  return {
    AWS_REGION: info.region,
    AWS_DEFAULT_REGION: info.region,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: info.dynamodbEndpoint,
    AWS_ENDPOINT_URL_SQS: info.sqsEndpoint,
    TABLE_NAME: info.tableName,
    // D16: the data directory's key file (key and hash secret) stands in for KMS and ID_HASH_SECRET.
    ID_KEY_FILE: localIdKeyFile(info.dataDir),
    SWEEP_QUEUE_URL: info.queues.sweep,
    ALERTS_QUEUE_URL: info.queues.alerts,
    NOTIFY_QUEUE_URL: info.queues.notify,
    MAIL_MODE: 'outbox',
    OUTBOX_DIR: info.outboxDir,
    DIGEST_RECIPIENTS: current.DIGEST_RECIPIENTS ?? '{}',
    // The local stack serves the officers' web app at its API origin: digests link there.
    WEB_BASE_URL: info.api,
    ...(current.POLICY_OVERRIDES ? { POLICY_OVERRIDES: current.POLICY_OVERRIDES } : {}),
    JWT_ISSUER: localIssuer,
    JWT_AUDIENCE: localAudience,
    LOG_LEVEL: current.LOG_LEVEL ?? 'WARN',
    POWERTOOLS_SERVICE_NAME: 'fanpin',
    POWERTOOLS_METRICS_NAMESPACE: 'fanpin',
    // Metrics would print EMF JSON to the terminal on every invocation.
    POWERTOOLS_METRICS_DISABLED: 'true',
  };
}

/** Sets the handler environment in this process, before any handler module is imported. */
export function applyLambdaEnvironment(info: LocalStackInfo): void {
  Object.assign(process.env, lambdaEnvironment(info));
}

export { localRegion };
