import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOutboxMailer } from '../../lib/adapters/mail/outbox-mailer';
import { buildDigest, digestIdempotencyKey, digestOutboxName } from '../../lib/domain/digest';
import { renderDigestHtml } from '../../lib/domain/render/digest-html';
import { digestSubject, renderDigestText } from '../../lib/domain/render/digest-text';
import { MailDeliveryError, type MailMessage } from '../../lib/ports/mailer';

let dataDir: string;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'fanpin-outbox-'));
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

function aMessage(overrides: Partial<MailMessage> = {}): MailMessage {
  return {
    to: ['admin@example.org'],
    subject: '防返贫监测日报 县532931 2026-12-07',
    html: '<p>新升级</p>',
    text: '新升级\n',
    idempotencyKey: 'digest#county#532931#2026-12-07',
    outboxName: '2026-12-07-county-532931',
    json: { county: '532931', date: '2026-12-07' },
    ...overrides,
  };
}

describe('outbox mailer', () => {
  it('writes <name>.html, .txt and .json under DIR/outbox', async () => {
    const mailer = createOutboxMailer({ dataDir });
    const result = await mailer.send(aMessage());
    expect(result).toEqual({ delivered: true, duplicate: false });
    const dir = join(dataDir, 'outbox');
    expect(mailer.outboxDir).toBe(dir);
    expect(await readFile(join(dir, '2026-12-07-county-532931.html'), 'utf8')).toBe('<p>新升级</p>');
    expect(await readFile(join(dir, '2026-12-07-county-532931.txt'), 'utf8')).toBe('新升级\n');
    expect(JSON.parse(await readFile(join(dir, '2026-12-07-county-532931.json'), 'utf8'))).toEqual({
      county: '532931',
      date: '2026-12-07',
    });
  });

  it('leaves no temporary files behind', async () => {
    await createOutboxMailer({ dataDir }).send(aMessage());
    expect((await readdir(join(dataDir, 'outbox'))).sort()).toEqual([
      '2026-12-07-county-532931.html',
      '2026-12-07-county-532931.json',
      '2026-12-07-county-532931.txt',
    ]);
  });

  it('reports a second send with the same name as a duplicate and keeps the first files', async () => {
    const mailer = createOutboxMailer({ dataDir });
    await mailer.send(aMessage());
    const again = await mailer.send(aMessage({ html: '<p>changed</p>' }));
    expect(again).toEqual({ delivered: false, duplicate: true });
    expect(await readFile(join(dataDir, 'outbox', '2026-12-07-county-532931.html'), 'utf8')).toBe(
      '<p>新升级</p>',
    );
  });

  it('delivers exactly once when two sends race', async () => {
    const results = await Promise.all([
      createOutboxMailer({ dataDir }).send(aMessage()),
      createOutboxMailer({ dataDir }).send(aMessage()),
    ]);
    expect(results.filter((r) => r.delivered)).toHaveLength(1);
    expect(results.filter((r) => r.duplicate)).toHaveLength(1);
  });

  it('delivers another unit or day under its own name', async () => {
    const mailer = createOutboxMailer({ dataDir });
    await mailer.send(aMessage());
    const township = await mailer.send(aMessage({ outboxName: '2026-12-07-township-532931101' }));
    expect(township.delivered).toBe(true);
  });

  it('writes attachments next to the message', async () => {
    await createOutboxMailer({ dataDir }).send(
      aMessage({
        attachments: [{ filename: 'report.csv', content: '\uFEFFa,b\r\n', contentType: 'text/csv' }],
      }),
    );
    expect(await readFile(join(dataDir, 'outbox', '2026-12-07-county-532931.report.csv'), 'utf8')).toBe(
      '\uFEFFa,b\r\n',
    );
  });

  it('writes the subject and recipients as the JSON when none is given', async () => {
    await createOutboxMailer({ dataDir }).send(aMessage({ json: undefined }));
    const json = JSON.parse(await readFile(join(dataDir, 'outbox', '2026-12-07-county-532931.json'), 'utf8'));
    expect(json).toEqual({
      subject: '防返贫监测日报 县532931 2026-12-07',
      to: ['admin@example.org'],
      idempotencyKey: 'digest#county#532931#2026-12-07',
    });
  });

  it('refuses a name that would leave the outbox', async () => {
    const send = createOutboxMailer({ dataDir }).send(aMessage({ outboxName: '../escape' }));
    await expect(send).rejects.toBeInstanceOf(MailDeliveryError);
    await expect(send).rejects.toMatchObject({ retryable: false, reason: 'invalid_name' });
  });
});

describe('a digest through the outbox', () => {
  it('writes the interface JSON once per unit and day', async () => {
    const digest = buildDigest({
      unit: { level: 'county', code: '532931' },
      date: '2026-12-07',
      asOf: '2026-12-07T08:30:00+08:00',
      since: null,
      cases: [],
      ageInWorkingDays: () => 0,
    });
    const message = {
      to: [],
      subject: digestSubject(digest),
      html: renderDigestHtml(digest),
      text: renderDigestText(digest),
      idempotencyKey: digestIdempotencyKey(digest),
      outboxName: digestOutboxName(digest),
      json: digest,
    };
    const mailer = createOutboxMailer({ dataDir });
    expect((await mailer.send(message)).delivered).toBe(true);
    expect((await mailer.send(message)).duplicate).toBe(true);
    const json = JSON.parse(await readFile(join(dataDir, 'outbox', '2026-12-07-county-532931.json'), 'utf8'));
    expect(Object.keys(json)).toEqual(
      expect.arrayContaining(['county', 'date', 'asOf', 'newlyEscalated', 'stillOpen', 'resolved', 'counts']),
    );
  });
});
