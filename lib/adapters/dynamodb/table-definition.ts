// The DynamoDB tables (docs/data-model.md): the main table, and beside it the audit log's table (append-only
// events, no indexes; ADR 0009). The local stack and the CDK stack both build them from `tableDefinition`
// and `auditTableDefinition`, so local and AWS cannot drift.
import {
  type AttributeDefinition,
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  type GlobalSecondaryIndex,
  type Projection,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateTableCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';

/** GSI names (and their key attributes `${name}pk` / `${name}sk`). Keep inside lib/adapters/dynamodb. */
export const indexes = {
  /** households by village (sweep shard, projection ALL); cases by household; unmatched alerts. */
  byParent: 'gsi1',
  /** cases by county + status, sorted by level#originUnit#openedAt. */
  casesByUnit: 'gsi2',
  /** households by keyed hash of the head's ID number (KEYS_ONLY). */
  byIdHash: 'gsi3',
  /** households by county + status, sorted by village#household. */
  byStatus: 'gsi4',
  /** households by county + category. */
  byCategory: 'gsi5',
  /** households by county + grade (sparse: graded households only). */
  byGrade: 'gsi6',
  /** households by county + visit class (sparse). */
  byVisitClass: 'gsi7',
  // gsi8 (due by village) is gone (ADR 0010): every write paid for it on DynamoDB Local and each due-date
  // move wrote its row on AWS; a village filters its township's rows instead. The name is not reused, so
  // a table created before keeps answering the same questions under the same names.
  /** households with a next visit due, by township, sorted by nextVisitDue (sparse); villages filter it
   *  by village code. */
  dueByTownship: 'gsi9',
  /** … by county. */
  dueByCounty: 'gsi10',
  /** resolved cases by county + level, sorted by resolvedAt (sparse: digests' "resolved since"). */
  casesResolved: 'gsi11',
  /** households eligible for elimination (§11: monitored, and eligible at their last assessment), by
   *  county, sorted by village#household (sparse: eligible households only). */
  eligibleByCounty: 'gsi12',
} as const;

export type IndexName = (typeof indexes)[keyof typeof indexes];

/** The attributes a household list row needs; projected into the household filter indexes.
 *  `_grade` is the household's current grade, copied to the top level so an index can carry it. */
export const householdSummaryAttributes = [
  'householdId',
  'villageCode',
  'headName',
  'category',
  'status',
  '_grade',
  'visitClass',
  'nextVisitDue',
] as const;

const summaryProjection: Projection = {
  ProjectionType: 'INCLUDE',
  NonKeyAttributes: [...householdSummaryAttributes],
};

const projections: Record<IndexName, Projection> = {
  gsi1: { ProjectionType: 'ALL' },
  gsi2: { ProjectionType: 'ALL' },
  gsi3: { ProjectionType: 'KEYS_ONLY' },
  gsi4: summaryProjection,
  gsi5: summaryProjection,
  gsi6: summaryProjection,
  gsi7: summaryProjection,
  gsi9: summaryProjection,
  gsi10: summaryProjection,
  gsi11: { ProjectionType: 'ALL' },
  gsi12: summaryProjection,
};

export function tableDefinition(tableName: string): CreateTableCommandInput {
  const names = Object.values(indexes);
  const attributes: AttributeDefinition[] = [
    ...names.flatMap((n): AttributeDefinition[] => [
      { AttributeName: `${n}pk`, AttributeType: 'S' },
      { AttributeName: `${n}sk`, AttributeType: 'S' },
    ]),
  ];
  const gsis: GlobalSecondaryIndex[] = names.map((n) => ({
    IndexName: n,
    KeySchema: [
      { AttributeName: `${n}pk`, KeyType: 'HASH' },
      { AttributeName: `${n}sk`, KeyType: 'RANGE' },
    ],
    Projection: projections[n],
  }));
  const base = keyedByPkSk(tableName);
  return {
    ...base,
    AttributeDefinitions: [...(base.AttributeDefinitions ?? []), ...attributes],
    GlobalSecondaryIndexes: gsis,
  };
}

/** An on-demand table keyed by `pk` (S) and `sk` (S): both tables' primary key. */
function keyedByPkSk(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
  };
}

/**
 * The audit log's table beside a main table: named after it, so one TABLE_NAME configures both. Only
 * `pk`/`sk` and no index: every audit read is by partition (a household's or a case's history), and a
 * table without indexes is the cheapest place for the sweep's append-only writes (ADR 0009).
 */
export const auditTableOf = (tableName: string): string => `${tableName}-audit`;

export function auditTableDefinition(tableName: string): CreateTableCommandInput {
  return keyedByPkSk(auditTableOf(tableName));
}

/**
 * The Idempotency-Key records of the API's POSTs (issue 17 item 11a, ADR 0019), beside the main table and
 * named after it. Not monitoring records: technical, kept 24 h, then removed by DynamoDB's TTL on
 * `expiration` (set by the CDK stack; the main and audit tables have no TTL). Keyed by `id` alone, as
 * Powertools' persistence layer writes it: the key hashes spread over partitions.
 */
export const idempotencyTableOf = (tableName: string): string => `${tableName}-idempotency`;

export const idempotencyAttributes = { key: 'id', expiry: 'expiration' } as const;

export function idempotencyTableDefinition(tableName: string): CreateTableCommandInput {
  return {
    TableName: idempotencyTableOf(tableName),
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: idempotencyAttributes.key, AttributeType: 'S' }],
    KeySchema: [{ AttributeName: idempotencyAttributes.key, KeyType: 'HASH' }],
  };
}

/**
 * Creates the main table, its audit table and its idempotency table if missing and waits until they are
 * ACTIVE. No TTL on the main and audit tables: records are never deleted (003 "不得在系统中作剔除处理";
 * issue 17 item 6). Locally the idempotency table has no TTL either: an expired key is taken over by the
 * next request with it, it is only not removed. A table created before an index was added (a local data
 * directory kept from an earlier version) gets the missing indexes, one at a time (as CloudFormation adds
 * them on AWS); its items enter a new index when next written. Safe to call again and concurrently.
 */
export async function ensureTables(client: DynamoDBClient, tableName: string): Promise<void> {
  await Promise.all([
    ensureOne(client, tableDefinition(tableName)),
    ensureOne(client, auditTableDefinition(tableName)),
    ensureOne(client, idempotencyTableDefinition(tableName)),
  ]);
}

async function ensureOne(client: DynamoDBClient, definition: CreateTableCommandInput): Promise<void> {
  const tableName = definition.TableName as string;
  let exists = true;
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
  } catch (e) {
    if (!(e instanceof ResourceNotFoundException)) throw e;
    exists = false;
  }
  if (!exists) {
    try {
      await client.send(new CreateTableCommand(definition));
    } catch (e) {
      // Another process created it between our describe and create.
      if (!(e instanceof ResourceInUseException)) throw e;
    }
  }
  const wait = () =>
    waitUntilTableExists({ client, maxWaitTime: 120, minDelay: 1, maxDelay: 5 }, { TableName: tableName });
  await wait();
  if (!exists) return;
  const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
  const present = new Set((Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName));
  for (const gsi of definition.GlobalSecondaryIndexes ?? []) {
    if (present.has(gsi.IndexName)) continue;
    const keys = new Set(gsi.KeySchema?.map((k) => k.AttributeName));
    try {
      await client.send(
        new UpdateTableCommand({
          TableName: tableName,
          AttributeDefinitions: definition.AttributeDefinitions?.filter((a) => keys.has(a.AttributeName)),
          GlobalSecondaryIndexUpdates: [{ Create: gsi }],
        }),
      );
    } catch (e) {
      // Another process is adding it at the same time.
      if (!(e instanceof ResourceInUseException) && !/already exists/i.test(String(e))) throw e;
    }
    await wait();
  }
}
