// `fanpin migrate encrypt-ids [--audit] [--start-after KEY] [--data-dir DIR]` (D16): seals the head ID numbers
// of households written before they were encrypted, masks those of department alerts and, with --audit,
// those in old audit images. On the local stack (the data directory's key) or the deployed table
// (FANPIN_TABLE_NAME, ID_HASH_SECRET, ID_KMS_KEY_ID: docs/deploy.md), like `fanpin import`. Idempotent:
// run it again after an interruption, or from the position it printed (--start-after).
// `fanpin migrate index-eligible [--start-after KEY]` (§11): households stored before the list of households
// eligible for elimination get their entry in it (gsi12); idempotent and resumable the same way.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { localIdVault } from '../../adapters/crypto/vault-from-config';
import {
  type EligibleIndexSummary,
  indexEligibleHouseholds,
} from '../../adapters/dynamodb/eligible-index-migration';
import { type IdMigrationSummary, migrateIdNumbers } from '../../adapters/dynamodb/id-number-migration';
import { IdNumberVaultUnavailable } from '../../ports/id-number-vault';
import { CliError } from '../cli-errors';
import { resolveTarget, type Target } from '../target';
import { deployedIdVault } from './import-households';
import { type CommandIo, withDataDir } from './shared';

export interface MigrateIdsOptions {
  dataDir: string;
  audit?: boolean;
  startAfter?: string;
}

function parseStartKey(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    const key = JSON.parse(text) as unknown;
    if (key && typeof key === 'object' && !Array.isArray(key)) return key as Record<string, unknown>;
  } catch {}
  throw new CliError(`--start-after '${text}' is not the JSON key a progress line printed`);
}

/** The table a migration scans: the local stack's DynamoDB Local, or the deployed table. */
function tableOf(target: Target): { client: DynamoDBClient; tableName: string } {
  return target.kind === 'local'
    ? {
        client: new DynamoDBClient({
          endpoint: target.info.dynamodbEndpoint,
          region: target.info.region,
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
          maxAttempts: 10,
        }),
        tableName: target.info.tableName,
      }
    : { client: new DynamoDBClient({ region: target.region, maxAttempts: 10 }), tableName: target.tableName };
}

export async function migrateIdsCommand(
  options: MigrateIdsOptions,
  io: CommandIo,
): Promise<IdMigrationSummary> {
  const startKey = parseStartKey(options.startAfter);
  const target = await resolveTarget(options.dataDir, io);
  const { client, tableName } = tableOf(target);
  const vault = target.kind === 'local' ? localIdVault(target.info.dataDir) : deployedIdVault(target);
  const bar = io.isTTY
    ? new SingleBar({
        format:
          'migrating ID numbers: scanned {scanned} · households sealed {sealed} (already {already}) · alerts masked {alerts}{audit}',
        hideCursor: true,
      })
    : null;
  bar?.start(0, 0, { scanned: 0, sealed: 0, already: 0, alerts: 0, audit: '' });
  let position: Record<string, unknown> | null = startKey ?? null;
  try {
    const summary = await migrateIdNumbers({
      client,
      tableName,
      vault,
      audit: options.audit === true,
      ...(startKey ? { startKey } : {}),
      onProgress: (s, next) => {
        // Only the main table's scan position resumes a run (the audit pass is quick to repeat).
        if (s.audit === null || (s.audit.masked === 0 && s.audit.already === 0)) position = next;
        bar?.update(0, {
          scanned: s.scanned,
          sealed: s.households.sealed,
          already: s.households.already,
          alerts: s.alerts.masked,
          audit: s.audit ? ` · audit items masked ${s.audit.masked}` : '',
        });
      },
    });
    bar?.stop();
    io.out(JSON.stringify(summary));
    return summary;
  } catch (e) {
    bar?.stop();
    if (position)
      io.err(`interrupted: run again, or resume with --start-after '${JSON.stringify(position)}'`);
    if (e instanceof IdNumberVaultUnavailable) {
      throw new CliError(`${e.message}; on AWS set ID_HASH_SECRET and ID_KMS_KEY_ID (docs/deploy.md)`);
    }
    throw e;
  }
}

export async function migrateEligibleCommand(
  options: { dataDir: string; startAfter?: string },
  io: CommandIo,
): Promise<EligibleIndexSummary> {
  const startKey = parseStartKey(options.startAfter);
  const { client, tableName } = tableOf(await resolveTarget(options.dataDir, io));
  let position: Record<string, unknown> | null = startKey ?? null;
  try {
    const summary = await indexEligibleHouseholds({
      client,
      tableName,
      ...(startKey ? { startKey } : {}),
      onProgress: (_, next) => {
        position = next;
      },
    });
    io.out(JSON.stringify(summary));
    return summary;
  } catch (e) {
    if (position)
      io.err(`interrupted: run again, or resume with --start-after '${JSON.stringify(position)}'`);
    throw e;
  }
}

export function registerMigrate(program: Command, io: CommandIo): void {
  const migrate = program.command('migrate').description('one-off data migrations of the table');
  withDataDir(
    migrate
      .command('encrypt-ids')
      .description(
        'D16: seal the head ID numbers of households stored before encryption (masked number, keyed hash, ciphertext) and mask those of department alerts; idempotent, safe to run again',
      )
      .option('--audit', 'also mask full ID numbers in old audit images (needs PutItem on the audit table)')
      .option('--start-after <json>', 'resume the scan after this key (printed when a run is interrupted)'),
  ).action((options: MigrateIdsOptions) => migrateIdsCommand(options, io).then(() => undefined));
  withDataDir(
    migrate
      .command('index-eligible')
      .description(
        '§11: give households stored before the list of households eligible for elimination their entry in it (gsi12); idempotent, safe to run again',
      )
      .option('--start-after <json>', 'resume the scan after this key (printed when a run is interrupted)'),
  ).action((options: { dataDir: string; startAfter?: string }) =>
    migrateEligibleCommand(options, io).then(() => undefined),
  );
}
