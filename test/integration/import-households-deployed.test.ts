// `fanpin import households` in deployed mode (FANPIN_TABLE_NAME…): the deployed table through the SDK's
// default chain, here pointed at the test run's DynamoDB Local by the SDK's own AWS_ENDPOINT_URL_DYNAMODB.

import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateQueueCommand, GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { idNumberHash } from '../../lib/adapters/crypto/envelope-vault';
import { createDynamoStore } from '../../lib/adapters/dynamodb/dynamo-store';
import { ensureTables } from '../../lib/adapters/dynamodb/table-definition';
import { mixedAsOf } from '../fixtures/import/mixed-expected';
import { testDynamoClient, testSqsClient, uniqueName, useDeployedEnvironment } from '../support/aws';
import { runFanpin } from '../support/cli';

const fixtures = path.join(import.meta.dirname, '../fixtures/import');
const client = testDynamoClient();
const tableName = uniqueName('deployed');
const secret = 'deployed-test-secret-0123';
let restoreEnvironment: () => void;
const keyArn = 'arn:aws-cn:kms:cn-northwest-1:123456789012:key/00000000-0000-0000-0000-000000000000';
const kms = mockClient(KMSClient);

beforeAll(async () => {
  await ensureTables(client, tableName);
  // The SDK reads the endpoint and credentials from the process environment, as it would on an operator's machine.
  restoreEnvironment = useDeployedEnvironment(
    tableName,
    { AWS_REGION: 'cn-northwest-1', ID_HASH_SECRET: secret, ID_KMS_KEY_ID: keyArn },
    ['AWS_ENDPOINT_URL_SQS', 'FANPIN_SWEEP_QUEUE_URL'],
  );
  // D16: there is no KMS to run locally; the stand-in makes AES-256 data keys as KMS would.
  kms
    .on(GenerateDataKeyCommand)
    .callsFake(() => ({ Plaintext: randomBytes(32), CiphertextBlob: randomBytes(184) }));
});

afterAll(() => {
  kms.restore();
  restoreEnvironment();
});

const fanpin = (argv: string[]) => runFanpin(argv);

describe('fanpin import households against a deployed table', () => {
  it('imports into the table FANPIN_TABLE_NAME names, with no local stack and no local.json', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'fanpin-deployed-'));
    const file = path.join(work, 'good.csv');
    copyFileSync(path.join(fixtures, 'good-utf8-bom.csv'), file);

    const { code, out, err } = await fanpin([
      'import',
      'households',
      file,
      '--as-of',
      mixedAsOf,
      '--data-dir',
      path.join(work, 'no-stack'),
    ]);

    expect(code).toBe(0);
    expect(err).toContain(`target: deployed table ${tableName} in cn-northwest-1`);
    expect(err.join('\n')).not.toContain(secret);
    expect(JSON.parse(out.at(-1)!)).toEqual({ read: 4, created: 4, updated: 0, unchanged: 0, rejected: 0 });
    const store = createDynamoStore({ client, tableName });
    expect(await store.households.get('GD-003')).toMatchObject({ category: 'unstable', status: 'monitored' });
    // Hashed with the deployed secret: matching by ID number works for the stack's functions.
    expect(
      (await store.households.findByIdHash(idNumberHash(secret, '532931197503120217'))).map(
        (h) => h.householdId,
      ),
    ).toEqual(['GD-001']);
    // D16: sealed with a data key of the stack's KMS key, asked once for the whole file.
    expect((await store.households.get('GD-001'))?.headIdSealed).toMatch(/^v1\.kms\./);
    expect(kms.commandCalls(GenerateDataKeyCommand).map((c) => c.args[0].input.KeyId)).toEqual([keyArn]);
  });

  it('D16 stops, in one line naming ID_KMS_KEY_ID, when it has no key to seal the numbers with', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'fanpin-deployed-'));
    // New households (the same numbers under other ids): each needs its number sealed.
    const file = path.join(work, 'new.csv');
    writeFileSync(
      file,
      readFileSync(path.join(fixtures, 'good-utf8-bom.csv'), 'utf8').replaceAll('GD-0', 'GE-0'),
    );
    delete process.env.ID_KMS_KEY_ID;
    try {
      const { code, err } = await fanpin(['import', 'households', file, '--as-of', mixedAsOf]);

      expect(code).toBe(1);
      expect(err.at(-1)).toMatch(/^fanpin: .*ID_KMS_KEY_ID/);
    } finally {
      process.env.ID_KMS_KEY_ID = keyArn;
    }
  });

  it('says which variable is missing, in one line', async () => {
    const secretBefore = process.env.ID_HASH_SECRET;
    delete process.env.ID_HASH_SECRET;
    try {
      const { code, err } = await fanpin(['import', 'households', 'any.csv']);

      expect(code).toBe(1);
      expect(err).toEqual([
        'fanpin: FANPIN_TABLE_NAME is set (deployed mode) but ID_HASH_SECRET is not: set it to the value of the secret fanpin-<stage>-id-hash',
      ]);
    } finally {
      process.env.ID_HASH_SECRET = secretBefore;
    }
  });

  it('refuses digest and token in deployed mode, in one line each', async () => {
    const digest = await fanpin(['digest', '--county', '532931']);
    const token = await fanpin(['token', '--role', 'county', '--unit', '532931']);

    expect([digest.code, token.code]).toEqual([1, 1]);
    expect(digest.err).toEqual([
      expect.stringMatching(/^fanpin: `fanpin digest` works only on the local stack .*08:30 schedule/),
    ]);
    expect(token.err).toEqual([
      expect.stringMatching(/^fanpin: `fanpin token` works only on the local stack .*OIDC provider/),
    ]);
  });
});

describe('fanpin sweep against a deployed stack', () => {
  it('records the run and sends one message per village to FANPIN_SWEEP_QUEUE_URL, and --no-wait returns', async () => {
    const sqs = testSqsClient();
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('sweep') }));
    process.env.AWS_ENDPOINT_URL_SQS = inject('sqsEndpoint');
    process.env.FANPIN_SWEEP_QUEUE_URL = QueueUrl;
    const work = mkdtempSync(path.join(tmpdir(), 'fanpin-deployed-'));
    copyFileSync(path.join(fixtures, 'good-utf8-bom.csv'), path.join(work, 'good.csv'));
    expect(
      (await fanpin(['import', 'households', path.join(work, 'good.csv'), '--as-of', mixedAsOf])).code,
    ).toBe(0);

    const { code, out, err } = await fanpin([
      'sweep',
      'daily',
      '--as-of',
      '2026-12-02T06:00:00+08:00',
      '--no-wait',
    ]);

    expect(code).toBe(0);
    expect(err[0]).toBe(`target: deployed table ${tableName} in cn-northwest-1 (sweep queue ${QueueUrl})`);
    const started = JSON.parse(out.at(-1)!);
    expect(started).toMatchObject({ kind: 'daily', completedAt: null });
    expect(started.sent).toBe(started.shards);
    expect(started.shards).toBeGreaterThan(0);
    const store = createDynamoStore({ client, tableName });
    expect(await store.sweeps.getRun(started.sweepId)).toMatchObject({ shardCount: started.shards });
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
    );
    expect(Number(Attributes?.ApproximateNumberOfMessages)).toBe(started.sent);
  });

  it('names FANPIN_SWEEP_QUEUE_URL when it is missing', async () => {
    const before = process.env.FANPIN_SWEEP_QUEUE_URL;
    delete process.env.FANPIN_SWEEP_QUEUE_URL;
    try {
      const { code, err } = await fanpin(['sweep', 'daily', '--as-of', '2026-12-02T06:00:00+08:00']);

      expect(code).toBe(1);
      expect(err.at(-1)).toMatch(/^fanpin: .* but FANPIN_SWEEP_QUEUE_URL is not/);
    } finally {
      if (before !== undefined) process.env.FANPIN_SWEEP_QUEUE_URL = before;
    }
  });
});
