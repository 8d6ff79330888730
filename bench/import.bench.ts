// npm run bench:import [-- --rows N]: imports N (default 100,000) synthetic households from a CSV file into
// an in-memory DynamoDB Local through the real import path (stream → parse → validate → grade → commitMany
// → village recount), then prints rows per second, peak RSS and the consumed write capacity per row.
// Then the floor (issue 19), in the same run and the same DynamoDB Local: the same households batch-written
// into a fresh table — one ~1 KB item and one audit item each, BatchWriteItem of 24 requests, as many
// batches in flight as the import's concurrency — and the ratio of the import's time to the floor's
// (`--no-floor` skips it). Both run once on scratch tables first, untimed, so neither pays the JVM's warm-up
// (`--cold` skips that). CPU seconds of Node and of DynamoDB Local are printed for each.

import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, readFileSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { stringify } from 'csv-stringify/sync';
import { errorsCsvOptions } from '../lib/adapters/csv/errors-file';
import { openHouseholdCsv } from '../lib/adapters/csv/household-csv';
import { auditTableOf, ensureTables } from '../lib/adapters/dynamodb/table-definition';
import { importHouseholds } from '../lib/app/import-households';
import { householdFields } from '../lib/domain/household-input';
import { localDateOf } from '../lib/domain/time';
import { localChangeDeps } from '../lib/local/commands/import-households';
import { demoHouseholds } from '../lib/local/demo-county';
import { startDynamoDbLocal } from '../lib/local/services/dynamodb-local';
import { pool } from '../lib/pool';
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
// --cold: no warm-up (the import then also pays DynamoDB Local's JIT compilation, the floor after it does not).
const warm = !process.argv.includes('--cold');

function discardingStore(store: Store): Store {
  return {
    ...store,
    commitMany: async (changes) => changes.map(() => ({ committed: true as const })),
    households: { ...store.households, getMany: async () => new Map() },
  };
}

/** The bench's households, in the order of the CSV. */
function* benchHouseholds(n: number) {
  // 30 townships × V villages × ~45 households: enough villages for n rows.
  const villagesPerTownship = Math.max(8, Math.ceil(n / 30 / 35));
  let written = 0;
  for (const h of demoHouseholds(localDateOf(asOf, 'Asia/Shanghai'), {
    seed: 7,
    townships: 30,
    villagesPerTownship,
  })) {
    if (written++ >= n) return;
    yield h;
  }
}

/** The floor: each household as one ~1 KB item and one audit item, batch-written into a fresh table. */
async function batchWriteFloor(
  client: DynamoDBClient,
  n: number,
  tableName = 'bench-floor',
): Promise<number> {
  await ensureTables(client, tableName);
  const doc = DynamoDBDocumentClient.from(client);
  const batches: Record<string, unknown>[][] = [];
  let batch: Record<string, unknown>[] = [];
  for (const h of benchHouseholds(n)) {
    const id = h.row.householdId as string;
    const body = JSON.stringify(h.row);
    batch.push(
      { pk: `H#${id}`, sk: 'H', data: body.padEnd(1000, ' ') },
      { pk: `A#${id}`, sk: asOf, type: 'household_imported', data: '{"row":1}' },
    );
    if (batch.length >= 24) {
      batches.push(batch);
      batch = [];
    }
  }
  if (batch.length > 0) batches.push(batch);
  const started = performance.now();
  await pool(batches, concurrency, async (items) => {
    let request: Record<string, { PutRequest: { Item: Record<string, unknown> } }[]> = {
      [tableName]: items
        .filter((i) => (i.pk as string).startsWith('H#'))
        .map((Item) => ({ PutRequest: { Item } })),
      [auditTableOf(tableName)]: items
        .filter((i) => (i.pk as string).startsWith('A#'))
        .map((Item) => ({ PutRequest: { Item } })),
    };
    for (let attempt = 0; Object.keys(request).length > 0; attempt++) {
      const out = await doc.send(new BatchWriteCommand({ RequestItems: request }));
      request = (out.UnprocessedItems ?? {}) as typeof request;
      if (Object.keys(request).length > 0)
        await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
    }
  });
  return (performance.now() - started) / 1000;
}

/** CPU seconds used so far by this process and by DynamoDB Local (Linux: its /proc stat; null elsewhere), so
 *  the bench can say which side of the wire the import's time is spent on. */
function cpuSeconds(): { node: number; dynamo: number | null } {
  const { user, system } = process.cpuUsage();
  let dynamo: number | null = null;
  try {
    const pids = execFileSync('pgrep', ['-P', String(process.pid), 'java'], { encoding: 'utf8' }).split(
      /\s+/,
    );
    dynamo = 0;
    for (const pid of pids.filter(Boolean)) {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      dynamo += (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks (100/s)
    }
  } catch {
    dynamo = null;
  }
  return { node: (user + system) / 1e6, dynamo };
}

const cpuSince = (start: ReturnType<typeof cpuSeconds>) => {
  const now = cpuSeconds();
  const dynamo = now.dynamo !== null && start.dynamo !== null ? now.dynamo - start.dynamo : null;
  return `CPU: Node ${(now.node - start.node).toFixed(1)} s, DynamoDB Local ${dynamo === null ? '?' : `${dynamo.toFixed(1)} s`}`;
};

async function writeCsv(file: string, n: number): Promise<void> {
  const out = createWriteStream(file);
  const write = async (line: string) => {
    if (!out.write(line)) await once(out, 'drain');
  };
  await write(`\uFEFF${householdFields.map((f) => f.zh).join(',')}\r\n`);
  for (const h of benchHouseholds(n)) {
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
  if (warm && !discard) {
    // DynamoDB Local is a JVM: its first seconds are JIT compilation, which the one measured first would pay
    // alone. Both paths run once on scratch tables before anything is timed.
    const started = performance.now();
    const scratch = localChangeDeps({
      dynamodbEndpoint: dynamo.endpoint,
      region: 'cn-north-1',
      tableName: 'bench-warm',
    });
    await ensureTables(client, 'bench-warm');
    const warmRows = Math.min(rows, 2_000);
    const csv = await openHouseholdCsv(file);
    const limited = (async function* () {
      let n = 0;
      for await (const row of csv.rows) if (n++ < warmRows) yield row;
    })();
    await importHouseholds(scratch, limited, {
      asOf,
      actor: { kind: 'system', name: 'bench' },
      columns: csv.columns,
      concurrency,
    });
    await batchWriteFloor(client, warmRows, 'bench-warm-floor');
    console.log(
      `warm-up (${warmRows} rows through both paths, not timed): ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  }
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
  const startedCpu = cpuSeconds();
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
  console.log(`rows/s: ${(rows / seconds).toFixed(0)} (${seconds.toFixed(1)} s; ${cpuSince(startedCpu)})`);
  console.log(`peak RSS: ${(peakRss / 1e6).toFixed(0)} MB`);
  console.log(
    `WCU per row: ${(meter.writeUnits / rows).toFixed(1)}; RCU per row: ${(meter.readUnits / rows).toFixed(2)}`,
  );
  if (!process.argv.includes('--no-floor') && !discard) {
    const floorCpu = cpuSeconds();
    const floorSeconds = await batchWriteFloor(client, rows);
    console.log(
      `floor (batch write, 1 item + 1 audit item per row): ${(rows / floorSeconds).toFixed(0)} rows/s (${floorSeconds.toFixed(1)} s; ${cpuSince(floorCpu)})`,
    );
    console.log(`ratio import/floor: ${(seconds / floorSeconds).toFixed(2)} (issue 19 asks at most 2)`);
  }
} finally {
  await dynamo.stop();
  await rm(dir, { recursive: true, force: true });
}
