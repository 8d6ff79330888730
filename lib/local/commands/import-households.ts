// `fanpin import households FILE.csv|FILE.xlsx [--sheet NAME] [--columns map.json] [--as-of ISO] [--data-dir DIR]`: streams the file into the running
// local stack's table (or the deployed one: lib/local/target.ts) through the same import path the demo seed uses, shows a progress bar on a terminal,
// writes rejected rows to FILE.errors.csv and prints the JSON summary as the last line.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { createEnvelopeVault } from '../../adapters/crypto/envelope-vault';
import { kmsDataKeys } from '../../adapters/crypto/kms-data-keys';
import { lazyIdVault, localIdVault } from '../../adapters/crypto/vault-from-config';
import { createDynamoStore } from '../../adapters/dynamodb/dynamo-store';
import { FileReadError, openHouseholdFile } from '../../adapters/household-file';
import type { HouseholdChangeDeps } from '../../app/apply-household-change';
import { deploymentCalendar, refreshCalendar } from '../../app/calendar';
import { type ImportSummary, importHouseholds } from '../../app/import-households';
import { deploymentPolicy } from '../../app/policies';
import { resolveColumnMap } from '../../domain/household-headers';
import { type HouseholdInputField, normaliseHeader } from '../../domain/household-input';
import type { CapacityMeter } from '../../ports/capacity-meter';
import { CliError } from '../cli-errors';
import type { LocalStackInfo } from '../local-file';
import { type DeployedTarget, resolveTarget, type Target } from '../target';
import { runImportWithProgress } from './import-run';
import type { CommandIo } from './shared';

/** POLICY_OVERRIDES of the environment (the deployment's `policyOverrides`), as the handlers read them. */
const policyOverridesOf = (env: NodeJS.ProcessEnv = process.env): Record<string, unknown> | undefined =>
  env.POLICY_OVERRIDES ? (JSON.parse(env.POLICY_OVERRIDES) as Record<string, unknown>) : undefined;

/** What the import needs, against the local stack's DynamoDB (D16: the data directory's ID number key). */
export function localChangeDeps(
  info: Pick<LocalStackInfo, 'dynamodbEndpoint' | 'region' | 'tableName' | 'dataDir'>,
  options: { env?: NodeJS.ProcessEnv; meter?: CapacityMeter; warn?: (line: string) => void } = {},
): HouseholdChangeDeps {
  const client = new DynamoDBClient({
    endpoint: info.dynamodbEndpoint,
    region: info.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 10,
  });
  const store = createDynamoStore({
    client,
    tableName: info.tableName,
    ...(options.meter ? { meter: options.meter } : {}),
  });
  return {
    store,
    // D15: as the handlers build them, so the CLI stamps the same version; loaded ones read with the calendar.
    ...deploymentPolicy(store, policyOverridesOf(options.env)),
    // D14: the table's calendar, once `refreshCalendar` has read it for the command's as-of.
    ...deploymentCalendar(store, { onWarning: (w) => options.warn?.(w.message) }),
    newId: randomUUID,
    idNumbers: localIdVault(info.dataDir),
  };
}

/**
 * What the commands that work on the table need, for either target. Deployed: the SDK's default credential
 * chain and the target's region, no endpoint (AWS_ENDPOINT_URL_DYNAMODB still applies), the stack's secret.
 * The policy is the defaults or POLICY_OVERRIDES, as in local mode: give the stack's overrides if it has any.
 */
export function changeDepsFor(
  target: Target,
  options: { env?: NodeJS.ProcessEnv; meter?: CapacityMeter; warn?: (line: string) => void } = {},
): HouseholdChangeDeps {
  if (target.kind === 'local') return localChangeDeps(target.info, options);
  const store = createDynamoStore({
    client: new DynamoDBClient({ region: target.region, maxAttempts: 10 }),
    tableName: target.tableName,
    ...(options.meter ? { meter: options.meter } : {}),
  });
  return {
    store,
    // D15: as the handlers build them, so the CLI stamps the same version; loaded ones read with the calendar.
    ...deploymentPolicy(store, policyOverridesOf(options.env)),
    ...deploymentCalendar(store, { onWarning: (w) => options.warn?.(w.message) }),
    newId: randomUUID,
    idNumbers: deployedIdVault(target),
  };
}

/**
 * D16: the deployed stack's ID hash secret (ID_HASH_SECRET) and its KMS key (ID_KMS_KEY_ID, output
 * IdNumberKeyArn; only commands that seal numbers need it: the household import and the migration).
 */
export function deployedIdVault(target: DeployedTarget) {
  return lazyIdVault(() =>
    createEnvelopeVault({
      hashSecret: target.idHashSecret,
      ...(target.idKmsKeyId
        ? { keys: kmsDataKeys(new KMSClient({ region: target.region }), target.idKmsKeyId) }
        : {}),
    }),
  );
}

export interface ImportHouseholdsOptions {
  file: string;
  asOf: string;
  dataDir: string;
  /** The worksheet of an .xlsx (default: the first). */
  sheet?: string;
  /** A JSON file mapping the file's own header names to columns (`--columns map.json`). */
  columns?: string;
  /** The importing officer's county (`--county CODE`): rows of villages elsewhere are rejected. */
  county?: string;
  /** `--recount`: every touched village recounted at the end instead of the rows' deltas (ADR 0021). */
  recount?: boolean;
}

/** Reads `--columns map.json`: {"header in the file": "householdId" or "户编号", …}. */
export async function readColumnMap(file: string): Promise<ReadonlyMap<string, HouseholdInputField>> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(`cannot read the column map ${file}: ${code ?? 'not JSON'}`);
  }
  const map = resolveColumnMap(raw, normaliseHeader);
  if (!map.ok) throw new CliError(`column map ${file}: ${map.message}`);
  return map.value;
}

export async function importHouseholdsCommand(
  options: ImportHouseholdsOptions,
  io: CommandIo,
): Promise<ImportSummary> {
  if (options.county !== undefined && !/^\d{6}$/.test(options.county))
    throw new CliError(`--county ${options.county} is not a 6-digit county code`);
  const target = await resolveTarget(options.dataDir, io);
  let csv: Awaited<ReturnType<typeof openHouseholdFile>>;
  try {
    csv = await openHouseholdFile(options.file, {
      ...(options.sheet === undefined ? {} : { sheet: options.sheet }),
      ...(options.columns === undefined ? {} : { columnMap: await readColumnMap(options.columns) }),
    });
  } catch (e) {
    if (e instanceof FileReadError) throw new CliError(e.message);
    throw e;
  }
  for (const w of csv.warnings) io.err(`warning: ${w}`);

  const deps = changeDepsFor(target, { env: io.env, warn: (w) => io.err(`warning: ${w}`) });
  await refreshCalendar(deps, options.asOf);
  return runImportWithProgress(io, { file: options.file, noun: 'rows', locate: csv.locate }, (onProgress) =>
    importHouseholds(deps, csv.rows, {
      asOf: options.asOf,
      actor: { kind: 'system', name: 'csv-import' },
      columns: csv.columns,
      ...(options.county === undefined ? {} : { county: options.county }),
      ...(options.recount ? { recount: true } : {}),
      onProgress,
    }),
  );
}
