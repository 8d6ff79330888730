// `fanpin migrate index-eligible`: households stored before the list of households eligible for elimination
// (gsi12, §11) get their entry in it. Every household written since carries it (keys.ts householdItem);
// one stored before enters it only when next written, and an eligible household is seldom rewritten.
// An operator's tool, run once after upgrading, with the operator's credentials (it scans, which no
// function may). Each update sets only the two index attributes, on condition that the household's
// version is still the one scanned: a household changed meanwhile was written with its entry (or without
// it, no longer eligible) by its writer, and is left alone. Idempotent and resumable (`startKey`).
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { eligibleIndexEntry, type Item } from './keys';
import { pool } from './retry';
import { isConditionFailure } from './store-context';
import { TableClient } from './table-client';

export interface EligibleIndexSummary {
  /** Items the scan read (only eligible monitored households are returned by its filter). */
  scanned: number;
  /** Households given their entry. */
  indexed: number;
  /** Households that had it already. */
  already: number;
  /** Households changed since the scan read them (their writer set the entry, or left it out). */
  changed: number;
}

export interface EligibleIndexOptions {
  client: DynamoDBClient;
  tableName: string;
  /** Resume the scan after this key (as printed by a progress report). */
  startKey?: Record<string, unknown>;
  /** Items in flight at once (default 16). */
  concurrency?: number;
  onProgress?(summary: Readonly<EligibleIndexSummary>, position: Record<string, unknown> | null): void;
}

export async function indexEligibleHouseholds(options: EligibleIndexOptions): Promise<EligibleIndexSummary> {
  const db = new TableClient({ client: options.client, tableName: options.tableName });
  const summary: EligibleIndexSummary = { scanned: 0, indexed: 0, already: 0, changed: 0 };

  async function index(item: Item): Promise<void> {
    if (typeof item.gsi12pk === 'string') {
      summary.already += 1;
      return;
    }
    const entry = eligibleIndexEntry(String(item.villageCode), String(item.householdId));
    try {
      await db.send(
        new UpdateCommand({
          TableName: options.tableName,
          Key: { pk: item.pk, sk: item.sk },
          UpdateExpression: 'SET gsi12pk = :pk, gsi12sk = :sk',
          ConditionExpression: '#version = :version',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':pk': entry.gsi12pk, ':sk': entry.gsi12sk, ':version': item.version },
        }),
      );
      summary.indexed += 1;
    } catch (e) {
      if (!isConditionFailure(e)) throw e;
      summary.changed += 1;
    }
  }

  let next = options.startKey;
  do {
    const page = await db.send<{ Items?: Item[]; LastEvaluatedKey?: Record<string, unknown> }>(
      new ScanCommand({
        TableName: options.tableName,
        ExclusiveStartKey: next,
        Limit: 500,
        // §11 as keys.ts isListedEligible: monitored, and eligible at the last assessment.
        FilterExpression: '#type = :household AND #status = :monitored AND #a.#e.#eligible = :true',
        ExpressionAttributeNames: {
          '#type': '_type',
          '#status': 'status',
          '#a': 'assessment',
          '#e': 'elimination',
          '#eligible': 'eligible',
        },
        ExpressionAttributeValues: { ':household': 'household', ':monitored': 'monitored', ':true': true },
      }),
    );
    const items = page.Items ?? [];
    await pool(items, options.concurrency ?? 16, index);
    summary.scanned += items.length;
    next = page.LastEvaluatedKey;
    options.onProgress?.(summary, next ?? null);
  } while (next);
  return summary;
}
