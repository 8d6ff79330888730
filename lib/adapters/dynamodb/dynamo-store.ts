// The Store on one DynamoDB table and its audit table (docs/data-model.md,
// docs/decisions/0003-dynamodb-access.md): one adapter file per port, sharing a StoreContext.
import type { Store } from '../../ports/store';
import { createDynamoAlertStore } from './alert-store';
import { createDynamoAssessmentStore } from './assessment-store';
import { createDynamoAuditLog } from './audit-log';
import { createDynamoCalendarStore } from './calendar-store';
import { createDynamoCaseStore } from './case-store';
import { createDynamoCounterStore } from './counter-store';
import { createDynamoDigestLog } from './digest-log';
import { createDynamoDivisionStore } from './division-store';
import { createDynamoHouseholdStore } from './household-store';
import { createDynamoPolicyStore } from './policy-store';
import { createDynamoReportStore } from './report-store';
import { createStoreContext, type DynamoStoreOptions } from './store-context';
import { createDynamoSweepRunStore } from './sweep-run-store';
import { createDynamoUnitOfWork } from './unit-of-work';

export type { DynamoStoreOptions } from './store-context';

export function createDynamoStore(options: DynamoStoreOptions): Store {
  const ctx = createStoreContext(options);
  return {
    ...createDynamoUnitOfWork(ctx),
    households: createDynamoHouseholdStore(ctx),
    cases: createDynamoCaseStore(ctx),
    audit: createDynamoAuditLog(ctx),
    assessments: createDynamoAssessmentStore(ctx),
    counters: createDynamoCounterStore(ctx),
    sweeps: createDynamoSweepRunStore(ctx),
    reports: createDynamoReportStore(ctx),
    alerts: createDynamoAlertStore(ctx),
    digests: createDynamoDigestLog(ctx),
    calendar: createDynamoCalendarStore(ctx.db),
    divisions: createDynamoDivisionStore(ctx),
    policies: createDynamoPolicyStore(ctx.db),
  };
}
