// Builds the officers' web app (ADR 0015): esbuild bundles web/src/main.tsx and its CSS into
// content-hashed files, and index.html names them. Beside it, the API's documentation page /docs
// (ADR 0020): web/src/docs.ts with Swagger UI from swagger-ui-dist, its own hashed files, which the
// officers' page never loads. The local stack builds both in memory when it starts; `npm run web:build`
// writes the same files to web/dist/ for a deployment (the page /docs as docs.html).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import type { WebConfig } from './src/config';

const webDir = path.dirname(fileURLToPath(import.meta.url));

export interface WebAsset {
  /** URL path: `/`, `/assets/main-3FQ2X7.js`. */
  path: string;
  contentType: string;
  body: Buffer;
  /** Content-hashed: may be cached for a year. */
  immutable: boolean;
}

/** The Content-Security-Policy of every answer of the app: its own origin only, no inline code; on AWS
 *  the page may also fetch from the OIDC provider's origins (discovery, token and its renewal). */
export function contentSecurityPolicyFor(connectOrigins: readonly string[] = []): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    ["connect-src 'self'", ...connectOrigins].join(' '),
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The local stack's policy: its own origin only. */
export const contentSecurityPolicy = contentSecurityPolicyFor();

/** `/config.json` of the local stack: the demo officers' sign-in (web/src/config.ts). */
export const localWebConfig: WebConfig = { signIn: 'local' };

const types: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
};

/** The documentation page's path (served as `docs.html` from web/dist on AWS: docs/deploy.md). */
export const docsPath = '/docs';

function docsHtml(scripts: string[], styles: string[]): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>fanpin API 接口文档</title>
${styles.map((s) => `<link rel="stylesheet" href="${s}">`).join('\n')}
${scripts.map((s) => `<script type="module" src="${s}"></script>`).join('\n')}
</head>
<body>
<div id="docs"><noscript>请启用 JavaScript；机器可读的接口描述：<a href="/v1/openapi.json">/v1/openapi.json</a>。</noscript></div>
</body>
</html>
`;
}

function indexHtml(scripts: string[], styles: string[]): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>防返贫监测</title>
${styles.map((s) => `<link rel="stylesheet" href="${s}">`).join('\n')}
${scripts.map((s) => `<script type="module" src="${s}"></script>`).join('\n')}
</head>
<body>
<div id="app"><noscript>请启用 JavaScript。</noscript></div>
</body>
</html>
`;
}

/** Every file of the app, index.html first, then the documentation page /docs. */
export async function buildWebApp(): Promise<WebAsset[]> {
  const result = await esbuild.build({
    entryPoints: [path.join(webDir, 'src/main.tsx'), path.join(webDir, 'src/docs.ts')],
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['es2022', 'chrome100', 'safari16'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    entryNames: '[name]-[hash]',
    outdir: path.join(webDir, 'dist/assets'),
    write: false,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const assets: WebAsset[] = result.outputFiles.map((file) => {
    const name = path.basename(file.path);
    return {
      path: `/assets/${name}`,
      contentType: types[path.extname(name)] ?? 'application/octet-stream',
      body: Buffer.from(file.contents),
      immutable: true,
    };
  });
  const of = (entry: string, ext: string) =>
    assets.filter((a) => a.path.startsWith(`/assets/${entry}-`) && a.path.endsWith(ext)).map((a) => a.path);
  const page = (at: string, html: string): WebAsset => ({
    path: at,
    contentType: types['.html']!,
    body: Buffer.from(html),
    immutable: false,
  });
  return [
    page('/', indexHtml(of('main', '.js'), of('main', '.css'))),
    page(docsPath, docsHtml(of('docs', '.js'), of('docs', '.css'))),
    ...assets,
  ];
}

/** Writes every file of the app under `dist` (emptied first): the pages as index.html and docs.html,
 *  the assets under assets/. Returns each file's path and size. */
export async function writeWebApp(dist: string): Promise<{ file: string; bytes: number }[]> {
  rmSync(dist, { recursive: true, force: true });
  const written: { file: string; bytes: number }[] = [];
  for (const asset of await buildWebApp()) {
    const name = asset.path === '/' ? 'index.html' : asset.path === docsPath ? 'docs.html' : asset.path;
    const file = path.join(dist, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, asset.body);
    written.push({ file, bytes: asset.body.length });
  }
  return written;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const { file, bytes } of await writeWebApp(path.join(webDir, 'dist'))) {
    console.log(`${path.relative(process.cwd(), file)}  ${bytes} bytes`);
  }
}
