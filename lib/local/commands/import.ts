// `fanpin import households|measures|alerts|divisions FILE`.
import type { Command } from 'commander';
// Types only: the commands' modules load when their command runs.
import type { ImportDivisionsOptions } from './import-divisions';
import type { ImportMeasuresOptions } from './import-measures';
import { asOfOption, type CommandIo, resolveAsOf, withDataDir } from './shared';

export interface ImportHouseholdsOptions {
  file: string;
  asOf: string;
  dataDir: string;
  sheet?: string;
  columns?: string;
  county?: string;
}

export interface ImportAlertsOptions {
  file: string;
  asOf: string;
  dataDir: string;
}

export async function runImportHouseholds(options: ImportHouseholdsOptions, io: CommandIo): Promise<void> {
  await (await import('./import-households')).importHouseholdsCommand(options, io);
}

export async function runImportMeasures(options: ImportMeasuresOptions, io: CommandIo): Promise<void> {
  await (await import('./import-measures')).importMeasuresCommand(options, io);
}

export async function runImportDivisions(options: ImportDivisionsOptions, io: CommandIo): Promise<void> {
  await (await import('./import-divisions')).importDivisionsCommand(options, io);
}

export async function runImportAlerts(options: ImportAlertsOptions, io: CommandIo): Promise<void> {
  await (await import('./import-alerts')).importAlertsCommand(options, io);
}

export function registerImport(program: Command, io: CommandIo): void {
  const importCommand = program
    .command('import')
    .description(
      'import households, assistance measures, administrative divisions or department alerts from CSV (households, measures and divisions also from .xlsx)',
    );
  withDataDir(
    importCommand
      .command('households')
      .description(
        'upsert households from a CSV (UTF-8 or GB18030) or an Excel workbook (.xlsx: header row found below any title rows), English or Chinese headers; prints created / updated / unchanged / rejected counts and writes rejected rows to FILE.errors.csv',
      )
      .argument('<file>', 'the CSV or .xlsx file')
      .option('--sheet <name>', 'the worksheet of an .xlsx (default: the first)')
      .option(
        '--columns <map.json>',
        'a JSON file naming the file\'s own headers: {"header in the file": "householdId" or "户编号", …}',
      )
      .option(
        '--county <code>',
        "the importing officer's county (6 digits): rows of villages elsewhere are rejected",
      )
      .option(
        '--recount',
        "recount every touched village at the end (read back and replaced) instead of adding the rows' counter changes",
      )
      .addOption(asOfOption('grade the households')),
  ).action(
    (
      file: string,
      options: {
        asOf?: string;
        dataDir: string;
        sheet?: string;
        columns?: string;
        county?: string;
        recount?: boolean;
      },
    ) =>
      runImportHouseholds(
        {
          file,
          dataDir: options.dataDir,
          asOf: resolveAsOf(options.asOf, io.env),
          ...(options.sheet === undefined ? {} : { sheet: options.sheet }),
          ...(options.columns === undefined ? {} : { columns: options.columns }),
          ...(options.county === undefined ? {} : { county: options.county }),
          ...(options.recount ? { recount: true } : {}),
        },
        io,
      ),
  );
  withDataDir(
    importCommand
      .command('divisions')
      .description(
        "register a county's townships and villages with their names from a CSV or .xlsx (columns code 区划代码 and name 名称; 6-, 9- or 12-digit codes, the parent follows from the code); a village's township must be in the file or registered before; rejected rows (bad code, code repeated in the file, unknown parent) go to FILE.errors.csv; a name change is audited; the last line is the JSON summary",
      )
      .argument('<file>', 'the CSV or .xlsx file')
      .option('--sheet <name>', 'the worksheet of an .xlsx (default: the first)')
      .option('--county <code>', 'only this county (6 digits): rows of other counties are rejected')
      .addOption(asOfOption('record the registrations')),
  ).action((file: string, options: { asOf?: string; dataDir: string; sheet?: string; county?: string }) =>
    runImportDivisions(
      {
        file,
        dataDir: options.dataDir,
        asOf: resolveAsOf(options.asOf, io.env),
        ...(options.sheet === undefined ? {} : { sheet: options.sheet }),
        ...(options.county === undefined ? {} : { county: options.county }),
      },
      io,
    ),
  );
  withDataDir(
    importCommand
      .command('measures')
      .description(
        'import assistance measures (帮扶措施), one per row, from a CSV or .xlsx (columns householdId 户编号, type 措施类型, startDate 开始日期, status 措施状态, note 备注); deduplicated by (householdId, type, startDate); rejected rows go to FILE.errors.csv; the last line is the JSON summary',
      )
      .argument('<file>', 'the CSV or .xlsx file')
      .option('--sheet <name>', 'the worksheet of an .xlsx (default: the first)')
      .addOption(asOfOption('record the measures')),
  ).action((file: string, options: { asOf?: string; dataDir: string; sheet?: string }) =>
    runImportMeasures(
      {
        file,
        dataDir: options.dataDir,
        asOf: resolveAsOf(options.asOf, io.env),
        ...(options.sheet === undefined ? {} : { sheet: options.sheet }),
      },
      io,
    ),
  );
  // Needs no stack; --data-dir is accepted (and unused) like on every command (interface.md "CLI").
  withDataDir(
    importCommand
      .command('template')
      .description(
        'write an import template: Chinese headers, one example row, and a second sheet (填写说明) explaining each column; with --format csv the explanation goes to NAME.说明.csv',
      )
      .argument('<kind>', 'households or measures')
      .option('--format <format>', 'xlsx or csv', 'xlsx')
      .option('--out <file>', 'where to write it (default: KIND-template.FORMAT in the current folder)')
      .option('--force', 'replace an existing file'),
  ).action(async (kind: string, options: { format: string; out?: string; force?: boolean }) =>
    (await import('./import-template')).importTemplateCommand({ kind, ...options }, io),
  );
  withDataDir(
    importCommand
      .command('alerts')
      .description(
        'import department alerts from a CSV (columns: department, alertId, householdId or headIdNumber, type, amount, date, note)',
      )
      .argument('<file>', 'the CSV file')
      .addOption(asOfOption('receive the alerts')),
  ).action((file: string, options: { asOf?: string; dataDir: string }) =>
    runImportAlerts({ file, dataDir: options.dataDir, asOf: resolveAsOf(options.asOf, io.env) }, io),
  );
}
