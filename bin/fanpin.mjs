#!/usr/bin/env node
// The `fanpin` command. npm scripts and npx put node_modules/.bin first, so this runs on the
// project's pinned Node 24; on an older Node it says so in one line instead of failing obscurely.
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  console.error(
    `fanpin needs Node.js 22 or newer (this is ${process.version}): run it through npm (npm start, npx fanpin), which uses the project's pinned Node 24.`,
  );
  process.exit(1);
}
const { register } = await import('tsx/esm/api');
register();
const { main } = await import(new URL('../lib/local/cli.ts', import.meta.url).href);
await main();
