// The OpenAPI document beside the route specs (issue 22, ADR 0020): every operation says what it does in
// English and in Chinese, and every JSON answer (2xx and each error) carries an example that the
// answer's own zod schema accepts whole (nothing unknown stripped, nothing missing).
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../lib/http/openapi';
import { errorExample, operationDocs } from '../../lib/http/openapi-examples';
import { type RouteName, type RouteSpec, routes } from '../../lib/http/routes';
import { errorSchema } from '../../lib/http/schemas';

type Media = { schema?: unknown; example?: unknown };
type Operation = {
  summary?: string;
  responses: Record<string, { description: string; content?: Record<string, Media> }>;
};
const doc = openApiDocument() as { paths: Record<string, Record<string, Operation>>; tags?: unknown[] };
const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, op })),
);
const cjk = /[\u4e00-\u9fff]/;
const latin = /[A-Za-z]{3}/;
const specs = Object.entries(routes) as [RouteName, RouteSpec][];

describe('OpenAPI examples and Chinese descriptions', () => {
  it('has one operation per route spec', () => {
    expect(operations.map((o) => o.key).sort()).toEqual(specs.map(([, s]) => `${s.method} ${s.path}`).sort());
  });

  it.each(operations)('$key: summary and every answer in English and Chinese', ({ op }) => {
    expect(op.summary).toMatch(cjk);
    expect(op.summary).toMatch(latin);
    for (const [status, r] of Object.entries(op.responses)) {
      expect(r.description, status).toMatch(cjk);
      expect(r.description, status).toMatch(latin);
    }
  });

  it('every described parameter, body field and schema field says it in Chinese too', () => {
    const described: string[] = [];
    const walk = (node: unknown, where: string): void => {
      if (!node || typeof node !== 'object') return;
      for (const [k, v] of Object.entries(node)) {
        if (k === 'description' && typeof v === 'string' && !where.includes('responses')) {
          if (!cjk.test(v)) described.push(`${where}: ${v}`);
        } else walk(v, `${where}.${k}`);
      }
    };
    walk({ paths: doc.paths, components: (doc as { components?: unknown }).components }, '');
    expect(described).toEqual([]);
  });

  it.each(specs)('%s: an example for every JSON answer, 2xx and errors', (_name, spec) => {
    const op = doc.paths[spec.path]![spec.method.toLowerCase()]!;
    const statuses = [...(spec.ok.schema ? [spec.ok.status] : []), ...spec.errors];
    if (spec.auth === 'jwt') statuses.push(500);
    const withExample = Object.entries(op.responses)
      .filter(([, r]) => r.content?.['application/json']?.example !== undefined)
      .map(([status]) => Number(status));

    expect(withExample.sort()).toEqual(statuses.sort());
  });

  it.each(specs)('%s: the 2xx example is what its answer schema accepts, whole', (name, spec) => {
    const example = operationDocs[name].ok;
    if (!spec.ok.schema) {
      expect(example).toBeUndefined();
      return;
    }
    const parsed = spec.ok.schema.safeParse(example);

    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(parsed.data).toEqual(example);
  });

  it.each(specs)('%s: each error example is a fanpin error body of its status', (name, spec) => {
    const statuses = [...spec.errors, ...(spec.auth === 'jwt' ? [500] : [])];
    const codesOf: Record<number, string[]> = {
      400: ['malformed'],
      401: ['unauthorized'],
      403: ['forbidden'],
      404: ['not_found'],
      409: ['conflict', 'transition_not_allowed'],
      422: ['validation_failed', 'not_eligible'],
      500: ['internal'],
    };
    for (const status of statuses) {
      const example = errorExample(name, spec, status);
      const parsed = errorSchema.safeParse(example);

      expect(parsed.error?.issues ?? [], `${status}`).toEqual([]);
      expect(parsed.data, `${status}`).toEqual(example);
      expect(codesOf[status], `${status}`).toContain(example.error.code);
    }
  });

  it('describes every tag in both languages', () => {
    const tags = new Set(specs.map(([, s]) => s.tag));
    const described = (doc.tags ?? []) as { name: string; description: string }[];

    expect(described.map((t) => t.name).sort()).toEqual([...tags].sort());
    for (const t of described) expect(t.description).toMatch(cjk);
  });
});
