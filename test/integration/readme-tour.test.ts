// Issue 21: the README's five-minute tour works on any date. This runs the lines of the tour's code block
// (between `<!-- tour` and `<!-- /tour -->` in README.md) against a fresh `fanpin local` with the demo county,
// as a user would on today's date, and checks every "quoted" promise of each line's comment; and that the
// digests it promises were produced with cases in them.

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDateOf } from '../../lib/domain/time';
import type { LocalStackInfo } from '../../lib/local/local-file';
import { runFanpin } from '../support/cli';

interface TourLine {
  command: string;
  promises: string[];
}

/** The tour's lines: each command with the "quoted" strings its comment promises. */
function tourLines(readme: string): TourLine[] {
  const block = /<!-- tour[^>]*-->\s*```sh\n([\s\S]*?)```\s*<!-- \/tour -->/.exec(readme);
  if (!block) throw new Error('README.md has no tour block');
  return block[1]!
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((line) => {
      const hash = line.search(/\s#\s/);
      const command = (hash < 0 ? line : line.slice(0, hash)).trim();
      const comment = hash < 0 ? '' : line.slice(hash);
      return { command, promises: [...comment.matchAll(/"([^"]+)"/g)].map((m) => m[1]!) };
    });
}

const readme = readFileSync(path.resolve('README.md'), 'utf8');
const lines = tourLines(readme);
const dataDir = mkdtempSync(path.join(tmpdir(), 'fanpin-tour-'));
let stack: ChildProcess;
let info: LocalStackInfo;
let startOutput = '';
const results: { line: TourLine; ok: boolean; output: string }[] = [];

async function fanpin(argv: string[]): Promise<{ code: number; output: string; last: string }> {
  const env = { ...process.env };
  delete env.FANPIN_TABLE_NAME;
  const { code, out, err } = await runFanpin([...argv, '--data-dir', dataDir], env);
  return { code, output: [...out, ...err].join('\n'), last: out.at(-1) ?? '' };
}

async function runLine(line: TourLine, vars: Map<string, string>): Promise<{ ok: boolean; output: string }> {
  const assign = /^(\w+)=\$\((.*)\)$/.exec(line.command);
  const command = assign ? assign[2]! : line.command;
  let result: { ok: boolean; output: string; value?: string };
  if (command.startsWith('npx fanpin ')) {
    const r = await fanpin(command.slice('npx fanpin '.length).split(/\s+/));
    result = { ok: r.code === 0, output: r.output, value: r.last };
  } else if (command.startsWith('curl ')) {
    const url = /"?(http:\/\/127\.0\.0\.1:3000[^"\s]*)"?\s*$/
      .exec(command)![1]!
      .replace('http://127.0.0.1:3000', info.api);
    const header = /-H "Authorization: Bearer \$(\w+)"/.exec(command);
    const response = await fetch(
      url,
      header ? { headers: { authorization: `Bearer ${vars.get(header[1]!)}` } } : {},
    );
    result = { ok: response.status === 200, output: await response.text() };
  } else if (command === 'ls .fanpin/outbox/') {
    result = { ok: true, output: readdirSync(path.join(dataDir, 'outbox')).join('\n') };
  } else {
    throw new Error(`the tour test does not know how to run: ${command}`);
  }
  if (assign) vars.set(assign[1]!, result.value ?? result.output.trim());
  return result;
}

beforeAll(async () => {
  stack = spawn(
    process.execPath,
    [path.resolve('bin/fanpin.mjs'), 'local', '--port', '0', '--data-dir', dataDir, '--no-schedules'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  stack.stdout!.on('data', (d) => {
    startOutput += d;
  });
  stack.stderr!.on('data', (d) => {
    startOutput += d;
  });
  const deadline = Date.now() + 480_000;
  for (;;) {
    if (stack.exitCode !== null) throw new Error(`the stack exited: ${startOutput}`);
    if (Date.now() > deadline) throw new Error(`the stack was not ready in time: ${startOutput}`);
    const file = path.join(dataDir, 'local.json');
    if (existsSync(file)) {
      info = JSON.parse(readFileSync(file, 'utf8'));
      const health = await fetch(`${info.api}/v1/health`).catch(() => null);
      if (health?.status === 200 && startOutput.includes('ready')) break;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  const vars = new Map<string, string>();
  for (const line of lines) results.push({ line, ...(await runLine(line, vars)) });
}, 600_000);

afterAll(async () => {
  if (stack && stack.exitCode === null) {
    await new Promise<void>((resolve) => {
      stack.once('exit', () => resolve());
      stack.kill('SIGTERM');
    });
  }
});

describe('the README tour (issue 21)', () => {
  it('has the commands the tour is about, with promises to check', () => {
    for (const prefix of [
      'npx fanpin sweep daily',
      'npx fanpin digest --township',
      'npx fanpin digest --county',
    ]) {
      expect(
        lines.some((l) => l.command.startsWith(prefix)),
        prefix,
      ).toBe(true);
    }
    expect(lines.filter((l) => l.promises.length > 0).length).toBeGreaterThanOrEqual(lines.length - 1);
  });

  it('runs every line successfully and each keeps its promises', () => {
    for (const { line, ok, output } of results) {
      expect({ command: line.command, ok }).toEqual({ command: line.command, ok: true });
      for (const promise of line.promises) {
        expect(output, `${line.command} promised "${promise}"`).toContain(promise);
      }
    }
  });

  it('produces today’s county and township digests, with cases in them', () => {
    const today = localDateOf(new Date().toISOString(), 'Asia/Shanghai');
    const outbox = path.join(dataDir, 'outbox');
    const county = JSON.parse(readFileSync(path.join(outbox, `${today}-county-532931.json`), 'utf8'));
    const township = JSON.parse(readFileSync(path.join(outbox, `${today}-township-532931101.json`), 'utf8'));
    expect(county.newlyEscalated.length).toBeGreaterThan(0);
    expect(county.summary.length).toBeGreaterThan(0);
    expect(township.newlyEscalated.length + township.escalatedToCounty.length).toBeGreaterThan(0);
  });
});
