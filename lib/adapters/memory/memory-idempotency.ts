// The in-memory twin of lib/adapters/dynamodb/idempotency.ts: the same Powertools handler over a Map that
// keeps the DynamoDB layer's put condition (a key may be taken when absent, expired, or in progress past its
// in-progress expiry) and its release of a failed request's key.
import {
  IdempotencyItemAlreadyExistsError,
  IdempotencyItemNotFoundError,
} from '@aws-lambda-powertools/idempotency';
import { BasePersistenceLayer, IdempotencyRecord } from '@aws-lambda-powertools/idempotency/persistence';
import type { Idempotency } from '../../ports/idempotency';
import { powertoolsIdempotency } from '../powertools-idempotency';

type Status = 'INPROGRESS' | 'COMPLETED' | 'EXPIRED';

interface Stored {
  status: Status;
  expiryTimestamp?: number;
  inProgressExpiryTimestamp?: number;
  responseData?: unknown;
  payloadHash?: string;
}

class MemoryPersistenceLayer extends BasePersistenceLayer {
  readonly records = new Map<string, Stored>();

  protected async _getRecord(idempotencyKey: string): Promise<IdempotencyRecord> {
    const stored = this.records.get(idempotencyKey);
    if (!stored) throw new IdempotencyItemNotFoundError();
    return this.#record(idempotencyKey, stored);
  }

  protected async _putRecord(record: IdempotencyRecord): Promise<void> {
    const existing = this.records.get(record.idempotencyKey);
    const now = Date.now();
    const free =
      !existing ||
      (existing.expiryTimestamp ?? 0) < now / 1000 ||
      (existing.status === 'INPROGRESS' &&
        existing.inProgressExpiryTimestamp !== undefined &&
        existing.inProgressExpiryTimestamp < now);
    if (!free) {
      throw new IdempotencyItemAlreadyExistsError(
        `Failed to put record for already existing idempotency key: ${record.idempotencyKey}`,
        this.#record(record.idempotencyKey, existing),
      );
    }
    this.records.set(record.idempotencyKey, {
      status: record.getStatus() as Status,
      ...(record.expiryTimestamp !== undefined ? { expiryTimestamp: record.expiryTimestamp } : {}),
      ...(record.inProgressExpiryTimestamp !== undefined
        ? { inProgressExpiryTimestamp: record.inProgressExpiryTimestamp }
        : {}),
      ...(record.payloadHash ? { payloadHash: record.payloadHash } : {}),
    });
  }

  protected async _updateRecord(record: IdempotencyRecord): Promise<void> {
    const existing = this.records.get(record.idempotencyKey) ?? { status: 'INPROGRESS' };
    this.records.set(record.idempotencyKey, {
      ...existing,
      status: record.getStatus() as Status,
      ...(record.expiryTimestamp !== undefined ? { expiryTimestamp: record.expiryTimestamp } : {}),
      // Stored as JSON, as DynamoDB stores it: a replay gets a copy, never the first answer's object.
      ...(record.responseData !== undefined
        ? { responseData: JSON.parse(JSON.stringify(record.responseData)) }
        : {}),
      ...(record.payloadHash ? { payloadHash: record.payloadHash } : {}),
    });
  }

  /** As the DynamoDB layer: released (expired, no longer in progress), not deleted. */
  protected async _deleteRecord(record: IdempotencyRecord): Promise<void> {
    const existing = this.records.get(record.idempotencyKey);
    if (!existing) return;
    const { inProgressExpiryTimestamp: _, ...rest } = existing;
    this.records.set(record.idempotencyKey, {
      ...rest,
      status: 'EXPIRED',
      expiryTimestamp: Math.floor(Date.now() / 1000) - 1,
    });
  }

  #record(idempotencyKey: string, stored: Stored): IdempotencyRecord {
    return new IdempotencyRecord({
      idempotencyKey,
      status: stored.status,
      ...(stored.expiryTimestamp !== undefined ? { expiryTimestamp: stored.expiryTimestamp } : {}),
      ...(stored.inProgressExpiryTimestamp !== undefined
        ? { inProgressExpiryTimestamp: stored.inProgressExpiryTimestamp }
        : {}),
      responseData: structuredClone(stored.responseData) as IdempotencyRecord['responseData'],
      ...(stored.payloadHash ? { payloadHash: stored.payloadHash } : {}),
    });
  }
}

export function createMemoryIdempotency(): Idempotency {
  return powertoolsIdempotency(new MemoryPersistenceLayer());
}
