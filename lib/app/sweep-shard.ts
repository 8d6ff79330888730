// What the sweep's steps and its two shard kinds share (§9): the shard message, sweep ids, deterministic ids,
// dependencies, the shard's result, the village's recount and the case audit events.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { AuditEvent, Case, Household, Instant, LocalDate } from '../domain/model';
import type { Policy } from '../domain/policy';
import { addMonthsToMonth, formatInstant, localDateOf, monthOf, parseInstant } from '../domain/time';
import type { WorkingDayCalendar } from '../domain/working-days';
import type { UnitCounts } from '../ports/counter-store';
import type { Store } from '../ports/store';
import type { SweepKind } from '../ports/sweep-run-store';
import type { CalendarSource } from './calendar';
import { caseCounterValues, householdCounterValues, sumCounterValues } from './counters';
import type { PolicySource } from './policies';

export const sweepKinds = ['monthly', 'daily'] as const satisfies readonly SweepKind[];

/** One SQS message per village shard. */
export const sweepMessageSchema = z.object({
  sweepId: z.string().min(1),
  kind: z.enum(sweepKinds),
  asOf: z.string().min(1),
  villageCode: z.string().regex(/^\d{12}$/),
  /** Daily sweep: this shard also does its township's work (report_overdue, township counters). */
  townshipDuties: z.boolean().optional(),
});
export type SweepMessage = z.infer<typeof sweepMessageSchema>;

export interface SweepDeps {
  store: Store;
  /** §4 the policy in force for a county in a year. */
  policyFor: (countyCode: string, year: number) => Policy;
  calendar: WorkingDayCalendar;
  /** D14: where `calendar` is refreshed from at each invocation (production); absent in tests. */
  calendars?: CalendarSource;
  /** D15: where `policyFor` reads the loaded policies from (refreshed with the calendar). */
  policySource?: PolicySource;
  /** Wall clock, only for records of when work happened (never for decisions: those use the sweep's asOf). */
  now: () => Instant;
  /** Parallel household transactions within a shard (default 8). */
  concurrency?: number;
}

/** The sweep's as-of instant in one spelling (local time with offset, no zero milliseconds), so the
 *  scheduler's `2026-11-30T18:00:00Z` and the CLI's `2026-12-01T02:00:00+08:00` name the same run. */
export function canonicalAsOf(asOf: Instant, timeZone: string): Instant {
  return formatInstant(parseInstant(asOf), timeZone).replace('.000', '');
}

/** Re-running the same sweep is the same run. */
export const sweepIdOf = (kind: SweepKind, asOf: Instant): string => `${kind}#${asOf}`;

/** A deterministic id (UUID-shaped) from its parts: a redo of a shard makes the same audit event and case
 *  ids, so the store's unique-id conditions turn a repeat into "already written". */
export function deterministicId(...parts: string[]): string {
  const h = createHash('sha256').update(parts.join('\u001f')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** §9 the month a monthly sweep closes: the month before its as-of's local month (1 Dec → '2026-11'). */
export function closedMonthOf(asOf: Instant, timeZone: string): string {
  return addMonthsToMonth(monthOf(localDateOf(asOf, timeZone)), -1);
}

/** The last local date of a 'YYYY-MM' month. */
export function lastDayOf(month: string): LocalDate {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
}

/** Equality of stored records regardless of key order (DynamoDB maps do not keep it). */
export function sameRecord(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(',')}}`;
  }
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  return JSON.stringify(v) ?? 'undefined';
}

/** Counter values without zeros, for comparing a recount with the stored record. */
export function nonZero(values: Partial<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(Object.entries(values).filter(([, n]) => n !== undefined && n !== 0)) as Record<
    string,
    number
  >;
}

export function isConflict(e: unknown): boolean {
  return e instanceof Error && (e as { code?: string }).code === 'conflict';
}

/** Per-shard numbers, recorded on the shard and summed into the run. */
export interface ShardResult {
  households: number;
  /** Households whose assessment or schedule changed (monthly) and were written. */
  written: number;
  /** Version conflicts met and resolved by re-reading (e.g. a visit recorded meanwhile). */
  conflicts: number;
  casesOpened: number;
  casesEscalated: number;
  casesResolved: number;
  /** Other records written: counters, the village month, the village report, the households' monthly
   *  assessments (D3). */
  recordsWritten: number;
}

export const emptyResult = (): ShardResult => ({
  households: 0,
  written: 0,
  conflicts: 0,
  casesOpened: 0,
  casesEscalated: 0,
  casesResolved: 0,
  recordsWritten: 0,
});

export const maxAttempts = 5;

export async function listVillage(deps: SweepDeps, villageCode: string): Promise<Household[]> {
  const all: Household[] = [];
  for await (const page of deps.store.households.listVillage(villageCode, 500)) all.push(...page);
  return all;
}

export const systemActor = (kind: string) => ({ kind: 'system' as const, name: `${kind}-sweep` });

/** The village's counters from its households and open cases; written only when they differ. */
export async function recount(
  deps: SweepDeps,
  unitCode: string,
  households: Household[],
  openCases: Case[],
  today: string,
  asOf: Instant,
  counts: UnitCounts,
  result: ShardResult,
): Promise<void> {
  const values = sumCounterValues([
    ...households.map((h) => householdCounterValues(h, today)),
    ...openCases.map(caseCounterValues),
  ]);
  if (sameRecord(nonZero(values), nonZero(counts.values))) return;
  await deps.store.counters.replace(unitCode, values, { sweptAt: asOf, expectedRevision: counts.revision });
  result.recordsWritten += 1;
}

export function caseEvent(
  sweepId: string,
  c: Case,
  type: string,
  at: Instant,
  data: unknown,
  sweepKind: 'monthly' | 'daily' = 'daily',
): AuditEvent {
  return {
    eventId: deterministicId(sweepId, c.caseId, type),
    householdId: c.householdId,
    caseId: c.caseId,
    type,
    at,
    actor: systemActor(sweepKind),
    data,
  };
}
