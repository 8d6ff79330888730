// `fanpin import measures FILE.csv|FILE.xlsx [--sheet NAME] [--as-of ISO] [--data-dir DIR]`: one assistance
// measure per row into the running local stack's table (or the deployed one), a progress bar on a
// terminal, rejected rows in FILE.errors.csv and the JSON summary as the last line.
import { SingleBar } from 'cli-progress';
import { errorsFilePath, writeErrorsFile } from '../../adapters/csv/errors-file';
import { FileReadError, openTableFile } from '../../adapters/household-file';
import { refreshCalendar } from '../../app/calendar';
import type { ImportSummary } from '../../app/import-households';
import { importMeasures } from '../../app/import-measures';
import { type MeasureInputField, normaliseMeasureHeader } from '../../domain/measure-input';
import { CliError } from '../cli-errors';
import { resolveTarget } from '../target';
import { changeDepsFor } from './import-households';
import type { CommandIo } from './shared';

export interface ImportMeasuresOptions {
  file: string;
  asOf: string;
  dataDir: string;
  sheet?: string;
}

export async function importMeasuresCommand(
  options: ImportMeasuresOptions,
  io: CommandIo,
): Promise<ImportSummary> {
  const target = await resolveTarget(options.dataDir, io);
  let file: Awaited<ReturnType<typeof openTableFile<MeasureInputField>>>;
  try {
    file = await openTableFile<MeasureInputField>(options.file, {
      normalise: normaliseMeasureHeader,
      keyField: 'householdId',
      keyHeader: '户编号',
      ...(options.sheet === undefined ? {} : { sheet: options.sheet }),
    });
  } catch (e) {
    if (e instanceof FileReadError) throw new CliError(e.message);
    throw e;
  }
  for (const w of file.warnings) io.err(`warning: ${w}`);

  const deps = changeDepsFor(target, { env: io.env, warn: (w) => io.err(`warning: ${w}`) });
  await refreshCalendar(deps, options.asOf);
  const started = Date.now();
  const bar = io.isTTY
    ? new SingleBar({
        format:
          'importing {read} measures ({rate} rows/s) · created {created} · updated {updated} · unchanged {unchanged} · rejected {rejected}',
        hideCursor: true,
      })
    : null;
  bar?.start(0, 0, { read: 0, rate: 0, created: 0, updated: 0, unchanged: 0, rejected: 0 });
  try {
    const result = await importMeasures(deps, file.rows, {
      asOf: options.asOf,
      actor: { kind: 'system', name: 'measures-import' },
      columns: file.columns,
      onProgress: (s) =>
        bar?.update(0, { ...s, rate: Math.round(s.read / Math.max((Date.now() - started) / 1000, 0.001)) }),
    });
    bar?.stop();
    const errorsFile = errorsFilePath(options.file);
    await writeErrorsFile(errorsFile, result.rejectedRows, file.locate);
    if (result.summary.rejected > 0)
      io.err(`${result.summary.rejected} rows rejected: see ${errorsFile} (row, column, reason)`);
    io.out(JSON.stringify(result.summary));
    return result.summary;
  } catch (e) {
    bar?.stop();
    if (e instanceof FileReadError) throw new CliError(e.message);
    throw e;
  }
}
