// `fanpin import households` as a user runs it: the real command in a child process against a local
// stack (started here, in-process, without the demo), checking its exit code, its last line and the
// errors file.
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { healthHandler, route } from '../../lib/local/handlers';
import { type RunningLocalStack, startLocalStack } from '../../lib/local/stack';
import { mixedAsOf, mixedSummary } from '../fixtures/import/mixed-expected';

const bin = path.resolve('bin/fanpin.mjs');
const fixtures = path.join(import.meta.dirname, '../fixtures/import');
const work = mkdtempSync(path.join(tmpdir(), 'fanpin-import-cli-'));
const dataDir = path.join(work, 'data');
let stack: RunningLocalStack;

function fanpin(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { env: withoutNow }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const { FANPIN_NOW: _now, ...withoutNow } = process.env;

const lastLine = (text: string) => text.trim().split('\n').at(-1) ?? '';

beforeAll(async () => {
  stack = await startLocalStack({
    dataDir,
    port: 0,
    demo: false,
    schedules: false,
    handlers: {
      routes: [route('GET /v1/health', async () => ({ handler: healthHandler }), { auth: 'none' })],
      queues: {},
      schedules: {},
    },
  });
});

afterAll(async () => {
  await stack?.stop();
});

describe('fanpin import households', () => {
  it('imports the mixed file, writes the errors file and prints the summary last, with exit code 0', async () => {
    const file = path.join(work, 'mixed.csv');
    copyFileSync(path.join(fixtures, 'mixed.csv'), file);

    const { code, stdout } = await fanpin(
      'import',
      'households',
      file,
      '--as-of',
      mixedAsOf,
      '--data-dir',
      dataDir,
    );

    expect(code).toBe(0);
    expect(JSON.parse(lastLine(stdout))).toEqual(mixedSummary);
    const errors = readFileSync(path.join(work, 'mixed.errors.csv'), 'utf8');
    expect(errors.startsWith('\uFEFFrow,column,reason\r\n')).toBe(true);
    expect(errors).toContain('5,members,must be at least 1 (got 0)\r\n');
    expect(errors).toContain('16,householdId,householdId repeats row 2\r\n');
    expect(errors.trim().split('\r\n')).toHaveLength(1 + mixedSummary.rejected);
  });

  it('removes a stale errors file when no row is rejected', async () => {
    const file = path.join(work, 'good.csv');
    copyFileSync(path.join(fixtures, 'good-utf8-bom.csv'), file);
    writeFileSync(path.join(work, 'good.errors.csv'), 'stale');

    const { code, stdout } = await fanpin(
      'import',
      'households',
      file,
      '--as-of',
      mixedAsOf,
      '--data-dir',
      dataDir,
    );

    expect(code).toBe(0);
    expect(JSON.parse(lastLine(stdout))).toMatchObject({ read: 4, rejected: 0 });
    expect(existsSync(path.join(work, 'good.errors.csv'))).toBe(false);
  });

  it('fails with one clear line when the file cannot be read', async () => {
    const { code, stderr } = await fanpin(
      'import',
      'households',
      path.join(work, 'missing.csv'),
      '--data-dir',
      dataDir,
    );

    expect(code).not.toBe(0);
    expect(
      stderr
        .trim()
        .split('\n')
        .filter((l) => !l.startsWith('npm warn')),
    ).toEqual([expect.stringMatching(/^fanpin: cannot read .*missing\.csv: ENOENT$/)]);
  });
});
