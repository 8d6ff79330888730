// The in-memory twin of the DynamoDB store: same ports, same semantics (optimistic versions, one open
// case per dedup key, all-or-nothing changes, append-only audit, ordering and opaque cursors), one file per
// port as lib/adapters/dynamodb/ has. For app-layer tests and the bench's baseline; not persistent.
import type { Store } from '../../ports/store';
import { createMemoryAlertStore } from './memory-alert-store';
import { createMemoryAssessmentStore } from './memory-assessment-store';
import { createMemoryAuditLog } from './memory-audit-log';
import { createMemoryCalendarStore } from './memory-calendar-store';
import { createMemoryCaseStore } from './memory-case-store';
import { createMemoryCounterStore } from './memory-counter-store';
import { createMemoryDigestLog } from './memory-digest-log';
import { createMemoryDivisionStore } from './memory-division-store';
import { createMemoryHouseholdStore } from './memory-household-store';
import { createMemoryNotifyStore } from './memory-notify-store';
import { createMemoryPolicyStore } from './memory-policy-store';
import { createMemoryReportStore } from './memory-report-store';
import { createMemoryState } from './memory-state';
import { createMemorySweepRunStore } from './memory-sweep-run-store';
import { createMemoryUnitOfWork } from './memory-unit-of-work';

export function createMemoryStore(): Store {
  const s = createMemoryState();
  return {
    ...createMemoryUnitOfWork(s),
    households: createMemoryHouseholdStore(s),
    cases: createMemoryCaseStore(s),
    audit: createMemoryAuditLog(s),
    assessments: createMemoryAssessmentStore(s),
    counters: createMemoryCounterStore(s),
    sweeps: createMemorySweepRunStore(s),
    reports: createMemoryReportStore(s),
    alerts: createMemoryAlertStore(s),
    digests: createMemoryDigestLog(s),
    calendar: createMemoryCalendarStore(),
    notify: createMemoryNotifyStore(),
    divisions: createMemoryDivisionStore(),
    policies: createMemoryPolicyStore(),
  };
}
