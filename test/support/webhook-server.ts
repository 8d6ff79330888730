// A stand-in for the WeCom and DingTalk robot webhooks (issue 21): an HTTP server on 127.0.0.1 that records
// every request and answers from a script (HTTP status and errcode per request; default 200 errcode 0).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  contentType: string | undefined;
  body: unknown;
}

export interface WebhookServer {
  /** http://127.0.0.1:PORT */
  origin: string;
  requests: RecordedRequest[];
  /** Answers for the next requests, in order: an HTTP status, or {errcode} with 200. */
  script: ({ status: number } | { errcode: number })[];
  close(): Promise<void>;
}

export async function startWebhookServer(): Promise<WebhookServer> {
  const requests: RecordedRequest[] = [];
  const state: WebhookServer = { origin: '', requests, script: [], close: async () => {} };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {}
      requests.push({
        method: req.method ?? '',
        path: url.pathname,
        query: url.searchParams,
        contentType: req.headers['content-type'],
        body,
      });
      const next = state.script.shift() ?? { errcode: 0 };
      if ('status' in next) {
        res.writeHead(next.status, { 'content-type': 'text/plain' }).end('busy');
        return;
      }
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ errcode: next.errcode, errmsg: next.errcode === 0 ? 'ok' : 'error' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}
