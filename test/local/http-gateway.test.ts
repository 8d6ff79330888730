import { readFileSync } from 'node:fs';
import { APIGatewayProxyEventV2Schema } from '@aws-lambda-powertools/parser/schemas';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type ApiEvent,
  type ApiHandler,
  type GatewayRoute,
  type HttpGateway,
  startHttpGateway,
} from '../../lib/local/http-gateway';

const sample = JSON.parse(readFileSync('events/api/health.get.json', 'utf8'));

let gateway: HttpGateway | undefined;
afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
});

/** A gateway whose routes record the event they receive. */
async function recordingGateway(routes: Omit<GatewayRoute, 'handler'>[], handler?: ApiHandler) {
  const events: ApiEvent[] = [];
  gateway = await startHttpGateway({
    routes: routes.map((r) => ({
      ...r,
      handler: async (event, context) => {
        events.push(event);
        return handler ? handler(event, context) : { statusCode: 200, body: '{}' };
      },
    })),
    authorize: async (token) => {
      if (token !== 'good') throw new Error('bad token');
      return { role: 'township', unit: '532931101', exp: 1797653008, aud: ['fanpin'] };
    },
  });
  return { events, url: gateway.url };
}

/** The structure of a JSON value: its keys and value types, recursively. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return ['array'];
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => k !== 'headers' && k !== 'queryStringParameters')
        .map(([k, v]) => [k, shape(v)]),
    );
  }
  return typeof value;
}

describe('the local HTTP gateway', () => {
  it('builds a payload 2.0 event shaped like the real API Gateway sample', async () => {
    const { events, url } = await recordingGateway([{ method: 'GET', path: '/v1/health', auth: 'none' }]);

    await fetch(`${url}/v1/health?verbose=true`, { headers: { accept: 'application/json' } });

    const event = events[0]!;
    expect(shape(event)).toEqual(shape(sample));
    expect(APIGatewayProxyEventV2Schema.parse(event)).toBeTruthy();
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'GET /v1/health',
      rawPath: '/v1/health',
      rawQueryString: 'verbose=true',
      queryStringParameters: { verbose: 'true' },
      isBase64Encoded: false,
      requestContext: {
        stage: '$default',
        routeKey: 'GET /v1/health',
        http: { method: 'GET', path: '/v1/health' },
      },
    });
    expect(event.requestContext.time).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
  });

  it('fills path parameters from the route template and joins repeated query values with commas', async () => {
    const { events, url } = await recordingGateway([
      { method: 'GET', path: '/v1/households/{id}', auth: 'none' },
      { method: 'GET', path: '/v1/households/{id}/history', auth: 'none' },
    ]);

    await fetch(`${url}/v1/households/H%2001/history?grade=red&grade=yellow`);

    expect(events[0]).toMatchObject({
      routeKey: 'GET /v1/households/{id}/history',
      pathParameters: { id: 'H 01' },
      rawQueryString: 'grade=red&grade=yellow',
      queryStringParameters: { grade: 'red,yellow' },
    });
  });

  it('prefers a literal route over a parameter route', async () => {
    const { events, url } = await recordingGateway([
      { method: 'GET', path: '/v1/reports/{unit}/{month}', auth: 'none' },
      { method: 'GET', path: '/v1/reports/{unit}/latest', auth: 'none' },
    ]);

    await fetch(`${url}/v1/reports/532931/latest`);

    expect(events[0]!.routeKey).toBe('GET /v1/reports/{unit}/latest');
  });

  it('passes a JSON body as text, lowercases headers, and moves cookies to `cookies`', async () => {
    const { events, url } = await recordingGateway([{ method: 'POST', path: '/v1/alerts', auth: 'none' }]);

    await fetch(`${url}/v1/alerts`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Trace': 'a', Cookie: 'a=1; b=2' },
      body: '{"amount":1}',
    });

    const event = events[0]!;
    expect(event.body).toBe('{"amount":1}');
    expect(event.isBase64Encoded).toBe(false);
    expect(event.headers['content-type']).toBe('application/json');
    expect(event.headers['x-trace']).toBe('a');
    expect(event.headers.cookie).toBeUndefined();
    expect(event.cookies).toEqual(['a=1', 'b=2']);
  });

  it('base64-encodes a binary body', async () => {
    const { events, url } = await recordingGateway([{ method: 'PUT', path: '/v1/files', auth: 'none' }]);

    await fetch(`${url}/v1/files`, {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream' },
      body: new Uint8Array([0, 255, 1]),
    });

    expect(events[0]).toMatchObject({
      isBase64Encoded: true,
      body: Buffer.from([0, 255, 1]).toString('base64'),
    });
  });

  it('answers 401 as API Gateway does ({"message":"Unauthorized"}) without calling the handler when the token is missing', async () => {
    const { events, url } = await recordingGateway([{ method: 'GET', path: '/v1/cases', auth: 'jwt' }]);

    const response = await fetch(`${url}/v1/cases`);

    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ message: 'Unauthorized' });
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect(events).toHaveLength(0);
  });

  it('answers 401 when the token does not verify', async () => {
    const { events, url } = await recordingGateway([{ method: 'GET', path: '/v1/cases', auth: 'jwt' }]);

    const response = await fetch(`${url}/v1/cases`, { headers: { authorization: 'Bearer forged' } });

    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ message: 'Unauthorized' });
    expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect(events).toHaveLength(0);
  });

  it('puts a verified token’s claims, as strings, in requestContext.authorizer.jwt', async () => {
    const { events, url } = await recordingGateway([{ method: 'GET', path: '/v1/cases', auth: 'jwt' }]);

    await fetch(`${url}/v1/cases`, { headers: { authorization: 'Bearer good' } });

    expect(events[0]!.requestContext.authorizer.jwt).toEqual({
      claims: { role: 'township', unit: '532931101', exp: '1797653008', aud: '[fanpin]' },
      scopes: null,
    });
  });

  it('answers 404 as API Gateway does ({"message":"Not Found"}) for an unknown route', async () => {
    const { url } = await recordingGateway([{ method: 'GET', path: '/v1/health', auth: 'none' }]);

    const response = await fetch(`${url}/v1/nowhere`);

    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ message: 'Not Found' });
  });

  it('answers 503 without calling a handler until the stack is ready, then serves (Readiness)', async () => {
    let ready = false;
    let calls = 0;
    gateway = await startHttpGateway({
      routes: [
        {
          method: 'GET',
          path: '/v1/health',
          auth: 'none',
          handler: async () => {
            calls++;
            return { statusCode: 200, body: '{}' };
          },
        },
      ],
      ready: () => ready,
    });

    const early = await fetch(`${gateway.url}/v1/health`);
    ready = true;
    const later = await fetch(`${gateway.url}/v1/health`);

    expect(early.status).toBe(503);
    expect(early.headers.get('retry-after')).toBe('1');
    expect(await early.json()).toMatchObject({ error: { code: 'not_ready' } });
    expect(later.status).toBe(200);
    expect(calls).toBe(1);
  });

  it('writes a structured v2 result: status, headers, cookies and a base64 body', async () => {
    const { url } = await recordingGateway([{ method: 'GET', path: '/v1/x', auth: 'none' }], async () => ({
      statusCode: 201,
      headers: { 'X-Version': 3 as unknown as string, 'content-type': 'text/plain' },
      cookies: ['s=1; Path=/'],
      body: Buffer.from('héllo').toString('base64'),
      isBase64Encoded: true,
    }));

    const response = await fetch(`${url}/v1/x`);

    expect(response.status).toBe(201);
    expect(response.headers.get('x-version')).toBe('3');
    expect(response.headers.get('set-cookie')).toBe('s=1; Path=/');
    expect(await response.text()).toBe('héllo');
  });

  it('answers a plain object result as 200 JSON, as API Gateway does without a statusCode', async () => {
    const { url } = await recordingGateway([{ method: 'GET', path: '/v1/x', auth: 'none' }], async () => ({
      ok: true,
    }));

    const response = await fetch(`${url}/v1/x`);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ ok: true });
  });

  it('answers 500 as API Gateway does ({"message":"Internal Server Error"}), hiding the message, when the handler throws', async () => {
    const { url } = await recordingGateway([{ method: 'GET', path: '/v1/x', auth: 'none' }], async () => {
      throw new Error('secret detail');
    });

    const response = await fetch(`${url}/v1/x`);

    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ message: 'Internal Server Error' });
  });

  it('refuses to start on a port that is taken, with a clear message', async () => {
    const { url } = await recordingGateway([]);
    const port = Number(new URL(url).port);

    await expect(startHttpGateway({ routes: [], port })).rejects.toThrow(`port ${port} is already in use`);
  });
});
