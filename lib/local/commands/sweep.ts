// `fanpin sweep monthly|daily`: a sweep through the same queue fan-out as on AWS, waiting for it to finish.
import { Argument, type Command } from 'commander';
import { NotAvailableYetError } from '../cli-errors';
import { asOfOption, type CommandIo, resolveAsOf, withDataDir } from './shared';

export interface SweepCommandOptions {
  kind: 'monthly' | 'daily';
  asOf: string;
  dataDir: string;
}

export async function runSweep(_options: SweepCommandOptions, _io: CommandIo): Promise<void> {
  throw new NotAvailableYetError('fanpin sweep');
}

export function registerSweep(program: Command, io: CommandIo): void {
  withDataDir(
    program
      .command('sweep')
      .description(
        'run the monthly or daily sweep as of an instant, through the same queue fan-out as on AWS; waits for completion and prints a summary',
      )
      .addArgument(new Argument('<kind>', 'which sweep').choices(['monthly', 'daily']))
      .addOption(asOfOption('sweep')),
  ).action((kind: 'monthly' | 'daily', options: { asOf?: string; dataDir: string }) =>
    runSweep({ kind, dataDir: options.dataDir, asOf: resolveAsOf(options.asOf, io.env) }, io),
  );
}
