// A tiny OIDC provider on 127.0.0.1 for the web app's sign-in test: discovery, an authorization endpoint
// that signs the officer in at once and sends the browser back with a code, a token endpoint that checks
// the PKCE verifier (S256) against the challenge and answers with an access token the local stack accepts
// (and a refresh token for the silent renewal), and an end-session endpoint. It records every request.
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeOidc {
  issuer: string;
  authorizations: URLSearchParams[];
  /** Token requests with whether the PKCE verifier matched the code's challenge. */
  tokenRequests: { form: URLSearchParams; pkceVerified: boolean }[];
  logouts: URLSearchParams[];
  close(): Promise<void>;
}

const base64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');

/** `accessToken` issues the bearer token the API will verify (the local stack's key). */
export async function startFakeOidc(options: {
  clientId: string;
  accessToken: () => Promise<string>;
  expiresIn: number;
  /** false: no refresh token, so the page cannot renew silently and must sign in again (default true). */
  refreshTokens?: boolean;
}): Promise<FakeOidc> {
  const codes = new Map<string, { challenge: string; redirectUri: string; nonce: string | null }>();
  const authorizations: URLSearchParams[] = [];
  const tokenRequests: FakeOidc['tokenRequests'] = [];
  const logouts: URLSearchParams[] = [];
  let issuer = '';
  const cors = { 'access-control-allow-origin': '*', 'access-control-allow-headers': '*' };
  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...cors });
    res.end(JSON.stringify(body));
  };
  const idToken = (nonce: string | null) =>
    [
      base64url(JSON.stringify({ alg: 'none', typ: 'JWT' })),
      base64url(
        JSON.stringify({
          iss: issuer,
          aud: options.clientId,
          sub: 'officer-1',
          iat: Math.floor(Date.now() / 1000),
          exp: Math.floor(Date.now() / 1000) + options.expiresIn,
          ...(nonce ? { nonce } : {}),
        }),
      ),
      'unsigned',
    ].join('.');
  const tokens = async (res: ServerResponse, nonce: string | null) =>
    json(res, 200, {
      access_token: await options.accessToken(),
      id_token: idToken(nonce),
      ...(options.refreshTokens === false ? {} : { refresh_token: randomUUID() }),
      token_type: 'Bearer',
      expires_in: options.expiresIn,
    });
  const readForm = (req: IncomingMessage) =>
    new Promise<URLSearchParams>((resolve) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => resolve(new URLSearchParams(body)));
    });

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { ...cors, 'access-control-allow-methods': 'GET, POST' });
      res.end();
    } else if (url.pathname === '/.well-known/openid-configuration') {
      json(res, 200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        end_session_endpoint: `${issuer}/logout`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'],
        code_challenge_methods_supported: ['S256'],
      });
    } else if (url.pathname === '/authorize') {
      const q = url.searchParams;
      authorizations.push(q);
      const code = randomUUID();
      codes.set(code, {
        challenge: q.get('code_challenge') ?? '',
        redirectUri: q.get('redirect_uri') ?? '',
        nonce: q.get('nonce'),
      });
      const back = new URL(q.get('redirect_uri') ?? '');
      back.searchParams.set('code', code);
      back.searchParams.set('state', q.get('state') ?? '');
      res.writeHead(302, { location: back.toString() });
      res.end();
    } else if (url.pathname === '/token' && req.method === 'POST') {
      const form = await readForm(req);
      if (form.get('grant_type') === 'refresh_token') {
        tokenRequests.push({ form, pkceVerified: false });
        await tokens(res, null);
        return;
      }
      const issued = codes.get(form.get('code') ?? '');
      codes.delete(form.get('code') ?? '');
      const pkceVerified =
        issued !== undefined &&
        base64url(
          createHash('sha256')
            .update(form.get('code_verifier') ?? '')
            .digest(),
        ) === issued.challenge &&
        form.get('redirect_uri') === issued.redirectUri;
      tokenRequests.push({ form, pkceVerified });
      if (!pkceVerified) json(res, 400, { error: 'invalid_grant' });
      else await tokens(res, issued.nonce);
    } else if (url.pathname === '/logout') {
      logouts.push(url.searchParams);
      res.writeHead(302, { location: url.searchParams.get('post_logout_redirect_uri') ?? '/' });
      res.end();
    } else {
      json(res, 404, { error: 'not_found' });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    authorizations,
    tokenRequests,
    logouts,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
