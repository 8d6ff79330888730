// What every API handler gets: the use cases' deps, the server clock and a logger. Production deps are
// built once per cold start from lib/config.ts; tests pass a memory store and a fixed clock.
import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { idVaultFromConfig } from '../adapters/crypto/vault-from-config';
import { createDynamoIdempotency } from '../adapters/dynamodb/idempotency';
import { storeFromConfig } from '../adapters/dynamodb/store-from-config';
import type { ApiUseCaseDeps } from '../app/api-deps';
import { deploymentCalendar, refreshCalendar } from '../app/calendar';
import { deploymentPolicy } from '../app/policies';
import { loadConfig } from '../config';
import type { Instant } from '../domain/model';
import type { Idempotency } from '../ports/idempotency';
import type { ApiLogger } from './logger';

export interface ApiDeps extends ApiUseCaseDeps {
  /** The server's clock: overdue and ages in answers are relative to it (FANPIN_NOW fixes it locally). */
  now(): Instant;
  logger: ApiLogger;
  /** Issue 17 item 11a: the Idempotency-Key records of the visit and measure POSTs. */
  idempotency: Idempotency;
}

/** FANPIN_NOW=ISO fixes the clock (local stack replays and tests); otherwise the wall clock. */
export function serverClock(fixed: string | undefined): () => Instant {
  if (fixed) {
    if (Number.isNaN(Date.parse(fixed))) throw new Error(`FANPIN_NOW "${fixed}" is not an ISO instant`);
    return () => fixed;
  }
  return () => new Date().toISOString();
}

let production: ApiDeps | undefined;

/** Built once per cold start. `env` is the process environment (FANPIN_NOW). */
export function productionApiDeps(env: Record<string, string | undefined>): ApiDeps {
  if (production) return production;
  const config = loadConfig();
  const powertools = new Logger({ serviceName: config.serviceName, logLevel: config.logLevel });
  const logger: ApiLogger = {
    info: (message, extra = {}) => powertools.info(message, extra),
    warn: (message, extra = {}) => powertools.warn(message, extra),
    error: (message, extra = {}) => powertools.error(message, extra),
  };
  const store = storeFromConfig(config);
  const deps: ApiDeps = {
    store,
    // D15: the deployment's policies and those operators loaded, reloaded at each request.
    ...deploymentPolicy(store, config.policyOverrides),
    // D14: replaced at each request by the calendar the table holds (productionApiHandler).
    ...deploymentCalendar(store, {
      onWarning: (w) => logger.warn('calendar', { year: w.year, warning: w.message }),
    }),
    newId: randomUUID,
    // D16: refuses unless this function holds the hash secret (and, to seal, the key): cdk/functions.ts.
    idNumbers: idVaultFromConfig(config),
    now: serverClock(env.FANPIN_NOW),
    logger,
    // Its own table beside the main one (`<TABLE_NAME>-idempotency`, ADR 0019).
    idempotency: createDynamoIdempotency(new DynamoDBClient({}), config.tableName),
  };
  production = deps;
  return deps;
}

/**
 * A function's production handler: deps built once per cold start, the calendar refreshed from the table at
 * each request (D14), then the handler `make` builds from the deps.
 */
export function productionApiHandler<E, C, R>(
  make: (deps: ApiDeps) => (event: E, context: C) => Promise<R>,
): (event: E, context: C) => Promise<R> {
  let cold: ((event: E, context: C) => Promise<R>) | undefined;
  return async (event, context) => {
    const deps = productionApiDeps(process.env);
    cold ??= make(deps);
    await refreshCalendar(deps, deps.now());
    return cold(event, context);
  };
}
