// GET /v1/cases: cases originating in a unit, by kind, level and status (open by default); resolved
// ones optionally since an instant (§9: what a digest says was resolved since the last one).
import type { Case, CaseKind, CaseLevel, Instant } from '../domain/model';
import type { Page } from '../ports/pagination';
import type { Store } from '../ports/store';

export function listCases(
  store: Store,
  request: {
    unitCode: string;
    kind?: CaseKind;
    level?: CaseLevel;
    status: 'open' | 'resolved';
    resolvedSince?: Instant;
    limit: number;
    cursor?: string | null;
  },
): Promise<Page<Case>> {
  return store.cases.listByUnit(
    request.unitCode,
    {
      status: request.status,
      ...(request.kind ? { kind: request.kind } : {}),
      ...(request.level ? { level: request.level } : {}),
      ...(request.status === 'resolved' && request.resolvedSince
        ? { resolvedSince: request.resolvedSince }
        : {}),
    },
    { limit: request.limit, cursor: request.cursor ?? null },
  );
}
