// `fanpin report --unit CODE --month YYYY-MM [--format json|csv]`: the monthly report.
import { type Command, Option } from 'commander';
import { CliError, NotAvailableYetError } from '../cli-errors';
import { type CommandIo, withDataDir } from './shared';

export interface ReportCommandOptions {
  unit: string;
  month: string;
  format: 'json' | 'csv';
  dataDir: string;
}

export async function runReport(_options: ReportCommandOptions, _io: CommandIo): Promise<void> {
  throw new NotAvailableYetError('fanpin report');
}

export function registerReport(program: Command, io: CommandIo): void {
  withDataDir(
    program
      .command('report')
      .description('print the monthly report of a county, township or village')
      .requiredOption('--unit <code>', 'the unit’s division code')
      .requiredOption('--month <YYYY-MM>', 'the month')
      .addOption(new Option('--format <format>', 'output format').choices(['json', 'csv']).default('json')),
  ).action((options: ReportCommandOptions) => {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(options.month))
      throw new CliError(`--month ${options.month} is not YYYY-MM`);
    return runReport(options, io);
  });
}
