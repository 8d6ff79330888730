// `npm run screenshots`: pictures of the web app's pages at 390×844 (a phone) and 1440×900 (a desk) in
// docs/web/, taken from a running local stack with the demo county (npm start; run `npx fanpin sweep daily`
// once so cases are open, and `npx fanpin sweep monthly` so last month's reports exist). A shot with
// `scroll` shows the page from that section down (the township's monthly report, the county's trends). Chinese text needs a CJK font on the machine (fonts-wqy-microhei); the tests do
// not. FANPIN_DATA_DIR picks the stack's data directory (default .fanpin).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import chromium from '@sparticuz/chromium';
import puppeteer, { type Page } from 'puppeteer-core';
import { requireRunningStack } from '../lib/local/local-file';
import { localTokens } from '../lib/local/tokens';

const dataDir = process.env.FANPIN_DATA_DIR ?? '.fanpin';
const out = path.resolve('docs/web');
const viewports = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desk', width: 1440, height: 900 },
] as const;

const stack = await requireRunningStack(dataDir);
const tokens = await localTokens(dataDir);
const tokenOf = (role: 'village' | 'township' | 'county', unit: string) => tokens.issueToken({ role, unit });

/** An overdue household of the township, red if there is one (its grade has the most to explain). */
async function overdueHousehold(
  token: string,
  township: string,
): Promise<{ householdId: string; villageCode: string }> {
  for (const grade of ['&grade=red', '']) {
    const answer = await fetch(`${stack.api}/v1/units/${township}/households?overdue=true&limit=1${grade}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const { items } = (await answer.json()) as { items: { householdId: string; villageCode: string }[] };
    if (items[0]) return items[0];
  }
  throw new Error(`no overdue household in ${township}: run npx fanpin sweep daily first`);
}

const townshipToken = await tokenOf('township', '532931101');
const household = await overdueHousehold(townshipToken, '532931101');
const villageToken = await tokenOf('village', household.villageCode);
const countyToken = await tokenOf('county', '532931');
const shots: { name: string; token: string | null; hash: string; scroll?: string }[] = [
  { name: 'sign-in', token: null, hash: '' },
  { name: 'village', token: villageToken, hash: '#/' },
  { name: 'household', token: villageToken, hash: `#/households/${household.householdId}` },
  { name: 'township', token: townshipToken, hash: '#/' },
  { name: 'township-report', token: townshipToken, hash: '#/', scroll: '#cases' },
  { name: 'county', token: countyToken, hash: '#/' },
  { name: 'county-trends', token: countyToken, hash: '#/', scroll: '#report' },
];

mkdirSync(out, { recursive: true });
const browser = await puppeteer.launch({
  executablePath: await chromium.executablePath(),
  args: chromium.args,
  headless: true,
});
try {
  for (const viewport of viewports) {
    for (const shot of shots) {
      const page: Page = await browser.newPage();
      await page.setViewport({ width: viewport.width, height: viewport.height });
      await page.goto(shot.token ? `${stack.api}/#token=${shot.token}` : `${stack.api}/`);
      if (shot.hash && shot.hash !== '#/')
        await page.evaluate(`location.hash = ${JSON.stringify(shot.hash)}`);
      await page.waitForNetworkIdle({ idleTime: 300 });
      if (shot.scroll) {
        await page.$eval(shot.scroll, (e) => e.scrollIntoView());
        await page.waitForNetworkIdle({ idleTime: 100 });
      }
      const file = path.join(out, `${shot.name}-${viewport.width}x${viewport.height}.png`);
      await page.screenshot({ path: file });
      console.log(path.relative(process.cwd(), file));
      await page.close();
    }
  }
} finally {
  await browser.close();
}
