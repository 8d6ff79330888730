// `fanpin report --unit CODE --month YYYY-MM [--format json|csv]`: the monthly report the monthly sweep
// stored (the same record `GET /v1/reports/{unit}/{month}` serves), from the local stack or the deployed table.
import { type Command, Option } from 'commander';
import type { MonthlyReport } from '../../domain/monthly-report';
import { renderReportCsv } from '../../domain/render/report-csv';
import { addMonthsToMonth, localDateOf, monthOf } from '../../domain/time';
import { CliError } from '../cli-errors';
import { resolveTarget } from '../target';
import { changeDepsFor } from './import-households';
import { asOfOption, type CommandIo, resolveAsOf, withDataDir } from './shared';

export interface ReportCommandOptions {
  unit: string;
  month: string;
  format: 'json' | 'csv';
  dataDir: string;
}

export async function runReport(options: ReportCommandOptions, io: CommandIo): Promise<void> {
  if (!/^(\d{6}|\d{9}|\d{12})$/.test(options.unit)) {
    throw new CliError(`--unit ${options.unit} is not a 6, 9 or 12 digit division code`);
  }
  const { store } = changeDepsFor(await resolveTarget(options.dataDir, io), { env: io.env });
  const stored = await store.reports.getMonthly<MonthlyReport>(options.unit, options.month);
  if (!stored) {
    throw new CliError(
      `no report for ${options.unit} ${options.month}: the monthly sweep of ${addMonthsToMonth(options.month, 1)}-01 writes it (fanpin sweep monthly --as-of ${addMonthsToMonth(options.month, 1)}-01T02:00:00+08:00)`,
    );
  }
  if (options.format === 'csv') io.out(renderReportCsv(stored.report).replace(/\n$/, ''));
  else io.out(JSON.stringify(stored.report, null, 2));
}

export function registerReport(program: Command, io: CommandIo): void {
  withDataDir(
    program
      .command('report')
      .description('print the monthly report of a county, township or village')
      .requiredOption('--unit <code>', 'the unit’s division code')
      .option('--month <YYYY-MM>', 'the month (default: the last closed month, the one before --as-of/now)')
      .addOption(asOfOption('decide the default month'))
      .addOption(new Option('--format <format>', 'output format').choices(['json', 'csv']).default('json')),
  ).action((given: Omit<ReportCommandOptions, 'month'> & { month?: string; asOf?: string }) => {
    // Issue 21: without --month, the month the last monthly sweep closed, so the tour needs no date.
    const month =
      given.month ??
      addMonthsToMonth(monthOf(localDateOf(resolveAsOf(given.asOf, io.env), 'Asia/Shanghai')), -1);
    const options: ReportCommandOptions = { ...given, month };
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(options.month))
      throw new CliError(`--month ${options.month} is not YYYY-MM`);
    return runReport(options, io);
  });
}
