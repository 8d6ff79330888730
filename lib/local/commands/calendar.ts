// `fanpin calendar show YEAR` and `fanpin calendar import FILE` (interface.md "Calendar", D14): the
// working-day calendar every function reads, on the local stack or the deployed table (lib/local/target.ts).
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { importCalendarYear, showCalendarYear } from '../../app/calendar';
import { DomainError } from '../../domain/errors';
import { CliError } from '../cli-errors';
import { resolveTarget } from '../target';
import { changeDepsFor } from './import-households';
import { asOfOption, type CommandIo, operatorName, resolveAsOf, withDataDir } from './shared';

export interface CalendarShowOptions {
  year: number;
  asOf: string;
  dataDir: string;
}

export async function runCalendarShow(options: CalendarShowOptions, io: CommandIo): Promise<void> {
  const { store } = changeDepsFor(await resolveTarget(options.dataDir, io), { env: io.env });
  const view = await showCalendarYear(store, options.year, options.asOf);
  for (const w of view.warnings) io.err(`warning: ${w.message}`);
  io.out(`${view.year}: ${view.status} — ${view.source}`);
  if (view.loaded) {
    io.out(
      `  version ${view.loaded.version}, loaded by ${view.loaded.by} at ${view.loaded.at} (notice of ${view.loaded.noticePublished})`,
    );
  }
  for (const b of view.blocks)
    io.out(`  ${b.name.padEnd(5, '　')} ${b.from}${b.to === b.from ? '' : ` 至 ${b.to}`}`);
  if (view.workdays.length) io.out(`  调休上班 ${view.workdays.join('、')}`);
  if (view.status === 'provisional') {
    io.out(
      '  provisional: the statutory holidays of 全国年节及纪念日放假办法 with make-up days; the notice’s adjusted working weekends are not known yet',
    );
  }
  if (view.status === 'missing')
    io.out('  missing: Monday–Friday are working days, every weekend is a rest day');
  io.out(
    JSON.stringify({
      year: view.year,
      status: view.status,
      source: view.source,
      holidays: view.holidays,
      workdays: view.workdays,
    }),
  );
}

export interface CalendarImportOptions {
  file: string;
  by: string;
  asOf: string;
  dataDir: string;
}

export async function runCalendarImport(options: CalendarImportOptions, io: CommandIo): Promise<void> {
  let text: string;
  try {
    text = await readFile(options.file, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read ${options.file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  let input: unknown;
  try {
    input = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new CliError(
      `${options.file} is not a calendar file: ${(e as Error).message} (the format is in docs/calendar.md)`,
    );
  }
  const deps = changeDepsFor(await resolveTarget(options.dataDir, io), { env: io.env });
  let result: Awaited<ReturnType<typeof importCalendarYear>>;
  try {
    result = await importCalendarYear(deps, { file: input, loadedBy: options.by, at: options.asOf });
  } catch (e) {
    if (e instanceof DomainError && e.code === 'validation_failed') {
      for (const d of e.details) io.err(`  ${d.field}: ${d.message}`);
      throw new CliError(
        `${options.file}: nothing was loaded, the file has ${e.details.length} problem(s), listed above (format: docs/calendar.md)`,
      );
    }
    if (e instanceof DomainError) throw new CliError(e.message);
    throw e;
  }
  io.out(`${result.year}: official, version ${result.version} — ${result.source}`);
  io.out(`open cases: ${result.openCases}; with a new deadline: ${result.rescheduled}`);
  for (const c of result.changes.slice(0, 20)) {
    io.out(`  ${c.kind} ${c.caseId} at ${c.level} ${c.unitCode}: ${c.from} → ${c.to}`);
  }
  if (result.changes.length > 20)
    io.out(`  … and ${result.changes.length - 20} more (each audited as case_rescheduled)`);
  if (result.conflicts > 0) {
    io.err(
      `warning: ${result.conflicts} case(s) changed meanwhile and kept their deadline: run the same import again to recount them`,
    );
  }
  for (const w of result.warnings) io.err(`warning: ${w.message}`);
  io.out(
    JSON.stringify({
      year: result.year,
      status: result.status,
      version: result.version,
      openCases: result.openCases,
      rescheduled: result.rescheduled,
      conflicts: result.conflicts,
    }),
  );
}

export function registerCalendar(program: Command, io: CommandIo): void {
  const calendar = program
    .command('calendar')
    .description('the working-day calendar: show a year, or load the State Council’s notice for a year');
  withDataDir(
    calendar
      .command('show')
      .description(
        'print a year as every function sees it: official (a notice), provisional (computed from the law) or missing (Monday–Friday); JSON last',
      )
      .argument('<year>', 'the year, e.g. 2027')
      .addOption(asOfOption('decide which years are provisional')),
  ).action((year: string, options: { asOf?: string; dataDir: string }) => {
    if (!/^\d{4}$/.test(year)) throw new CliError(`"${year}" is not a year such as 2027`);
    return runCalendarShow(
      { year: Number(year), asOf: resolveAsOf(options.asOf, io.env), dataDir: options.dataDir },
      io,
    );
  });
  withDataDir(
    calendar
      .command('import')
      .description(
        'load a year from the State Council’s notice (JSON, docs/calendar.md); recomputes the deadlines of open cases and reports how many moved; a file with any problem loads nothing',
      )
      .argument('<file>', 'the calendar file')
      .option('--by <name>', 'who loads it (recorded with the year and on each moved case)')
      .addOption(asOfOption('load the year')),
  ).action((file: string, options: { by?: string; asOf?: string; dataDir: string }) =>
    runCalendarImport(
      {
        file,
        by: options.by?.trim() || operatorName(io.env),
        asOf: resolveAsOf(options.asOf, io.env),
        dataDir: options.dataDir,
      },
      io,
    ),
  );
}
