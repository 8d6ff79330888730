// The one DynamoDB table (docs/data-model.md). The local stack and the CDK stack both build the
// table from `tableDefinition`, so local and AWS cannot drift.
import {
  type AttributeDefinition,
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  type GlobalSecondaryIndex,
  type Projection,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';

/** Epoch seconds; only technical items (idempotency records) carry it. Domain records never expire. */
export const ttlAttribute = 'expiresAt';

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
  /** households with a next visit due, by village, sorted by nextVisitDue (sparse). */
  dueByVillage: 'gsi8',
  /** … by township. */
  dueByTownship: 'gsi9',
  /** … by county. */
  dueByCounty: 'gsi10',
  /** resolved cases by county + level, sorted by resolvedAt (sparse: digests' "resolved since"). */
  casesResolved: 'gsi11',
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
  gsi8: summaryProjection,
  gsi9: summaryProjection,
  gsi10: summaryProjection,
  gsi11: { ProjectionType: 'ALL' },
};

export function tableDefinition(tableName: string): CreateTableCommandInput {
  const names = Object.values(indexes);
  const attributes: AttributeDefinition[] = [
    { AttributeName: 'pk', AttributeType: 'S' },
    { AttributeName: 'sk', AttributeType: 'S' },
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
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: attributes,
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: gsis,
  };
}

/** Creates the table if missing, waits until ACTIVE and enables TTL. Safe to call again and concurrently. */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  let exists = true;
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
  } catch (e) {
    if (!(e instanceof ResourceNotFoundException)) throw e;
    exists = false;
  }
  if (!exists) {
    try {
      await client.send(new CreateTableCommand(tableDefinition(tableName)));
    } catch (e) {
      // Another process created it between our describe and create.
      if (!(e instanceof ResourceInUseException)) throw e;
    }
  }
  await waitUntilTableExists(
    { client, maxWaitTime: 120, minDelay: 1, maxDelay: 5 },
    { TableName: tableName },
  );
  const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
  const status = ttl.TimeToLiveDescription?.TimeToLiveStatus;
  if (status !== 'ENABLED' && status !== 'ENABLING') {
    try {
      await client.send(
        new UpdateTimeToLiveCommand({
          TableName: tableName,
          TimeToLiveSpecification: { AttributeName: ttlAttribute, Enabled: true },
        }),
      );
    } catch (e) {
      // A concurrent ensureTable enabled it first: "TimeToLive is already enabled".
      if (!(e instanceof Error && /already enabled/i.test(e.message))) throw e;
    }
  }
}
