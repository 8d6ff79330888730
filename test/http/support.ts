// Shared by the API tests: sample events from events/api/ (structuredClone variants), memory-store deps
// with a fixed clock, and a seeding helper that writes households through the one change path.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Context } from 'aws-lambda';
import { createMemoryIdVault } from '../../lib/adapters/memory/memory-id-vault';
import { createMemoryIdempotency } from '../../lib/adapters/memory/memory-idempotency';
import { createMemoryStore } from '../../lib/adapters/memory/memory-store';
import { applyHouseholdChange } from '../../lib/app/apply-household-change';
import type { Household } from '../../lib/domain/model';
import { defaultPolicy } from '../../lib/domain/policy';
import { WorkingDayCalendar } from '../../lib/domain/working-days';
import type { ApiDeps } from '../../lib/http/deps';
import { recordingLogger } from '../../lib/http/logger';
import type { ApiEvent, ApiResult } from '../../lib/http/middleware';
import { lambdaContext } from '../../lib/local/lambda-context';

export const NOW = '2026-12-02T10:00:00+08:00';

export function apiTestDeps(overrides: Partial<ApiDeps> = {}) {
  const logger = recordingLogger();
  let n = 0;
  const deps: ApiDeps = {
    store: createMemoryStore(),
    policyFor: () => defaultPolicy,
    calendar: WorkingDayCalendar.chinaOfficial(),
    newId: () => `id-${++n}`,
    idNumbers: createMemoryIdVault(),
    now: () => NOW,
    logger,
    idempotency: createMemoryIdempotency(),
    ...overrides,
  };
  return { deps, logger };
}

const samples = new Map<string, ApiEvent>();

/** A sample from events/api/<name>.json, cloned, with path, query, body and claims replaced when given. */
export function apiEvent(
  name: string,
  patch: {
    params?: Record<string, string>;
    query?: Record<string, string> | null;
    body?: unknown;
    rawBody?: string;
    claims?: Record<string, string> | null;
    headers?: Record<string, string>;
  } = {},
): ApiEvent {
  if (!samples.has(name)) {
    const file = path.join(import.meta.dirname, '../../events/api', `${name}.json`);
    samples.set(name, JSON.parse(readFileSync(file, 'utf8')) as ApiEvent);
  }
  const event = structuredClone(samples.get(name)!);
  if (patch.params) event.pathParameters = { ...event.pathParameters, ...patch.params };
  if (patch.query !== undefined) {
    if (patch.query === null) delete event.queryStringParameters;
    else event.queryStringParameters = patch.query;
  }
  if (patch.body !== undefined) event.body = JSON.stringify(patch.body);
  if (patch.rawBody !== undefined) event.body = patch.rawBody;
  if (patch.headers) event.headers = { ...event.headers, ...patch.headers };
  if (patch.claims === null) delete (event.requestContext as { authorizer?: unknown }).authorizer;
  else if (patch.claims) {
    event.requestContext.authorizer = {
      principalId: '',
      integrationLatency: 0,
      jwt: { claims: { sub: `${patch.claims.role}:${patch.claims.unit}`, ...patch.claims }, scopes: [] },
    };
  }
  return event;
}

export const context = (): Context => lambdaContext('api-test');

export interface Answered {
  status: number;
  body: any;
  headers: Record<string, string>;
}

export async function call(
  handler: (event: ApiEvent, context: Context) => Promise<ApiResult>,
  event: ApiEvent,
): Promise<Answered> {
  const result = await handler(event, context());
  const text = result.body ?? '';
  const json = (result.headers?.['content-type'] as string | undefined)?.includes('json');
  return {
    status: result.statusCode ?? 200,
    body: json && text ? JSON.parse(text) : text,
    headers: (result.headers ?? {}) as Record<string, string>,
  };
}

/** Writes households as an import would (assessed, counters, audit). */
export async function seed(deps: ApiDeps, ...households: Household[]): Promise<void> {
  for (const h of households) {
    await applyHouseholdChange(deps, {
      before: null,
      after: { ...h, version: 0 },
      at: '2026-11-01T09:00:00+08:00',
      actor: { kind: 'system', name: 'test-seed' },
      auditType: 'household_created',
    });
  }
}

export const claimsOf = (role: 'village' | 'township' | 'county', unit: string) => ({ role, unit });
