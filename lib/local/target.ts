// Which stack a CLI command works on (interface.md: "the other commands find a running local stack through
// [DIR/local.json], or through … environment variables for a deployed stack"). FANPIN_TABLE_NAME switches to
// the deployed table: the SDK's default credential chain, AWS_REGION, and no endpoint override (the SDK still
// honours AWS_ENDPOINT_URL_DYNAMODB / _SQS, which is how the tests point it at DynamoDB Local).
import { CliError } from './cli-errors';
import { type LocalStackInfo, requireRunningStack } from './local-file';

export interface LocalTarget {
  kind: 'local';
  info: LocalStackInfo;
}

export interface DeployedTarget {
  kind: 'deployed';
  tableName: string;
  region: string;
  /** The stack's ID hash secret (docs/deploy.md): imports must hash head ID numbers with the same key. */
  idHashSecret: string;
  /** D16: the stack's ID number KMS key (ID_KMS_KEY_ID); only the commands that seal numbers need it. */
  idKmsKeyId?: string;
  /** The deployed sweep queue; only `fanpin sweep` needs it. */
  sweepQueueUrl?: string;
}

export type Target = LocalTarget | DeployedTarget;

// Same rule as lib/config.ts (ID_HASH_SECRET: at least 16 characters).
const minSecretLength = 16;

/**
 * The deployed target the environment names, or null when FANPIN_TABLE_NAME is not set (local mode).
 * A CliError naming the first missing or invalid variable otherwise.
 */
export function deployedTargetOf(env: NodeJS.ProcessEnv): DeployedTarget | null {
  const tableName = env.FANPIN_TABLE_NAME?.trim();
  if (!tableName) return null;
  const missing = (name: string, what: string) =>
    new CliError(`FANPIN_TABLE_NAME is set (deployed mode) but ${name} is not: set it to ${what}`);
  const region = env.AWS_REGION?.trim();
  if (!region) throw missing('AWS_REGION', 'the stack’s region, e.g. cn-northwest-1');
  const idHashSecret = env.ID_HASH_SECRET;
  if (!idHashSecret) throw missing('ID_HASH_SECRET', 'the value of the secret fanpin-<stage>-id-hash');
  if (idHashSecret.length < minSecretLength) {
    throw new CliError(
      `ID_HASH_SECRET must be at least ${minSecretLength} characters (the value of the secret fanpin-<stage>-id-hash)`,
    );
  }
  const sweepQueueUrl = env.FANPIN_SWEEP_QUEUE_URL?.trim() || undefined;
  if (sweepQueueUrl && !/^https?:\/\/\S+$/.test(sweepQueueUrl)) {
    throw new CliError(`FANPIN_SWEEP_QUEUE_URL "${sweepQueueUrl}" is not an http(s) URL`);
  }
  const idKmsKeyId = env.ID_KMS_KEY_ID?.trim() || undefined;
  return {
    kind: 'deployed',
    tableName,
    region,
    idHashSecret,
    ...(idKmsKeyId ? { idKmsKeyId } : {}),
    ...(sweepQueueUrl ? { sweepQueueUrl } : {}),
  };
}

/** One line for stderr; never a secret. */
export function describeTarget(target: Target): string {
  return target.kind === 'deployed'
    ? `target: deployed table ${target.tableName} in ${target.region}${target.sweepQueueUrl ? ` (sweep queue ${target.sweepQueueUrl})` : ''}`
    : `target: local stack in ${target.info.dataDir} (table ${target.info.tableName})`;
}

/**
 * The deployed table when FANPIN_TABLE_NAME is set (said on stderr, so nobody writes to AWS unawares), else the
 * running local stack (silent: the default, and its output stays as it was).
 */
export async function resolveTarget(
  dataDir: string,
  io: { env: NodeJS.ProcessEnv; err(line: string): void },
): Promise<Target> {
  const deployed = deployedTargetOf(io.env);
  if (!deployed) return { kind: 'local', info: await requireRunningStack(dataDir) };
  io.err(describeTarget(deployed));
  return deployed;
}

/** For commands that only make sense on the local stack: one line saying what to do on AWS instead. */
export function refuseDeployed(command: string, insteadOnAws: string, env: NodeJS.ProcessEnv): void {
  if (!env.FANPIN_TABLE_NAME?.trim()) return;
  throw new CliError(
    `\`fanpin ${command}\` works only on the local stack (FANPIN_TABLE_NAME is set): ${insteadOnAws}`,
  );
}
