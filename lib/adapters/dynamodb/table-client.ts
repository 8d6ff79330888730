// A thin wrapper over the DocumentClient: one table, bounded retries, capacity metering, paginated queries
// with opaque validated cursors.
import { createHash } from 'node:crypto';
import type { ConsumedCapacity, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { CapacityMeter } from '../../ports/capacity-meter';
import { decodeCursor, encodeCursor, isRecord, pageLimit } from '../../ports/cursor';
import type { Page, PageRequest } from '../../ports/pagination';
import type { Item, Key } from './keys';
import { backoffDelay, defaultRetryPolicy, type RetryPolicy, sleep, withRetry } from './retry';
import type { IndexName } from './table-definition';

export interface TableClientOptions {
  client: DynamoDBClient | DynamoDBDocumentClient;
  tableName: string;
  meter?: CapacityMeter;
  retry?: Partial<RetryPolicy>;
}

export type SkCondition =
  | { op: 'begins_with'; value: string }
  | { op: '<'; value: string }
  | { op: '>='; value: string }
  | { op: 'between'; value: string; upper: string };

export interface Filter {
  expression: string;
  names: Record<string, string>;
  values: Record<string, unknown>;
}

export interface QuerySpec {
  index?: IndexName;
  pk: string;
  sk?: SkCondition;
  forward: boolean;
  filter?: Filter;
  consistent?: boolean;
}

interface CursorShape {
  p: number;
  k: Record<string, string> | null;
  /** The list the cursor belongs to (`listOf`). */
  s: string;
}

/**
 * A short digest of the partitions, key conditions and filter values of a list: a cursor only resumes the
 * list it came from. A village's overdue list reads its township's due rows filtered by village code, so
 * without it a cursor of a sibling village (same partition, same key condition) would be accepted (issue 17
 * item 11c). As the memory twin, which binds its cursors to the unit and the filter.
 */
function listOf(partitions: readonly QuerySpec[]): string {
  const shape = partitions.map((s) => [s.index ?? null, s.pk, s.sk ?? null, s.filter?.values ?? null]);
  return createHash('sha256').update(JSON.stringify(shape)).digest('base64url').slice(0, 16);
}

const isCursorShape = (v: unknown): v is CursorShape =>
  isRecord(v) &&
  typeof v.s === 'string' &&
  typeof v.p === 'number' &&
  Number.isInteger(v.p) &&
  v.p >= 0 &&
  (v.k === null || (isRecord(v.k) && Object.values(v.k).every((x) => typeof x === 'string')));

export class TableClient {
  readonly doc: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly retry: RetryPolicy;
  private readonly meter: CapacityMeter | undefined;

  constructor(options: TableClientOptions) {
    this.doc =
      options.client instanceof DynamoDBDocumentClient
        ? options.client
        : DynamoDBDocumentClient.from(options.client, {
            marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
          });
    // The SDK's logger middleware runs its sensitive-data filter over every input and output, walking each
    // item of every page, even with no logger configured (it calls the no-op logger's `info`): a quarter
    // of the sweep's Node CPU. We never want the SDK to log items (household facts are personal data, §12),
    // so it goes. The stack is shared with the client that was passed in.
    this.doc.middlewareStack.remove('loggerMiddleware');
    this.tableName = options.tableName;
    this.meter = options.meter;
    this.retry = { ...defaultRetryPolicy, ...options.retry };
  }

  /** Asks for consumed capacity only when someone is counting. */
  get capacity(): { ReturnConsumedCapacity?: 'TOTAL' } {
    return this.meter ? { ReturnConsumedCapacity: 'TOTAL' } : {};
  }

  // biome-ignore lint/suspicious/noExplicitAny: the DocumentClient's send is overloaded per command
  async send<O>(command: any): Promise<O> {
    const out = await withRetry(this.retry, () => this.doc.send(command) as Promise<O>);
    const reads = /^(Get|Query|BatchGet|TransactGet)Command$/.test(command?.constructor?.name ?? '');
    this.record(
      (out as { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] })?.ConsumedCapacity,
      reads,
    );
    return out;
  }

  private record(consumed: ConsumedCapacity | ConsumedCapacity[] | undefined, reads: boolean): void {
    if (!this.meter) return;
    this.meter.requests += 1;
    for (const c of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) {
      // TOTAL reports CapacityUnits; the read/write split follows the operation.
      const units = c.CapacityUnits ?? (c.ReadCapacityUnits ?? 0) + (c.WriteCapacityUnits ?? 0);
      if (reads) this.meter.readUnits += units;
      else this.meter.writeUnits += units;
    }
  }

  async query(spec: QuerySpec, limit?: number, startKey?: Record<string, unknown>) {
    const pkName = spec.index ? `${spec.index}pk` : 'pk';
    const skName = spec.index ? `${spec.index}sk` : 'sk';
    const names: Record<string, string> = { '#pk': pkName, ...spec.filter?.names };
    const values: Record<string, unknown> = { ':pk': spec.pk, ...spec.filter?.values };
    let condition = '#pk = :pk';
    if (spec.sk) {
      names['#sk'] = skName;
      values[':sk'] = spec.sk.value;
      if (spec.sk.op === 'begins_with') condition += ' AND begins_with(#sk, :sk)';
      else if (spec.sk.op === 'between') {
        values[':skUpper'] = spec.sk.upper;
        condition += ' AND #sk BETWEEN :sk AND :skUpper';
      } else condition += ` AND #sk ${spec.sk.op} :sk`;
    }
    const input: QueryCommandInput = {
      TableName: this.tableName,
      IndexName: spec.index,
      KeyConditionExpression: condition,
      FilterExpression: spec.filter?.expression,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ScanIndexForward: spec.forward,
      Limit: limit,
      ExclusiveStartKey: startKey,
      ConsistentRead: spec.consistent,
      ...this.capacity,
    };
    const out = await this.send<{ Items?: Item[]; LastEvaluatedKey?: Record<string, unknown> }>(
      new QueryCommand(input),
    );
    return { items: out.Items ?? [], lastKey: out.LastEvaluatedKey };
  }

  /** Every item of a query, following LastEvaluatedKey. */
  async queryAll(spec: QuerySpec): Promise<Item[]> {
    const items: Item[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.query(spec, undefined, startKey);
      items.push(...page.items);
      startKey = page.lastKey;
    } while (startKey);
    return items;
  }

  /** One page over one or more partitions read in order; the cursor says where to resume. */
  async page(partitions: readonly QuerySpec[], request: PageRequest = {}): Promise<Page<Item>> {
    const limit = pageLimit(request.limit);
    let p = 0;
    let startKey: Record<string, string> | undefined;
    const list = listOf(partitions);
    if (request.cursor) {
      const c = decodeCursor(
        request.cursor,
        (v): v is CursorShape => isCursorShape(v) && v.s === list && v.p < partitions.length,
      );
      const spec = partitions[c.p];
      if (!spec || (c.k && !keyFits(spec, c.k))) decodeCursor(request.cursor, (_v): _v is never => false);
      p = c.p;
      startKey = c.k ?? undefined;
    }
    const items: Item[] = [];
    while (p < partitions.length) {
      const spec = partitions[p] as QuerySpec;
      const res = await this.query(spec, limit - items.length, startKey);
      items.push(...res.items);
      if (res.lastKey) {
        startKey = res.lastKey as Record<string, string>;
        // A page ends only when the last query's Limit was all matches, so `startKey` is the key of the last
        // row returned, never of a row the filter hid (e.g. a sibling village's household: issue 17 item 11c).
        if (items.length >= limit) return { items, cursor: encodeCursor({ p, k: startKey, s: list }) };
        continue;
      }
      p += 1;
      startKey = undefined;
      if (items.length >= limit)
        return { items, cursor: p < partitions.length ? encodeCursor({ p, k: null, s: list }) : null };
    }
    return { items, cursor: null };
  }

  /** BatchGetItem in chunks of 100, retrying UnprocessedKeys with backoff. */
  async getMany(keys: readonly Key[], consistent = true): Promise<Item[]> {
    const out: Item[] = [];
    for (let i = 0; i < keys.length; i += 100) {
      let pending: Record<string, unknown>[] = keys.slice(i, i + 100).map((k) => ({ pk: k.pk, sk: k.sk }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt >= this.retry.maxAttempts) {
          throw new Error(`BatchGetItem left ${pending.length} keys unprocessed after ${attempt} attempts`);
        }
        if (attempt > 0) await sleep(backoffDelay(this.retry, attempt));
        const res = await this.send<{
          Responses?: Record<string, Item[]>;
          UnprocessedKeys?: Record<string, { Keys?: Record<string, unknown>[] }>;
        }>(
          new BatchGetCommand({
            RequestItems: { [this.tableName]: { Keys: pending, ConsistentRead: consistent } },
            ...this.capacity,
          }),
        );
        out.push(...(res.Responses?.[this.tableName] ?? []));
        pending = res.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
      }
    }
    return out;
  }

  /** BatchWriteItem (puts without conditions) in chunks of 25, retrying UnprocessedItems with bounded
   *  exponential backoff; throws when items are still unprocessed after the bound. */
  async putMany(items: readonly Item[], concurrency = 4): Promise<void> {
    const chunks: Item[][] = [];
    for (let i = 0; i < items.length; i += 25) chunks.push(items.slice(i, i + 25));
    const run = async (chunk: Item[]) => {
      let pending: Record<string, unknown>[] = chunk.map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt >= this.retry.maxAttempts) {
          throw new Error(
            `BatchWriteItem left ${pending.length} items unprocessed after ${attempt} attempts`,
          );
        }
        if (attempt > 0) await sleep(backoffDelay(this.retry, attempt));
        const res = await this.send<{ UnprocessedItems?: Record<string, Record<string, unknown>[]> }>(
          new BatchWriteCommand({ RequestItems: { [this.tableName]: pending }, ...this.capacity }),
        );
        pending = res.UnprocessedItems?.[this.tableName] ?? [];
      }
    };
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(concurrency, chunks.length) }, async () => {
        while (next < chunks.length) await run(chunks[next++] as Item[]);
      }),
    );
  }
}

/** A decoded start key must be a key of this very query: same attributes, same partition, inside the range. */
function keyFits(spec: QuerySpec, key: Record<string, string>): boolean {
  const pkName = spec.index ? `${spec.index}pk` : 'pk';
  const skName = spec.index ? `${spec.index}sk` : 'sk';
  const expected = new Set(['pk', 'sk', pkName, skName]);
  const names = Object.keys(key);
  if (names.length !== expected.size || !names.every((n) => expected.has(n))) return false;
  if (key[pkName] !== spec.pk) return false;
  const sk = key[skName] as string;
  if (!spec.sk) return true;
  switch (spec.sk.op) {
    case 'begins_with':
      return sk.startsWith(spec.sk.value);
    case '<':
      return sk < spec.sk.value;
    case '>=':
      return sk >= spec.sk.value;
    case 'between':
      return sk >= spec.sk.value && sk <= spec.sk.upper;
  }
}
