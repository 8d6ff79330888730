// npm run bench:web [-- --runs N --cpu-throttle R]: the officers' web app's first render with data at
// 390×844 (a phone) in the Chromium of @sparticuz/chromium, against the local stack with the demo county:
// the one running in FANPIN_DATA_DIR (default .fanpin) if there is one, else a fresh one started here
// (demo seed and a daily sweep, about a minute). For each role's first page (village worklist, township,
// county), from navigation start to the moment no section still says 正在加载 (every request answered
// and drawn), cold (first load, HTTP cache off) and warm (median of the next runs). Prints the figures; the
// budget (issue 20) is 1.5 s.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import chromium from '@sparticuz/chromium';
import puppeteer from 'puppeteer-core';
import { findRunningStack, type LocalStackInfo } from '../lib/local/local-file';
import { localTokens } from '../lib/local/tokens';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const runs = Number(arg('--runs') ?? 5);
const cpuThrottle = Number(arg('--cpu-throttle') ?? 1);
const bin = path.resolve('bin/fanpin.mjs');

let dataDir = process.env.FANPIN_DATA_DIR ?? '.fanpin';
let stack: ChildProcess | null = null;
let info = await findRunningStack(dataDir);
if (!info) {
  dataDir = mkdtempSync(path.join(tmpdir(), 'fanpin-bench-web-'));
  console.log(`starting a local stack with the demo county in ${dataDir} (about a minute)…`);
  stack = spawn(process.execPath, [bin, 'local', '--port', '0', '--data-dir', dataDir, '--no-schedules'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const file = path.join(dataDir, 'local.json');
  while (!existsSync(file)) {
    if (stack.exitCode !== null) throw new Error('the local stack exited');
    await new Promise((r) => setTimeout(r, 200));
  }
  info = JSON.parse(readFileSync(file, 'utf8')) as LocalStackInfo;
  await new Promise<void>((resolve, reject) =>
    spawn(process.execPath, [bin, 'sweep', 'daily', '--data-dir', dataDir], { stdio: 'ignore' }).on(
      'exit',
      (code) => (code === 0 ? resolve() : reject(new Error('fanpin sweep daily failed'))),
    ),
  );
}
const tokens = await localTokens(dataDir);
const pages = [
  { name: 'village worklist', role: 'village', unit: '532931101201' },
  { name: 'township', role: 'township', unit: '532931101' },
  { name: 'county', role: 'county', unit: '532931' },
] as const;

const browser = await puppeteer.launch({
  executablePath: await chromium.executablePath(),
  args: chromium.args,
  headless: true,
});
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
try {
  console.log(
    `first render with data at 390×844, ${runs} loads each${cpuThrottle > 1 ? `, CPU ${cpuThrottle}× slower` : ''}:`,
  );
  for (const p of pages) {
    const token = await tokens.issueToken({ role: p.role, unit: p.unit });
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const page = await browser.newPage();
      // The first load of each page without the HTTP cache (cold), the others with it (warm).
      await page.setCacheEnabled(i > 0);
      if (cpuThrottle > 1) await page.emulateCPUThrottling(cpuThrottle);
      await page.setViewport({ width: 390, height: 844 });
      await page.goto(`${info.api}/#token=${token}`, { waitUntil: 'domcontentloaded' });
      const rendered = await page.waitForFunction(
        () => {
          const main = document.querySelector('main#main');
          return main?.querySelector('h1') && !main.textContent?.includes('正在加载')
            ? performance.now()
            : false;
        },
        { polling: 'mutation', timeout: 30_000 },
      );
      times.push((await rendered.jsonValue()) as number);
      await page.close();
    }
    const [cold, ...warm] = times;
    console.log(
      `  ${p.name.padEnd(17)} cold ${Math.round(cold!)} ms, warm median ${Math.round(median(warm.length ? warm : [cold!]))} ms (max ${Math.round(Math.max(...times))} ms)`,
    );
  }
} finally {
  await browser.close();
  if (stack) {
    await new Promise((resolve) => {
      stack!.once('exit', resolve);
      stack!.kill('SIGTERM');
    });
    rmSync(dataDir, { recursive: true, force: true });
  }
}
