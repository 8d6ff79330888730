// `fanpin sweep monthly|daily [--no-wait]`: a sweep through the same queue fan-out as on AWS, waiting for it to
// finish. Locally the start handler runs in this process with a Scheduler-shaped event and the running stack's
// SQS event source feeds the worker; deployed (FANPIN_TABLE_NAME + FANPIN_SWEEP_QUEUE_URL, lib/local/target.ts)
// the start use case runs here and the deployed workers do the shards. Progress (shards settled / total) is
// read from the run record either way.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SingleBar } from 'cli-progress';
import { Argument, type Command } from 'commander';
import { createDynamoStore } from '../../adapters/dynamodb/dynamo-store';
import { createSqsWorkQueue } from '../../adapters/sqs/sqs-work-queue';
import { sweepProgress } from '../../app/finish-sweep';
import { type StartSweepDeps, type StartSweepResult, startSweep } from '../../app/start-sweep';
import type { SweepMessage } from '../../app/sweep-shard';
import { defaultPolicy } from '../../domain/policy';
import type { Store } from '../../ports/store';
import { CliError } from '../cli-errors';
import { lambdaContext } from '../lambda-context';
import { applyLambdaEnvironment, type LocalStackInfo } from '../local-file';
import { type DeployedTarget, resolveTarget } from '../target';
import { changeDepsFor } from './import-households';
import { asOfOption, type CommandIo, resolveAsOf, withDataDir } from './shared';

export interface SweepCommandOptions {
  kind: 'monthly' | 'daily';
  asOf: string;
  dataDir: string;
  /** Give up when no shard settled for this long (default 120 s). */
  stallMs?: number;
  /** False (--no-wait): return once the shards are sent. */
  wait?: boolean;
}

export interface SweepSummary {
  sweepId: string;
  kind: 'monthly' | 'daily';
  asOf: string;
  shards: number;
  done: number;
  failed: number;
  failedVillages: string[];
  households: number;
  /** Households written because something changed. */
  changes: number;
  casesOpened: number;
  casesEscalated: number;
  casesResolved: number;
  /** Other records written (counters, village months, reports). */
  recordsWritten: number;
  durationMs: number;
  /** D14: one line per year of the next 60 days from the as-of that is not official. */
  calendarWarnings: string[];
}

function storeOf(info: LocalStackInfo) {
  return createDynamoStore({
    client: new DynamoDBClient({
      endpoint: info.dynamodbEndpoint,
      region: info.region,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
    tableName: info.tableName,
  });
}

/** What `--no-wait` prints: the run recorded and its shards sent; the workers do the rest. */
export interface SweepStarted {
  sweepId: string;
  kind: 'monthly' | 'daily';
  asOf: string;
  shards: number;
  sent: number;
  completedAt: string | null;
  calendarWarnings: string[];
}

/** Deployed: the start use case runs here and sends the shards to the deployed queue (FANPIN_SWEEP_QUEUE_URL). */
async function startDeployedSweep(
  target: DeployedTarget,
  options: SweepCommandOptions,
  io: CommandIo,
): Promise<{ start: StartSweepResult; store: Store }> {
  if (!target.sweepQueueUrl) {
    throw new CliError(
      'FANPIN_TABLE_NAME is set (deployed mode) but FANPIN_SWEEP_QUEUE_URL is not: set it to the stack’s sweep queue URL to run a sweep',
    );
  }
  const { store, policyFor, calendar, calendars } = changeDepsFor(target, {
    env: io.env,
    warn: (line) => io.err(`warning: ${line}`),
  });
  const deps: StartSweepDeps = {
    store,
    policyFor,
    calendar,
    ...(calendars ? { calendars } : {}),
    now: () => new Date().toISOString(),
    timeZone: defaultPolicy.timezone,
    queue: createSqsWorkQueue<SweepMessage>({
      sqs: new SQSClient({ region: target.region }),
      queueUrl: target.sweepQueueUrl,
    }),
  };
  return { start: await startSweep(deps, { kind: options.kind, asOf: options.asOf }), store };
}

/** Local: the start handler runs in this process with a Scheduler-shaped event, as on AWS. */
async function startLocalSweep(
  info: LocalStackInfo,
  options: SweepCommandOptions,
): Promise<{ start: StartSweepResult; store: Store }> {
  applyLambdaEnvironment(info);
  const { handler } = await import('../../../functions/schedule-start-sweep');
  const start = (await handler(
    { kind: options.kind, scheduledTime: options.asOf },
    lambdaContext('schedule-start-sweep'),
  )) as StartSweepResult;
  return { start, store: storeOf(info) };
}

export async function runSweep(
  options: SweepCommandOptions,
  io: CommandIo,
): Promise<SweepSummary | SweepStarted> {
  const target = await resolveTarget(options.dataDir, io);
  const started = Date.now();
  const { start, store } =
    target.kind === 'local'
      ? await startLocalSweep(target.info, options)
      : await startDeployedSweep(target, options, io);
  io.err(
    `sweep ${start.sweepId}: ${start.shardCount} village shard(s), ${start.sent} sent${start.created ? '' : ' (a re-run: only shards not done)'}`,
  );
  const calendarWarnings = start.calendarWarnings.map((w) => w.message);
  for (const w of calendarWarnings) io.err(`warning: ${w}`);
  if (options.wait === false) {
    const fannedOut: SweepStarted = {
      sweepId: start.sweepId,
      kind: options.kind,
      asOf: start.asOf,
      shards: start.shardCount,
      sent: start.sent,
      completedAt: start.completedAt,
      calendarWarnings,
    };
    io.out(JSON.stringify(fannedOut));
    return fannedOut;
  }

  const bar = io.isTTY
    ? new SingleBar({ format: 'sweep [{bar}] {value}/{total} shards', hideCursor: true })
    : null;
  bar?.start(start.shardCount, 0);
  let lastSettled = -1;
  let lastChange = Date.now();
  const stallMs = options.stallMs ?? 120_000;
  for (;;) {
    const p = await sweepProgress({ store }, start.sweepId);
    if (!p) throw new CliError(`the run ${start.sweepId} was not recorded`);
    const settled = p.done + p.failed;
    if (settled !== lastSettled) {
      lastSettled = settled;
      lastChange = Date.now();
      if (bar) bar.update(settled);
      else io.err(`shards ${settled}/${p.shardCount} (${p.failed} failed)`);
    }
    if (p.completedAt) break;
    if (Date.now() - lastChange > stallMs) {
      bar?.stop();
      throw new CliError(
        `the sweep made no progress for ${Math.round(stallMs / 1000)} s (${settled}/${p.shardCount} shards): ${
          target.kind === 'local'
            ? "is the stack's sweep worker running?"
            : 'see the logs of the sqs-sweep-village function and the sweep DLQ'
        }`,
      );
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  bar?.stop();

  const p = (await sweepProgress({ store }, start.sweepId, { failedVillages: true }))!;
  const s = p.summary ?? {};
  const summary: SweepSummary = {
    sweepId: start.sweepId,
    kind: options.kind,
    asOf: start.asOf,
    shards: p.shardCount,
    done: p.done,
    failed: p.failed,
    failedVillages: p.failedVillages,
    households: s.households ?? 0,
    changes: s.written ?? 0,
    casesOpened: s.casesOpened ?? 0,
    casesEscalated: s.casesEscalated ?? 0,
    casesResolved: s.casesResolved ?? 0,
    recordsWritten: (s.recordsWritten ?? 0) + (s.reportsWritten ?? 0),
    durationMs: Date.now() - started,
    calendarWarnings,
  };
  if (!start.created && start.sent === 0) {
    io.err('this sweep was already complete: nothing was sent or written (totals are the first run’s)');
  }
  io.err(
    `${summary.shards} shards (${summary.failed} failed), ${summary.households} households, ${summary.changes} changed, ${summary.durationMs} ms`,
  );
  io.out(JSON.stringify(summary));
  return summary;
}

export function registerSweep(program: Command, io: CommandIo): void {
  withDataDir(
    program
      .command('sweep')
      .description(
        'run the monthly or daily sweep as of an instant, through the same queue fan-out as on AWS; waits for completion and prints a summary',
      )
      .addArgument(new Argument('<kind>', 'which sweep').choices(['monthly', 'daily']))
      .addOption(asOfOption('sweep'))
      .option('--no-wait', 'return once the run is recorded and its shards are sent'),
  ).action(async (kind: 'monthly' | 'daily', options: { asOf?: string; dataDir: string; wait: boolean }) => {
    await runSweep(
      { kind, dataDir: options.dataDir, asOf: resolveAsOf(options.asOf, io.env), wait: options.wait },
      io,
    );
  });
}
