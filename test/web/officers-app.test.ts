/// <reference lib="dom" />
// The officers' web app in a real headless Chromium (@sparticuz/chromium's binary from npm, driven by
// puppeteer-core) against the local stack with its real handlers, started as `npm start` starts it. A
// small county is imported and swept daily so that a red household's visit is overdue with its case open.
// If Chromium cannot start, beforeAll throws and every test here fails: nothing is skipped.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import chromium from '@sparticuz/chromium';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoStore } from '../../lib/adapters/dynamodb/dynamo-store';
import { residentIdCheckDigit } from '../../lib/domain/resident-id';
import { addDays, addMonthsToMonth, localDateOf, monthOf } from '../../lib/domain/time';
import type { LocalStackInfo } from '../../lib/local/local-file';
import { localTokens } from '../../lib/local/tokens';
import { startFakeOidc } from '../support/fake-oidc';

const bin = path.resolve('bin/fanpin.mjs');
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const redHousehold = 'H532931101201001';
const otherTownshipHousehold = 'H532931102201001';
const keyboardHousehold = 'H532931101201002';
const stableHousehold = 'H532931103201001';
const conflictHousehold = 'H532931101201003';
const retryHousehold = 'H532931101201004';
const expiryHousehold = 'H532931101201005';

let dataDir: string;
let stack: ChildProcess;
let info: LocalStackInfo;
let browser: Browser;
let tokenOf: (role: 'village' | 'township' | 'county', unit: string) => Promise<string>;

function run(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const child = spawn(process.execPath, [bin, ...args, '--data-dir', dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    child.on('exit', (code) =>
      code === 0 ? resolve(output) : reject(new Error(`fanpin ${args[0]}: ${output}`)),
    );
  });
}

const idNumber = (first17: string) => first17 + residentIdCheckDigit(first17);

/** Monitored households: three red (per-capita 3,000 yuan) with a measure-less, overdue last visit. */
function countyCsv(today: string): string {
  const header =
    'householdId,villageCode,headName,headIdNumber,category,status,members,laborFull,laborPartial,wageIncome,businessIncome,propertyIncome,transferIncome,priorYearNetIncome,largeExpenditure,food,clothing,education,medical,housing,water,riskFactors,monitoredSince,contactName,lastVisitDate';
  const row = (id: string, village: string, name: string, seq: string, wage = '6000') =>
    [
      id,
      village,
      name,
      idNumber(`532931197503${seq}021`),
      'edge',
      'monitored',
      '2',
      '1',
      '0',
      wage,
      '0',
      '0',
      '0',
      wage,
      '0',
      '1',
      '1',
      '1',
      '1',
      '1',
      '1',
      '因病',
      addDays(today, -200),
      '李联络',
      addDays(today, -40),
    ].join(',');
  return `${header}\n${[
    row(redHousehold, '532931101201', '张桂芳', '12'),
    row(keyboardHousehold, '532931101201', '刘春燕', '14'),
    row(conflictHousehold, '532931101201', '赵秀英', '16'),
    row(retryHousehold, '532931101201', '孙海波', '17'),
    row(expiryHousehold, '532931101201', '周丽华', '18'),
    row(otherTownshipHousehold, '532931102201', '王建国', '13'),
    // Per-capita 12,000 yuan, above the monitoring line: blue, and eligible once a measure has started
    // and six monthly assessments were above the line.
    row(stableHousehold, '532931103201', '陈志强', '15', '24000'),
  ].join('\n')}\n`;
}

async function openAs(role: 'village' | 'township' | 'county', unit: string, hash = '#/'): Promise<Page> {
  const page = await browser.newPage();
  // Only so that the accessibility check can inject axe-core: the app's own CSP is tested in web-build.
  await page.setBypassCSP(true);
  await page.setViewport({ width: 390, height: 844 });
  await page.goto(`${info.api}/#token=${await tokenOf(role, unit)}`);
  if (hash !== '#/') await page.evaluate(`location.hash = ${JSON.stringify(hash)}`);
  return page;
}

const textOf = (page: Page, selector: string) => page.$eval(selector, (e) => e.textContent ?? '');

async function apiGet<T>(token: string, url: string): Promise<T> {
  const answer = await fetch(`${info.api}${url}`, { headers: { authorization: `Bearer ${token}` } });
  if (!answer.ok) throw new Error(`GET ${url}: ${answer.status}`);
  return (await answer.json()) as T;
}

async function apiPost(token: string, url: string, body: unknown): Promise<void> {
  const answer = await fetch(`${info.api}${url}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!answer.ok) throw new Error(`POST ${url}: ${answer.status} ${await answer.text()}`);
}

/** The last six months' assessments of a household as the monthly sweeps would have written them. */
const localStore = () =>
  createDynamoStore({
    client: new DynamoDBClient({
      endpoint: info.dynamodbEndpoint,
      region: info.region,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
    tableName: info.tableName,
  });

async function sixStableMonths(householdId: string, today: string): Promise<void> {
  const store = localStore();
  const household = await store.households.get(householdId);
  const assessment = household!.assessment!;
  const assessments = [0, -1, -2, -3, -4, -5].map((n) => ({
    ...assessment,
    householdId,
    month: addMonthsToMonth(monthOf(today), n),
    aboveMonitoringLine: true,
  }));
  await store.commit({ assessments });
}

/** D4: the village's public notice started `days` days ago (the test cannot wait for it to run). */
async function noticeStarted(householdId: string, days: number, today: string): Promise<void> {
  const store = localStore();
  const h = (await store.households.get(householdId))!;
  await store.commit({
    households: [
      {
        household: { ...h, procedure: { ...h.procedure!, publicNoticeFrom: addDays(today, -days) } },
        expectedVersion: h.version,
      },
    ],
  });
}

interface CaseAnswer {
  caseId: string;
  kind: string;
  level: string;
  deadline: string | null;
  acknowledgements: unknown[];
}

/** axe-core's serious and critical violations on the page as it is (rule id and how many nodes). */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: axePath });
  const found = (await page.evaluate(
    `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })`,
  )) as { violations: { id: string; impact: string | null; nodes: unknown[] }[] };
  return found.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.nodes.length})`);
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'fanpin-web-'));
  stack = spawn(
    process.execPath,
    [bin, 'local', '--port', '0', '--data-dir', dataDir, '--no-demo', '--no-schedules'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  stack.stdout!.on('data', (d) => (output += d));
  stack.stderr!.on('data', (d) => (output += d));
  const file = path.join(dataDir, 'local.json');
  const deadline = Date.now() + 60_000;
  while (!existsSync(file)) {
    if (stack.exitCode !== null) throw new Error(`the stack exited: ${output}`);
    if (Date.now() > deadline) throw new Error(`no local.json after 60 s: ${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  info = JSON.parse(readFileSync(file, 'utf8')) as LocalStackInfo;
  const today = localDateOf(new Date().toISOString(), 'Asia/Shanghai');
  const csv = path.join(dataDir, 'county.csv');
  writeFileSync(csv, countyCsv(today));
  const [, tokens] = await Promise.all([
    run(['import', 'households', csv]).then(() => run(['sweep', 'daily'])),
    localTokens(dataDir),
  ]);
  tokenOf = (role, unit) => tokens.issueToken({ role, unit });
  browser = await puppeteer.launch({
    executablePath: await chromium.executablePath(),
    args: chromium.args,
    headless: true,
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (stack && stack.exitCode === null) {
    await new Promise((resolve) => {
      stack.once('exit', resolve);
      stack.kill('SIGTERM');
    });
  }
});

describe('the officers’ web app', () => {
  it('a village officer signs in, records a home visit for an overdue red household and sees its case resolved', async () => {
    const page = await openAs('village', '532931101201');
    const link = await page.waitForSelector(`ul.households a[href="#/households/${redHousehold}"]`);
    const listed = await link!.evaluate((a) => a.textContent ?? '');
    const addressAfterSignIn = page.url();
    await page.waitForFunction(() => document.querySelector('ul.cases')?.textContent?.includes('走访逾期'));
    const caseBefore = await textOf(page, 'ul.cases');

    await link!.click();
    await page.waitForSelector('#visit-visitor');
    const gradeLine = await textOf(page, 'h1');
    await page.type('#visit-visitor', '李联络');
    await page.type('#visit-findings', '入户走访，了解务工和就医情况');
    await page.click('form.visit button[type="submit"]');
    const result = await page.waitForSelector('p[role="status"]');
    const said = await result!.evaluate((p) => p.textContent ?? '');
    await page.waitForFunction(() => !document.querySelector('ul.cases')?.textContent?.includes('走访逾期'));
    await page.close();

    expect(addressAfterSignIn).toBe(`${info.api}/#/`);
    expect(listed).toContain('红色');
    expect(listed).toContain('张*芳');
    expect(listed).toMatch(/逾期 \d+ 天/);
    expect(caseBefore).toMatch(/走访逾期.*还剩\d个工作日，之后上报乡镇|走访逾期.*今日到期/);
    expect(gradeLine).toContain('红色');
    expect(said).toContain('已记录走访');
    expect(said).toContain('已解决案件：走访逾期');
  });

  it("a township officer opening another township's household sees a plain refusal", async () => {
    const page = await openAs('township', '532931101', `#/households/${otherTownshipHousehold}`);
    const alert = await page.waitForSelector('[role="alert"]');
    const said = await alert!.evaluate((p) => p.textContent ?? '');
    const headings = await textOf(page, 'main');
    await page.close();

    expect(said).toBe('无权查看或办理：该内容不在您负责的范围内。如需办理，请联系上级或所属单位。');
    expect(headings).not.toContain('王建国');
  });

  it('a township officer sees the case that escalated to it and acknowledges it', async () => {
    const villageToken = await tokenOf('village', '532931102201');
    const [open] = (
      await apiGet<{ items: CaseAnswer[] }>(villageToken, '/v1/cases?unit=532931102201&kind=visit_overdue')
    ).items;
    // The daily sweep of the deadline's minute: the visit is still not made, so the case goes to the township.
    await run(['sweep', 'daily', '--as-of', new Date(Date.parse(open!.deadline!) + 60_000).toISOString()]);

    const page = await openAs('township', '532931102');
    await page.waitForFunction(
      (id) => document.querySelector(`li.case[data-case="${id}"]`)?.textContent?.includes('乡镇级'),
      {},
      open!.caseId,
    );
    const line = await textOf(page, `li.case[data-case="${open!.caseId}"]`);
    await page.click(`li.case[data-case="${open!.caseId}"] button`);
    const status = await page.waitForSelector(`li.case[data-case="${open!.caseId}"] [role="status"]`);
    const said = await status!.evaluate((p) => p.textContent ?? '');
    await page.close();
    const after = await apiGet<{ items: CaseAnswer[] }>(
      await tokenOf('township', '532931102'),
      '/v1/cases?unit=532931102&level=township',
    );

    expect(line).toContain('走访逾期');
    expect(line).toContain(otherTownshipHousehold);
    expect(line).toMatch(/之后上报县|今日到期，下次巡查将上报县/);
    expect(said).toContain('已确认由您处理');
    expect(after.items.find((c) => c.caseId === open!.caseId)?.acknowledgements).toHaveLength(1);
  });

  it('has no serious or critical axe-core violations on the sign-in, village, household and township pages', async () => {
    const signIn = await browser.newPage();
    await signIn.setBypassCSP(true);
    await signIn.goto(`${info.api}/`);
    await signIn.waitForSelector('ul.officers button');
    const village = await openAs('village', '532931101201');
    await village.waitForSelector('ul.households a');
    await village.waitForSelector('ul.cases');
    const household = await openAs('village', '532931101201', `#/households/${redHousehold}`);
    await household.waitForSelector('ol.timeline li');
    const township = await openAs('township', '532931101');
    await township.waitForSelector('table tbody tr');
    // The list of households eligible for elimination has loaded (empty here: a sentence).
    await township.waitForFunction(() =>
      document.querySelector('section[aria-labelledby="eligible"]')?.textContent?.includes('没有符合'),
    );

    const found = {
      signIn: await seriousViolations(signIn),
      village: await seriousViolations(village),
      household: await seriousViolations(household),
      township: await seriousViolations(township),
    };
    await Promise.all([signIn, village, household, township].map((p) => p.close()));

    expect(found).toEqual({ signIn: [], village: [], household: [], township: [] });
  });

  it('records a visit with updated income with the keyboard alone (Tab, arrows, Enter) and shows the grade it changed', async () => {
    const page = await openAs('village', '532931101201', `#/households/${keyboardHousehold}`);
    await page.waitForSelector('#visit-date');
    const focused = () =>
      page.evaluate(
        () =>
          document.activeElement?.id ||
          document.activeElement?.getAttribute('value') ||
          document.activeElement?.tagName,
      );
    const tabTo = async (target: string) => {
      for (let i = 0; i < 60 && (await focused()) !== target; i++) await page.keyboard.press('Tab');
      return focused();
    };

    const reachedDate = await tabTo('visit-date');
    // Chromium's date field takes a Tab per part (year, month, day) before the focus leaves it.
    for (let i = 0; i < 5 && (await focused()) === 'visit-date'; i++) await page.keyboard.press('Tab');
    const onMethod = await focused();
    await page.keyboard.press('ArrowRight');
    const phoneChosen = await page.$eval('input[value="phone"]', (i) => (i as HTMLInputElement).checked);
    await page.keyboard.press('ArrowLeft');
    const homeChosen = await page.$eval('input[value="home"]', (i) => (i as HTMLInputElement).checked);
    await page.keyboard.press('Tab');
    const onVisitor = await focused();
    await page.keyboard.type('刘联络');
    await page.keyboard.press('Tab');
    await page.keyboard.type('入户核实收入');
    await page.keyboard.press('Tab');
    const onUpdates = await page.evaluate(() => document.activeElement?.tagName);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    const onWage = await focused();
    // Wage income 30,000 yuan for two people: per-capita 15,000, far above the lines, so the grade drops.
    await page.keyboard.type('30000');
    for (let i = 0; i < 6 && (await focused()) !== 'BUTTON'; i++) await page.keyboard.press('Tab');
    const onSubmit = await page.evaluate(() => document.activeElement?.textContent);
    await page.keyboard.press('Enter');
    const status = await page.waitForSelector('p[role="status"]');
    const said = await status!.evaluate((p) => p.textContent ?? '');
    await page.close();

    expect([reachedDate, onMethod, phoneChosen, homeChosen, onVisitor, onUpdates, onWage, onSubmit]).toEqual([
      'visit-date',
      'home',
      true,
      true,
      'visit-visitor',
      'SUMMARY',
      'visit-wageIncome',
      '提交走访记录',
    ]);
    expect(said).toContain('已记录走访');
    expect(said).toContain('等级：红色 → 蓝色');
    expect(said).toContain('已解决案件：走访逾期');
  });

  it('a county administrator finds an eligible household in the county’s list and approves its elimination at the county step', async () => {
    const today = localDateOf(new Date().toISOString(), 'Asia/Shanghai');
    const village = await tokenOf('village', '532931103201');
    await apiPost(village, `/v1/households/${stableHousehold}/measures`, {
      type: 'employment',
      startDate: addDays(today, -60),
    });
    await sixStableMonths(stableHousehold, today);
    // D4: the home check, the proposal, and its public notice of 5 days.
    await apiPost(village, `/v1/households/${stableHousehold}/visits`, {
      date: today,
      method: 'home',
      visitor: '村干部',
      findings: '入户核查',
    });
    await apiPost(village, `/v1/households/${stableHousehold}/transitions`, {
      action: 'propose_elimination',
    });
    await noticeStarted(stableHousehold, 5, today);
    await apiPost(await tokenOf('township', '532931103'), `/v1/households/${stableHousehold}/transitions`, {
      action: 'township_elimination_review',
    });

    // The county's page lists the households eligible for elimination; the officer follows the link.
    const page = await openAs('county', '532931');
    const listed = `section[aria-labelledby="eligible"] a[href="#/households/${stableHousehold}"]`;
    await page.waitForSelector(listed);
    await page.waitForFunction(() => document.querySelector('#eligible')?.textContent?.includes('（'));
    const eligibleHeading = await textOf(page, '#eligible');
    const row = await textOf(page, listed);
    const violations = await seriousViolations(page);
    await page.click(listed);
    const step = await page.waitForSelector('section[aria-labelledby="procedure"] button');
    const address = page.url();
    const stepText = await textOf(page, 'section[aria-labelledby="procedure"]');
    await step!.click();
    await page.waitForFunction(() => document.querySelector('p.muted')?.textContent?.includes('已消除风险'));
    const said = await textOf(page, 'p[role="status"]');
    await page.close();

    expect(eligibleHeading).toBe('可消除风险的户（1）');
    expect(row).toContain('陈*强');
    expect(violations).toEqual([]);
    expect(address).toBe(`${info.api}/#/households/${stableHousehold}`);
    expect(stepText).toContain('风险消除：等待县级批准风险消除（县级办理）');
    expect(said).toContain('已办理：县级批准风险消除');
  });

  it('signs in on AWS through the OIDC provider with authorization code + PKCE, renews silently, keeps tokens out of storage and signs out there', async () => {
    const tokens = await localTokens(dataDir);
    // 65 s tokens: oidc-client-ts renews a minute before expiry, so the renewal comes within seconds.
    const provider = await startFakeOidc({
      clientId: 'fanpin-web',
      accessToken: () => tokens.issueToken({ role: 'village', unit: '532931101201' }, { ttlSeconds: 65 }),
      expiresIn: 65,
    });
    const page = await browser.newPage();
    await page.setBypassCSP(true);
    await page.setRequestInterception(true);
    // The deployment's /config.json (written by the CDK app on AWS), naming the provider.
    page.on('request', (request) =>
      request.url() === `${info.api}/config.json`
        ? request.respond({
            contentType: 'application/json',
            body: JSON.stringify({
              signIn: 'oidc',
              authority: provider.issuer,
              clientId: 'fanpin-web',
              scope: 'openid',
              bearer: 'access_token',
            }),
          })
        : request.continue(),
    );
    try {
      await page.goto(`${info.api}/#/households/${redHousehold}`);
      const demoOffered = (await page.$('ul.officers')) !== null;
      await page.waitForSelector('button.provider');
      await Promise.all([page.waitForNavigation(), page.click('button.provider')]);
      await page.waitForSelector('h1 .chip');
      const landedOn = page.url();
      const stored = await page.evaluate(
        () => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }),
      );
      for (const end = Date.now() + 20_000; provider.tokenRequests.length < 2 && Date.now() < end; )
        await new Promise((r) => setTimeout(r, 100));
      const renewal = provider.tokenRequests[1]?.form.get('grant_type');
      // After the renewal the page still reads the API (the renewed token is the bearer).
      await page.evaluate(`location.hash = '#/'`);
      await page.waitForSelector('ul.households a');
      await Promise.all([page.waitForNavigation(), page.click('header button.link')]);
      await page.waitForSelector('button.provider');
      const [authorization] = provider.authorizations;

      expect(demoOffered).toBe(false);
      expect(authorization?.get('response_type')).toBe('code');
      expect(authorization?.get('client_id')).toBe('fanpin-web');
      expect(authorization?.get('code_challenge_method')).toBe('S256');
      expect(authorization?.get('redirect_uri')).toBe(`${info.api}/`);
      expect(provider.tokenRequests[0]).toMatchObject({ pkceVerified: true });
      expect(provider.tokenRequests[0]!.form.get('grant_type')).toBe('authorization_code');
      expect(landedOn).toBe(`${info.api}/#/households/${redHousehold}`);
      expect(stored).not.toMatch(/eyJ/);
      expect(renewal).toBe('refresh_token');
      expect(provider.logouts).toHaveLength(1);
      expect(provider.logouts[0]!.get('post_logout_redirect_uri')).toBe(`${info.api}/`);
    } finally {
      await page.close();
      await provider.close();
    }
  });

  it('a 409 (someone else changed the household first) reloads the household and says what changed', async () => {
    const today = localDateOf(new Date().toISOString(), 'Asia/Shanghai');
    const page = await openAs('village', '532931101201', `#/households/${conflictHousehold}`);
    const overdueCase = 'section[aria-labelledby="open-cases"] li.case:has(button)';
    await page.waitForFunction(
      (s) => [...document.querySelectorAll(s)].some((li) => li.textContent?.includes('走访逾期')),
      {},
      overdueCase,
    );
    // Meanwhile another officer records the visit: its overdue case is resolved.
    await apiPost(await tokenOf('village', '532931101201'), `/v1/households/${conflictHousehold}/visits`, {
      date: today,
      method: 'home',
      visitor: '李联络',
      findings: '入户了解近况',
    });
    await page.evaluate((s) => {
      const li = [...document.querySelectorAll(s)].find((l) => l.textContent?.includes('走访逾期'));
      li?.querySelector('button')?.click();
    }, overdueCase);
    const notice = await page.waitForSelector('p.conflict');
    const said = await notice!.evaluate((p) => p.textContent ?? '');
    await page.waitForFunction(
      () =>
        !document.querySelector('section[aria-labelledby="open-cases"]')?.textContent?.includes('走访逾期'),
    );
    await page.close();

    expect(said).toContain('该户刚被他人修改，已刷新为最新情况');
    expect(said).toContain('上次入户：');
    expect(said).toContain(`→ ${today}`);
    expect(said).toContain('已解决案件：走访逾期');
  });

  it('a visit that fails on the network keeps its input and is retried with one Idempotency-Key until recorded', async () => {
    const page = await openAs('village', '532931101201', `#/households/${retryHousehold}`);
    await page.waitForSelector('#visit-visitor');
    let online = false;
    const keys: (string | undefined)[] = [];
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith(`/v1/households/${retryHousehold}/visits`)) {
        keys.push(request.headers()['idempotency-key']);
        if (!online) return void request.abort('internetdisconnected');
      }
      void request.continue();
    });
    await page.type('#visit-visitor', '孙联络');
    await page.type('#visit-findings', '入户核实务工收入');
    await page.click('form.visit button[type="submit"]');
    const failed = await page.waitForSelector('form.visit [role="alert"]', { timeout: 15_000 });
    const said = await failed!.evaluate((p) => p.textContent ?? '');
    const kept = await page.evaluate(() => [
      (document.querySelector('#visit-visitor') as HTMLInputElement).value,
      (document.querySelector('#visit-findings') as HTMLTextAreaElement).value,
    ]);
    const attemptsOffline = keys.length;
    online = true;
    await page.click('form.visit button[type="submit"]');
    await page.waitForFunction(() =>
      document.querySelector('p.ok[role="status"]')?.textContent?.includes('已记录走访'),
    );
    await page.close();
    const history = await apiGet<{ items: { type: string }[] }>(
      await tokenOf('village', '532931101201'),
      `/v1/households/${retryHousehold}/history?limit=50`,
    );

    expect(said).toContain('已填写的内容已保留');
    expect(kept).toEqual(['孙联络', '入户核实务工收入']);
    expect(attemptsOffline).toBe(3);
    expect(keys).toHaveLength(4);
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(history.items.filter((e) => e.type === 'visit_recorded')).toHaveLength(1);
  });

  it('a township officer submits the monthly report; the county page shows the escalations, the report and its trend charts, without serious axe violations', async () => {
    // The monthly sweep of the 1st writes last month's reports.
    await run(['sweep', 'monthly']);
    const township = await openAs('township', '532931101');
    const submit = await township.waitForSelector('section[aria-labelledby="report"] button');
    const before = await textOf(township, 'section[aria-labelledby="report"]');
    await submit!.click();
    await township.waitForFunction(() =>
      document
        .querySelector('section[aria-labelledby="report"] dd:last-of-type')
        ?.textContent?.includes('已于'),
    );
    const after = await textOf(township, 'section[aria-labelledby="report"]');
    await township.close();

    const county = await openAs('county', '532931');
    await county.waitForSelector('#trend-grades');
    await county.waitForSelector('section[aria-labelledby="report"] dl');
    await county.waitForFunction(
      () => !document.querySelector('section[aria-labelledby="cases"]')?.textContent?.includes('正在加载'),
    );
    const escalations = await textOf(county, 'section[aria-labelledby="cases"]');
    const trendRows = await county.$$eval('#trend-grades ~ table tbody tr', (rows) =>
      rows.map((r) => [...r.children].map((c) => c.textContent)),
    );
    const violations = await seriousViolations(county);
    await county.close();

    expect(before).toContain('未提交');
    expect(after).toMatch(/已提交 \d{4}-\d{2} 月报/);
    expect(escalations).toMatch(/新上报（近1天）：\d+/);
    expect(escalations).toMatch(/仍待办理：\d+/);
    expect(escalations).toMatch(/已办结（近1天）：\d+/);
    expect(trendRows).toHaveLength(12);
    // Last month's report is stored: its row has the monitored households by grade; earlier ones are gaps.
    expect(
      trendRows
        .at(-1)!
        .slice(1)
        .every((v) => /^\d+$/.test(v ?? '')),
    ).toBe(true);
    expect(trendRows[0]!.slice(1)).toEqual(['—', '—', '—']);
    expect(violations).toEqual([]);
  });

  it('an expired sign-in asks to sign in again, and the visit form still holds what was typed afterwards', async () => {
    const page = await browser.newPage();
    await page.setViewport({ width: 390, height: 844 });
    const shortLived = await (await localTokens(dataDir)).issueToken(
      { role: 'village', unit: '532931101201' },
      { ttlSeconds: 4 },
    );
    await page.goto(`${info.api}/#token=${shortLived}`);
    await page.evaluate(`location.hash = '#/households/${expiryHousehold}'`);
    await page.waitForSelector('#visit-visitor');
    await page.type('#visit-visitor', '周联络');
    await page.type('#visit-findings', '入户了解就医报销情况');
    await page.waitForFunction(
      (exp) => Date.now() > exp,
      { timeout: 10_000 },
      (JSON.parse(Buffer.from(shortLived.split('.')[1]!, 'base64url').toString()) as { exp: number }).exp *
        1000,
    );
    await page.click('form.visit button[type="submit"]');
    const alert = await page.waitForSelector('.sign-in [role="alert"]');
    const said = await alert!.evaluate((p) => p.textContent ?? '');
    await page.click('ul.officers button');
    await page.waitForSelector('#visit-visitor');
    const kept = await page.evaluate(() => [
      (document.querySelector('#visit-visitor') as HTMLInputElement).value,
      (document.querySelector('#visit-findings') as HTMLTextAreaElement).value,
    ]);
    const address = page.url();
    await page.close();

    expect(said).toBe('登录已过期，请重新登录。');
    expect(address).toBe(`${info.api}/#/households/${expiryHousehold}`);
    expect(kept).toEqual(['周联络', '入户了解就医报销情况']);
  });

  it('a visit form keeps its input across the sign-in again at the OIDC provider (sessionStorage for the round trip only), cleared once recorded', async () => {
    const tokens = await localTokens(dataDir);
    const provider = await startFakeOidc({
      clientId: 'fanpin-web',
      accessToken: () => tokens.issueToken({ role: 'village', unit: '532931101201' }),
      expiresIn: 3600,
      refreshTokens: false,
    });
    const page = await browser.newPage();
    await page.setViewport({ width: 390, height: 844 });
    // The local stack's CSP names no provider: the fake one is allowed as the deployment's would be.
    await page.setBypassCSP(true);
    await page.setRequestInterception(true);
    let refused = 0;
    page.on('request', (request) => {
      if (request.url() === `${info.api}/config.json`)
        return void request.respond({
          contentType: 'application/json',
          body: JSON.stringify({
            signIn: 'oidc',
            authority: provider.issuer,
            clientId: 'fanpin-web',
            scope: 'openid',
            bearer: 'access_token',
          }),
        });
      // The token has expired by the time the visit is sent (at the provider: revoked, or the officer
      // waited): API Gateway answers 401.
      if (request.method() === 'POST' && request.url().endsWith('/visits') && refused++ === 0)
        return void request.respond({
          status: 401,
          contentType: 'application/json',
          body: '{"message":"Unauthorized"}',
        });
      void request.continue();
    });
    const stash = () => page.evaluate(() => sessionStorage.getItem('fanpin.visit-drafts'));
    const form = () =>
      page.evaluate(() => [
        (document.querySelector('#visit-visitor') as HTMLInputElement).value,
        (document.querySelector('#visit-findings') as HTMLTextAreaElement).value,
      ]);
    try {
      await page.goto(`${info.api}/#/households/${expiryHousehold}`);
      await page.waitForSelector('button.provider');
      await Promise.all([page.waitForNavigation(), page.click('button.provider')]);
      await page.waitForSelector('#visit-visitor');
      await page.type('#visit-visitor', '周联络');
      await page.type('#visit-findings', '入户核实医疗报销');
      const storedWhileTyping = await stash();
      await page.click('form.visit button[type="submit"]');
      // The page signs out, saying the input is kept, and offers the provider again.
      const alert = await page.waitForSelector('.sign-in [role="alert"]');
      const said = await alert!.evaluate((p) => p.textContent ?? '');
      await Promise.all([page.waitForNavigation(), page.click('button.provider')]);
      await page.waitForSelector('#visit-visitor');
      const back = page.url();
      const restored = await form();
      const storedAfterReturn = await stash();
      await page.click('form.visit button[type="submit"]');
      await page.waitForFunction(() =>
        document.querySelector('p.ok[role="status"]')?.textContent?.includes('已记录走访'),
      );
      const storedAfterVisit = await stash();

      expect(storedWhileTyping).toBeNull();
      expect(said).toBe('登录已过期或无效，请重新登录。刚才填写的内容未提交，重新登录后仍在原处。');
      expect(provider.authorizations).toHaveLength(2);
      expect(back).toBe(`${info.api}/#/households/${expiryHousehold}`);
      expect(restored).toEqual(['周联络', '入户核实医疗报销']);
      expect(storedAfterReturn).toBeNull();
      expect(storedAfterVisit).toBeNull();
    } finally {
      await page.close();
      await provider.close();
    }
  });
});
