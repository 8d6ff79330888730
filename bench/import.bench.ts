// npm run bench:import [-- --rows N]: imports N (default 100,000) synthetic households from a CSV file into
// an in-memory DynamoDB Local through the real import path (stream → parse → validate → grade → commitMany
// → village recount), then prints rows per second, peak RSS and the consumed write capacity per row.

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { stringify } from 'csv-stringify/sync';
import { errorsCsvOptions } from '../lib/adapters/csv/errors-file';
import { openHouseholdCsv } from '../lib/adapters/csv/household-csv';
import { ensureTables } from '../lib/adapters/dynamodb/table-definition';
import { importHouseholds } from '../lib/app/import-households';
import { householdFields } from '../lib/domain/household-input';
import { localDateOf } from '../lib/domain/time';
import { localChangeDeps } from '../lib/local/commands/import-households';
import { demoHouseholds } from '../lib/local/demo-county';
import { startDynamoDbLocal } from '../lib/local/services/dynamodb-local';
import { capacityMeter } from '../lib/ports/capacity-meter';
import type { Store } from '../lib/ports/store';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const rows = Number(arg('--rows') ?? 100_000);
const concurrency = Number(arg('--concurrency') ?? 16);
const asOf = '2026-12-01T10:00:00+08:00';
// --discard: a store that reads nothing and throws every write away, to measure the import's own cost
// (stream, parse, validate, grade, plan) and its memory over a large file without DynamoDB.
const discard = process.argv.includes('--discard');

function discardingStore(store: Store): Store {
  return {
    ...store,
    commitMany: async (changes) => changes.map(() => ({ committed: true as const })),
    households: { ...store.households, getMany: async () => new Map() },
  };
}

async function writeCsv(file: string, n: number): Promise<void> {
  const out = createWriteStream(file);
  const write = async (line: string) => {
    if (!out.write(line)) await once(out, 'drain');
  };
  await write(`\uFEFF${householdFields.map((f) => f.zh).join(',')}\r\n`);
  // 30 townships × V villages × ~45 households: enough villages for n rows.
  const villagesPerTownship = Math.max(8, Math.ceil(n / 30 / 35));
  let written = 0;
  for (const h of demoHouseholds(localDateOf(asOf, 'Asia/Shanghai'), {
    seed: 7,
    townships: 30,
    villagesPerTownship,
  })) {
    if (written++ >= n) break;
    await write(stringify([householdFields.map((f) => h.row[f.field] ?? '')], errorsCsvOptions));
  }
  out.end();
  await once(out, 'finish');
}

const dir = await mkdtemp(path.join(tmpdir(), 'fanpin-bench-import-'));
const file = path.join(dir, 'households.csv');
const dynamo = await startDynamoDbLocal();
try {
  await writeCsv(file, rows);
  console.log(
    `${rows} rows, ${((await stat(file)).size / 1e6).toFixed(1)} MB CSV; DynamoDB Local in memory; concurrency ${concurrency}${discard ? ', writes DISCARDED' : ''}`,
  );
  const client = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: 'cn-north-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await ensureTables(client, 'bench-import');
  const meter = capacityMeter();
  const local = localChangeDeps(
    { dynamodbEndpoint: dynamo.endpoint, region: 'cn-north-1', tableName: 'bench-import' },
    { meter },
  );
  const deps = discard ? { ...local, store: discardingStore(local.store) } : local;

  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 100);
  const started = performance.now();
  let lastLog = started;
  const csv = await openHouseholdCsv(file);
  const result = await importHouseholds(deps, csv.rows, {
    asOf,
    actor: { kind: 'system', name: 'bench' },
    columns: csv.columns,
    concurrency,
    onProgress: (s) => {
      const now = performance.now();
      if (now - lastLog > 5_000) {
        lastLog = now;
        console.log(
          `  ${s.read} rows, ${Math.round(s.read / ((now - started) / 1000))} rows/s, rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB, heap ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB`,
        );
      }
    },
  });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  console.log(JSON.stringify(result.summary));
  console.log(`villages recounted: ${result.villages.length}`);
  console.log(`rows/s: ${(rows / seconds).toFixed(0)} (${seconds.toFixed(1)} s)`);
  console.log(`peak RSS: ${(peakRss / 1e6).toFixed(0)} MB`);
  console.log(
    `WCU per row: ${(meter.writeUnits / rows).toFixed(1)}; RCU per row: ${(meter.readUnits / rows).toFixed(2)}`,
  );
} finally {
  await dynamo.stop();
  await rm(dir, { recursive: true, force: true });
}
