// Digests end to end on DynamoDB Local with the outbox: one set of files per unit and day, and a second run the
// same day sends nothing (the DigestLog says sent).
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDynamoStore } from '../../lib/adapters/dynamodb/dynamo-store';
import { ensureTables } from '../../lib/adapters/dynamodb/table-definition';
import { createOutboxMailer } from '../../lib/adapters/mail/outbox-mailer';
import { type SendDigestDeps, sendDigest } from '../../lib/app/send-digest';
import type { Store } from '../../lib/ports/store';
import { aCaseAt, aCaseHousehold, given, officialCalendar, resolveStored } from '../app/digest-support';
import { units } from '../builders/case';
import { testDynamoClient, uniqueName } from '../support/aws';

const client = testDynamoClient();
const county = { level: 'county', code: units.county } as const;

let dataDir: string;
let store: Store;
let deps: SendDigestDeps;

beforeEach(async () => {
  const tableName = uniqueName('digest');
  await ensureTables(client, tableName);
  store = createDynamoStore({ client, tableName, retry: { baseDelayMs: 5 } });
  dataDir = await mkdtemp(join(tmpdir(), 'fanpin-digest-'));
  deps = { store, mailer: createOutboxMailer({ dataDir }), calendar: officialCalendar, recipients: {} };
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const run = (date: string) =>
  sendDigest(deps, { unit: county, asOf: `${date}T08:30:00+08:00`, at: `${date}T08:30:01+08:00` });
const outbox = async () => (await readdir(join(dataDir, 'outbox')).catch(() => [])).sort();

describe('digest delivery on DynamoDB Local', () => {
  it('writes one set of outbox files and sends nothing on a second run the same day', async () => {
    await given(store, [aCaseHousehold({ headName: '张三明' })], [aCaseAt('county')]);

    const first = await run('2026-09-30');
    const second = await run('2026-09-30');

    expect([first.outcome, second.outcome]).toEqual(['sent', 'already_done']);
    expect(await outbox()).toEqual([
      '2026-09-30-county-532931.html',
      '2026-09-30-county-532931.json',
      '2026-09-30-county-532931.txt',
    ]);
    expect(await store.digests.get(units.county, '2026-09-30')).toMatchObject({ status: 'sent' });
    const json = JSON.parse(await readFile(join(dataDir, 'outbox', '2026-09-30-county-532931.json'), 'utf8'));
    expect(json).toMatchObject({ county: '532931', date: '2026-09-30', counts: { newlyEscalated: 1 } });
    expect(json.newlyEscalated[0]).toMatchObject({
      caseId: 'C-0001',
      headName: '张*明',
      ageInWorkingDays: 8,
    });
  });

  it('writes no files when there is nothing to say', async () => {
    const result = await run('2026-09-30');

    expect(result.outcome).toBe('skipped');
    expect(await outbox()).toEqual([]);
    expect(await store.digests.get(units.county, '2026-09-30')).toMatchObject({ status: 'skipped' });
  });

  it('reports a case resolved since the last digest the next working day', async () => {
    const kase = aCaseAt('county');
    await given(store, [aCaseHousehold()], [kase]);
    await run('2026-09-30');
    await resolveStored(store, kase, '2026-09-30T16:00:00+08:00');

    await run('2026-10-08');

    const json = JSON.parse(await readFile(join(dataDir, 'outbox', '2026-10-08-county-532931.json'), 'utf8'));
    expect(json.since).toBe('2026-09-30T08:30:00+08:00');
    expect(json.resolved.map((c: { caseId: string }) => c.caseId)).toEqual(['C-0001']);
  });
});
