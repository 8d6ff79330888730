// GET /v1/units/{code}/summary, /children and /households.
// Thin: the middlewares, validation and implementations live in lib/http (see docs/decisions/0007-api-handlers.md).

import { traced } from '../lib/adapters/tracing/tracer';
import { apiHandler } from '../lib/http/api-handler';
import type { ApiDeps } from '../lib/http/deps';
import { productionApiHandler } from '../lib/http/deps';
import { unitEndpoints } from '../lib/http/endpoints';

export function makeHandler(deps: ApiDeps) {
  return apiHandler(unitEndpoints(deps), { logger: deps.logger });
}

export const handler: ReturnType<typeof makeHandler> = traced(productionApiHandler(makeHandler));
