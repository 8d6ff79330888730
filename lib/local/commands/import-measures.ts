// `fanpin import measures FILE.csv|FILE.xlsx [--sheet NAME] [--as-of ISO] [--data-dir DIR]`: one assistance
// measure per row into the running local stack's table (or the deployed one), a progress bar on a
// terminal, rejected rows in FILE.errors.csv and the JSON summary as the last line.
import { FileReadError, openTableFile } from '../../adapters/household-file';
import { refreshCalendar } from '../../app/calendar';
import type { ImportSummary } from '../../app/import-households';
import { importMeasures } from '../../app/import-measures';
import { type MeasureInputField, normaliseMeasureHeader } from '../../domain/measure-input';
import { CliError } from '../cli-errors';
import { resolveTarget } from '../target';
import { changeDepsFor } from './import-households';
import { runImportWithProgress } from './import-run';
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
  return runImportWithProgress(
    io,
    { file: options.file, noun: 'measures', locate: file.locate },
    (onProgress) =>
      importMeasures(deps, file.rows, {
        asOf: options.asOf,
        actor: { kind: 'system', name: 'measures-import' },
        columns: file.columns,
        onProgress,
      }),
  );
}
