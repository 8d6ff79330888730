// §12 the append-only history of a household. Events are appended only through UnitOfWork, in the
// same transaction as the change they describe.
import type { AuditEvent } from '../domain/model';
import type { Page, PageRequest } from './pagination';

export interface AuditLog {
  /** Newest first. */
  history(householdId: string, page?: PageRequest): Promise<Page<AuditEvent>>;
  /** Events of a case without a household (e.g. report_overdue), newest first. */
  caseHistory(caseId: string, page?: PageRequest): Promise<Page<AuditEvent>>;
  /** Events of a unit itself (its division registered, renamed), newest first. */
  unitHistory(unitCode: string, page?: PageRequest): Promise<Page<AuditEvent>>;
}
