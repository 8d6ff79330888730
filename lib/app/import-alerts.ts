// `fanpin import alerts FILE.csv`: every row parsed with the one alert schema and ingested (§10); a row that
// fails is rejected with its row, column and reason and never stops the others.
import { type AlertInputField, parseAlertInput } from '../domain/alert-input';
import type { Instant } from '../domain/model';
import { type IngestAlertDeps, type IngestAlertOutcome, ingestAlert } from './ingest-alert';

export interface AlertRow {
  rowNumber: number;
  record: Record<string, string>;
}

export interface RejectedAlertCell {
  row: number;
  field: AlertInputField;
  reason: string;
}

export interface ImportAlertsSummary {
  read: number;
  lead: number;
  matched: number;
  duplicate: number;
  unmatched: number;
  rejected: number;
}

export interface ImportAlertsResult {
  summary: ImportAlertsSummary;
  rejected: RejectedAlertCell[];
}

/** Ingests the rows one after another (an alert file is one department's push: tens to thousands of rows). */
export async function importAlerts(
  deps: IngestAlertDeps,
  rows: Iterable<AlertRow> | AsyncIterable<AlertRow>,
  options: { at: Instant; onRow?: (outcome: IngestAlertOutcome | 'rejected') => void },
): Promise<ImportAlertsResult> {
  const summary: ImportAlertsSummary = {
    read: 0,
    lead: 0,
    matched: 0,
    duplicate: 0,
    unmatched: 0,
    rejected: 0,
  };
  const rejected: RejectedAlertCell[] = [];
  for await (const row of rows) {
    summary.read += 1;
    const parsed = parseAlertInput(row.record);
    if (!parsed.ok) {
      summary.rejected += 1;
      for (const e of parsed.errors) rejected.push({ row: row.rowNumber, field: e.field, reason: e.message });
      options.onRow?.('rejected');
      continue;
    }
    const { outcome } = await ingestAlert(deps, parsed.value, { at: options.at });
    summary[outcome] += 1;
    options.onRow?.(outcome);
  }
  return { summary, rejected };
}
