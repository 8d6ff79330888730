// The whole `fanpin local` stack as a child process, the way `npm start` runs it.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { findRunningStack, type LocalStackInfo, requireRunningStack } from '../../lib/local/local-file';
import { freePort } from '../../lib/local/services/dynamodb-local';
import { connectTo, offLoopbackAddress, portOf } from '../support/net';

const bin = path.resolve('bin/fanpin.mjs');

function startStack(dataDir: string, port = 0): { child: ChildProcess; output: () => string } {
  let output = '';
  const child = spawn(
    process.execPath,
    [bin, 'local', '--port', String(port), '--data-dir', dataDir, '--no-demo', '--no-schedules'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout!.on('data', (d) => {
    output += d;
  });
  child.stderr!.on('data', (d) => {
    output += d;
  });
  return { child, output: () => output };
}

async function waitForLocalFile(
  dataDir: string,
  child: ChildProcess,
  output: () => string,
): Promise<LocalStackInfo> {
  const file = path.join(dataDir, 'local.json');
  const deadline = Date.now() + 60_000;
  while (!existsSync(file)) {
    if (child.exitCode !== null) throw new Error(`the stack exited with ${child.exitCode}: ${output()}`);
    if (Date.now() > deadline) throw new Error(`no local.json after 60 s: ${output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return JSON.parse(readFileSync(file, 'utf8'));
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

function dynamo(info: LocalStackInfo) {
  return new DynamoDBClient({
    endpoint: info.dynamodbEndpoint,
    region: info.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

describe('fanpin local', () => {
  it('serves the API, stops cleanly on SIGTERM, and keeps the table for the next start', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'fanpin-stack-'));

    const first = startStack(dataDir);
    const info = await waitForLocalFile(dataDir, first.child, first.output);
    const health = await fetch(`${info.api}/v1/health`);
    await dynamo(info).send(
      new PutItemCommand({ TableName: info.tableName, Item: { pk: { S: 'probe' }, sk: { S: 'probe' } } }),
    );
    expect(await findRunningStack(dataDir)).toMatchObject({ pid: first.child.pid });
    const firstExit = await stop(first.child);

    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({
      status: 'ok',
      table: 'ACTIVE',
      // D14: the years of the next 60 days that are not official (which depends on today's date).
      calendarWarnings: expect.any(Array),
    });
    expect(info).toMatchObject({
      tableName: 'fanpin-local',
      outboxDir: path.join(dataDir, 'outbox'),
      queues: {
        sweep: expect.stringContaining('fanpin-local-sweep'),
        sweepDlq: expect.stringContaining('-dlq'),
      },
    });
    expect(firstExit).toBe(0);
    expect(existsSync(path.join(dataDir, 'local.json'))).toBe(false);
    expect(existsSync(path.join(dataDir, 'outbox'))).toBe(true);
    await expect(requireRunningStack(dataDir)).rejects.toThrow(`no local stack is running for ${dataDir}`);

    const second = startStack(dataDir);
    const again = await waitForLocalFile(dataDir, second.child, second.output);
    const probe = await dynamo(again).send(
      new GetItemCommand({ TableName: again.tableName, Key: { pk: { S: 'probe' }, sk: { S: 'probe' } } }),
    );
    const secondExit = await stop(second.child);

    expect(probe.Item).toBeDefined();
    expect(secondExit).toBe(0);
  }, 90_000);

  // interface.md "Readiness" (issue 17 item 8): the API answers 503 until the whole stack is ready and
  // local.json is written; the data directory is its owner's only; every listener is on 127.0.0.1.
  it('answers 503 until ready, writes local.json before the first 200, and listens on 127.0.0.1 only', async () => {
    const dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'fanpin-ready-')), 'data');
    const port = await freePort();
    const { child, output } = startStack(dataDir, port);
    const seen: { status: number | string; localJson: boolean }[] = [];
    try {
      const deadline = Date.now() + 60_000;
      while (!seen.some((s) => s.status === 200)) {
        if (child.exitCode !== null) throw new Error(`the stack exited with ${child.exitCode}: ${output()}`);
        if (Date.now() > deadline) throw new Error(`no 200 after 60 s: ${output()}`);
        // The OpenAPI document needs nothing of the stack: only the readiness gate holds it back.
        const status = await fetch(`http://127.0.0.1:${port}/v1/openapi.json`).then(
          (r) => r.status,
          (e: { cause?: { code?: string } }) => e.cause?.code ?? 'error',
        );
        seen.push({ status, localJson: existsSync(path.join(dataDir, 'local.json')) });
        await new Promise((r) => setTimeout(r, 50));
      }
      const info = await waitForLocalFile(dataDir, child, output);
      const elsewhere = offLoopbackAddress();
      const reachable = elsewhere
        ? await Promise.all(
            [info.api, info.dynamodbEndpoint, info.sqsEndpoint].map((e) => connectTo(elsewhere, portOf(e))),
          )
        : [];

      // Before the 200: only refused connections (gateway not yet listening) and 503s; some 503s seen.
      const answered = seen.filter((s) => typeof s.status === 'number');
      expect(
        answered.slice(0, -1).every((s) => s.status === 503),
        JSON.stringify(seen),
      ).toBe(true);
      expect(answered.filter((s) => s.status === 503).length).toBeGreaterThan(0);
      expect(seen.at(-1)).toEqual({ status: 200, localJson: true });
      expect(statSync(dataDir).mode & 0o777).toBe(0o700);
      expect(reachable.filter((r) => r === 'connected')).toEqual([]);
    } finally {
      await stop(child);
    }
  }, 90_000);
});
