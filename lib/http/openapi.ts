// The OpenAPI 3.1 document, generated from the route specs and the zod schemas that validate requests.
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { type RouteSpec, routes } from './routes';
import { errorSchema, idempotencyHeadersSchema } from './schemas';

const statusText: Record<number, string> = {
  400: 'malformed (bad JSON, path or query)',
  401: 'no or bad bearer token',
  403: 'outside the caller’s unit, or a step the role may not take',
  404: 'not found',
  409: 'conflict (optimistic lock, or a state that does not allow the action)',
  422: 'fails validation (details name each field)',
};

let cached: object | undefined;

export function openApiDocument(): object {
  if (cached) return cached;
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      'claims `role` (village | township | county) and `unit` (its division code), and the API scope (`fanpin/api` by default) in `scope`',
  });
  for (const spec of Object.values(routes) as RouteSpec[]) {
    const responses: Record<string, object> = {
      [spec.ok.status]: {
        description: spec.ok.description,
        ...(spec.ok.schema ? { content: { 'application/json': { schema: spec.ok.schema } } } : {}),
      },
    };
    for (const status of spec.errors) {
      responses[status] = {
        description: statusText[status] ?? 'error',
        content: { 'application/json': { schema: errorSchema } },
      };
    }
    if (spec.auth === 'jwt') {
      responses[500] = {
        description: 'internal error (the answer carries the request id)',
        content: { 'application/json': { schema: errorSchema } },
      };
    }
    registry.registerPath({
      method: spec.method.toLowerCase() as 'get' | 'post' | 'put',
      path: spec.path,
      summary: spec.summary,
      tags: [spec.tag],
      ...(spec.auth === 'jwt' ? { security: [{ [bearer.name]: [] }] } : {}),
      request: {
        ...(spec.params ? { params: spec.params } : {}),
        ...(spec.query ? { query: spec.query } : {}),
        ...(spec.idempotent ? { headers: idempotencyHeadersSchema } : {}),
        ...(spec.body
          ? { body: { required: true, content: { 'application/json': { schema: spec.body } } } }
          : {}),
      },
      responses,
    });
  }
  cached = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'fanpin API',
      version: '1.0.0',
      description:
        '防止返贫动态监测和帮扶: households, grades, visits, cases, reports. Money in yuan; ID numbers masked.',
    },
    servers: [{ url: '/' }],
  });
  return cached;
}
