// `fanpin report --unit CODE --month YYYY-MM [--format json|csv|xlsx] [--out FILE]`: the monthly report the
// monthly sweep stored (the same record `GET /v1/reports/{unit}/{month}` serves) with a row per child unit
// (a county's townships, a township's villages), the unit's names and the township submissions, from the
// local stack or the deployed table. csv: Chinese headers, a UTF-8 BOM; xlsx: a workbook an office files
// (title, header row, a sheet per child unit), written to --out (default 月报-UNIT-MONTH.xlsx).
import { existsSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { writeReportXlsx } from '../../adapters/xlsx/report-writer';
import { getReport, tableOfReport } from '../../app/get-report';
import { DomainError } from '../../domain/errors';
import { defaultPolicy } from '../../domain/policy';
import { renderReportCsv } from '../../domain/render/report-csv';
import { addMonthsToMonth } from '../../domain/time';
import { presentReport } from '../../http/presenters';
import { CliError } from '../cli-errors';
import { resolveTarget } from '../target';
import { changeDepsFor } from './import-households';
import { type CommandIo, withDataDir } from './shared';

export interface ReportCommandOptions {
  unit: string;
  month: string;
  format: 'json' | 'csv' | 'xlsx';
  out?: string;
  force?: boolean;
  dataDir: string;
}

export async function runReport(options: ReportCommandOptions, io: CommandIo): Promise<void> {
  if (!/^(\d{6}|\d{9}|\d{12})$/.test(options.unit)) {
    throw new CliError(`--unit ${options.unit} is not a 6, 9 or 12 digit division code`);
  }
  const out = options.out ?? `月报-${options.unit}-${options.month}.xlsx`;
  if (options.format === 'xlsx' && existsSync(out) && !options.force)
    throw new CliError(`${out} exists: give another --out or --force to replace it`);
  const { store, policyFor } = changeDepsFor(await resolveTarget(options.dataDir, io), { env: io.env });
  let view: Awaited<ReturnType<typeof getReport>>;
  try {
    view = await getReport(store, { unitCode: options.unit, month: options.month });
  } catch (e) {
    if (!(e instanceof DomainError && e.code === 'not_found')) throw e;
    const next = addMonthsToMonth(options.month, 1);
    throw new CliError(
      `no report for ${options.unit} ${options.month}: the monthly sweep of ${next}-01 writes it (fanpin sweep monthly --as-of ${next}-01T02:00:00+08:00)`,
    );
  }
  const timeZone =
    policyFor(options.unit.slice(0, 6), Number(options.month.slice(0, 4)))?.timezone ??
    defaultPolicy.timezone;
  if (options.format === 'json') {
    io.out(JSON.stringify(presentReport(view, timeZone), null, 2));
    return;
  }
  const table = tableOfReport(view, timeZone);
  if (options.format === 'csv') {
    io.out(renderReportCsv(table).replace(/\r\n$/, ''));
    return;
  }
  await writeReportXlsx(out, table);
  io.err(`wrote ${out}: ${table.title}, ${table.rows.length - 1} child units`);
  io.out(
    JSON.stringify({ file: out, unit: options.unit, month: options.month, children: table.rows.length - 1 }),
  );
}

export function registerReport(program: Command, io: CommandIo): void {
  withDataDir(
    program
      .command('report')
      .description(
        'print the monthly report of a county, township or village with a row per child unit (csv: Chinese headers; xlsx: a workbook to file, with a sheet per child unit)',
      )
      .requiredOption('--unit <code>', 'the unit’s division code')
      .requiredOption('--month <YYYY-MM>', 'the month')
      .addOption(
        new Option('--format <format>', 'output format').choices(['json', 'csv', 'xlsx']).default('json'),
      )
      .option('--out <file>', 'where --format xlsx writes (default: 月报-UNIT-MONTH.xlsx)')
      .option('--force', 'replace an existing --out file'),
  ).action((options: ReportCommandOptions) => {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(options.month))
      throw new CliError(`--month ${options.month} is not YYYY-MM`);
    return runReport(options, io);
  });
}
