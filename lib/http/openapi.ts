// The OpenAPI 3.1 document, generated from the route specs and the zod schemas that validate requests,
// with the Chinese beside the English and an example of every answer (lib/http/openapi-examples.ts).
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { errorExample, operationDocs, statusZh, tagDocs } from './openapi-examples';
import { type RouteName, type RouteSpec, routes } from './routes';
import { errorSchema, idempotencyHeadersSchema } from './schemas';

const statusText: Record<number, string> = {
  400: 'malformed (bad JSON, path or query)',
  401: 'a verified token without a valid role or unit claim (no token, or one that does not verify, is the gateway’s own 401 {"message": "Unauthorized"}: docs/api.md)',
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
      'claims `role` (village | township | county) and `unit` (its division code), and the API scope (`fanpin/api` by default) in `scope` · 令牌声明 `role`（village、township、county）和 `unit`（其区划代码），`scope` 中须有 API 范围（默认 `fanpin/api`）',
  });
  const both = (en: string, zh: string) => `${en} · ${zh}`;
  for (const [name, spec] of Object.entries(routes) as [RouteName, RouteSpec][]) {
    const docs = operationDocs[name];
    const error = (status: number, description: string) => ({
      description: both(description, statusZh[status] ?? '错误'),
      content: { 'application/json': { schema: errorSchema, example: errorExample(name, spec, status) } },
    });
    const responses: Record<string, object> = {
      [spec.ok.status]: {
        description: both(spec.ok.description, docs.okZh),
        ...(spec.ok.schema
          ? { content: { 'application/json': { schema: spec.ok.schema, example: docs.ok } } }
          : {}),
      },
    };
    for (const status of spec.errors) responses[status] = error(status, statusText[status] ?? 'error');
    if (spec.auth === 'jwt') {
      responses[500] = error(500, 'internal error (the answer carries the request id)');
    }
    registry.registerPath({
      method: spec.method.toLowerCase() as 'get' | 'post' | 'put',
      path: spec.path,
      summary: both(spec.summary, docs.zh),
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
        '防止返贫动态监测和帮扶: households, grades, visits, cases, reports. Money in yuan; ID numbers masked.\n\n农户、风险等级、走访、案件和月报。金额单位为元；身份证号脱敏显示。',
    },
    servers: [{ url: '/' }],
    tags: Object.entries(tagDocs).map(([tag, description]) => ({ name: tag, description })),
  });
  return cached;
}
