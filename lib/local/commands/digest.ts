// `fanpin digest --county CODE | --township CODE`: build and deliver a digest (locally: the outbox).

import { join } from 'node:path';
import type { Command } from 'commander';
import { CliError } from '../cli-errors';
import { refuseDeployed } from '../target';
import { asOfOption, type CommandIo, resolveAsOf, withDataDir } from './shared';

export interface DigestCommandOptions {
  unit: { level: 'county'; code: string } | { level: 'township'; code: string };
  asOf: string;
  dataDir: string;
}

/**
 * Builds and delivers the unit's digest for the local day of --as-of, straight through the use case the
 * notify queue runs (lib/app/send-digest.ts), into DIR/outbox. Unlike the 08:30 schedule, an explicit run
 * builds the digest on a rest day too (it says so): asking for a digest is reason enough. A day's digest is
 * delivered once: a re-run prints what the log holds and writes nothing.
 */
export async function runDigest(options: DigestCommandOptions, io: CommandIo): Promise<void> {
  refuseDeployed(
    'digest',
    'on AWS digests come from the 08:30 schedule; to send one now invoke fanpin-<stage>-schedule-start-digest (docs/deploy.md §8)',
    io.env,
  );
  const [{ requireRunningStack }, { localChangeDeps }, { createOutboxMailer }, { sendDigest }, cal, robots] =
    await Promise.all([
      import('../local-file'),
      import('./import-households'),
      import('../../adapters/mail/outbox-mailer'),
      import('../../app/send-digest'),
      import('../../app/calendar'),
      import('../../adapters/notify/webhook-robots'),
    ]);
  const info = await requireRunningStack(options.dataDir);
  const deps = localChangeDeps(info, { env: io.env, warn: (line) => io.err(`warning: ${line}`) });
  const { store } = deps;
  const calendar = await cal.refreshCalendar(deps, options.asOf);
  const calendarWarnings = cal.calendarWarnings(calendar, options.asOf);
  for (const w of calendarWarnings) io.err(`warning: ${w.message}`);
  const mailer = createOutboxMailer({ dataDir: info.dataDir });
  const result = await sendDigest(
    {
      store,
      mailer,
      // The unit's group robots (`fanpin notify set`) get the digest too.
      robots: robots.createWebhookRobots(),
      calendar,
      recipients: recipientsOf(io.env),
      webBaseUrl: info.api,
    },
    { unit: options.unit, asOf: options.asOf, at: new Date().toISOString() },
  );
  const what = `${options.unit.level} ${options.unit.code} ${result.date}`;
  if (!calendar.isWorkingDay(result.date)) {
    io.err(
      `note: ${result.date} is not a working day; the 08:30 schedule skips it, an explicit run builds it`,
    );
  }
  const counts = result.counts
    ? ` (newly escalated ${result.counts.newlyEscalated}, still open ${result.counts.stillOpen}, resolved ${result.counts.resolved})`
    : '';
  if (result.outcome === 'sent') {
    io.out(`digest ${what}: delivered${counts}`);
    for (const c of result.channels ?? []) if (c.kind !== 'mail') io.out(`  ${c.kind} robot: ${c.outcome}`);
    for (const ext of ['html', 'txt', 'json'])
      io.out(`  ${join(mailer.outboxDir, `${result.outboxName}.${ext}`)}`);
  } else if (result.outcome === 'skipped') {
    io.out(`digest ${what}: nothing new, open or resolved; no mail${counts}`);
  } else if (result.outcome === 'no_recipients') {
    io.out(`digest ${what}: no recipients configured; no mail${counts}`);
  } else {
    const logged = await store.digests.get(options.unit.code, result.date);
    io.out(`digest ${what}: already ${logged?.status ?? 'claimed'} today; nothing sent again`);
  }
  io.out(
    JSON.stringify({
      ...result.unit,
      date: result.date,
      outcome: result.outcome,
      ...(result.counts ?? {}),
      calendarWarnings: calendarWarnings.map((w) => w.message),
    }),
  );
}

/** DIGEST_RECIPIENTS as the handlers read it (JSON object: unit code → addresses); {} when unset or unreadable. */
function recipientsOf(env: NodeJS.ProcessEnv): Record<string, string[]> {
  try {
    const parsed = JSON.parse(env.DIGEST_RECIPIENTS ?? '{}');
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, string[]>) : {};
  } catch {
    return {};
  }
}

export function registerDigest(program: Command, io: CommandIo): void {
  withDataDir(
    program
      .command('digest')
      .description(
        'build and deliver the county (or township) digest for that day; locally it is written to the outbox',
      )
      .option('--county <code>', 'the county (6 digits)')
      .option('--township <code>', 'the township (9 digits)')
      .addOption(asOfOption('the digest')),
  ).action((options: { county?: string; township?: string; asOf?: string; dataDir: string }) => {
    if (Boolean(options.county) === Boolean(options.township)) {
      throw new CliError('give exactly one of --county CODE and --township CODE');
    }
    const unit = options.county
      ? { level: 'county' as const, code: options.county }
      : { level: 'township' as const, code: options.township! };
    return runDigest({ unit, dataDir: options.dataDir, asOf: resolveAsOf(options.asOf, io.env) }, io);
  });
}
