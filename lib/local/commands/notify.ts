// `fanpin notify set|list|remove` (issue 21): where each unit's digests go (e-mail addresses, a WeCom or a
// DingTalk group robot), stored in the table as data, on the local stack or a deployed table
// (lib/local/target.ts) like `calendar import`. Webhook URLs and secrets are never printed back: lists show
// them masked (…last 4 characters of the key).
import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import { listNotifySettings, removeNotifyChannel, setNotifyChannel } from '../../app/notify-settings';
import { DomainError } from '../../domain/errors';
import {
  type MaskedChannel,
  type NotifyChannel,
  type NotifyChannelKind,
  notifyChannelKinds,
} from '../../ports/notify-store';
import { CliError } from '../cli-errors';
import { resolveTarget } from '../target';
import { changeDepsFor } from './import-households';
import { asOfOption, type CommandIo, operatorName, resolveAsOf, withDataDir } from './shared';

const describe = (c: MaskedChannel): string =>
  c.kind === 'email'
    ? `email ${c.addresses.join(', ')}`
    : `${c.kind} ${c.webhook}${c.kind === 'dingtalk' ? (c.signed ? ' (加签)' : ' (no 加签 secret)') : ''}`;

async function storeOf(dataDir: string, io: CommandIo) {
  return changeDepsFor(await resolveTarget(dataDir, io), { env: io.env }).store;
}

function domainToCli(e: unknown): never {
  if (e instanceof DomainError) throw new CliError(e.message);
  throw e;
}

interface SetOptions {
  unit: string;
  email?: string;
  wecom?: string;
  dingtalk?: string;
  secret?: string;
  by?: string;
  asOf?: string;
  dataDir: string;
}

export async function runNotifySet(options: SetOptions, io: CommandIo): Promise<void> {
  const given = [options.email, options.wecom, options.dingtalk].filter((v) => v !== undefined);
  if (given.length !== 1) throw new CliError('give exactly one of --email, --wecom and --dingtalk');
  // The secret may come from the environment, so it need not appear in the shell history.
  const secret = options.secret ?? io.env.FANPIN_DINGTALK_SECRET;
  if (secret !== undefined && options.dingtalk === undefined)
    throw new CliError('--secret goes with --dingtalk');
  const channel: NotifyChannel =
    options.email !== undefined
      ? { kind: 'email', addresses: options.email.split(/[,;，；\s]+/).filter(Boolean) }
      : options.wecom !== undefined
        ? { kind: 'wecom', webhookUrl: options.wecom.trim() }
        : {
            kind: 'dingtalk',
            webhookUrl: options.dingtalk!.trim(),
            ...(secret ? { secret: secret.trim() } : {}),
          };
  const store = await storeOf(options.dataDir, io);
  const result = await setNotifyChannel(store, {
    unitCode: options.unit,
    channel,
    by: options.by?.trim() || operatorName(io.env),
    at: resolveAsOf(options.asOf, io.env),
    newId: randomUUID,
  }).catch(domainToCli);
  printSettings(
    io,
    options.unit,
    result.settings.version,
    result.settings.channels.length,
    (await listNotifySettings(store, options.unit)).find((s) => s.unitCode === options.unit)?.channels ?? [],
  );
}

function printSettings(
  io: CommandIo,
  unit: string,
  version: number,
  count: number,
  masked: MaskedChannel[],
): void {
  io.out(`${unit}: version ${version}, ${count} channel(s)`);
  for (const c of masked) io.out(`  ${describe(c)}`);
  if (count === 0) io.out('  (none: digests go to the deployment’s configured recipients, if any)');
  io.out(JSON.stringify({ unit, version, channels: masked }));
}

export async function runNotifyRemove(
  options: { unit: string; channel?: string; by?: string; asOf?: string; dataDir: string },
  io: CommandIo,
): Promise<void> {
  if (options.channel !== undefined && !(notifyChannelKinds as readonly string[]).includes(options.channel)) {
    throw new CliError(`--channel is one of ${notifyChannelKinds.join(', ')}`);
  }
  const store = await storeOf(options.dataDir, io);
  const result = await removeNotifyChannel(store, {
    unitCode: options.unit,
    ...(options.channel ? { kind: options.channel as NotifyChannelKind } : {}),
    by: options.by?.trim() || operatorName(io.env),
    at: resolveAsOf(options.asOf, io.env),
    newId: randomUUID,
  }).catch(domainToCli);
  const after = (await listNotifySettings(store, options.unit)).find((s) => s.unitCode === options.unit);
  printSettings(
    io,
    options.unit,
    result.settings.version,
    result.settings.channels.length,
    after?.channels ?? [],
  );
}

export async function runNotifyList(
  options: { unit?: string; dataDir: string },
  io: CommandIo,
): Promise<void> {
  const store = await storeOf(options.dataDir, io);
  const all = await listNotifySettings(store, options.unit);
  if (all.length === 0) io.out('no unit has notice channels set (digests go to the configured recipients)');
  for (const s of all) {
    io.out(`${s.unitCode} (version ${s.version}, by ${s.updatedBy} at ${s.updatedAt})`);
    for (const c of s.channels) io.out(`  ${describe(c)}`);
    if (s.channels.length === 0) io.out('  (all removed)');
  }
  io.out(JSON.stringify(all.map((s) => ({ unit: s.unitCode, version: s.version, channels: s.channels }))));
}

export function registerNotify(program: Command, io: CommandIo): void {
  const notify = program
    .command('notify')
    .description(
      'where each unit’s digests go: e-mail, a WeCom (企业微信) or DingTalk (钉钉) group robot; stored as data, in force at the next digest, every change audited (docs/digests.md)',
    );
  withDataDir(
    notify
      .command('set')
      .description(
        'add or replace one channel of a county, township or village (one of --email, --wecom, --dingtalk)',
      )
      .requiredOption('--unit <code>', 'the county (6 digits), township (9) or village (12)')
      .option('--email <addresses>', 'e-mail addresses, separated by commas')
      .option('--wecom <url>', 'the WeCom group robot’s webhook address (…/cgi-bin/webhook/send?key=…)')
      .option('--dingtalk <url>', 'the DingTalk robot’s webhook address (…/robot/send?access_token=…)')
      .option('--secret <SEC…>', 'the DingTalk robot’s 加签 secret (or set FANPIN_DINGTALK_SECRET)')
      .option('--by <name>', 'who makes the change (recorded)')
      .addOption(asOfOption('record the change')),
  ).action((options: SetOptions) => runNotifySet(options, io));
  withDataDir(
    notify
      .command('list')
      .description('every unit’s channels, webhooks masked; JSON last')
      .option('--unit <code>', 'only this unit and the units under it'),
  ).action((options: { unit?: string; dataDir: string }) => runNotifyList(options, io));
  withDataDir(
    notify
      .command('remove')
      .description('remove one channel (--channel) or all of a unit’s channels')
      .requiredOption('--unit <code>', 'the unit')
      .option('--channel <kind>', `one of ${notifyChannelKinds.join(', ')}`)
      .option('--by <name>', 'who makes the change (recorded)')
      .addOption(asOfOption('record the change')),
  ).action((options: { unit: string; channel?: string; by?: string; asOf?: string; dataDir: string }) =>
    runNotifyRemove(options, io),
  );
}
