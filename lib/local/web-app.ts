// The officers' web app on the local stack (ADR 0015), with the API's documentation page /docs (ADR 0020):
// built in memory by web/build.ts when the stack starts, served at / on the API's origin with the headers
// a deployment gives it (a Content-Security-Policy, no-cache HTML, year-long immutable hashed assets), its
// /config.json (sign in locally), and a local-only sign-in for the demo officers.
import { buildWebApp, contentSecurityPolicy, localWebConfig } from '../../web/build';
import type { GatewayRoute, HttpResult } from './http-gateway';
import { checkSubject, type LocalTokens, TokenError } from './tokens';

/** Headers of every file of the app. */
export function webHeaders(contentType: string, immutable: boolean): Record<string, string> {
  return {
    'content-type': contentType,
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    'content-security-policy': contentSecurityPolicy,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  };
}

/** The app's files by URL path (`/` and `/index.html` are the page). */
export async function webFiles(): Promise<(rawPath: string) => HttpResult | null> {
  const files = new Map<string, HttpResult>();
  for (const asset of await buildWebApp()) {
    files.set(asset.path, {
      statusCode: 200,
      headers: webHeaders(asset.contentType, asset.immutable),
      body: asset.body,
    });
  }
  const index = files.get('/');
  if (index) files.set('/index.html', index);
  // What the page reads before its first render: sign in with the demo officers (web/src/config.ts).
  files.set('/config.json', {
    statusCode: 200,
    headers: webHeaders('application/json; charset=utf-8', false),
    body: Buffer.from(JSON.stringify(localWebConfig)),
  });
  return (rawPath) => files.get(rawPath) ?? null;
}

/** Demo tokens live this long: a working day. */
const demoTokenTtlSeconds = 8 * 3600;

/** POST /local/token {role, unit} → {token}: the sign-in page's demo officers (local stack only; anyone
 *  who can reach it could also run `fanpin token`). */
export function localTokenRoute(tokens: LocalTokens): GatewayRoute {
  const answer = (statusCode: number, body: unknown) => ({
    statusCode,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
    body: JSON.stringify(body),
  });
  return {
    method: 'POST',
    path: '/local/token',
    auth: 'none',
    functionName: 'local-token',
    handler: async (event) => {
      let subject: { role: string; unit: string };
      try {
        const body = JSON.parse(event.body ?? '{}') as Record<string, unknown>;
        subject = { role: String(body.role ?? ''), unit: String(body.unit ?? '') };
        checkSubject(subject);
      } catch (e) {
        const message = e instanceof TokenError ? e.message : 'a JSON body {role, unit} is required';
        return answer(400, { error: { code: 'validation_failed', message, details: [] } });
      }
      return answer(200, { token: await tokens.issueToken(subject, { ttlSeconds: demoTokenTtlSeconds }) });
    },
  };
}
