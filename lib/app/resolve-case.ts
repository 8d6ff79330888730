// POST /v1/cases/{id}/resolve: §8 a manual resolve with a reason, only for kinds that allow it
// (measures_missing, review_overdue); the counters move in the same transaction.
import { randomUUID } from 'node:crypto';
import { resolveCase as resolve } from '../domain/cases';
import type { Actor, Case, Instant } from '../domain/model';
import { counterDelta } from '../ports/counter-store';
import type { Store } from '../ports/store';
import { loadCase } from './acknowledge-case';
import type { ScopeGuard } from './api-deps';
import { caseCounterUnit, caseCounterValues } from './counters';

export async function resolveCaseByHand(
  deps: { store: Store },
  input: { caseId: string; reason: string; by: string; at: Instant; actor: Actor; guard: ScopeGuard },
): Promise<Case> {
  const before = await loadCase(deps.store, input.caseId, input.guard);
  const after = resolve(before, { at: input.at, reason: input.reason, by: input.by, manual: true });
  await deps.store.commit({
    updateCases: [{ case: after, expected: { version: before.version, status: 'open' } }],
    audit: [
      {
        eventId: randomUUID(),
        householdId: before.householdId,
        caseId: before.caseId,
        type: 'case_resolved',
        at: input.at,
        actor: input.actor,
        data: { kind: before.kind, level: before.level, manual: true },
      },
    ],
    counters: [
      {
        unitCode: caseCounterUnit(before),
        delta: counterDelta(caseCounterValues(before), caseCounterValues(after)),
      },
    ],
  });
  return { ...after, version: before.version + 1 };
}
