// GET /v1/openapi.json (no token) and GET /docs (a self-contained HTML page of it). No table access.
import { traced } from '../lib/adapters/tracing/tracer';
import { apiHandler } from '../lib/http/api-handler';
import { metaEndpoints } from '../lib/http/endpoints';
import { type ApiLogger, silentLogger } from '../lib/http/logger';

export function makeHandler(deps: { logger: ApiLogger } = { logger: silentLogger }) {
  return apiHandler(metaEndpoints(), { logger: deps.logger });
}

export const handler = traced(makeHandler());
