// AuditLog reads on the audit table (ADR 0009): a household's or a case's events, newest first.
import type { AuditEvent } from '../../domain/model';
import type { AuditLog } from '../../ports/audit-log';
import { decodeCursor, encodeCursor, isRecord, pageLimit } from '../../ports/cursor';
import type { Page, PageRequest } from '../../ports/pagination';
import { caseKey, eventsOf, householdKey, type Item, type Key, unitAuditPartition } from './keys';
import type { StoreContext } from './store-context';
import type { QuerySpec } from './table-client';

interface EventCursor {
  k: Key | null;
  o: number;
}

const keyOf = (item: Item): Key => ({ pk: String(item.pk), sk: String(item.sk) });

const isEventCursor = (v: unknown, pk: string): v is EventCursor =>
  isRecord(v) &&
  Number.isSafeInteger(v.o) &&
  (v.o as number) >= 0 &&
  (v.k === null ||
    (isRecord(v.k) &&
      Object.keys(v.k).length === 2 &&
      v.k.pk === pk &&
      typeof v.k.sk === 'string' &&
      v.k.sk.startsWith('EV#')));

export function createDynamoAuditLog({ auditDb }: StoreContext): AuditLog {
  /**
   * Audit events of one partition, newest first, `limit` events a page. Items hold several events (see
   * `auditItems`), so a page may end inside an item: the cursor is the key to resume after and how many
   * events of the next item were already returned.
   */
  async function eventsNewestFirst(pk: string, request: PageRequest | undefined): Promise<Page<AuditEvent>> {
    const limit = pageLimit(request?.limit);
    const spec: QuerySpec = { pk, sk: { op: 'begins_with', value: 'EV#' }, forward: false };
    const at = request?.cursor
      ? decodeCursor(request.cursor, (v): v is EventCursor => isEventCursor(v, pk))
      : { k: null, o: 0 };
    const events: AuditEvent[] = [];
    let startKey: Key | undefined = at.k ?? undefined;
    let skip = at.o;
    const cursorAt = (k: Key | undefined, o: number) => encodeCursor({ k: k ?? null, o });
    for (;;) {
      const res = await auditDb.query(spec, limit, startKey);
      for (const [i, item] of res.items.entries()) {
        const newest = eventsOf(item).reverse();
        const rest = newest.slice(skip);
        const room = limit - events.length;
        if (rest.length > room) {
          events.push(...rest.slice(0, room));
          const before = i === 0 ? startKey : keyOf(res.items[i - 1] as Item);
          return { items: events, cursor: cursorAt(before, skip + room) };
        }
        skip = 0;
        events.push(...rest);
        if (events.length === limit) {
          const more = i < res.items.length - 1 || res.lastKey !== undefined;
          return { items: events, cursor: more ? cursorAt(keyOf(item), 0) : null };
        }
      }
      if (!res.lastKey) return { items: events, cursor: null };
      startKey = res.lastKey as Key;
      skip = 0;
    }
  }

  return {
    async history(householdId, page) {
      return eventsNewestFirst(householdKey(householdId).pk, page);
    },
    async caseHistory(caseId, page) {
      return eventsNewestFirst(caseKey(caseId).pk, page);
    },
    async unitHistory(unitCode, page) {
      return eventsNewestFirst(unitAuditPartition(unitCode), page);
    },
  };
}
