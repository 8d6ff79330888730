// GET /v1/cases: cases originating in a unit, by kind, level and status (open by default).
import type { Case, CaseKind, CaseLevel } from '../domain/model';
import type { Page } from '../ports/pagination';
import type { Store } from '../ports/store';

export function listCases(
  store: Store,
  request: {
    unitCode: string;
    kind?: CaseKind;
    level?: CaseLevel;
    status: 'open' | 'resolved';
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
    },
    { limit: request.limit, cursor: request.cursor ?? null },
  );
}
