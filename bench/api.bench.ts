// npm run bench:api [-- --households N --requests R]: the local stack's HTTP gateway (JWT authorizer with a
// local key) in front of the API handlers, on an in-memory DynamoDB Local (the persisted one of
// `fanpin local` takes minutes to seed: ~35 households/s); seeds N (default 100,000) graded households
// straight into the table through the store's bulk path (BatchWriteItem of prepared items, then one
// counter record per village, each moving its township's roll-up), and prints p50/p95/p99 latency over HTTP
// of the summary, children, list and detail routes (issue 21 target: county summary and children list p99
// ≤ 50 ms at 100,000 households in 2,000+ villages).

import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDynamoStore } from '../lib/adapters/dynamodb/dynamo-store';
import { householdItem } from '../lib/adapters/dynamodb/keys';
import { TableClient } from '../lib/adapters/dynamodb/table-client';
import { ensureTables } from '../lib/adapters/dynamodb/table-definition';
import { createMemoryIdVault } from '../lib/adapters/memory/memory-id-vault';
import { createMemoryIdempotency } from '../lib/adapters/memory/memory-idempotency';
import { householdCounterValues, sumCounterValues } from '../lib/app/counters';
import { assess } from '../lib/domain/assess';
import { householdFromInput } from '../lib/domain/household-from-input';
import { parseHouseholdInput } from '../lib/domain/household-input';
import { summarizeMeasures } from '../lib/domain/measures';
import type { Household } from '../lib/domain/model';
import { defaultPolicy } from '../lib/domain/policy';
import { localDateOf } from '../lib/domain/time';
import { WorkingDayCalendar } from '../lib/domain/working-days';
import { apiHandler } from '../lib/http/api-handler';
import type { ApiDeps } from '../lib/http/deps';
import * as endpoints from '../lib/http/endpoints';
import { silentLogger } from '../lib/http/logger';
import { routes as apiRoutes } from '../lib/http/routes';
import { demoDivisions, demoHouseholds } from '../lib/local/demo-county';
import { startHttpGateway } from '../lib/local/http-gateway';
import { startDynamoDbLocal } from '../lib/local/services/dynamodb-local';
import { localTokens } from '../lib/local/tokens';
import type { CounterValues } from '../lib/ports/counter-store';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const total = Number(arg('--households') ?? 100_000);
const requests = Number(arg('--requests') ?? 300);
const asOf = '2026-12-01T10:00:00+08:00';
const today = localDateOf(asOf, defaultPolicy.timezone);

const dataDir = await mkdtemp(path.join(tmpdir(), 'fanpin-bench-api-'));
const dynamo = await startDynamoDbLocal();
const tableName = 'fanpin-bench';
const client = new DynamoDBClient({
  endpoint: dynamo.endpoint,
  region: 'cn-north-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});
await ensureTables(client, tableName);
const store = createDynamoStore({ client, tableName });
// D16: households as stored (masked number, keyed hash, ciphertext), sealed by the in-memory twin.
const vault = createMemoryIdVault('bench-id-hash-secret');
const deps: ApiDeps = {
  store,
  policyFor: () => defaultPolicy,
  calendar: WorkingDayCalendar.chinaOfficial(),
  newId: randomUUID,
  idNumbers: vault,
  now: () => asOf,
  logger: silentLogger,
  idempotency: createMemoryIdempotency(),
};
const handler = apiHandler([...endpoints.unitEndpoints(deps), ...endpoints.householdReadEndpoints(deps)], {
  logger: silentLogger,
});
const gateway = await startHttpGateway({
  routes: Object.values(apiRoutes).map((r) => ({ method: r.method, path: r.path, auth: r.auth, handler })),
  authorize: async (token) => (await localTokens(dataDir)).verifyToken(token),
});
const info = { api: gateway.url };
try {
  const table = new TableClient({ client, tableName });

  const t0 = performance.now();
  // The demo generator gives ~45 households a village: leave room so N households are reached.
  const villagesPerTownship = Math.max(8, Math.ceil(total / 30 / 40));
  const byVillage = new Map<string, CounterValues[]>();
  const ids: string[] = [];
  let batch: Household[] = [];
  const flush = async () => {
    await table.putMany(
      batch.map((h) => householdItem(h, 1)),
      16,
    );
    batch = [];
  };
  for (const d of demoHouseholds(today, { seed: 7, townships: 30, villagesPerTownship })) {
    if (ids.length >= total) break;
    const parsed = parseHouseholdInput(d.row, { asOfDate: today });
    if (!parsed.ok) continue;
    const h = assess(
      {
        ...householdFromInput(parsed.value, null, {
          at: asOf,
          headId: await vault.seal(parsed.value.headIdNumber ?? '', parsed.value.householdId),
        }),
        measureSummary: summarizeMeasures(d.measures),
      },
      { policy: defaultPolicy, asOf },
    ).household;
    ids.push(h.householdId);
    const parts = byVillage.get(h.villageCode) ?? [];
    parts.push(householdCounterValues(h, today));
    byVillage.set(h.villageCode, parts);
    batch.push({ ...h, version: 1 });
    if (batch.length >= 2000) await flush();
  }
  await flush();
  for (const [village, parts] of byVillage) {
    await store.counters.replace(village, sumCounterValues(parts), { sweptAt: asOf });
  }
  // The county's townships and villages with names (the children list answers them).
  await store.divisions.putMany(demoDivisions({ townships: 30, villagesPerTownship }));
  const seedSeconds = (performance.now() - t0) / 1000;
  const villages = [...byVillage.keys()];
  console.log(
    `seeded ${ids.length} households in ${villages.length} villages in ${seedSeconds.toFixed(1)} s (in-memory DynamoDB Local, BatchWriteItem)`,
  );

  const token = await (await localTokens(dataDir)).issueToken({ role: 'county', unit: '532931' });
  const headers = { authorization: `Bearer ${token}` };
  const township = villages[0]!.slice(0, 9);
  const routes: [string, (i: number) => string][] = [
    ['GET /v1/units/{county}/summary', () => '/v1/units/532931/summary'],
    ['GET /v1/units/{township}/summary', () => `/v1/units/${township}/summary`],
    // One query of the township roll-ups (county) or of the township's counter items, not one per child.
    ['GET /v1/units/{county}/children?sort=overdue', () => '/v1/units/532931/children?sort=overdue'],
    ['GET /v1/units/{township}/children?sort=red', () => `/v1/units/${township}/children?sort=red`],
    ['GET /v1/units/{code}', () => `/v1/units/${township}`],
    ['GET /v1/units/{township}/households?limit=50', () => `/v1/units/${township}/households?limit=50`],
    ['GET /v1/units/{county}/households?grade=red', () => '/v1/units/532931/households?grade=red&limit=50'],
    ['GET /v1/households/{id}', (i) => `/v1/households/${ids[(i * 7919) % ids.length]}`],
    // Overdue lists read the county's due index, filtered to the unit (ADR 0010).
    [
      'GET /v1/units/{village}/households?overdue=true',
      () => `/v1/units/${villages[0]}/households?overdue=true&limit=50`,
    ],
    [
      'GET /v1/units/{township}/households?overdue=true',
      () => `/v1/units/${township}/households?overdue=true&limit=50`,
    ],
    [
      'GET /v1/units/{county}/households?overdue=true',
      () => '/v1/units/532931/households?overdue=true&limit=50',
    ],
  ];
  const overdue = (await (await fetch(`${info.api}/v1/units/532931/summary`, { headers })).json()) as {
    overdueByClass?: Record<string, number>;
  };
  console.log(
    `overdue households in the county: ${Object.values(overdue.overdueByClass ?? {}).reduce((a, b) => a + b, 0)}`,
  );
  const pct = (sorted: number[], p: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
  for (const [name, url] of routes) {
    for (let i = 0; i < 10; i++)
      await fetch(`${info.api}${url(i)}`, { headers }).then((r) => r.arrayBuffer());
    const times: number[] = [];
    for (let i = 0; i < requests; i++) {
      const s = performance.now();
      const response = await fetch(`${info.api}${url(i)}`, { headers });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${name}: ${response.status}`);
      times.push(performance.now() - s);
    }
    times.sort((a, b) => a - b);
    console.log(
      `${name.padEnd(48)} n=${requests}  p50 ${pct(times, 50).toFixed(1)} ms  p95 ${pct(times, 95).toFixed(1)} ms  p99 ${pct(times, 99).toFixed(1)} ms`,
    );
  }
} finally {
  await gateway.close();
  await dynamo.stop();
  await rm(dataDir, { recursive: true, force: true });
}
