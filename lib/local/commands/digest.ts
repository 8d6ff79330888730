// `fanpin digest --county CODE | --township CODE`: build and deliver a digest (locally: the outbox).
import type { Command } from 'commander';
import { CliError, NotAvailableYetError } from '../cli-errors';
import { asOfOption, type CommandIo, resolveAsOf, withDataDir } from './shared';

export interface DigestCommandOptions {
  unit: { level: 'county'; code: string } | { level: 'township'; code: string };
  asOf: string;
  dataDir: string;
}

export async function runDigest(_options: DigestCommandOptions, _io: CommandIo): Promise<void> {
  throw new NotAvailableYetError('fanpin digest');
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
