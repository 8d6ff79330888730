// The Store on one DynamoDB table (docs/data-model.md, docs/decisions/0003-dynamodb-access.md).
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { DomainError } from '../../domain/errors';
import {
  type AuditEvent,
  type Case,
  type CaseLevel,
  caseLevels,
  type Household,
  householdStatuses,
  type Instant,
} from '../../domain/model';
import type { AlertRecord } from '../../ports/alert-store';
import type { MonthlyAssessment } from '../../ports/assessment-store';
import type { CapacityMeter } from '../../ports/capacity-meter';
import type { CaseFilter } from '../../ports/case-store';
import {
  type CounterDelta,
  type CounterValues,
  counterKeys,
  summarize,
  type UnitCounts,
} from '../../ports/counter-store';
import { decodeCursor, encodeCursor, isRecord, pageLimit } from '../../ports/cursor';
import { type DigestRecord, digestClaimLeaseMs } from '../../ports/digest-log';
import type { HouseholdFilter, HouseholdSummary } from '../../ports/household-store';
import type { Page, PageRequest } from '../../ports/pagination';
import type { ReportSubmission, StoredReport } from '../../ports/report-store';
import type { Store } from '../../ports/store';
import type { ShardState, SweepRun } from '../../ports/sweep-run-store';
import { countyOf, townshipOf, unitLevelOf } from '../../ports/unit-code';
import type { Change, CommitOutcome } from '../../ports/unit-of-work';
import { maxItemsPerChange } from '../../ports/unit-of-work';
import { createDynamoCalendarStore } from './calendar-store';
import {
  alertItem,
  alertKey,
  assessmentItem,
  auditItems,
  caseItem,
  caseKey,
  casesPartition,
  counterKey,
  countyRegistryKey,
  dedupKey,
  digestKey,
  duePartition,
  eventsOf,
  householdAttributePartition,
  householdCasesPartition,
  householdItem,
  householdKey,
  type Item,
  idHashPartition,
  idNumberHash,
  type Key,
  monthlyAssessmentKey,
  recordOf,
  reportKey,
  resolvedPartition,
  shardKey,
  submissionKey,
  sweepRunKey,
  sweepSettledKey,
  unmatchedAlertsPartition,
  utc,
  villageMonthItem,
  villageMonthKey,
  villageMonthOf,
  villagePartition,
  visitItem,
} from './keys';
import { createDynamoNotifyStore } from './notify-store';
import { cancellationCodes, pool, type RetryPolicy } from './retry';
import { type Filter, type QuerySpec, TableClient } from './table-client';
import { auditTableOf, indexes } from './table-definition';

export interface DynamoStoreOptions {
  client: DynamoDBClient | DynamoDBDocumentClient;
  tableName: string;
  /** Secret for the keyed hash of head ID numbers (§10 matching). Same secret for the table's lifetime. */
  idHashSecret: string;
  /** Adds consumed RCU/WCU (ReturnConsumedCapacity TOTAL) when given. */
  meter?: CapacityMeter;
  retry?: Partial<RetryPolicy>;
}

type Role =
  | { kind: 'household' | 'caseOpen' | 'caseUpdate' | 'dedupRelease' | 'audit'; ref: string }
  | { kind: 'dedupTake'; ref: string }
  | { kind: 'alert'; ref: string }
  | { kind: 'plain'; ref: string };

const isConditionFailure = (e: unknown): boolean =>
  e instanceof Error && e.name === 'ConditionalCheckFailedException';

type ShardUpdate = {
  TableName: string;
  Key: Key;
  UpdateExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues: Record<string, unknown>;
};

export function createDynamoStore(options: DynamoStoreOptions): Store {
  const db = new TableClient(options);
  const table = options.tableName;
  // The audit log's own table (ADR 0009): written in the same transactions as the main table's items,
  // read by partition for histories. Same client, retries and meter.
  const auditTable = auditTableOf(table);
  const auditDb = new TableClient({ ...options, client: db.doc, tableName: auditTable });
  const secret = options.idHashSecret;

  const getItem = async (key: Key, consistent = true): Promise<Item | null> => {
    const out = await db.send<{ Item?: Item }>(
      new GetCommand({ TableName: table, Key: key, ConsistentRead: consistent, ...db.capacity }),
    );
    return out.Item ?? null;
  };

  const putItem = (Item: Item, condition?: Filter) =>
    db.send(
      new PutCommand({
        TableName: table,
        Item,
        ConditionExpression: condition?.expression,
        ExpressionAttributeNames:
          condition && Object.keys(condition.names).length ? condition.names : undefined,
        ExpressionAttributeValues:
          condition && Object.keys(condition.values).length ? condition.values : undefined,
        ...db.capacity,
      }),
    );

  const household = (item: Item) => recordOf<Household>(item);
  const theCase = (item: Item) => recordOf<Case>(item);

  async function getMany(ids: readonly string[]): Promise<Map<string, Household>> {
    const unique = [...new Set(ids)];
    const items = await db.getMany(unique.map(householdKey));
    return new Map(items.map((i) => [i.householdId as string, household(i)]));
  }

  // ---- sweep shards ----------------------------------------------------------------------------
  function shardUpdate(
    sweepId: string,
    villageCode: string,
    at: Instant,
    part: { set: string; names: Record<string, string>; values: Record<string, unknown> },
  ): ShardUpdate {
    return {
      TableName: table,
      Key: shardKey(sweepId, villageCode),
      UpdateExpression: `SET #at = :at, sweepId = :sweep, villageCode = :village, #type = :type, ${part.set} ADD attempts :one`,
      ExpressionAttributeNames: { '#status': 'status', '#at': 'at', '#type': '_type', ...part.names },
      ExpressionAttributeValues: {
        ':at': at,
        ':sweep': sweepId,
        ':village': villageCode,
        ':type': 'shard',
        ':one': 1,
        ...part.values,
      },
    };
  }

  /**
   * A shard's settling write and the run's settled count in one transaction, so the count is exact: it
   * moves exactly when a shard first becomes done or failed. 'condition' when the shard was not in the
   * expected state. A run without a count (started before it existed, or unknown) gets the shard write
   * alone, with the same condition.
   */
  async function settleShard(
    sweepId: string,
    update: ShardUpdate,
    condition: string,
    conditionValues: Record<string, unknown>,
    delta: { done?: number; failed?: number },
  ): Promise<'written' | 'condition'> {
    const shard = {
      ...update,
      ConditionExpression: condition,
      ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ...conditionValues },
    };
    try {
      await db.send(
        new TransactWriteCommand({
          TransactItems: [
            { Update: shard },
            {
              Update: {
                TableName: table,
                Key: sweepSettledKey(sweepId),
                UpdateExpression: 'ADD done :done, failed :failed',
                ConditionExpression: 'attribute_exists(pk)',
                ExpressionAttributeValues: { ':done': delta.done ?? 0, ':failed': delta.failed ?? 0 },
              },
            },
          ],
          ...db.capacity,
        }),
      );
      return 'written';
    } catch (e) {
      const reasons = cancellationCodes(e);
      if (reasons[0] === 'ConditionalCheckFailed') return 'condition';
      if (reasons[1] !== 'ConditionalCheckFailed') throw e;
    }
    try {
      await db.send(new UpdateCommand({ ...shard, ...db.capacity }));
      return 'written';
    } catch (e) {
      if (isConditionFailure(e)) return 'condition';
      throw e;
    }
  }

  // ---- unit of work ----------------------------------------------------------------------------
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
            Item: householdItem({ ...h, version }, version, secret),
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
    for (const a of change.assessments ?? []) {
      add({ kind: 'plain', ref: a.householdId }, { Put: { TableName: table, Item: assessmentItem(a) } });
    }
    for (const [unitCode, delta] of mergeCounterDeltas(change.counters ?? [])) {
      const update = counterUpdate(unitCode, delta);
      if (update) add({ kind: 'plain', ref: unitCode }, { Update: { TableName: table, ...update } });
    }
    for (const a of change.alerts ?? []) {
      add(
        { kind: 'alert', ref: `${a.department}:${a.alertId}` },
        { Put: { TableName: table, Item: alertItem(a), ConditionExpression: 'attribute_not_exists(pk)' } },
      );
    }
    return { items, roles };
  }

  /** The units whose counters a change adjusts (their county must be registered first). */
  const countedUnitsOf = (change: Change) =>
    [...mergeCounterDeltas(change.counters ?? [])]
      .filter(([unitCode, delta]) => counterUpdate(unitCode, delta) !== null)
      .map(([unitCode]) => unitCode);

  async function commit(change: Change): Promise<CommitOutcome> {
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
   * reason (a version conflict, a held dedup key, a throttle that outlived its retries) is committed again
   * change by change, so every change gets exactly the outcome it would have had alone.
   */
  async function commitPacked(changes: readonly Change[], concurrency: number) {
    const outcomes = new Array<CommitOutcome | Error>(changes.length);
    const one = async (i: number) => {
      outcomes[i] = await commit(changes[i]!).catch((e: Error) => e);
    };
    const prepared = changes.map((c) => transactItems(c).items);
    const packs = packChanges(prepared);
    await pool(packs, concurrency, async (pack) => {
      if (pack.length === 1) return one(pack[0]!);
      try {
        await registerCounties(pack.flatMap((i) => countedUnitsOf(changes[i]!)));
        const items = pack.flatMap((i) => prepared[i]!);
        await db.send(new TransactWriteCommand({ TransactItems: items, ...db.capacity }));
        for (const i of pack) outcomes[i] = { committed: true };
      } catch {
        for (const i of pack) await one(i);
      }
    });
    return outcomes;
  }

  // ---- counters -----------------------------------------------------------------------------------
  // The county registry is how listVillages() (the sweeps, the digests) finds every county, so a
  // county is registered BEFORE any counter of its units is first written, whether by a recount or
  // by a single change's delta: a counter never exists without its county registered (a failed
  // write after registering leaves a county with no villages, which is harmless). Not inside the
  // transaction: one registry item per county would make every concurrent change in the county
  // conflict. Checked with a read, once per county per store, so steady-state writes cost no WCU.
  const registeredCounties = new Set<string>();
  async function registerCounties(unitCodes: readonly string[]): Promise<void> {
    const counties = [...new Set(unitCodes.map((u) => countyOf(u)))].filter(
      (c) => !registeredCounties.has(c),
    );
    await Promise.all(
      counties.map(async (county) => {
        const key = countyRegistryKey(county);
        if (!(await getItem(key))) await putItem({ ...key, _type: 'countyRegistry' });
        registeredCounties.add(county);
      }),
    );
  }

  function counterUpdate(unitCode: string, delta: CounterDelta) {
    const entries = Object.entries(delta).filter(([, v]) => v !== 0 && v !== undefined) as [string, number][];
    if (entries.length === 0) return null;
    const names: Record<string, string> = { '#rev': '_rev', '#type': '_type', '#unit': 'unitCode' };
    const values: Record<string, unknown> = { ':one': 1, ':type': 'counter', ':unit': unitCode };
    const adds = entries.map(([k, v], i) => {
      names[`#c${i}`] = k;
      values[`:c${i}`] = v;
      return `#c${i} :c${i}`;
    });
    return {
      Key: counterKey(unitCode),
      UpdateExpression: `ADD #rev :one, ${adds.join(', ')} SET #type = :type, #unit = :unit`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    };
  }

  const unitCountsOf = (unitCode: string, item: Item | null): UnitCounts => ({
    unitCode,
    values: Object.fromEntries(
      counterKeys.map((k) => [k, Number(item?.[k] ?? 0)]).filter(([, v]) => v !== 0),
    ),
    revision: Number(item?._rev ?? 0),
    lastSweepAt: (item?.lastSweepAt as string | undefined) ?? null,
  });

  // ---- household lists ----------------------------------------------------------------------------
  function householdPartitions(unitCode: string, filter: HouseholdFilter): QuerySpec[] {
    const level = unitLevelOf(unitCode);
    const county = countyOf(unitCode);
    const criteria: [string, string, string | undefined][] = [
      ['grade', '_grade', filter.grade],
      ['visitClass', 'visitClass', filter.visitClass],
      ['status', 'status', filter.status],
      ['category', 'category', filter.category],
    ];
    const filterOn = (skip: string | null, extra: typeof criteria = []): Filter | undefined => {
      const rest = [...criteria, ...extra].filter(([name, , value]) => value !== undefined && name !== skip);
      if (rest.length === 0) return undefined;
      return {
        expression: rest.map((_, i) => `#f${i} = :f${i}`).join(' AND '),
        names: Object.fromEntries(rest.map(([, attr], i) => [`#f${i}`, attr])),
        values: Object.fromEntries(rest.map(([, , value], i) => [`:f${i}`, value])),
      };
    };
    if (filter.overdueAsOf) {
      // Due lists by township and county (ADR 0010): a village's overdue households are its township's
      // overdue rows filtered by village code, still in due-date order.
      return [
        {
          index: level === 'county' ? indexes.dueByCounty : indexes.dueByTownship,
          pk: duePartition(level === 'county' ? county : townshipOf(unitCode)),
          sk: { op: '<', value: filter.overdueAsOf },
          forward: true,
          filter: filterOn(null, level === 'village' ? [['village', 'villageCode', unitCode]] : []),
        },
      ];
    }
    const byIndex = {
      grade: indexes.byGrade,
      visitClass: indexes.byVisitClass,
      status: indexes.byStatus,
      category: indexes.byCategory,
    } as const;
    for (const [name, , value] of criteria) {
      if (value === undefined) continue;
      const attr = name as keyof typeof byIndex;
      return [
        {
          index: byIndex[attr],
          pk: householdAttributePartition(attr, county, value),
          sk: { op: 'begins_with', value: unitCode },
          forward: true,
          filter: filterOn(name),
        },
      ];
    }
    if (level === 'village')
      return [{ index: indexes.byParent, pk: villagePartition(unitCode), forward: true }];
    return householdStatuses.map((s) => ({
      index: indexes.byStatus,
      pk: householdAttributePartition('status', county, s),
      sk: { op: 'begins_with', value: unitCode },
      forward: true,
    }));
  }

  const summaryOf = (i: Item): HouseholdSummary => ({
    householdId: i.householdId as string,
    villageCode: i.villageCode as string,
    headName: i.headName as string,
    category: i.category as HouseholdSummary['category'],
    status: i.status as HouseholdSummary['status'],
    grade: (i._grade as HouseholdSummary['grade']) ?? null,
    visitClass: (i.visitClass as HouseholdSummary['visitClass']) ?? null,
    nextVisitDue: (i.nextVisitDue as string | null) ?? null,
  });

  const mapPage = <T>(page: Page<Item>, f: (i: Item) => T): Page<T> => ({
    items: page.items.map(f),
    cursor: page.cursor,
  });

  /** Records stored under a sort-key prefix of one partition (visits, audit events), newest first, paged. */
  async function newestFirst<T>(pk: string, prefix: string, page: PageRequest | undefined): Promise<Page<T>> {
    const spec: QuerySpec = { pk, sk: { op: 'begins_with', value: prefix }, forward: false };
    return mapPage(await db.page([spec], page), (i) => recordOf<T>(i));
  }

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

  function casePartitions(unitCode: string, filter: CaseFilter): QuerySpec[] {
    unitLevelOf(unitCode);
    const status = filter.status ?? 'open';
    const levels: readonly CaseLevel[] = filter.level ? [filter.level] : caseLevels;
    return levels.map((level) => ({
      index: indexes.casesByUnit,
      pk: casesPartition(countyOf(unitCode), status),
      sk: { op: 'begins_with', value: `${level}#${unitCode}` },
      forward: true,
      filter: caseFilterExpression(filter),
    }));
  }

  /** The kind and resolved-since parts of a case filter (gsi11sk, on resolved cases only, starts with
   *  the resolution instant in UTC, so it compares as text where `resolvedAt`'s offsets would not). */
  function caseFilterExpression(filter: CaseFilter): Filter | undefined {
    const parts: string[] = [];
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    if (filter.kind) {
      parts.push('#kind = :kind');
      names['#kind'] = 'kind';
      values[':kind'] = filter.kind;
    }
    if (filter.resolvedSince) {
      parts.push('gsi11sk >= :resolvedSince');
      values[':resolvedSince'] = utc(filter.resolvedSince);
    }
    return parts.length > 0 ? { expression: parts.join(' AND '), names, values } : undefined;
  }

  /** Every case of a unit matching the filter: one query per level, in parallel, in the levels' order. */
  async function casesInUnit(unitCode: string, filter: CaseFilter): Promise<Case[]> {
    const perLevel = await Promise.all(casePartitions(unitCode, filter).map((spec) => db.queryAll(spec)));
    return perLevel.flat().map(theCase);
  }

  // ---- the store ----------------------------------------------------------------------------------
  return {
    commit,
    async commitMany(changes, opts) {
      return commitPacked(changes, opts?.concurrency ?? 8);
    },
    async append(appends) {
      await Promise.all([
        auditDb.putMany(auditItems(appends.audit ?? [])),
        db.putMany([
          ...(appends.visits ?? []).map(visitItem),
          ...(appends.assessments ?? []).map(assessmentItem),
        ]),
      ]);
    },

    households: {
      async get(id) {
        const item = await getItem(householdKey(id));
        return item ? household(item) : null;
      },
      getMany,
      async findByHeadIdNumber(headIdNumber) {
        const keys = await db.queryAll({
          index: indexes.byIdHash,
          pk: idHashPartition(idNumberHash(secret, headIdNumber)),
          forward: true,
        });
        const found = await getMany(keys.map((k) => k.gsi3sk as string));
        // The index is eventually consistent: keep only records that still carry that number.
        return [...found.values()].filter(
          (h) => idNumberHash(secret, h.headIdNumber) === idNumberHash(secret, headIdNumber),
        );
      },
      async *listVillage(villageCode, pageSize = 200) {
        let startKey: Record<string, unknown> | undefined;
        do {
          const page = await db.query(
            { index: indexes.byParent, pk: villagePartition(villageCode), forward: true },
            pageSize,
            startKey,
          );
          if (page.items.length > 0) yield page.items.map(household);
          startKey = page.lastKey;
        } while (startKey);
      },
      async listByUnit(unitCode, filter, page) {
        return mapPage(await db.page(householdPartitions(unitCode, filter), page), summaryOf);
      },
      async visits(householdId, page) {
        return newestFirst(householdKey(householdId).pk, 'VI#', page);
      },
    },

    cases: {
      async get(caseId) {
        const item = await getItem(caseKey(caseId));
        return item ? theCase(item) : null;
      },
      async findOpenByDedupKey(key) {
        const lock = await getItem(dedupKey(key));
        if (!lock?.openCaseId) return null;
        const item = await getItem(caseKey(lock.openCaseId as string));
        return item ? theCase(item) : null;
      },
      async openCasesForHousehold(householdId) {
        const items = await db.queryAll({
          index: indexes.byParent,
          pk: householdCasesPartition(householdId),
          sk: { op: 'begins_with', value: 'open#' },
          forward: true,
        });
        return items.map(theCase);
      },
      async listByUnit(unitCode, filter, page) {
        return mapPage(await db.page(casePartitions(unitCode, filter), page), theCase);
      },
      async openCasesInUnit(unitCode, level) {
        return casesInUnit(unitCode, { status: 'open', level });
      },
      casesInUnit,
      async resolvedSince(countyCode, level, since) {
        const items = await db.queryAll({
          index: indexes.casesResolved,
          pk: resolvedPartition(countyCode, level),
          sk: { op: '>=', value: utc(since) },
          forward: true,
        });
        return items.map(theCase);
      },
    },

    audit: {
      async history(householdId, page) {
        return eventsNewestFirst(householdKey(householdId).pk, page);
      },
      async caseHistory(caseId, page) {
        return eventsNewestFirst(caseKey(caseId).pk, page);
      },
    },

    assessments: {
      async recentMonthly(householdId, count) {
        if (count <= 0) return [];
        const out = await db.query(
          { pk: householdKey(householdId).pk, sk: { op: 'begins_with', value: 'MA#' }, forward: false },
          count,
        );
        return out.items.map((i) => recordOf<MonthlyAssessment>(i));
      },
      async monthly(householdId, month) {
        const item = await getItem(monthlyAssessmentKey(householdId, month), false);
        return item ? recordOf<MonthlyAssessment>(item) : null;
      },
      async villageMonths(villageCode, count, upTo) {
        if (count <= 0) return [];
        const out = await db.query(
          {
            pk: villageMonthKey(villageCode, upTo).pk,
            sk: { op: 'between', value: 'M#', upper: villageMonthKey(villageCode, upTo).sk },
            forward: false,
          },
          count,
        );
        return out.items.map(villageMonthOf);
      },
      async putVillageMonth(record) {
        await putItem(villageMonthItem(record));
      },
    },

    counters: {
      async summary(unitCode) {
        const level = unitLevelOf(unitCode);
        if (level === 'village') {
          return summarize(unitCode, [unitCountsOf(unitCode, await getItem(counterKey(unitCode), false))]);
        }
        const items = await db.queryAll({
          pk: counterKey(unitCode).pk,
          sk: level === 'township' ? { op: 'begins_with', value: unitCode } : undefined,
          forward: true,
        });
        return summarize(
          unitCode,
          items.map((i) => unitCountsOf(i.sk as string, i)),
        );
      },
      async unitCounts(unitCode) {
        return unitCountsOf(unitCode, await getItem(counterKey(unitCode)));
      },
      async replace(unitCode, values, { sweptAt, expectedRevision }) {
        const names: Record<string, string> = {
          '#rev': '_rev',
          '#type': '_type',
          '#unit': 'unitCode',
          '#swept': 'lastSweepAt',
        };
        const vals: Record<string, unknown> = {
          ':one': 1,
          ':type': 'counter',
          ':unit': unitCode,
          ':swept': sweptAt,
        };
        const sets = counterKeys.map((k, i) => {
          names[`#c${i}`] = k;
          vals[`:c${i}`] = (values as CounterValues)[k] ?? 0;
          return `#c${i} = :c${i}`;
        });
        let condition: string | undefined;
        if (expectedRevision === 0) condition = 'attribute_not_exists(#rev)';
        else if (expectedRevision !== undefined) {
          condition = '#rev = :expected';
          vals[':expected'] = expectedRevision;
        }
        // Every recount makes sure its county is registered (also heals a county whose counters were
        // written before deltas registered it).
        await registerCounties([unitCode]);
        try {
          await db.send(
            new UpdateCommand({
              TableName: table,
              Key: counterKey(unitCode),
              UpdateExpression: `SET #type = :type, #unit = :unit, #swept = :swept, ${sets.join(', ')} ADD #rev :one`,
              ConditionExpression: condition,
              ExpressionAttributeNames: names,
              ExpressionAttributeValues: vals,
              ...db.capacity,
            }),
          );
        } catch (e) {
          if (isConditionFailure(e))
            throw new DomainError('conflict', `counters of ${unitCode} changed since they were read`);
          throw e;
        }
      },
      async listVillages(countyCode) {
        const counties =
          countyCode !== undefined
            ? [countyCode]
            : (await db.queryAll({ pk: countyRegistryKey('').pk, forward: true })).map((i) => i.sk as string);
        const villages: string[] = [];
        for (const county of counties) {
          const items = await db.queryAll({ pk: counterKey(county).pk, forward: true });
          for (const i of items) if ((i.sk as string).length === 12) villages.push(i.sk as string);
        }
        return villages.sort();
      },
    },

    sweeps: {
      async startRun(run) {
        // The run and its settled count are created together, so a run either has a count from its
        // first shard on, or (started before the count existed) none at all.
        try {
          await db.send(
            new TransactWriteCommand({
              TransactItems: [
                {
                  Put: {
                    TableName: table,
                    Item: { ...run, ...sweepRunKey(run.sweepId), _type: 'sweep' },
                    ConditionExpression: 'attribute_not_exists(pk)',
                  },
                },
                {
                  Put: {
                    TableName: table,
                    Item: {
                      ...sweepSettledKey(run.sweepId),
                      _type: 'sweepSettled',
                      done: 0,
                      failed: 0,
                      shardCount: run.shardCount,
                    },
                    ConditionExpression: 'attribute_not_exists(pk)',
                  },
                },
              ],
              ...db.capacity,
            }),
          );
          return { created: true, run };
        } catch (e) {
          if (cancellationCodes(e)[0] !== 'ConditionalCheckFailed') throw e;
          const existing = await getItem(sweepRunKey(run.sweepId));
          return { created: false, run: recordOf<SweepRun>(existing ?? {}) };
        }
      },
      async getRun(sweepId) {
        const item = await getItem(sweepRunKey(sweepId));
        return item ? recordOf<SweepRun>(item) : null;
      },
      async markShardDone(sweepId, villageCode, at, result) {
        // A redriven failure also gets reportsPending: its run may have completed without it.
        const done = (reportsPending: boolean) =>
          shardUpdate(sweepId, villageCode, at, {
            set: `#status = :done, #result = :result${reportsPending ? ', reportsPending = :pending' : ''} REMOVE #error`,
            names: { '#result': 'result', '#error': 'error' },
            values: {
              ':done': 'done',
              ':result': result ?? {},
              ...(reportsPending ? { ':pending': true } : {}),
            },
          });
        // Not yet settled → done (+1 done); failed earlier and redriven → done (failed −1, done +1).
        const fromNew = await settleShard(
          sweepId,
          done(false),
          'attribute_not_exists(#status)',
          {},
          { done: 1 },
        );
        if (fromNew !== 'condition') return 'done';
        const fromFailed = await settleShard(
          sweepId,
          done(true),
          '#status = :failed',
          { ':failed': 'failed' },
          { done: 1, failed: -1 },
        );
        return fromFailed === 'condition' ? 'already_done' : 'redone';
      },
      async markShardFailed(sweepId, villageCode, at, error) {
        const update = shardUpdate(sweepId, villageCode, at, {
          set: '#status = :failed, #error = :error',
          names: { '#error': 'error' },
          values: { ':failed': 'failed', ':error': error },
        });
        // The first failure counts; a later failed attempt only records itself; a done shard stays done.
        const first = await settleShard(sweepId, update, 'attribute_not_exists(#status)', {}, { failed: 1 });
        if (first !== 'condition') return;
        try {
          await db.send(
            new UpdateCommand({
              ...update,
              ConditionExpression: '#status = :failed',
              ...db.capacity,
            }),
          );
        } catch (e) {
          if (!isConditionFailure(e)) throw e;
        }
      },
      async settled(sweepId) {
        const item = await getItem(sweepSettledKey(sweepId));
        if (!item) return null;
        const count = { done: Number(item.done ?? 0), failed: Number(item.failed ?? 0) };
        return item.shardCount === undefined ? count : { ...count, shardCount: Number(item.shardCount) };
      },
      async shard(sweepId, villageCode) {
        const item = await getItem(shardKey(sweepId, villageCode));
        return item ? recordOf<ShardState>(item) : null;
      },
      async reportsRebuilt(sweepId, villageCode) {
        try {
          await db.send(
            new UpdateCommand({
              TableName: table,
              Key: shardKey(sweepId, villageCode),
              UpdateExpression: 'REMOVE reportsPending',
              ConditionExpression: 'attribute_exists(reportsPending)',
              ...db.capacity,
            }),
          );
        } catch (e) {
          if (!isConditionFailure(e)) throw e;
        }
      },
      async completeRun(sweepId, at, summary) {
        try {
          await db.send(
            new UpdateCommand({
              TableName: table,
              Key: sweepRunKey(sweepId),
              UpdateExpression: 'SET completedAt = :at, #summary = :summary',
              ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(completedAt)',
              ExpressionAttributeNames: { '#summary': 'summary' },
              ExpressionAttributeValues: { ':at': at, ':summary': summary },
              ...db.capacity,
            }),
          );
          return 'completed';
        } catch (e) {
          if (!isConditionFailure(e)) throw e;
          if (!(await getItem(sweepRunKey(sweepId))))
            throw new DomainError('not_found', `no sweep run ${sweepId}`);
          return 'already_completed';
        }
      },
      async shards(sweepId) {
        const items = await db.queryAll({
          pk: sweepRunKey(sweepId).pk,
          sk: { op: 'begins_with', value: 'SHARD#' },
          forward: true,
          consistent: true,
        });
        return items.map((i) => recordOf<ShardState>(i));
      },
    },

    reports: {
      async putMonthly(report) {
        await putItem({
          ...(report as unknown as Item),
          ...reportKey(report.unitCode, report.month),
          _type: 'report',
        });
      },
      async getMonthly<R>(unitCode: string, month: string) {
        const item = await getItem(reportKey(unitCode, month), false);
        return item ? recordOf<StoredReport<R>>(item) : null;
      },
      async getMonthlyMany<R>(unitCodes: readonly string[], month: string) {
        const items = await db.getMany(
          [...new Set(unitCodes)].map((u) => reportKey(u, month)),
          false,
        );
        const reports = items.map((i) => recordOf<StoredReport<R>>(i));
        return new Map(reports.map((r) => [r.unitCode, r]));
      },
      async submit(submission) {
        try {
          await putItem(
            {
              ...submission,
              ...submissionKey(submission.townshipCode, submission.month),
              _type: 'submission',
            },
            { expression: 'attribute_not_exists(pk)', names: {}, values: {} },
          );
          return { created: true, submission };
        } catch (e) {
          if (!isConditionFailure(e)) throw e;
          const existing = await getItem(submissionKey(submission.townshipCode, submission.month));
          return { created: false, submission: recordOf<ReportSubmission>(existing ?? {}) };
        }
      },
      async submission(townshipCode, month) {
        const item = await getItem(submissionKey(townshipCode, month));
        return item ? recordOf<ReportSubmission>(item) : null;
      },
    },

    alerts: {
      async get(department, alertId) {
        const item = await getItem(alertKey(department, alertId));
        return item ? recordOf<AlertRecord>(item) : null;
      },
      async record(alert) {
        try {
          await putItem(alertItem(alert), { expression: 'attribute_not_exists(pk)', names: {}, values: {} });
          return { duplicate: false };
        } catch (e) {
          if (isConditionFailure(e)) return { duplicate: true };
          throw e;
        }
      },
      async unmatched(page) {
        return mapPage(
          await db.page([{ index: indexes.byParent, pk: unmatchedAlertsPartition, forward: true }], page),
          (i) => recordOf<AlertRecord>(i),
        );
      },
    },

    digests: {
      async claim(unitCode, kind, date, asOf, at) {
        const record: DigestRecord = {
          unitCode,
          kind,
          date,
          asOf,
          status: 'claimed',
          claimedAt: at,
          completedAt: null,
        };
        try {
          await putItem(
            { ...record, ...digestKey(unitCode, date), _type: 'digest', _claimedUtc: utc(at) },
            {
              expression:
                'attribute_not_exists(pk) OR #status = :released OR (#status = :claimed AND #claimedUtc < :staleBefore)',
              names: { '#status': 'status', '#claimedUtc': '_claimedUtc' },
              values: {
                ':released': 'released',
                ':claimed': 'claimed',
                ':staleBefore': new Date(Date.parse(at) - digestClaimLeaseMs).toISOString(),
              },
            },
          );
          return true;
        } catch (e) {
          if (isConditionFailure(e)) return false;
          throw e;
        }
      },
      async complete(unitCode, date, outcome) {
        try {
          await db.send(
            new UpdateCommand({
              TableName: table,
              Key: digestKey(unitCode, date),
              UpdateExpression: 'SET #status = :status, completedAt = :at, #counts = :counts',
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeNames: { '#status': 'status', '#counts': 'counts' },
              ExpressionAttributeValues: {
                ':status': outcome.status,
                ':at': outcome.at,
                ':counts': outcome.counts ?? {},
              },
              ...db.capacity,
            }),
          );
        } catch (e) {
          if (isConditionFailure(e))
            throw new DomainError('not_found', `no digest of ${unitCode} on ${date} was claimed`);
          throw e;
        }
      },
      async release(unitCode, date) {
        try {
          await db.send(
            new UpdateCommand({
              TableName: table,
              Key: digestKey(unitCode, date),
              UpdateExpression: 'SET #status = :released',
              ConditionExpression: '#status = :claimed',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':released': 'released', ':claimed': 'claimed' },
              ...db.capacity,
            }),
          );
        } catch (e) {
          if (!isConditionFailure(e)) throw e;
        }
      },
      async get(unitCode, date) {
        const item = await getItem(digestKey(unitCode, date));
        return item ? recordOf<DigestRecord>(item) : null;
      },
      async lastSent(unitCode, before) {
        let startKey: Record<string, unknown> | undefined;
        do {
          const page = await db.query(
            { pk: digestKey(unitCode, before).pk, sk: { op: '<', value: before }, forward: false },
            50,
            startKey,
          );
          const sent = page.items.find((i) => i.status === 'sent');
          if (sent) return recordOf<DigestRecord>(sent);
          startKey = page.lastKey;
        } while (startKey);
        return null;
      },
    },

    calendar: createDynamoCalendarStore(db),
    notify: createDynamoNotifyStore(db),
  };
}

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

/** At most this much request payload in one packed transaction (DynamoDB's limit is 4 MB). */
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
