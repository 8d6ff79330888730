// The web app's build (ADR 0015): its first page's JavaScript within the 150 KB gzipped budget, the typed
// client's paths current with the API's OpenAPI document, and the headers the local stack serves it with.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { webFiles } from '../../lib/local/web-app';
import { buildWebApp } from '../../web/build';
import { apiTypesSource } from '../../web/generate-api-types';

describe('the web app build', () => {
  it("keeps the first page's JavaScript within 150 KB gzipped, in content-hashed files the page names", async () => {
    const assets = await buildWebApp();
    const index = assets.find((a) => a.path === '/')!.body.toString();
    const scripts = assets.filter((a) => a.path.endsWith('.js') && index.includes(a.path));
    const gzipped = scripts.reduce((sum, a) => sum + gzipSync(a.body).length, 0);

    expect(scripts.map((a) => a.path)).toEqual([expect.stringMatching(/^\/assets\/main-[A-Z0-9]{8}\.js$/)]);
    expect(index).not.toContain('/assets/docs-');
    expect(index).toContain(`<script type="module" src="${scripts[0]!.path}"></script>`);
    expect(index).toMatch(/<link rel="stylesheet" href="\/assets\/main-[A-Z0-9]{8}\.css">/);
    expect(index).not.toMatch(/<script>|<style>|style="/);
    expect(gzipped).toBeLessThanOrEqual(150 * 1024);
  });

  it('has API types generated from the current OpenAPI document (else: npm run web:types)', async () => {
    const committed = readFileSync(new URL('../../web/src/api-types.ts', import.meta.url), 'utf8');

    expect(
      committed === (await apiTypesSource()),
      'web/src/api-types.ts is stale: run npm run web:types',
    ).toBe(true);
  });

  it('serves the page no-cache and hashed assets immutable, each with the Content-Security-Policy', async () => {
    const files = await webFiles();
    const page = files('/')!;
    const script = (await buildWebApp()).find((a) => a.path.endsWith('.js'))!;
    const asset = files(script.path)!;

    expect(page.headers).toMatchObject({
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
    });
    expect(page.headers['content-security-policy']).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    );
    expect(asset.headers).toMatchObject({
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=31536000, immutable',
    });
    expect(files('/index.html')).toBe(page);
    expect(files('/v1/nothing')).toBeNull();
  });

  it('ADR 0020: builds /docs, Swagger UI in its own hashed files from swagger-ui-dist, served like the page', async () => {
    const assets = await buildWebApp();
    const docs = assets.find((a) => a.path === '/docs')!.body.toString();
    const named = assets.filter((a) => docs.includes(`"${a.path}"`)).map((a) => a.path);
    const files = await webFiles();

    expect(named).toEqual([
      expect.stringMatching(/^\/assets\/docs-[A-Z0-9]{8}\.js$/),
      expect.stringMatching(/^\/assets\/docs-[A-Z0-9]{8}\.css$/),
    ]);
    // Swagger UI itself, bundled (no CDN): its constructor and its stylesheet's own class names.
    const script = assets.find((a) => a.path === named[0])!.body.toString();
    expect(script).toContain('/v1/openapi.json');
    expect(script).toContain('swagger-ui');
    expect(assets.find((a) => a.path === named[1])!.body.toString()).toContain('.swagger-ui');
    expect(docs).not.toMatch(/<script>|<style>|style="|https?:\/\//);
    expect(files('/docs')!.headers).toEqual(files('/')!.headers);
  });

  it('serves /config.json no-cache, telling the page to sign in with the local demo officers', async () => {
    const config = (await webFiles())('/config.json')!;

    expect(config.headers).toMatchObject({
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-cache',
    });
    expect(JSON.parse(config.body.toString())).toEqual({ signIn: 'local' });
  });
});
