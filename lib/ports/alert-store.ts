// §10 department alerts: deduplicated by (department, alertId); unmatched ones are kept, never dropped.
import type { Actor, Fen, Instant, LocalDate } from '../domain/model';
import type { Page, PageRequest } from './pagination';

export interface AlertRecord {
  department: string;
  alertId: string;
  householdId: string | null;
  /** D16: masked (first 6 and last 4 characters); the full number is never stored with an alert. */
  headIdNumber: string | null;
  /** §10: its keyed hash, so an unmatched alert can be matched later (absent on alerts stored before D16). */
  headIdHash?: string | null;
  type: string;
  amount: Fen | null;
  date: LocalDate | null;
  note: string | null;
  receivedAt: Instant;
  /** The household it matched, or null with the reason. */
  matchedHouseholdId: string | null;
  unmatchedReason: string | null;
  /** D16: the county administrator who posted it through the API (absent for the queue and the CSV import). */
  author?: Actor;
}

export interface AlertStore {
  get(department: string, alertId: string): Promise<AlertRecord | null>;
  /** Records an alert once; `duplicate: true` when (department, alertId) was seen before.
   *  (A matched alert that raises a lead goes through UnitOfWork.commit instead, atomically.) */
  record(alert: AlertRecord): Promise<{ duplicate: boolean }>;
  /** Unmatched alerts, oldest first. */
  unmatched(page?: PageRequest): Promise<Page<AlertRecord>>;
}
