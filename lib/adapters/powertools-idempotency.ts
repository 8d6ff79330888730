// The Idempotency port over Powertools for AWS Lambda (idempotency utility; ADR 0019): one persistence
// layer per process (DynamoDB, or the memory twin), a key from caller + route + path + header, payload
// validation on the body, and Powertools' errors turned into DomainErrors naming the header.
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { Context } from 'aws-lambda';
import { DomainError } from '../domain/errors';
import {
  type Idempotency,
  type IdempotentCall,
  idempotencyHeader,
  idempotencyKeySeconds,
} from '../ports/idempotency';

interface Hashed {
  key: { scope: string; key: string };
  payload: unknown;
}

const field = `header.${idempotencyHeader}`;

function translate(error: unknown): unknown {
  const name = (error as Error | undefined)?.name;
  if (name === 'IdempotencyValidationError') {
    return new DomainError('validation_failed', `this ${idempotencyHeader} was used with another body`, [
      { field, message: 'already used for a request with another body; use a new key for a new request' },
    ]);
  }
  if (name === 'IdempotencyAlreadyInProgressError') {
    return new DomainError('conflict', `a request with this ${idempotencyHeader} is still being processed`, [
      { field, message: 'the first request with this key has not finished; retry shortly' },
    ]);
  }
  return error;
}

export function powertoolsIdempotency(persistenceStore: BasePersistenceLayer): Idempotency {
  return {
    async once<T>(call: IdempotentCall, work: () => Promise<T>) {
      let ran = false;
      const config = new IdempotencyConfig({
        eventKeyJmesPath: 'key',
        payloadValidationJmesPath: 'payload',
        throwOnNoIdempotencyKey: true,
        expiresAfterSeconds: idempotencyKeySeconds,
        hashFunction: 'sha256',
      });
      // The in-progress record expires with this invocation (Powertools reads only the remaining time).
      if (call.remainingMs) {
        config.registerLambdaContext({ getRemainingTimeInMillis: call.remainingMs } as unknown as Context);
      }
      const run = makeIdempotent(
        async (_hashed: Hashed) => {
          ran = true;
          return (await work()) as unknown as Record<string, unknown>;
        },
        { persistenceStore, config, keyPrefix: 'fanpin' },
      );
      const hashed: Hashed = { key: { scope: call.scope, key: call.key }, payload: call.payload ?? null };
      try {
        const value = (await run(hashed)) as T;
        return { value, replayed: !ran };
      } catch (e) {
        // The work's own errors (a DomainError: 403, 409…) go on as they were; the key was released.
        if (ran) throw e;
        throw translate(e);
      }
    },
  };
}
