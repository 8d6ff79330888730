// `npm run screenshots:digests`: pictures of the county and township digests (issue 21) at phone width
// (390 px) in docs/digests/, as the mail's HTML renders them. No running stack: the demo county and its past
// (lib/local/demo-county.ts) are seeded into a memory store as of a fixed day, so the pictures only change
// when the digest's content or layout does. Chinese text needs a CJK font on the machine (fonts-wqy-microhei).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import chromium from '@sparticuz/chromium';
import puppeteer from 'puppeteer-core';
import { createMemoryIdVault } from '../lib/adapters/memory/memory-id-vault';
import { createMemoryStore } from '../lib/adapters/memory/memory-store';
import { buildUnitDigest } from '../lib/app/send-digest';
import { defaultPolicy } from '../lib/domain/policy';
import { renderDigestHtml } from '../lib/domain/render/digest-html';
import { renderDigestText } from '../lib/domain/render/digest-text';
import { WorkingDayCalendar } from '../lib/domain/working-days';
import { seedDemoInto } from '../lib/local/demo-county';

const asOf = '2026-12-08T08:30:00+08:00';
const out = path.resolve('docs/digests');
const store = createMemoryStore();
const calendar = WorkingDayCalendar.chinaOfficial();
let id = 0;
await seedDemoInto(
  {
    store,
    policyFor: () => defaultPolicy,
    calendar,
    newId: () => `demo-${++id}`,
    idNumbers: createMemoryIdVault(),
  },
  asOf,
  (line) => console.log(line),
);

const render = { webBaseUrl: 'https://fanpin.example.gov.cn' };
const digests = [
  {
    name: 'county',
    digest: await buildUnitDigest({ store, calendar }, { level: 'county', code: '532931' }, asOf),
  },
  {
    name: 'township',
    digest: await buildUnitDigest({ store, calendar }, { level: 'township', code: '532931101' }, asOf),
  },
];

mkdirSync(out, { recursive: true });
const browser = await puppeteer.launch({
  executablePath: await chromium.executablePath(),
  args: chromium.args,
  headless: true,
});
try {
  for (const { name, digest } of digests) {
    writeFileSync(path.join(out, `${name}.txt`), renderDigestText(digest, render));
    const page = await browser.newPage();
    await page.setViewport({ width: 390, height: 844 });
    await page.setContent(renderDigestHtml(digest, render), { waitUntil: 'load' });
    const file = path.join(out, `${name}-390.png`);
    await page.screenshot({ path: file, fullPage: true });
    console.log(path.relative(process.cwd(), file));
    await page.close();
  }
} finally {
  await browser.close();
}
