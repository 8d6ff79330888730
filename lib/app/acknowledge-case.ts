// POST /v1/cases/{id}/acknowledge: §8 records who handles a case; escalation goes on.
import { randomUUID } from 'node:crypto';
import { acknowledge, acknowledgementCountOf } from '../domain/cases';
import type { Actor, Case, Instant } from '../domain/model';
import type { Store } from '../ports/store';
import { outsideScope, type ScopeGuard } from './api-deps';
import { caseCounterUnit } from './counters';

/** The stored case; D16: one that does not exist is answered like one outside the scope. */
export async function loadCase(store: Store, caseId: string, guard: ScopeGuard): Promise<Case> {
  const kase = await store.cases.get(caseId);
  if (!kase) throw outsideScope();
  guard(caseCounterUnit(kase));
  return kase;
}

export async function acknowledgeCase(
  deps: { store: Store },
  input: { caseId: string; note: string; by: string; at: Instant; actor: Actor; guard: ScopeGuard },
): Promise<Case> {
  const before = await loadCase(deps.store, input.caseId, input.guard);
  const after = acknowledge(before, input.by, input.note, input.at);
  const ordinal = acknowledgementCountOf(after);
  // Each acknowledgement is a record of its own; the case keeps the latest few and the count (issue 17
  // item 7). A case written before the count held all of its acknowledgements: they become records now.
  const earlier =
    before.acknowledgementCount === undefined
      ? before.acknowledgements.map((a, i) => ({ ...a, caseId: before.caseId, ordinal: i + 1 }))
      : [];
  await deps.store.commit({
    updateCases: [{ case: after, expected: { version: before.version, status: 'open' } }],
    acknowledgements: [
      ...earlier,
      { by: input.by, at: input.at, note: input.note, caseId: before.caseId, ordinal },
    ],
    audit: [
      {
        eventId: randomUUID(),
        householdId: before.householdId,
        caseId: before.caseId,
        type: 'case_acknowledged',
        at: input.at,
        actor: input.actor,
        data: { kind: before.kind, level: before.level },
      },
    ],
  });
  return { ...after, version: before.version + 1 };
}
