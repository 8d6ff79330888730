// D16 migration (`fanpin migrate encrypt-ids`): items written before head ID numbers were sealed are
// rewritten in place. An operator's tool, run with the operator's credentials (it scans, which no function
// may): households get the masked number, the keyed hash, the ciphertext and their ID-hash index entry, one
// conditional update each (version + 1, so a writer holding the old record gets a conflict and reads again);
// alerts get the masked number and the hash. Idempotent: a migrated item is recognised and left alone, so
// an interrupted run is resumed by running it again (or from the scan position it printed, `startKey`).
// The audit table is append-only for every function; with `audit: true` an operator role allowed to
// PutItem on it (docs/deploy.md) masks full numbers in old audit images, leaving everything else as it was.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { maskIdNumber } from '../../domain/resident-id';
import type { IdNumberVault } from '../../ports/id-number-vault';
import { type Item, idHashPartition } from './keys';
import { pool } from './retry';
import { isConditionFailure } from './store-context';
import { TableClient } from './table-client';
import { auditTableOf } from './table-definition';

export interface IdMigrationSummary {
  /** Items read by the scans (both tables when `audit`). */
  scanned: number;
  households: { sealed: number; already: number };
  alerts: { masked: number; already: number };
  /** null when the audit table was left alone. */
  audit: { masked: number; already: number } | null;
}

export interface IdMigrationOptions {
  client: DynamoDBClient;
  tableName: string;
  vault: IdNumberVault;
  /** Also mask full numbers in the audit table's images (needs PutItem on it). */
  audit?: boolean;
  /** Resume the main table's scan after this key (as printed by a progress report). */
  startKey?: Record<string, unknown>;
  /** Items in flight at once (default 16). */
  concurrency?: number;
  onProgress?(summary: Readonly<IdMigrationSummary>, position: Record<string, unknown> | null): void;
}

/** A full resident ID (not masked): what must not stay in a table. */
export const isFullIdNumber = (v: unknown): v is string =>
  typeof v === 'string' && /^\d{17}[\dXx]$/.test(v.trim());

/** Masks every full number under a `headIdNumber` key, at any depth; the same value when none. */
export function maskedImages(value: unknown): { value: unknown; changed: boolean } {
  if (Array.isArray(value)) {
    const parts = value.map(maskedImages);
    return parts.some((p) => p.changed)
      ? { value: parts.map((p) => p.value), changed: true }
      : { value, changed: false };
  }
  if (value === null || typeof value !== 'object') return { value, changed: false };
  let changed = false;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === 'headIdNumber' && isFullIdNumber(v)) {
      out[k] = maskIdNumber(v.trim().toUpperCase());
      changed = true;
    } else {
      const inner = maskedImages(v);
      out[k] = inner.value;
      changed ||= inner.changed;
    }
  }
  return changed ? { value: out, changed } : { value, changed: false };
}

export async function migrateIdNumbers(options: IdMigrationOptions): Promise<IdMigrationSummary> {
  const db = new TableClient({ client: options.client, tableName: options.tableName });
  const concurrency = options.concurrency ?? 16;
  const summary: IdMigrationSummary = {
    scanned: 0,
    households: { sealed: 0, already: 0 },
    alerts: { masked: 0, already: 0 },
    audit: options.audit ? { masked: 0, already: 0 } : null,
  };

  async function sealHousehold(item: Item, attempt = 0): Promise<void> {
    const householdId = String(item.householdId);
    if (!isFullIdNumber(item.headIdNumber)) {
      summary.households.already += 1;
      return;
    }
    const id = await options.vault.seal(item.headIdNumber, householdId);
    try {
      await db.send(
        new UpdateCommand({
          TableName: options.tableName,
          Key: { pk: item.pk, sk: item.sk },
          UpdateExpression:
            'SET headIdNumber = :masked, headIdHash = :hash, headIdSealed = :sealed, gsi3pk = :gsi3pk, gsi3sk = :id, #version = :next',
          ConditionExpression: 'headIdNumber = :plain AND #version = :version',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: {
            ':masked': id.masked,
            ':hash': id.hash,
            ':sealed': id.sealed,
            ':gsi3pk': idHashPartition(id.hash),
            ':id': householdId,
            ':plain': item.headIdNumber,
            ':version': item.version,
            ':next': Number(item.version) + 1,
          },
        }),
      );
      summary.households.sealed += 1;
    } catch (e) {
      if (!isConditionFailure(e) || attempt >= 3) throw e;
      // Changed since the scan read it: read it again and seal what is there now.
      const fresh = await db.send<{ Item?: Item }>(
        new GetCommand({
          TableName: options.tableName,
          Key: { pk: item.pk, sk: item.sk },
          ConsistentRead: true,
        }),
      );
      if (fresh.Item) await sealHousehold(fresh.Item, attempt + 1);
    }
  }

  async function maskAlert(item: Item): Promise<void> {
    if (!isFullIdNumber(item.headIdNumber)) {
      summary.alerts.already += 1;
      return;
    }
    try {
      await db.send(
        new UpdateCommand({
          TableName: options.tableName,
          Key: { pk: item.pk, sk: item.sk },
          UpdateExpression: 'SET headIdNumber = :masked, headIdHash = :hash',
          ConditionExpression: 'headIdNumber = :plain',
          ExpressionAttributeValues: {
            ':masked': maskIdNumber(item.headIdNumber.trim().toUpperCase()),
            ':hash': options.vault.hash(item.headIdNumber),
            ':plain': item.headIdNumber,
          },
        }),
      );
      summary.alerts.masked += 1;
    } catch (e) {
      // Alerts are written once; a failed condition means another run masked it.
      if (!isConditionFailure(e)) throw e;
      summary.alerts.already += 1;
    }
  }

  async function maskAudit(item: Item): Promise<void> {
    const masked = maskedImages(item);
    if (!masked.changed) {
      summary.audit!.already += 1;
      return;
    }
    await db.send(
      new PutCommand({
        TableName: auditTableOf(options.tableName),
        Item: masked.value as Item,
        ConditionExpression: 'attribute_exists(pk)',
      }),
    );
    summary.audit!.masked += 1;
  }

  async function scanAll(
    tableName: string,
    filter: { expression: string; names: Record<string, string>; values: Record<string, unknown> } | null,
    each: (item: Item) => Promise<void>,
    startKey: Record<string, unknown> | undefined,
  ): Promise<void> {
    let next = startKey;
    do {
      const page = await db.send<{ Items?: Item[]; LastEvaluatedKey?: Record<string, unknown> }>(
        new ScanCommand({
          TableName: tableName,
          ExclusiveStartKey: next,
          Limit: 500,
          ...(filter
            ? {
                FilterExpression: filter.expression,
                ExpressionAttributeNames: filter.names,
                ExpressionAttributeValues: filter.values,
              }
            : {}),
        }),
      );
      const items = page.Items ?? [];
      await pool(items, concurrency, each);
      summary.scanned += items.length;
      next = page.LastEvaluatedKey;
      options.onProgress?.(summary, next ?? null);
    } while (next);
  }

  await scanAll(
    options.tableName,
    {
      expression: '#type IN (:household, :alert)',
      names: { '#type': '_type' },
      values: { ':household': 'household', ':alert': 'alert' },
    },
    (item) => (item._type === 'household' ? sealHousehold(item) : maskAlert(item)),
    options.startKey,
  );
  if (options.audit) await scanAll(auditTableOf(options.tableName), null, maskAudit, undefined);
  return summary;
}
