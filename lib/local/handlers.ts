// Which handler each local stand-in calls: HTTP routes → api handlers, queues → sqs handlers,
// schedule targets → schedule handlers. A handler plugs in with one line, e.g.
//   route('GET /v1/households/{id}', () => import('../../functions/api-get-household')),
//   sweep: queue(() => import('../../functions/sqs-sweep-village')),
//   'start-sweep': schedule(() => import('../../functions/schedule-start-sweep')),
// Modules load on first use, after the local stack has set the handler environment (lib/config.ts
// parses it at cold start, exactly as on Lambda).
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { storeFromConfig } from '../adapters/dynamodb/store-from-config';
import { CalendarSource, calendarWarnings } from '../app/calendar';
import { loadConfig } from '../config';
import type { QueueKey } from '../infra/queues';
import type { ScheduleTarget } from '../infra/schedules';
import type { ApiHandler, GatewayRoute, HttpMethod } from './http-gateway';
import type { LocalStackInfo } from './local-file';
import type { ScheduleHandler } from './scheduler';
import type { SqsHandler } from './sqs-event-source';

/** A handler module: what functions/<trigger>-<action>.ts exports. */
export type HandlerModule<H> = { handler: H };
export type HandlerLoader<H> = () => Promise<HandlerModule<H>>;

/** Seeds the demo county into an empty table (the stack's handler environment is set). */
export type SeedDemo = (context: {
  stack: LocalStackInfo;
  now: string;
  log: (line: string) => void;
}) => Promise<void>;

export interface LocalHandlers {
  routes: GatewayRoute[];
  queues: Partial<Record<QueueKey, { handler: SqsHandler; functionName: string }>>;
  schedules: Partial<Record<ScheduleTarget, { handler: ScheduleHandler; functionName: string }>>;
  /** The demo county generator; the stack calls it on first start unless --no-demo. */
  seedDemo?: SeedDemo;
}

/** A handler that imports its module on first call and reuses it (one cold start per process). */
export function lazy<H extends (...args: never[]) => unknown>(load: HandlerLoader<H>): H {
  let loaded: Promise<H> | undefined;
  return (async (...args: Parameters<H>) => {
    loaded ??= load().then((m) => m.handler);
    return (await loaded)(...args);
  }) as unknown as H;
}

function nameOf(load: () => unknown, fallback: string): string {
  // `() => import('../../functions/api-get-household')` → api-get-household
  return /functions\/([\w-]+)/.exec(String(load))?.[1] ?? fallback;
}

/** An API route: `route('GET /v1/units/{code}/summary', () => import(...))`; behind the JWT authorizer unless auth: 'none'. */
export function route(
  routeKey: `${HttpMethod} /${string}`,
  load: HandlerLoader<ApiHandler>,
  options: { auth?: 'jwt' | 'none' } = {},
): GatewayRoute {
  const [method, path] = routeKey.split(' ') as [HttpMethod, string];
  return {
    method,
    path,
    auth: options.auth ?? 'jwt',
    handler: lazy(load),
    functionName: nameOf(load, 'api'),
  };
}

export function queue(load: HandlerLoader<SqsHandler>): { handler: SqsHandler; functionName: string } {
  return { handler: lazy(load), functionName: nameOf(load, 'sqs') };
}

export function schedule(load: HandlerLoader<ScheduleHandler>): {
  handler: ScheduleHandler;
  functionName: string;
} {
  return { handler: lazy(load), functionName: nameOf(load, 'schedule') };
}

/** GET /v1/health: answers when the API is up and the table is reachable (used by the CLI to find the stack). */
export const healthHandler: ApiHandler = async () => {
  // The gateway listens before the stack has set the handlers' environment: until then it is starting.
  if (!process.env.TABLE_NAME) {
    return {
      statusCode: 503,
      headers: { 'content-type': 'application/json', 'retry-after': '1' },
      body: JSON.stringify({ status: 'starting' }),
    };
  }
  const config = loadConfig();
  const table = await new DynamoDBClient({}).send(new DescribeTableCommand({ TableName: config.tableName }));
  // D14: the health answer says which years of the next 60 days are not official.
  const now = process.env.FANPIN_NOW ?? new Date().toISOString();
  const calendar = await new CalendarSource(storeFromConfig(config).calendar).load(now);
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      status: 'ok',
      table: table.Table?.TableStatus ?? 'unknown',
      calendarWarnings: calendarWarnings(calendar, now).map((w) => w.message),
    }),
  };
};

export const localHandlers: LocalHandlers = {
  routes: [
    route('GET /v1/health', async () => ({ handler: healthHandler }), { auth: 'none' }),
    route('GET /v1/openapi.json', () => import('../../functions/api-get-openapi'), { auth: 'none' }),
    route('GET /v1/units/{code}', () => import('../../functions/api-get-unit')),
    route('GET /v1/units/{code}/summary', () => import('../../functions/api-get-unit')),
    route('GET /v1/units/{code}/children', () => import('../../functions/api-get-unit')),
    route('GET /v1/units/{code}/households', () => import('../../functions/api-get-unit')),
    route('GET /v1/households/{id}', () => import('../../functions/api-get-household')),
    route('GET /v1/households/{id}/history', () => import('../../functions/api-get-household')),
    route('PUT /v1/households/{id}', () => import('../../functions/api-change-household')),
    route('POST /v1/households/{id}/visits', () => import('../../functions/api-change-household')),
    route('POST /v1/households/{id}/measures', () => import('../../functions/api-change-household')),
    route('POST /v1/households/{id}/applications', () => import('../../functions/api-change-household')),
    route('PUT /v1/households/{id}/contact', () => import('../../functions/api-change-household')),
    route('POST /v1/households/{id}/transitions', () => import('../../functions/api-change-household')),
    route('GET /v1/cases', () => import('../../functions/api-get-cases')),
    route('POST /v1/cases/{id}/acknowledge', () => import('../../functions/api-change-case')),
    route('POST /v1/cases/{id}/resolve', () => import('../../functions/api-change-case')),
    route('GET /v1/reports/{unit}/{month}', () => import('../../functions/api-get-report')),
    route('GET /v1/units/{code}/reports', () => import('../../functions/api-get-report')),
    route('POST /v1/reports/{township}/{month}/submit', () => import('../../functions/api-submit-report')),
    route('POST /v1/alerts', () => import('../../functions/api-post-alert')),
  ],
  queues: {
    sweep: queue(() => import('../../functions/sqs-sweep-village')),
    alerts: queue(() => import('../../functions/sqs-ingest-alert')),
    notify: queue(() => import('../../functions/sqs-send-digest')),
  },
  schedules: {
    'start-sweep': schedule(() => import('../../functions/schedule-start-sweep')),
    'start-digest': schedule(() => import('../../functions/schedule-start-digest')),
  },
  seedDemo: async (context) => (await import('./demo-county')).seedDemo(context),
};
