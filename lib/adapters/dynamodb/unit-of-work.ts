// UnitOfWork on the tables: a change is one transaction (main and audit table together); independent
// changes are packed into shared transactions (ADR 0008); appends are batch writes.
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { DomainError } from '../../domain/errors';
import type { AuditEvent, Household } from '../../domain/model';
import type { CounterDelta } from '../../ports/counter-store';
import type { Change, CommitOutcome, UnitOfWork } from '../../ports/unit-of-work';
import { isBulkCreation, maxItemsPerChange } from '../../ports/unit-of-work';
import { counterUpdate, rollupUpdates } from './counter-store';
import {
  acknowledgementItem,
  alertItem,
  assessmentItem,
  auditItems,
  caseItem,
  dedupKey,
  householdItem,
  measureItem,
  visitItem,
} from './keys';
import { cancellationCodes, pool } from './retry';
import type { StoreContext } from './store-context';

type Role =
  | { kind: 'household' | 'caseOpen' | 'caseUpdate' | 'dedupRelease' | 'audit'; ref: string }
  | { kind: 'dedupTake'; ref: string }
  | { kind: 'alert'; ref: string }
  | { kind: 'plain'; ref: string };

export function createDynamoUnitOfWork(ctx: StoreContext): UnitOfWork {
  const { db, auditDb, table, auditTable, registerCounties } = ctx;

  function transactItems(change: Change): { items: Record<string, unknown>[]; roles: Role[] } {
    const items: Record<string, unknown>[] = [];
    const roles: Role[] = [];
    const add = (role: Role, item: Record<string, unknown>) => {
      roles.push(role);
      items.push(item);
    };
    for (const { household: h, expectedVersion } of change.households ?? []) {
      const version = (expectedVersion ?? 0) + 1;
      add(
        { kind: 'household', ref: h.householdId },
        {
          Put: {
            TableName: table,
            Item: householdItem({ ...h, version }, version),
            ...(expectedVersion === null
              ? { ConditionExpression: 'attribute_not_exists(pk)' }
              : {
                  ConditionExpression: '#version = :expected',
                  ExpressionAttributeNames: { '#version': 'version' },
                  ExpressionAttributeValues: { ':expected': expectedVersion },
                }),
          },
        },
      );
    }
    for (const c of change.openCases ?? []) {
      add(
        { kind: 'caseOpen', ref: c.caseId },
        {
          Put: {
            TableName: table,
            Item: caseItem({ ...c, version: 1 }, 1),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      );
      add(
        { kind: 'dedupTake', ref: c.dedupKey },
        {
          Update: {
            TableName: table,
            Key: dedupKey(c.dedupKey),
            UpdateExpression: 'SET openCaseId = :id, dedupKey = :key, takenAt = :at, #type = :type',
            ConditionExpression: 'attribute_not_exists(openCaseId)',
            ExpressionAttributeNames: { '#type': '_type' },
            ExpressionAttributeValues: {
              ':id': c.caseId,
              ':key': c.dedupKey,
              ':at': c.openedAt,
              ':type': 'dedup',
            },
          },
        },
      );
    }
    for (const { case: c, expected } of change.updateCases ?? []) {
      const version = expected.version + 1;
      add(
        { kind: 'caseUpdate', ref: c.caseId },
        {
          Put: {
            TableName: table,
            Item: caseItem({ ...c, version }, version),
            ConditionExpression: '#version = :expected AND #status = :status',
            ExpressionAttributeNames: { '#version': 'version', '#status': 'status' },
            ExpressionAttributeValues: { ':expected': expected.version, ':status': expected.status },
          },
        },
      );
      if (expected.status === 'open' && c.status === 'resolved') {
        add(
          { kind: 'dedupRelease', ref: c.caseId },
          {
            Update: {
              TableName: table,
              Key: dedupKey(c.dedupKey),
              UpdateExpression: 'REMOVE openCaseId SET releasedAt = :at',
              ConditionExpression: 'openCaseId = :id',
              ExpressionAttributeValues: { ':id': c.caseId, ':at': c.resolvedAt ?? c.lastSeen },
            },
          },
        );
      }
    }
    for (const item of auditItems(change.audit ?? [])) {
      add(
        { kind: 'audit', ref: (item.events as AuditEvent[])[0]?.eventId ?? String(item.sk) },
        { Put: { TableName: auditTable, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
      );
    }
    for (const v of change.visits ?? [])
      add({ kind: 'plain', ref: v.visitId }, { Put: { TableName: table, Item: visitItem(v) } });
    for (const item of recordItems(change))
      add({ kind: 'plain', ref: String(item.sk) }, { Put: { TableName: table, Item: item } });
    for (const a of change.assessments ?? []) {
      add({ kind: 'plain', ref: a.householdId }, { Put: { TableName: table, Item: assessmentItem(a) } });
    }
    const deltas = mergeCounterDeltas(change.counters ?? []);
    for (const [unitCode, delta] of deltas) {
      const update = counterUpdate(unitCode, delta);
      if (update) add({ kind: 'plain', ref: unitCode }, { Update: { TableName: table, ...update } });
    }
    // The townships' roll-ups move with their units' counters, in the same transaction.
    for (const update of rollupUpdates(deltas))
      add({ kind: 'plain', ref: String(update.Key.sk) }, { Update: { TableName: table, ...update } });
    for (const a of change.alerts ?? []) {
      add(
        { kind: 'alert', ref: `${a.department}:${a.alertId}` },
        { Put: { TableName: table, Item: alertItem(a), ConditionExpression: 'attribute_not_exists(pk)' } },
      );
    }
    return { items, roles };
  }

  async function withoutOverflowingRecords(change: Change): Promise<Change> {
    const records = recordItems(change);
    if (records.length === 0) return change;
    const rest = transactItems({ ...change, measures: [], acknowledgements: [] }).items.length;
    if (rest + records.length <= maxItemsPerChange) return change;
    await db.putMany(records);
    return { ...change, measures: [], acknowledgements: [] };
  }

  /** The units whose counters a change adjusts (their county must be registered first). */
  const countedUnitsOf = (change: Change) =>
    [...mergeCounterDeltas(change.counters ?? [])]
      .filter(([unitCode, delta]) => counterUpdate(unitCode, delta) !== null)
      .map(([unitCode]) => unitCode);

  async function commit(whole: Change): Promise<CommitOutcome> {
    // Measure and acknowledgement records that would not fit in the transaction are batch-written just
    // before it (unconditional records keyed by id: see the port).
    const change = await withoutOverflowingRecords(whole);
    const { items, roles } = transactItems(change);
    if (items.length === 0) return { committed: true };
    if (items.length > maxItemsPerChange) {
      throw new Error(
        `a change writes ${items.length} items; one transaction takes at most ${maxItemsPerChange}`,
      );
    }
    await registerCounties(countedUnitsOf(change));
    try {
      await db.send(new TransactWriteCommand({ TransactItems: items, ...db.capacity }));
      return { committed: true };
    } catch (e) {
      const reasons = cancellationCodes(e);
      const failed = roles.filter((_, i) => reasons[i] === 'ConditionalCheckFailed');
      if (failed.length === 0) throw e;
      const conflict = failed.find((r) => r.kind !== 'dedupTake' && r.kind !== 'alert');
      if (conflict) {
        throw new DomainError(
          'conflict',
          `${describe(conflict)} was changed by someone else; read it again and retry`,
        );
      }
      return {
        committed: false,
        alreadyOpen: failed.filter((r) => r.kind === 'dedupTake').map((r) => r.ref),
        duplicateAlerts: failed.filter((r) => r.kind === 'alert').map((r) => r.ref),
      };
    }
  }

  /**
   * Independent changes packed into shared transactions (ADR 0008): a transaction's fixed cost is paid once
   * per pack instead of once per change, which is most of what a sweep or an import writes. A pack takes
   * whole changes up to the transaction limit and never two writes of one item. A pack refused for any
   * reason that means it was not applied (a version conflict, a held dedup key, a throttle that outlived its
   * retries) is committed again change by change, so every change gets exactly the outcome it would have had
   * alone.
   */
  /** DynamoDB's refusals of a transaction: nothing of it was written. */
  const packNotApplied = (e: unknown): boolean =>
    e instanceof Error &&
    [
      'TransactionCanceledException',
      'ThrottlingException',
      'ProvisionedThroughputExceededException',
      'RequestLimitExceeded',
      'TransactionConflictException',
      'ValidationException',
    ].includes(e.name);

  async function commitPacked(changes: readonly Change[], concurrency: number) {
    const outcomes = new Array<CommitOutcome | Error>(changes.length);
    const fitting = await Promise.all(changes.map(withoutOverflowingRecords));
    const one = async (i: number) => {
      outcomes[i] = await commit(fitting[i]!).catch((e: Error) => e);
    };
    const prepared = fitting.map((c) => transactItems(c).items);
    const packs = packChanges(prepared);
    await pool(packs, concurrency, async (pack) => {
      if (pack.length === 1) return one(pack[0]!);
      try {
        await registerCounties(pack.flatMap((i) => countedUnitsOf(changes[i]!)));
        const items = pack.flatMap((i) => prepared[i]!);
        await db.send(new TransactWriteCommand({ TransactItems: items, ...db.capacity }));
        for (const i of pack) outcomes[i] = { committed: true };
      } catch (e) {
        if (packNotApplied(e)) for (const i of pack) await one(i);
        // An answer that leaves the outcome unknown (a timeout, a 500 after the SDK's retries): the pack may
        // have been applied, so its changes are not sent again one by one (each would then fail its version
        // condition and look like someone else's change); every change gets the error, its caller re-reads.
        else for (const i of pack) outcomes[i] = e instanceof Error ? e : new Error(String(e));
      }
    });
    return outcomes;
  }

  /**
   * New households by batch writes (the port says why this is safe enough and what it gives up): the audit
   * items of a group first, then its households and measure records. Groups of 50 changes, several in
   * flight; a group that fails after the batch retries returns its error for each of its changes.
   */
  async function createMany(changes: readonly Change[], concurrency: number) {
    const outcomes = new Array<CommitOutcome | Error>(changes.length);
    const groups: number[][] = [];
    changes.forEach((c, i) => {
      if (!isBulkCreation(c))
        throw new Error('createMany takes new households with their audit and measures only');
      if (i % 50 === 0) groups.push([]);
      groups.at(-1)?.push(i);
    });
    await pool(groups, Math.max(1, Math.ceil(concurrency / 4)), async (group) => {
      try {
        await auditDb.putMany(auditItems(group.flatMap((i) => changes[i]?.audit ?? [])), 4);
        await db.putMany(
          group.flatMap((i) => {
            const change = changes[i] as Change;
            const h = (change.households ?? [])[0]?.household as Household;
            return [householdItem({ ...h, version: 1 }, 1), ...recordItems(change)];
          }),
          4,
        );
        for (const i of group) outcomes[i] = { committed: true };
      } catch (e) {
        for (const i of group) outcomes[i] = e as Error;
      }
    });
    return outcomes;
  }

  return {
    commit,
    async commitMany(changes, opts) {
      return commitPacked(changes, opts?.concurrency ?? 8);
    },
    async createMany(changes, opts) {
      return createMany(changes, opts?.concurrency ?? 8);
    },
    async append(appends) {
      await Promise.all([
        auditDb.putMany(auditItems(appends.audit ?? [])),
        db.putMany([
          ...recordItems(appends),
          ...(appends.visits ?? []).map(visitItem),
          ...(appends.assessments ?? []).map(assessmentItem),
        ]),
      ]);
    },
  };
}

/** The measure and acknowledgement records of a change or an append. */
const recordItems = (c: Pick<Change, 'measures' | 'acknowledgements'>) => [
  ...(c.measures ?? []).map(measureItem),
  ...(c.acknowledgements ?? []).map(acknowledgementItem),
];

function mergeCounterDeltas(
  entries: readonly { unitCode: string; delta: CounterDelta }[],
): Map<string, CounterDelta> {
  const merged = new Map<string, CounterDelta>();
  for (const { unitCode, delta } of entries) {
    const into = merged.get(unitCode) ?? {};
    for (const [k, v] of Object.entries(delta) as [keyof CounterDelta, number][])
      into[k] = (into[k] ?? 0) + v;
    merged.set(unitCode, into);
  }
  return merged;
}

const maxPackBytes = 1_000_000;

const itemKeyOf = (item: Record<string, unknown>): string => {
  const op = (item.Put ?? item.Update ?? item.Delete ?? item.ConditionCheck) as {
    TableName?: string;
    Item?: Record<string, unknown>;
    Key?: Record<string, unknown>;
  };
  const key = op.Item ?? op.Key ?? {};
  return `${op.TableName}\u0000${String(key.pk)}\u0000${String(key.sk)}`;
};

/**
 * Groups changes (by their transaction items) into packs of whole changes, in order: a pack holds at most
 * `maxItemsPerChange` items and `maxPackBytes`, and never two writes of the same item (DynamoDB refuses
 * a transaction that names an item twice). Returns the change indexes of each pack; empty changes are
 * packs of their own (they commit trivially).
 */
export function packChanges(itemsOfChanges: readonly (readonly Record<string, unknown>[])[]): number[][] {
  const packs: number[][] = [];
  let current: number[] = [];
  let count = 0;
  let bytes = 0;
  let keys = new Set<string>();
  const close = () => {
    if (current.length > 0) packs.push(current);
    current = [];
    count = 0;
    bytes = 0;
    keys = new Set();
  };
  itemsOfChanges.forEach((items, i) => {
    const own = items.map(itemKeyOf);
    const size = items.reduce((n, item) => n + JSON.stringify(item).length, 0);
    if (items.length === 0 || items.length > maxItemsPerChange || new Set(own).size < own.length) {
      close();
      packs.push([i]);
      return;
    }
    if (
      count + items.length > maxItemsPerChange ||
      bytes + size > maxPackBytes ||
      own.some((k) => keys.has(k))
    ) {
      close();
    }
    current.push(i);
    count += items.length;
    bytes += size;
    for (const k of own) keys.add(k);
  });
  close();
  return packs;
}

function describe(role: Role): string {
  switch (role.kind) {
    case 'household':
      return `household ${role.ref}`;
    case 'caseOpen':
    case 'caseUpdate':
    case 'dedupRelease':
      return `case ${role.ref}`;
    case 'audit':
      return `audit event ${role.ref}`;
    default:
      return role.ref;
  }
}
