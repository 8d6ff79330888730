// npm run bench:import [-- --rows N]: imports N (default 100,000) synthetic households from a CSV file into
// an in-memory DynamoDB Local through the real import path (stream → parse → validate → grade → createMany /
// commitMany → counter deltas per chunk), then prints rows per second, peak RSS and the write capacity per row.
// Then the floors (issue 19), in the same run and the same DynamoDB Local: the same households batch-written
// into a fresh table of the same definition (ensureTables: the same indexes), BatchWriteItem of 24 items, as
// many batches in flight as the import's concurrency, and the ratio of the import's time to each floor's
// (`--no-floor` skips them). Two floors (ADR 0021):
//  - the OLD floor (ADR 0017's): per household a ~1 KB item WITHOUT the index attributes and a 60-byte audit
//    item, so DynamoDB Local writes no index rows for it;
//  - the floor of the SAME ITEMS: per household exactly the household item the import stores (its index
//    keys included) and its audit item (the created household's after-image), captured by running the
//    import's planning over the file with a store that writes nothing (untimed, after the timed import, so
//    it is not in the import's peak RSS).
// Everything runs once on scratch tables first, untimed, so nothing pays the JVM's warm-up (`--cold` skips
// that). CPU seconds of Node and of DynamoDB Local are printed for each.

import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { stringify } from 'csv-stringify/sync';
import { errorsCsvOptions } from '../lib/adapters/csv/errors-file';
import { openHouseholdCsv } from '../lib/adapters/csv/household-csv';
import { auditItems, householdItem } from '../lib/adapters/dynamodb/keys';
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
import type { Change } from '../lib/ports/unit-of-work';

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
// --meter: the timed import asks DynamoDB for its consumed capacity on every request. Not by default: the CLI
// does not ask, nor do the floors, and DynamoDB Local spends real CPU computing it (ADR 0021: 2,000 rows took
// ~2.6 s more of its CPU); the write and read units per row are then measured on the untimed warm-up import.
const meterTimed = process.argv.includes('--meter');

/** A store that reads no household and writes no change (every change is handed to `seen` instead). */
function discardingStore(store: Store, seen: (change: Change) => void = () => undefined): Store {
  const take = async (changes: readonly Change[]) =>
    changes.map((c) => {
      seen(c);
      return { committed: true as const };
    });
  return {
    ...store,
    commit: async (change) => (await take([change]))[0] as { committed: true },
    commitMany: take,
    createMany: take,
    households: { ...store.households, getMany: async () => new Map() },
  };
}

/** The items the import writes per household (its household item and its audit items), one JSON line each,
 *  from the import's own planning over the file (nothing written to DynamoDB). */
async function captureItems(
  deps: ReturnType<typeof localChangeDeps>,
  csvFile: string,
  out: string,
  limit: number,
) {
  const sink = createWriteStream(out);
  let lines = 0;
  const seen = (change: Change) => {
    const h = change.households?.[0]?.household;
    if (!h) return;
    lines++;
    sink.write(
      `${JSON.stringify({ h: householdItem({ ...h, version: 1 }, 1), a: auditItems(change.audit ?? []) })}\n`,
    );
  };
  const csv = await openHouseholdCsv(csvFile);
  const limited = (async function* () {
    let n = 0;
    for await (const row of csv.rows) if (n++ < limit) yield row;
  })();
  await importHouseholds({ ...deps, store: discardingStore(deps.store, seen) }, limited, {
    asOf,
    actor: { kind: 'system', name: 'bench' },
    columns: csv.columns,
  });
  sink.end();
  await once(sink, 'finish');
  return lines;
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

/** The floor of the same items: the captured household and audit items, BatchWriteItem of 24 items (12
 *  households), `concurrency` batches in flight, read from the capture file as they go. */
async function sameItemsFloor(
  client: DynamoDBClient,
  itemsFile: string,
  n: number,
  tableName = 'bench-floor-same',
): Promise<number> {
  await ensureTables(client, tableName);
  const doc = DynamoDBDocumentClient.from(client);
  const audit = auditTableOf(tableName);
  type Put = { PutRequest: { Item: Record<string, unknown> } };
  const send = async (items: { table: string; Item: Record<string, unknown> }[]) => {
    let request: Record<string, Put[]> = {};
    for (const { table, Item } of items)
      request[table] = [...(request[table] ?? []), { PutRequest: { Item } }];
    for (let attempt = 0; Object.keys(request).length > 0; attempt++) {
      const out = await doc.send(new BatchWriteCommand({ RequestItems: request }));
      request = (out.UnprocessedItems ?? {}) as typeof request;
      if (Object.keys(request).length > 0)
        await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
    }
  };
  const started = performance.now();
  const inFlight = new Set<Promise<void>>();
  let batch: { table: string; Item: Record<string, unknown> }[] = [];
  const flush = async () => {
    const items = batch;
    batch = [];
    if (items.length === 0) return;
    if (inFlight.size >= concurrency) await Promise.race(inFlight);
    const p = send(items).finally(() => inFlight.delete(p));
    inFlight.add(p);
  };
  let read = 0;
  for await (const line of createInterface({ input: createReadStream(itemsFile) })) {
    if (read++ >= n) break;
    const { h, a } = JSON.parse(line) as { h: Record<string, unknown>; a: Record<string, unknown>[] };
    if (batch.length + 1 + a.length > 24) await flush();
    batch.push({ table: tableName, Item: h }, ...a.map((Item) => ({ table: audit, Item })));
  }
  await flush();
  await Promise.all(inFlight);
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
  const floors = !process.argv.includes('--no-floor') && !discard;
  const itemsFile = path.join(dir, 'items.jsonl');
  /** The items the import writes for the first `n` rows, for the floor of the same items (not timed). */
  const capture = async (n: number, out: string) => {
    const started = performance.now();
    await ensureTables(client, 'bench-capture');
    const captured = await captureItems(
      localChangeDeps({
        dynamodbEndpoint: dynamo.endpoint,
        region: 'cn-north-1',
        tableName: 'bench-capture',
        dataDir: dir,
      }),
      file,
      out,
      n,
    );
    const sizes = { h: 0, a: 0 };
    for await (const line of createInterface({ input: createReadStream(out) })) {
      const { h, a } = JSON.parse(line) as { h: unknown; a: unknown[] };
      sizes.h += JSON.stringify(h).length;
      sizes.a += a.reduce<number>((k, i) => k + JSON.stringify(i).length, 0);
    }
    console.log(
      `captured the import's items of ${captured} households (not timed, ${((performance.now() - started) / 1000).toFixed(1)} s): household item ~${(sizes.h / captured / 1000).toFixed(2)} KB, audit items ~${(sizes.a / captured / 1000).toFixed(2)} KB per household (JSON)`,
    );
  };
  const warmMeter = capacityMeter();
  let warmRows = 0;
  if (warm && !discard) {
    // DynamoDB Local is a JVM: its first seconds are JIT compilation, which the one measured first would pay
    // alone. Both paths run once on scratch tables before anything is timed.
    const started = performance.now();
    const scratch = localChangeDeps(
      { dynamodbEndpoint: dynamo.endpoint, region: 'cn-north-1', tableName: 'bench-warm', dataDir: dir },
      meterTimed ? {} : { meter: warmMeter },
    );
    await ensureTables(client, 'bench-warm');
    warmRows = Math.min(rows, 2_000);
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
    if (floors) {
      const warmItems = path.join(dir, 'warm-items.jsonl');
      await capture(warmRows, warmItems);
      await sameItemsFloor(client, warmItems, warmRows, 'bench-warm-same');
    }
    console.log(
      `warm-up (${warmRows} rows through both paths, not timed): ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  }
  await ensureTables(client, 'bench-import');
  const meter = capacityMeter();
  const local = localChangeDeps(
    // D16: the ID number key and hash secret of a local data directory (the bench's temporary one).
    { dynamodbEndpoint: dynamo.endpoint, region: 'cn-north-1', tableName: 'bench-import', dataDir: dir },
    meterTimed ? { meter } : {},
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
  console.log(
    `villages: ${result.villages.length} touched (counter deltas added), ${result.recounted.length} recounted`,
  );
  console.log(`rows/s: ${(rows / seconds).toFixed(0)} (${seconds.toFixed(1)} s; ${cpuSince(startedCpu)})`);
  console.log(`peak RSS: ${(peakRss / 1e6).toFixed(0)} MB`);
  if (meterTimed)
    console.log(
      `WCU per row: ${(meter.writeUnits / rows).toFixed(1)}; RCU per row: ${(meter.readUnits / rows).toFixed(2)} (the timed import, --meter)`,
    );
  else if (warmRows > 0)
    console.log(
      `WCU per row: ${(warmMeter.writeUnits / warmRows).toFixed(1)}; RCU per row: ${(warmMeter.readUnits / warmRows).toFixed(2)} (the warm-up import of ${warmRows} rows; the timed one asks for no capacity, as the CLI: --meter to count it)`,
    );
  if (floors) {
    // Captured after the timed import, so its memory is not in the import's peak RSS.
    await capture(rows, itemsFile);
    const oldCpu = cpuSeconds();
    const oldSeconds = await batchWriteFloor(client, rows);
    console.log(
      `old floor (ADR 0017: a 1 KB item without index attributes + a 60 B audit item per row): ${(rows / oldSeconds).toFixed(0)} rows/s (${oldSeconds.toFixed(1)} s; ${cpuSince(oldCpu)})`,
    );
    const sameCpu = cpuSeconds();
    const sameSeconds = await sameItemsFloor(client, itemsFile, rows);
    console.log(
      `floor of the same items (ADR 0021: the household item the import stores, index keys included, + its audit item): ${(rows / sameSeconds).toFixed(0)} rows/s (${sameSeconds.toFixed(1)} s; ${cpuSince(sameCpu)})`,
    );
    console.log(
      `ratio import/floor: ${(seconds / sameSeconds).toFixed(2)} against the floor of the same items; ${(seconds / oldSeconds).toFixed(2)} against the old floor (issue 19 asks at most 2)`,
    );
  }
} finally {
  await dynamo.stop();
  await rm(dir, { recursive: true, force: true });
}
