// The in-memory twin of lib/adapters/dynamodb/audit-log.ts.
import type { AuditEvent } from '../../domain/model';
import type { AuditLog } from '../../ports/audit-log';
import type { PageRequest } from '../../ports/pagination';
import { clone, type MemoryState, paged, sorted, utc } from './memory-state';

export function createMemoryAuditLog(s: MemoryState): AuditLog {
  const { audit } = s;
  const eventsOf = (match: (e: AuditEvent) => boolean, scope: string, page?: PageRequest) =>
    paged(
      [
        {
          scope,
          rows: sorted(
            // Newest first; events of one instant in the reverse of the order they were written (as the
            // DynamoDB store, which packs the events of a change into one item).
            [...audit.values()]
              .map((e, seq) => ({ e, seq }))
              .filter(({ e }) => match(e))
              .map(({ e, seq }) => ({
                sort: `${utc(e.at)}#${String(seq).padStart(12, '0')}`,
                value: clone(e),
              })),
            true,
          ),
          descending: true,
        },
      ],
      page,
    );

  return {
    async history(householdId, page) {
      return eventsOf((e) => e.householdId === householdId, `hh#${householdId}`, page);
    },
    async caseHistory(caseId, page) {
      return eventsOf((e) => !e.householdId && e.caseId === caseId, `case#${caseId}`, page);
    },
    async unitHistory(unitCode, page) {
      return eventsOf(
        (e) => !e.householdId && !e.caseId && e.unitCode === unitCode,
        `unit#${unitCode}`,
        page,
      );
    },
  };
}
