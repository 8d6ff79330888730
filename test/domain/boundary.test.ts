// Architecture §12: lib/domain stays pure. No AWS, Middy or Powertools, no file system,
// no environment, no clock (time is always an argument).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const DOMAIN = join(import.meta.dirname, '../../lib/domain');
const FORBIDDEN_MODULES = [
  /^@aws-sdk\//,
  /^aws-cdk-lib(\/|$)/,
  /^@middy\//,
  /^@aws-lambda-powertools\//,
  /^(node:)?fs(\/|$)/,
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|cts|js|mjs|cjs)$/.test(e.name) ? [path] : [];
  });
}

/** Removes comments, keeping strings (so a comment that says "no process.env" is no violation). */
function stripComments(src: string): string {
  let out = '';
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    const next = src[i + 1];
    if (c === '/' && next === '/') {
      while (i < src.length && src[i] !== '\n') i++;
    } else if (c === '/' && next === '*') {
      i += 2;
      while (i < src.length && !(src[i] === '*' && src[i + 1] === '/')) i++;
      i += 2;
    } else if (c === '"' || c === "'" || c === '`') {
      const start = i++;
      while (i < src.length && src[i] !== c) i += src[i] === '\\' ? 2 : 1;
      out += src.slice(start, ++i);
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** Every boundary violation in one source text. */
function violations(source: string): string[] {
  const code = stripComments(source);
  const found: string[] = [];
  const specifiers = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)(['"])([^'"]+)\1/g;
  for (const m of code.matchAll(specifiers)) {
    if (FORBIDDEN_MODULES.some((re) => re.test(m[2]!))) found.push(`imports ${m[2]}`);
  }
  if (/\bprocess\s*(\.\s*env\b|\[\s*['"`]env)/.test(code)) found.push('reads process.env');
  if (/\bDate\s*\.\s*now\s*\(/.test(code)) found.push('calls Date.now()');
  if (/\bnew\s+Date\s*\(\s*\)/.test(code)) found.push('calls new Date() without an argument');
  return found;
}

describe('the boundary checker', () => {
  it.each([
    ["import { DynamoDBClient } from '@aws-sdk/client-dynamodb';", 'imports @aws-sdk/client-dynamodb'],
    ["import { Stack } from 'aws-cdk-lib';", 'imports aws-cdk-lib'],
    ["import middy from '@middy/core';", 'imports @middy/core'],
    ["import { Logger } from '@aws-lambda-powertools/logger';", 'imports @aws-lambda-powertools/logger'],
    ["import { readFileSync } from 'node:fs';", 'imports node:fs'],
    ["import fs from 'fs';", 'imports fs'],
    ["const fs = await import('fs/promises');", 'imports fs/promises'],
    ["const fs = require('fs');", 'imports fs'],
    ['const tz = process.env.TZ;', 'reads process.env'],
    ["const tz = process['env'].TZ;", 'reads process.env'],
    ['const t = Date.now();', 'calls Date.now()'],
    ['const t = new Date();', 'calls new Date() without an argument'],
  ])('flags %s', (src, violation) => {
    expect(violations(src)).toEqual([violation]);
  });

  it.each([
    '// no process.env and no Date.now() here',
    '/* new Date() */ const d = new Date(ms);',
    "const s = 'fs';",
    "import { z } from 'zod';",
    "import type { Policy } from './policy';",
  ])('accepts %s', (src) => {
    expect(violations(src)).toEqual([]);
  });
});

describe('lib/domain', () => {
  const files = sourceFiles(DOMAIN);

  it('has source files to check', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files.map((f) => [relative(DOMAIN, f), f]))('%s is pure', (_name, file) => {
    expect(violations(readFileSync(file, 'utf8'))).toEqual([]);
  });
});
