// Everything the application needs from persistence, in one handle (built by an adapter:
// lib/adapters/dynamodb/dynamo-store.ts or lib/adapters/memory/memory-store.ts).
import type { AlertStore } from './alert-store';
import type { AssessmentStore } from './assessment-store';
import type { AuditLog } from './audit-log';
import type { CalendarStore } from './calendar-store';
import type { CaseStore } from './case-store';
import type { CounterStore } from './counter-store';
import type { DigestLog } from './digest-log';
import type { DivisionStore } from './division-store';
import type { HouseholdStore } from './household-store';
import type { PolicyStore } from './policy-store';
import type { ReportStore } from './report-store';
import type { SweepRunStore } from './sweep-run-store';
import type { UnitOfWork } from './unit-of-work';

export interface Store extends UnitOfWork {
  households: HouseholdStore;
  cases: CaseStore;
  audit: AuditLog;
  assessments: AssessmentStore;
  counters: CounterStore;
  sweeps: SweepRunStore;
  reports: ReportStore;
  alerts: AlertStore;
  digests: DigestLog;
  /** D14: the official calendar years an operator loaded. */
  calendar: CalendarStore;
  /** The administrative divisions registered with their names. */
  divisions: DivisionStore;
  /** D15: the policies an operator loaded per county and year, and every version they had. */
  policies: PolicyStore;
}
