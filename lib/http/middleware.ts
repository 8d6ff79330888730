// Middy middlewares of every API handler: correlation id, JSON body (malformed → 400), the caller's
// claims (missing → 401), answer shaping, and ONE error mapper (DomainError code → status; anything
// else → 500 with the request id and no internals).
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { ZodError } from 'zod';
import { DomainError, type ErrorDetail, isDomainError } from '../domain/errors';
import { type Caller, callerFromClaims } from './caller';
import type { ApiLogger } from './logger';

export type ApiEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type ApiResult = APIGatewayProxyStructuredResultV2;

/** What the middlewares learn about a request, for the route implementation. */
export interface RequestState {
  requestId: string;
  routeKey: string;
  caller: Caller | null;
  /** The parsed JSON body; undefined when there was none. */
  json: unknown;
}

/** The event as the handler sees it after the middlewares. */
export type ApiRequestEvent = ApiEvent & { fanpin: RequestState };

/** An answer a route implementation returns; shaped into an API Gateway v2 result. */
export interface Answer {
  status: number;
  body: unknown;
  contentType?: string;
  headers?: Record<string, string>;
}

export const isAnswer = (v: unknown): v is Answer =>
  typeof v === 'object' && v !== null && 'status' in v && 'body' in v;

const stateOf = (event: ApiEvent): RequestState => {
  const e = event as ApiRequestEvent;
  e.fanpin ??= {
    requestId: event.requestContext?.requestId ?? 'unknown',
    routeKey: event.routeKey ?? event.requestContext?.routeKey ?? '',
    caller: null,
    json: undefined,
  };
  return e.fanpin;
};

/** The request id of API Gateway (or the Lambda's) travels with every answer and log line. */
export function correlationId(): MiddlewareObj<ApiEvent, ApiResult> {
  return {
    name: 'correlationId',
    before: (request) => {
      const state = stateOf(request.event);
      if (state.requestId === 'unknown' && request.context?.awsRequestId) {
        state.requestId = request.context.awsRequestId;
      }
    },
  };
}

/** Parses a JSON body (base64 too); a body that is not JSON is 400 malformed. */
export function jsonBody(): MiddlewareObj<ApiEvent, ApiResult> {
  return {
    name: 'jsonBody',
    before: (request) => {
      const { event } = request;
      const state = stateOf(event);
      if (event.body === undefined || event.body === null || event.body === '') return;
      const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
      const contentType = event.headers?.['content-type'] ?? event.headers?.['Content-Type'] ?? '';
      if (contentType && !/^application\/([\w.+-]+\+)?json\b/i.test(contentType)) {
        throw new DomainError('malformed', 'the body must be JSON (content-type: application/json)', [
          { field: 'body', message: `content-type ${contentType.split(';')[0]} is not JSON` },
        ]);
      }
      try {
        state.json = JSON.parse(text);
      } catch {
        throw new DomainError('malformed', 'the body is not valid JSON', [
          { field: 'body', message: 'not valid JSON' },
        ]);
      }
    },
  };
}

/** The caller from the JWT authorizer's claims, on routes behind it; 401 without them. */
export function callerClaims(needsCaller: (routeKey: string) => boolean): MiddlewareObj<ApiEvent, ApiResult> {
  return {
    name: 'callerClaims',
    before: (request) => {
      const state = stateOf(request.event);
      if (!needsCaller(state.routeKey)) return;
      const claims = request.event.requestContext?.authorizer?.jwt?.claims;
      state.caller = callerFromClaims(claims as Record<string, unknown> | undefined);
    },
  };
}

function jsonResult(
  status: number,
  body: unknown,
  requestId: string,
  headers: Record<string, string> = {},
): ApiResult {
  return {
    statusCode: status,
    headers: { 'content-type': 'application/json', 'x-request-id': requestId, ...headers },
    body: JSON.stringify(body),
  };
}

/** Turns the implementation's Answer into the v2 result (JSON unless it names another type). */
export function shapeAnswer(): MiddlewareObj<ApiEvent, ApiResult> {
  return {
    name: 'shapeAnswer',
    after: (request) => {
      const answer = request.response as unknown;
      if (!isAnswer(answer)) return;
      const { requestId } = stateOf(request.event);
      request.response =
        answer.contentType && !answer.contentType.includes('json')
          ? {
              statusCode: answer.status,
              headers: { 'content-type': answer.contentType, 'x-request-id': requestId, ...answer.headers },
              body: String(answer.body),
            }
          : jsonResult(answer.status, answer.body, requestId, answer.headers);
    },
  };
}

/** zod issues → details naming the field (`body.date`, `query.limit`). */
export function detailsOf(error: ZodError, prefix: string): ErrorDetail[] {
  return error.issues.map((i) => ({
    field: [prefix, ...i.path.map(String)].filter(Boolean).join('.') || prefix,
    message: i.message,
  }));
}

/** The one place errors become answers: `{"error": {"code", "message", "details"}}`. */
export function errorMapper(logger: ApiLogger): MiddlewareObj<ApiEvent, ApiResult> {
  return {
    name: 'errorMapper',
    onError: (request) => {
      const { requestId, routeKey } = stateOf(request.event);
      const error = request.error;
      if (isDomainError(error)) {
        const headers: Record<string, string> =
          error.code === 'unauthorized' ? { 'www-authenticate': 'Bearer' } : {};
        if (error.status >= 500) logger.error('domain error', { requestId, routeKey, code: error.code });
        request.response = jsonResult(
          error.status,
          { error: { code: error.code, message: error.message, details: error.details } },
          requestId,
          headers,
        );
        return;
      }
      // Unknown: log the error class and where it happened, answer without internals.
      logger.error('unhandled error', {
        requestId,
        routeKey,
        errorName: (error as Error | undefined)?.name ?? typeof error,
        // The stack without its first line (the message, which may quote input).
        stack: (error as Error | undefined)?.stack?.split('\n').slice(1, 8).join('\n'),
      });
      request.response = jsonResult(
        500,
        {
          error: {
            code: 'internal',
            message: `internal error: quote request id ${requestId} when reporting it`,
            details: [],
            requestId,
          },
        },
        requestId,
      );
    },
  };
}
