// Every deployed handler is traced (lib/adapters/tracing/tracer.ts); the tracer stays off outside Lambda.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tracer } from '../../lib/adapters/tracing/tracer';

const dir = join(import.meta.dirname, '../../functions');
const handlers = readdirSync(dir).filter((f) => f.endsWith('.ts'));

describe('tracing', () => {
  it('finds the handlers', () => {
    expect(handlers.length).toBeGreaterThanOrEqual(14);
  });

  it.each(handlers)('%s exports its handler through traced()', (file) => {
    const source = readFileSync(join(dir, file), 'utf8');
    expect(source).toMatch(/^export const handler(: [^=]+)? = traced\(/m);
  });

  it('is off outside Lambda (no AWS_EXECUTION_ENV): the local stack and the tests send no segments', () => {
    expect(process.env.AWS_EXECUTION_ENV).toBeUndefined();
    expect(tracer.isTracingEnabled()).toBe(false);
  });
});
