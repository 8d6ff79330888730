// POST /v1/alerts: a department alert (the alerts queue takes the same alerts: sqs-ingest-alert.ts).
// Thin: the middlewares, validation and implementations live in lib/http (see docs/decisions/0007-api-handlers.md).

import { traced } from '../lib/adapters/tracing/tracer';
import { apiHandler } from '../lib/http/api-handler';
import type { ApiDeps } from '../lib/http/deps';
import { productionApiHandler } from '../lib/http/deps';
import { alertEndpoints } from '../lib/http/endpoints';

export function makeHandler(deps: ApiDeps) {
  return apiHandler(alertEndpoints(deps), { logger: deps.logger });
}

export const handler: ReturnType<typeof makeHandler> = traced(productionApiHandler(makeHandler));
