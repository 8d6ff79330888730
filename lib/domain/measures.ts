// A household's assistance measures (帮扶措施) are records of their own (issue 17 item 7: a list inside
// the household item grew without bound, and past DynamoDB's 400 KB item limit every write to the
// household — and its village's sweep shard — failed). The household carries only this bounded summary,
// which is all that grading, case detection (§8 measures_missing) and elimination (§11 E1) read.
import { type LocalDate, type Measure, type MeasureType, measureTypes } from './model';

/** At most this many start dates are kept (the latest ones): started counts are exact while fewer than
 *  this many measures start after the day asked about. */
export const latestStartsKept = 50;

export interface MeasureSummary {
  /** Every measure the household has. */
  count: number;
  /** The earliest start date: a measure has started by `today` exactly when firstStart ≤ today. */
  firstStart: LocalDate | null;
  /** The latest start dates (one per measure), newest first, at most `latestStartsKept`. */
  latestStarts: LocalDate[];
  /** The types recorded, in the order of the type list (bounded by it). */
  types: MeasureType[];
}

export const noMeasures = (): MeasureSummary => ({ count: 0, firstStart: null, latestStarts: [], types: [] });

/** The summary with `added` (new measures only: an updated measure keeps its type and start date). */
export function withMeasuresAdded(summary: MeasureSummary, added: readonly Measure[]): MeasureSummary {
  if (added.length === 0) return summary;
  let firstStart = summary.firstStart;
  for (const m of added) if (firstStart === null || m.startDate < firstStart) firstStart = m.startDate;
  const types = new Set([...summary.types, ...added.map((m) => m.type)]);
  return {
    count: summary.count + added.length,
    firstStart,
    latestStarts: [...summary.latestStarts, ...added.map((m) => m.startDate)]
      .sort((a, b) => (a < b ? 1 : a > b ? -1 : 0))
      .slice(0, latestStartsKept),
    types: measureTypes.filter((t) => types.has(t)),
  };
}

export const summarizeMeasures = (measures: readonly Measure[]): MeasureSummary =>
  withMeasuresAdded(noMeasures(), measures);

/** §8, 000 L583: a measure counts as started when its start date is on or before today. */
export const hasStartedMeasure = (summary: MeasureSummary, today: LocalDate): boolean =>
  summary.firstStart !== null && summary.firstStart <= today;

/**
 * §11 E1's count of started measures (status-agnostic: a measure recorded ahead starts by itself on its
 * date). Exact unless `latestStartsKept` or more measures start after today; then it is the count less
 * those kept, at least 1 when one has started.
 */
export function measuresStartedBy(summary: MeasureSummary, today: LocalDate): number {
  const after = summary.latestStarts.filter((d) => d > today).length;
  const started = summary.count - after;
  return hasStartedMeasure(summary, today) ? Math.max(1, started) : 0;
}

/** The household's measures: its own records and, for a household written before they were, the list its
 *  item still holds (`legacyMeasures`); one per measureId, by start date then id. */
export function allMeasures(records: readonly Measure[], legacy: readonly Measure[] | undefined): Measure[] {
  const byId = new Map<string, Measure>();
  for (const m of legacy ?? []) byId.set(m.measureId, m);
  for (const m of records) byId.set(m.measureId, m);
  return [...byId.values()].sort((a, b) =>
    a.startDate < b.startDate ? -1 : a.startDate > b.startDate ? 1 : a.measureId < b.measureId ? -1 : 1,
  );
}
