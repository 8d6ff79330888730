// `fanpin import divisions FILE.csv|FILE.xlsx [--sheet NAME] [--county CODE] [--data-dir DIR]`: registers a
// county's townships and villages with their names (interface.md "Additions of December 2026") in the
// running local stack's table (or the deployed one), a progress bar on a terminal, rejected rows in
// FILE.errors.csv and the JSON summary as the last line.
import { randomUUID } from 'node:crypto';
import { FileReadError, openTableFile } from '../../adapters/household-file';
import { importDivisions } from '../../app/import-divisions';
import type { ImportSummary } from '../../app/import-households';
import { type DivisionInputField, normaliseDivisionHeader } from '../../domain/divisions';
import { CliError } from '../cli-errors';
import { resolveTarget } from '../target';
import { changeDepsFor } from './import-households';
import { runImportWithProgress } from './import-run';
import type { CommandIo } from './shared';

export interface ImportDivisionsOptions {
  file: string;
  asOf: string;
  dataDir: string;
  sheet?: string;
  county?: string;
}

export async function importDivisionsCommand(
  options: ImportDivisionsOptions,
  io: CommandIo,
): Promise<ImportSummary> {
  if (options.county !== undefined && !/^\d{6}$/.test(options.county))
    throw new CliError(`--county ${options.county} is not a 6-digit county code`);
  const target = await resolveTarget(options.dataDir, io);
  let file: Awaited<ReturnType<typeof openTableFile<DivisionInputField>>>;
  try {
    file = await openTableFile<DivisionInputField>(options.file, {
      normalise: normaliseDivisionHeader,
      keyField: 'code',
      keyHeader: '区划代码',
      ...(options.sheet === undefined ? {} : { sheet: options.sheet }),
    });
  } catch (e) {
    if (e instanceof FileReadError) throw new CliError(e.message);
    throw e;
  }
  for (const w of file.warnings) io.err(`warning: ${w}`);
  const { store } = changeDepsFor(target, { env: io.env, warn: (w) => io.err(`warning: ${w}`) });
  return runImportWithProgress(
    io,
    { file: options.file, noun: 'divisions', locate: file.locate },
    (onProgress) =>
      importDivisions(store, file.rows, {
        at: options.asOf,
        actor: { kind: 'system', name: 'divisions-import' },
        columns: file.columns,
        newId: randomUUID,
        ...(options.county === undefined ? {} : { county: options.county }),
        onProgress,
      }),
  );
}
