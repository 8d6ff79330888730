// The local stand-in for API Gateway HTTP API: a node:http server that turns each request into a
// payload-format 2.0 event, runs the route's Lambda handler, and writes its v2 result back. Routes
// marked `auth: 'jwt'` behave like a JWT authorizer: no or bad bearer token → 401 without invoking
// the handler; a good one → its claims in requestContext.authorizer.jwt.claims.
import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyResultV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { lambdaContext, localAccountId } from './lambda-context';

export type ApiEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type ApiHandler = (event: ApiEvent, context: Context) => Promise<APIGatewayProxyResultV2 | unknown>;
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS' | 'ANY';

export interface GatewayRoute {
  method: HttpMethod;
  /** API Gateway route path: `/v1/households/{id}`, greedy `/files/{proxy+}`. */
  path: string;
  /** 'jwt' = behind the JWT authorizer; 'none' = open. */
  auth: 'jwt' | 'none';
  handler: ApiHandler;
  /** The Lambda function's name, for the invocation context (default: derived from the route). */
  functionName?: string;
}

/** Verifies a bearer token and returns its claims; throws when it does not verify. */
export type Authorizer = (token: string) => Promise<Record<string, unknown>>;

export class PortInUseError extends Error {
  constructor(readonly port: number) {
    super(`port ${port} is already in use: stop what uses it or pick another with --port N`);
    this.name = 'PortInUseError';
  }
}

/** Request bodies above API Gateway's payload limit are refused. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

interface CompiledRoute {
  route: GatewayRoute;
  routeKey: string;
  segments: string[];
  literals: number;
  greedy: boolean;
}

function compile(route: GatewayRoute): CompiledRoute {
  const segments = route.path.split('/').slice(1);
  return {
    route,
    routeKey: `${route.method} ${route.path}`,
    segments,
    literals: segments.filter((s) => !s.startsWith('{')).length,
    greedy: segments.at(-1)?.endsWith('+}') ?? false,
  };
}

function matchPath(compiled: CompiledRoute, rawPath: string): Record<string, string> | null {
  const parts = rawPath.split('/').slice(1);
  const params: Record<string, string> = {};
  for (let i = 0; i < compiled.segments.length; i++) {
    const segment = compiled.segments[i]!;
    const part = parts[i];
    if (part === undefined || part === '') return null;
    if (segment.endsWith('+}')) {
      params[segment.slice(1, -2)] = decodeURIComponent(parts.slice(i).join('/'));
      return params;
    }
    if (segment.startsWith('{')) params[segment.slice(1, -1)] = decodeURIComponent(part);
    else if (segment !== part) return null;
  }
  return parts.length === compiled.segments.length ? params : null;
}

/** Picks the route as API Gateway does: the most literal path wins, an exact method beats ANY. */
export function findRoute(
  routes: CompiledRoute[],
  method: string,
  rawPath: string,
): { compiled: CompiledRoute; params: Record<string, string> } | null {
  let best: { compiled: CompiledRoute; params: Record<string, string> } | null = null;
  const rank = (c: CompiledRoute) => [c.greedy ? 0 : 1, c.literals, c.route.method === 'ANY' ? 0 : 1];
  for (const compiled of routes) {
    if (compiled.route.method !== method && compiled.route.method !== 'ANY') continue;
    const params = matchPath(compiled, rawPath);
    if (!params) continue;
    if (!best) best = { compiled, params };
    else {
      const [a, b] = [rank(compiled), rank(best.compiled)];
      const i = a.findIndex((v, k) => v !== b[k]);
      if (i >= 0 && a[i]! > b[i]!) best = { compiled, params };
    }
  }
  return best;
}

const TEXT_TYPES = /^(text\/|application\/(json|xml|javascript|x-www-form-urlencoded)|[^;]*\+(json|xml))/i;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `12/Mar/2020:19:03:58 +0000`, API Gateway's requestContext.time. */
export function requestTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

/** JWT authorizer claims reach the handler as strings; arrays as `[a b]`, as API Gateway passes them. */
function claimsAsStrings(claims: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(claims)) {
    out[k] = Array.isArray(v)
      ? `[${v.join(' ')}]`
      : typeof v === 'object' && v !== null
        ? JSON.stringify(v)
        : String(v);
  }
  return out;
}

export interface RawRequest {
  method: string;
  /** Path and query as received, e.g. `/v1/units/532931/households?grade=red`. */
  url: string;
  /** Alternating names and values as received (node's `rawHeaders`). */
  rawHeaders: string[];
  body: Buffer;
  sourceIp: string;
  protocol: string;
  receivedAtMs: number;
}

/** The payload-format 2.0 event API Gateway would send for `request` on `routeKey`. */
export function buildApiEvent(
  request: RawRequest,
  match: { routeKey: string; pathParameters: Record<string, string> },
  claims: Record<string, unknown> | null,
): ApiEvent {
  const [rawPath = '/', rawQueryString = ''] = request.url.split(/\?(.*)/s);
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (let i = 0; i < request.rawHeaders.length; i += 2) {
    const name = request.rawHeaders[i]!.toLowerCase();
    const value = request.rawHeaders[i + 1] ?? '';
    if (name === 'cookie') cookies.push(...value.split(/;\s*/).filter(Boolean));
    else headers[name] = name in headers ? `${headers[name]},${value}` : value;
  }
  const query: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(rawQueryString)) query[k] = k in query ? `${query[k]},${v}` : v;

  const contentType = headers['content-type'] ?? '';
  const hasBody = request.body.length > 0;
  const isText = !contentType || TEXT_TYPES.test(contentType);
  const host = headers.host ?? 'localhost';
  const domainName = host.replace(/:\d+$/, '');
  const requestId = randomUUID();
  const sourceIp = request.sourceIp.replace(/^::ffff:/, '');

  const event: ApiEvent = {
    version: '2.0',
    routeKey: match.routeKey,
    rawPath,
    rawQueryString,
    ...(cookies.length ? { cookies } : {}),
    headers,
    ...(rawQueryString ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: localAccountId,
      apiId: 'local',
      ...(claims
        ? {
            authorizer: {
              principalId: '',
              integrationLatency: 0,
              jwt: { claims: claimsAsStrings(claims), scopes: scopesOf(claims) },
            },
          }
        : {}),
      domainName,
      domainPrefix: domainName.split('.')[0] ?? domainName,
      http: {
        method: request.method,
        path: decodeURIComponent(rawPath),
        protocol: request.protocol,
        sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey: match.routeKey,
      stage: '$default',
      time: requestTime(request.receivedAtMs),
      timeEpoch: request.receivedAtMs,
    },
    ...(Object.keys(match.pathParameters).length ? { pathParameters: match.pathParameters } : {}),
    ...(hasBody ? { body: isText ? request.body.toString('utf8') : request.body.toString('base64') } : {}),
    isBase64Encoded: hasBody && !isText,
  } as ApiEvent;
  return event;
}

function scopesOf(claims: Record<string, unknown>): string[] {
  // The authorizer's `scopes` come from the token's `scope` (or `scp`) claim; null when absent.
  const raw = claims.scope ?? claims.scp;
  if (typeof raw === 'string') return raw.split(' ').filter(Boolean);
  if (Array.isArray(raw)) return raw.map(String);
  return null as unknown as string[];
}

export interface HttpResult {
  statusCode: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

/** Turns a handler's return value into the HTTP answer, by the payload 2.0 rules. */
export function toHttpResult(result: unknown): HttpResult {
  const json = { 'content-type': 'application/json' };
  const structured =
    typeof result === 'object' && result !== null && 'statusCode' in result
      ? (result as APIGatewayProxyStructuredResultV2)
      : null;
  if (!structured) {
    // No statusCode: API Gateway assumes 200, JSON, and the value as the body.
    const body = typeof result === 'string' ? result : JSON.stringify(result ?? null);
    return { statusCode: 200, headers: json, body: Buffer.from(body) };
  }
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(structured.headers ?? {})) headers[k.toLowerCase()] = String(v);
  if (structured.cookies?.length) headers['set-cookie'] = structured.cookies;
  const body = structured.body ?? '';
  return {
    statusCode: structured.statusCode ?? 200,
    headers,
    body: structured.isBase64Encoded ? Buffer.from(body, 'base64') : Buffer.from(body),
  };
}

export function errorResult(statusCode: number, code: string, message: string): HttpResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(JSON.stringify({ error: { code, message, details: [] } })),
  };
}

export interface HttpGatewayOptions {
  routes: GatewayRoute[];
  /** Verifies bearer tokens for `auth: 'jwt'` routes; without it those routes always answer 401. */
  authorize?: Authorizer;
  port?: number;
  host?: string;
  /** One line per request (method, path, status, duration), e.g. for the terminal. */
  onRequest?: (entry: { method: string; path: string; status: number; ms: number }) => void;
  /** A handler threw (the caller got a 500). */
  onHandlerError?: (error: unknown, routeKey: string) => void;
  /** Lambda timeout for the invocation context (default 29 s, API Gateway's integration limit). */
  timeoutMs?: number;
  /** While it says false, every request is answered 503 without running a handler (the local stack is
   *  still starting: interface.md "Readiness"). Default: always ready. */
  ready?: () => boolean;
  /** Files served where no route matches a GET or HEAD (the web app, as CloudFront would); null: none. */
  files?: (rawPath: string) => HttpResult | null;
}

export interface HttpGateway {
  url: string;
  port: number;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(null);
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, result: HttpResult, head: boolean): void {
  res.writeHead(result.statusCode, { ...result.headers, 'content-length': String(result.body.length) });
  res.end(head ? undefined : result.body);
}

function bearer(headers: IncomingMessage['headers']): string | null {
  const m = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '');
  return m ? m[1]! : null;
}

export function functionNameFor(route: GatewayRoute): string {
  if (route.functionName) return route.functionName;
  const words = route.path.split('/').filter((s) => s && s !== 'v1' && !s.startsWith('{'));
  return `api-${route.method.toLowerCase()}-${words.join('-') || 'root'}`;
}

export async function startHttpGateway(options: HttpGatewayOptions): Promise<HttpGateway> {
  const compiled = options.routes.map(compile);
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const started = Date.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const url = req.url ?? '/';
    const rawPath = url.split('?')[0] ?? '/';
    let result: HttpResult;
    try {
      result = await answer(req, method, url, rawPath, started);
    } catch (error) {
      options.onHandlerError?.(error, `${method} ${rawPath}`);
      result = gatewayResult(500, 'Internal Server Error');
    }
    send(res, result, method === 'HEAD');
    options.onRequest?.({ method, path: rawPath, status: result.statusCode, ms: Date.now() - started });
  };

  const answer = async (
    req: IncomingMessage,
    method: string,
    url: string,
    rawPath: string,
    started: number,
  ): Promise<HttpResult> => {
    if (options.ready && !options.ready()) {
      const result = errorResult(503, 'not_ready', 'the local stack is starting: try again in a moment');
      result.headers['retry-after'] = '1';
      return result;
    }
    const found = findRoute(compiled, method, rawPath);
    const body = await readBody(req);
    if (body === null) return gatewayResult(413, 'Request Entity Too Large');
    if (!found) {
      const file = method === 'GET' || method === 'HEAD' ? (options.files?.(rawPath) ?? null) : null;
      return file ?? gatewayResult(404, 'Not Found');
    }
    const { route, routeKey } = found.compiled;
    let claims: Record<string, unknown> | null = null;
    if (route.auth === 'jwt') {
      const token = bearer(req.headers);
      if (!token) return unauthorized(null);
      try {
        if (!options.authorize) throw new Error('no authorizer configured');
        claims = await options.authorize(token);
      } catch (e) {
        // A valid token without the route's scope: API Gateway's 403 (issue 17 item 10).
        if (e instanceof Error && e.name === 'InsufficientScopeError') {
          return gatewayResult(403, 'Forbidden', {
            'www-authenticate': `Bearer scope="${(e as Error & { scope?: string }).scope ?? ''}" error="insufficient_scope" error_description="the token does not carry a scope the route requires"`,
          });
        }
        return unauthorized('the token is invalid or expired');
      }
    }
    const event = buildApiEvent(
      {
        method,
        url,
        rawHeaders: req.rawHeaders,
        body,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        protocol: `HTTP/${req.httpVersion}`,
        receivedAtMs: started,
      },
      { routeKey, pathParameters: found.params },
      claims,
    );
    const context = lambdaContext(functionNameFor(route), options.timeoutMs ?? 29_000);
    try {
      return toHttpResult(await route.handler(event, context));
    } catch (error) {
      options.onHandlerError?.(error, routeKey);
      return gatewayResult(500, 'Internal Server Error');
    }
  };

  const server = http.createServer((req, res) => {
    void handle(req, res);
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(e.code === 'EADDRINUSE' ? new PortInUseError(options.port ?? 0) : e),
    );
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * An answer API Gateway (HTTP API) gives itself, before or instead of any handler: `{"message": …}`, not
 * fanpin's error shape, so that a client tested locally handles what it will meet on AWS (docs/api.md
 * "Where an error comes from").
 */
export function gatewayResult(
  statusCode: number,
  message: string,
  headers: Record<string, string> = {},
): HttpResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json', ...headers },
    body: Buffer.from(JSON.stringify({ message })),
  };
}

/** The JWT authorizer's refusal: 401 {"message":"Unauthorized"}, the reason in `www-authenticate`. */
function unauthorized(reason: string | null): HttpResult {
  return gatewayResult(401, 'Unauthorized', {
    'www-authenticate': reason
      ? `Bearer scope="" error="invalid_token" error_description="${reason}"`
      : 'Bearer',
  });
}
