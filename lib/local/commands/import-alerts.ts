// `fanpin import alerts FILE.csv [--as-of ISO]`: department alerts into the running local stack or the deployed
// table (lib/local/target.ts) (§10), through
// the same use case as the alerts queue and POST /v1/alerts. Rejected rows go to FILE.errors.csv (row, column,
// reason); the JSON summary is the last line. Exit 0 when the file was read, even with rejected rows.

import { readAlertsCsv } from '../../adapters/csv/alerts-csv';
import { errorsFilePath, writeErrorsFile } from '../../adapters/csv/errors-file';
import { CsvReadError } from '../../adapters/csv/household-csv';
import { refreshCalendar } from '../../app/calendar';
import { type ImportAlertsSummary, importAlerts } from '../../app/import-alerts';
import { CliError } from '../cli-errors';
import { resolveTarget } from '../target';
import { changeDepsFor } from './import-households';
import type { CommandIo } from './shared';

export interface ImportAlertsCommandOptions {
  file: string;
  /** When the alerts were received (their leads' and cases' time). */
  asOf: string;
  dataDir: string;
}

export async function importAlertsCommand(
  options: ImportAlertsCommandOptions,
  io: CommandIo,
): Promise<ImportAlertsSummary> {
  const target = await resolveTarget(options.dataDir, io);
  let csv: Awaited<ReturnType<typeof readAlertsCsv>>;
  try {
    csv = await readAlertsCsv(options.file);
  } catch (e) {
    if (e instanceof CsvReadError) throw new CliError(e.message);
    throw e;
  }
  for (const w of csv.warnings) io.err(`warning: ${w}`);
  const deps = changeDepsFor(target, { env: io.env, warn: (line) => io.err(`warning: ${line}`) });
  await refreshCalendar(deps, options.asOf);
  const { summary, rejected } = await importAlerts(deps, csv.rows, { at: options.asOf });
  const errorsFile = errorsFilePath(options.file);
  await writeErrorsFile(
    errorsFile,
    rejected.map((r) => ({ row: r.row, column: csv.columns[r.field] ?? r.field, reason: r.reason })),
  );
  io.out(
    `alerts: ${summary.read} read, ${summary.lead} raised a lead, ${summary.matched} matched a household already followed, ` +
      `${summary.unmatched} unmatched (kept), ${summary.duplicate} duplicate, ${summary.rejected} rejected`,
  );
  if (summary.rejected > 0) io.out(`rejected rows: ${errorsFile}`);
  io.out(JSON.stringify(summary));
  return summary;
}
