/// <reference lib="dom" />
// The API's documentation page /docs (ADR 0020) in a real headless Chromium (@sparticuz/chromium, driven
// by puppeteer-core): the local gateway with the real OpenAPI handler and the web app's files, under the
// web app's Content-Security-Policy, as `npm start` serves them. Swagger UI must render every operation
// of /v1/openapi.json with its Chinese summary, and show an example answer, without a CSP violation or
// a request leaving the origin.
import chromium from '@sparticuz/chromium';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '../../lib/http/openapi';
import { localHandlers } from '../../lib/local/handlers';
import { type HttpGateway, startHttpGateway } from '../../lib/local/http-gateway';
import { webFiles } from '../../lib/local/web-app';

type Doc = { paths: Record<string, Record<string, { summary?: string }>> };

let gateway: HttpGateway;
let browser: Browser;
let page: Page;
const problems: string[] = [];
const elsewhere: string[] = [];

beforeAll(async () => {
  gateway = await startHttpGateway({
    routes: localHandlers.routes.filter((r) => r.path === '/v1/openapi.json'),
    files: await webFiles(),
  });
  browser = await puppeteer.launch({
    executablePath: await chromium.executablePath(),
    args: chromium.args,
    headless: true,
  });
  page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(String(e)));
  page.on('request', (r) => {
    if (!r.url().startsWith(gateway.url) && !r.url().startsWith('data:')) elsewhere.push(r.url());
  });
  await page.goto(`${gateway.url}/docs`, { waitUntil: 'networkidle0' });
  await page.waitForSelector('.opblock', { timeout: 20_000 });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await gateway?.close();
});

describe('the /docs page', () => {
  it('ADR 0020: renders every operation of the OpenAPI document with its method, path and Chinese summary', async () => {
    const doc = openApiDocument() as Doc;
    const expected = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({
        method: method.toUpperCase(),
        path,
        summary: op.summary,
      })),
    );
    const shown = await page.$$eval('.opblock', (blocks) =>
      blocks.map((b) => ({
        method: b.querySelector('.opblock-summary-method')?.textContent?.trim() ?? '',
        path: b.querySelector('.opblock-summary-path')?.getAttribute('data-path') ?? '',
        summary: b.querySelector('.opblock-summary-description')?.textContent?.trim() ?? '',
      })),
    );

    expect(shown.map(({ method, path }) => `${method} ${path}`).sort()).toEqual(
      expected.map(({ method, path }) => `${method} ${path}`).sort(),
    );
    expect(shown.every((s) => /[\u4e00-\u9fff]/.test(s.summary))).toBe(true);
  });

  it('ADR 0020: shows an operation’s example answer when it is opened', async () => {
    const block = await page.evaluateHandle(
      () =>
        [...document.querySelectorAll('.opblock-get')].find(
          (b) => b.querySelector('.opblock-summary-path')?.getAttribute('data-path') === '/v1/units/{code}',
        )!,
    );
    await (await block.asElement()!.$('.opblock-summary-control'))!.click();
    await page.waitForFunction(
      (b) => (b as Element).querySelector('.responses-wrapper .microlight, .responses-wrapper pre'),
      {},
      block,
    );
    const answers = await page.evaluate(
      (b) => (b as Element).querySelector('.responses-wrapper')?.textContent ?? '',
      block,
    );

    expect(answers).toContain('城关镇');
    expect(answers).toContain('outside your scope, or not found');
  });

  it('ADR 0020: runs under the web app’s Content-Security-Policy with nothing fetched from elsewhere', () => {
    expect(problems).toEqual([]);
    expect(elsewhere).toEqual([]);
  });
});
