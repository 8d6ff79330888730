// One Middy handler for a group of routes: the middlewares, then validation of path, query and body
// with the route's zod schemas, then the route's implementation. A handler module reads like
// `apiHandler([bind(routes.getHousehold, getHousehold)], deps)`.
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type { z } from 'zod';
import { DomainError } from '../domain/errors';
import type { Caller } from './caller';
import type { ApiLogger } from './logger';
import {
  type Answer,
  type ApiEvent,
  type ApiRequestEvent,
  type ApiResult,
  callerClaims,
  correlationId,
  detailsOf,
  errorMapper,
  jsonBody,
  shapeAnswer,
} from './middleware';
import { type RouteSpec, routeKeyOf } from './routes';
import { idempotencyHeadersSchema } from './schemas';

type Out<S> = [Exclude<S, undefined>] extends [never]
  ? undefined
  : Exclude<S, undefined> extends z.ZodType
    ? z.output<Exclude<S, undefined>>
    : undefined;

/** What a route implementation receives: validated parts, the caller and the request's log context. */
export interface RouteRequest<S extends RouteSpec> {
  params: Out<S['params']>;
  query: Out<S['query']>;
  body: Out<S['body']>;
  /** Set on routes behind the authorizer (the middleware answers 401 otherwise); unset on open routes. */
  caller: Caller;
  requestId: string;
  routeKey: string;
  logger: ApiLogger;
  /** The `Idempotency-Key` header on routes that take one (`spec.idempotent`), validated; else undefined. */
  idempotencyKey: string | undefined;
  /** Milliseconds this invocation has left (the Lambda context's). */
  remainingMs: () => number;
}

export type RouteImpl<S extends RouteSpec> = (request: RouteRequest<S>) => Promise<Answer | unknown>;

export interface Binding {
  spec: RouteSpec;
  impl: RouteImpl<RouteSpec>;
}

export const bind = <S extends RouteSpec>(spec: S, impl: RouteImpl<S>): Binding => ({
  spec,
  impl: impl as unknown as RouteImpl<RouteSpec>,
});

function parsePart<S extends z.ZodType>(
  schema: S,
  value: unknown,
  part: 'path' | 'query' | 'body' | 'header',
) {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  // A path or query that doesn't parse is malformed; a JSON body that breaks a rule fails validation.
  throw new DomainError(
    part === 'body' ? 'validation_failed' : 'malformed',
    part === 'body' ? 'the body fails validation' : `the ${part} is not valid`,
    detailsOf(r.error, part),
  );
}

export type ApiHandlerFn = (event: ApiEvent, context: Context) => Promise<ApiResult>;

export function apiHandler(bindings: readonly Binding[], options: { logger: ApiLogger }): ApiHandlerFn {
  const byKey = new Map(bindings.map((b) => [routeKeyOf(b.spec), b]));
  const dispatch = async (event: ApiEvent, context: Context): Promise<unknown> => {
    const state = (event as ApiRequestEvent).fanpin;
    const binding = byKey.get(state.routeKey);
    if (!binding) throw new DomainError('not_found', `no route ${state.routeKey} in this function`);
    const { spec } = binding;
    const params = spec.params ? parsePart(spec.params, event.pathParameters ?? {}, 'path') : undefined;
    const query = spec.query ? parsePart(spec.query, event.queryStringParameters ?? {}, 'query') : undefined;
    // API Gateway passes header names in lower case; the local gateway and tests may not.
    const header = Object.entries(event.headers ?? {}).find(([n]) => n.toLowerCase() === 'idempotency-key');
    const idempotencyKey = spec.idempotent
      ? parsePart(idempotencyHeadersSchema, header ? { 'Idempotency-Key': header[1] } : {}, 'header')[
          'Idempotency-Key'
        ]
      : undefined;
    let body: unknown;
    if (spec.body) {
      if (state.json === undefined) {
        throw new DomainError('malformed', 'a JSON body is required', [
          { field: 'body', message: 'required' },
        ]);
      }
      body = parsePart(spec.body, state.json, 'body');
    }
    return binding.impl({
      params,
      query,
      body,
      caller: state.caller as Caller,
      requestId: state.requestId,
      routeKey: state.routeKey,
      logger: options.logger,
      idempotencyKey,
      remainingMs: () => context?.getRemainingTimeInMillis?.() ?? 29_000,
    } as RouteRequest<RouteSpec>);
  };
  const needsCaller = (routeKey: string) => byKey.get(routeKey)?.spec.auth !== 'none';
  return middy<ApiEvent, ApiResult>()
    .use(correlationId())
    .use(errorMapper(options.logger))
    .use(shapeAnswer())
    .use(jsonBody())
    .use(callerClaims(needsCaller))
    .handler(
      dispatch as unknown as (event: ApiEvent, context: Context) => Promise<ApiResult>,
    ) as unknown as ApiHandlerFn;
}
