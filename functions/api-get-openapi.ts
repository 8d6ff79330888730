// GET /v1/openapi.json (no token). No table access. Its rendered page, /docs, is a file of the web app
// (web/build.ts, ADR 0020).
import { traced } from '../lib/adapters/tracing/tracer';
import { apiHandler } from '../lib/http/api-handler';
import { metaEndpoints } from '../lib/http/endpoints';
import { type ApiLogger, silentLogger } from '../lib/http/logger';

export function makeHandler(deps: { logger: ApiLogger } = { logger: silentLogger }) {
  return apiHandler(metaEndpoints(), { logger: deps.logger });
}

export const handler = traced(makeHandler());
