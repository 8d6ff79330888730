// What every table adapter of the Store shares (docs/decisions/0003-dynamodb-access.md): the clients of the
// main and audit tables, single-item reads and writes, and the county registry.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { CapacityMeter } from '../../ports/capacity-meter';
import type { Page } from '../../ports/pagination';
import { countyOf } from '../../ports/unit-code';
import { countyRegistryKey, type Item, type Key, rollupsReadyKey } from './keys';
import type { RetryPolicy } from './retry';
import { type Filter, TableClient } from './table-client';
import { auditTableOf } from './table-definition';

export interface DynamoStoreOptions {
  client: DynamoDBClient | DynamoDBDocumentClient;
  tableName: string;
  /** Secret for the keyed hash of head ID numbers (§10 matching). Same secret for the table's lifetime. */
  idHashSecret: string;
  /** Adds consumed RCU/WCU (ReturnConsumedCapacity TOTAL) when given. */
  meter?: CapacityMeter;
  retry?: Partial<RetryPolicy>;
}

export interface StoreContext {
  db: TableClient;
  /** The audit log's own table (ADR 0009): same client, retries and meter. */
  auditDb: TableClient;
  table: string;
  auditTable: string;
  /** The keyed-hash secret for head ID numbers. */
  secret: string;
  getItem(key: Key, consistent?: boolean): Promise<Item | null>;
  putItem(item: Item, condition?: Filter): Promise<unknown>;
  /** Registers the counties of these units in the county registry, once per county per store. */
  registerCounties(unitCodes: readonly string[]): Promise<void>;
}

export const isConditionFailure = (e: unknown): boolean =>
  e instanceof Error && e.name === 'ConditionalCheckFailedException';

export const mapPage = <T>(page: Page<Item>, f: (i: Item) => T): Page<T> => ({
  items: page.items.map(f),
  cursor: page.cursor,
});

export function createStoreContext(options: DynamoStoreOptions): StoreContext {
  const db = new TableClient(options);
  const table = options.tableName;
  const auditTable = auditTableOf(table);
  const auditDb = new TableClient({ ...options, client: db.doc, tableName: auditTable });

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
        if (!(await getItem(key))) {
          await putItem({ ...key, _type: 'countyRegistry' });
          // A county registered now has no counters yet: its township roll-ups (kept with every counter
          // write from here on) are complete from the start.
          await putItem({ ...rollupsReadyKey(county), _type: 'rollupsReady' });
        }
        registeredCounties.add(county);
      }),
    );
  }

  return { db, auditDb, table, auditTable, secret: options.idHashSecret, getItem, putItem, registerCounties };
}
