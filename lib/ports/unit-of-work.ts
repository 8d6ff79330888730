// One business change, written atomically (all or nothing): households with optimistic locking, cases
// (one open case per dedup key), the audit events that describe the change, visits, monthly assessments,
// counter deltas and matched department alerts.
import type {
  AuditEvent,
  Case,
  CaseAcknowledgement,
  Household,
  HouseholdMeasure,
  Visit,
} from '../domain/model';
import type { AlertRecord } from './alert-store';
import type { MonthlyAssessment } from './assessment-store';
import type { CounterDelta } from './counter-store';

export interface HouseholdWrite {
  household: Household;
  /** The version read before the change; null for a new household (fails if it exists).
   *  The store writes version = expectedVersion + 1 (1 when new), whatever `household.version` says. */
  expectedVersion: number | null;
}

export interface CaseWrite {
  case: Case;
  /** What was read: the write fails with a conflict unless the stored case still has this version and status.
   *  A write that takes an open case to resolved frees its dedup key. */
  expected: { version: number; status: 'open' | 'resolved' };
}

export interface Change {
  households?: HouseholdWrite[];
  /** New cases (status open, version ignored: stored as 1). Each takes its dedup key. */
  openCases?: Case[];
  updateCases?: CaseWrite[];
  /** Appended in the same transaction; event ids are unique (a repeat id fails the change). */
  audit?: AuditEvent[];
  visits?: Visit[];
  /** Measure records (new, or updated in place: keyed by household and measureId). They do not count
   *  towards `maxItemsPerChange`: when they would not fit in the transaction, the store writes them just
   *  before it (unconditionally: rewriting a record is harmless; a summary that misses one is healed by
   *  the next change of the household's measures, which sums them all). */
  measures?: HouseholdMeasure[];
  /** Acknowledgement records (keyed by case and ordinal), written like `measures`. */
  acknowledgements?: CaseAcknowledgement[];
  assessments?: MonthlyAssessment[];
  /** Adjustments of village (or township) counters; several entries for one unit are summed. */
  counters?: { unitCode: string; delta: CounterDelta }[];
  /** Matched alerts recorded with the lead they raise; a seen (department, alertId) rejects the change. */
  alerts?: AlertRecord[];
}

/** Not committed because the dedup keys are already held by open cases (update their lastSeen instead)
 *  or the alerts were already recorded. Nothing was written. Version conflicts throw DomainError('conflict'). */
export type CommitOutcome =
  | { committed: true }
  | { committed: false; alreadyOpen: string[]; duplicateAlerts: string[] };

/** Items written without conditions, for batch paths (sweep, import). Not atomic across items. */
export interface Appends {
  audit?: AuditEvent[];
  visits?: Visit[];
  measures?: HouseholdMeasure[];
  acknowledgements?: CaseAcknowledgement[];
  assessments?: MonthlyAssessment[];
}

/** Whether `createMany` takes a change: one new household, audit events and measure records only. */
export function isBulkCreation(change: Change): boolean {
  const { households = [], audit, measures, ...rest } = change;
  return (
    households.length === 1 &&
    households[0]?.expectedVersion === null &&
    Object.values(rest).every((v) => v === undefined || (Array.isArray(v) && v.length === 0))
  );
}

/** Each change is written as one transaction; a change over the transaction limit is refused. */
export const maxItemsPerChange = 100;

export interface UnitOfWork {
  commit(change: Change): Promise<CommitOutcome>;
  /** Many independent changes with bounded concurrency (default 8). Results in input order; a failed
   *  change (conflict…) is returned as its error, the others still commit. */
  commitMany(
    changes: readonly Change[],
    options?: { concurrency?: number },
  ): Promise<(CommitOutcome | Error)[]>;
  /**
   * NEW households in bulk (the import's rows of households that do not exist, issue 19): each change holds
   * ONE household with `expectedVersion: null`, its audit events and measure records, nothing else (no
   * cases, counters or alerts: those need conditions). Batch writes, the audit items first, so a household
   * is never written without its event. NOT conditional: the caller has just read, strongly consistently,
   * that none of them exists; a household created by someone else between that read and this write is
   * overwritten (ADR 0017 weighs this). Results in input order: committed, or the error that stopped its
   * batch (some of that batch's households may be written; importing the row again finds them unchanged).
   */
  createMany(
    changes: readonly Change[],
    options?: { concurrency?: number },
  ): Promise<(CommitOutcome | Error)[]>;
  /** Bulk unconditional writes (BatchWriteItem on DynamoDB), retried until every item is written. */
  append(appends: Appends): Promise<void>;
}
