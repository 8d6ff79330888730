// What `fanpin import households` and `fanpin import measures` do alike once the file is open: a progress
// bar on a terminal, the import, FILE.errors.csv (with sheet and cell from a workbook), the JSON summary as
// the last line; a file that turns out unreadable midway is one CLI line.
import { SingleBar } from 'cli-progress';
import { errorsFilePath, type LocateCell, writeErrorsFile } from '../../adapters/csv/errors-file';
import { FileReadError } from '../../adapters/household-file';
import type { ImportSummary, RejectedRow } from '../../app/import-households';
import { CliError } from '../cli-errors';
import type { CommandIo } from './shared';

export async function runImportWithProgress(
  io: CommandIo,
  options: { file: string; noun: string; locate?: LocateCell },
  run: (
    onProgress: (s: Readonly<ImportSummary>) => void,
  ) => Promise<{ summary: ImportSummary; rejectedRows: RejectedRow[]; warningRows?: RejectedRow[] }>,
): Promise<ImportSummary> {
  const started = Date.now();
  const bar = io.isTTY
    ? new SingleBar({
        format: `importing {read} ${options.noun} ({rate} rows/s) · created {created} · updated {updated} · unchanged {unchanged} · rejected {rejected}`,
        hideCursor: true,
      })
    : null;
  bar?.start(0, 0, { read: 0, rate: 0, created: 0, updated: 0, unchanged: 0, rejected: 0 });
  try {
    const result = await run((s) =>
      bar?.update(0, { ...s, rate: Math.round(s.read / Math.max((Date.now() - started) / 1000, 0.001)) }),
    );
    bar?.stop();
    const errorsFile = errorsFilePath(options.file);
    const lines = [...result.rejectedRows, ...(result.warningRows ?? [])].sort((a, b) => a.row - b.row);
    await writeErrorsFile(errorsFile, lines, options.locate);
    if (result.summary.rejected > 0)
      io.err(`${result.summary.rejected} rows rejected: see ${errorsFile} (row, column, reason)`);
    if ((result.summary.warnings ?? 0) > 0)
      io.err(`${result.summary.warnings} rows imported with a warning: see ${errorsFile}`);
    io.out(JSON.stringify(result.summary));
    return result.summary;
  } catch (e) {
    bar?.stop();
    if (e instanceof FileReadError) throw new CliError(e.message);
    throw e;
  }
}
