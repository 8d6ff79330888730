// Issue 21 "Notify where officers are": a unit's digest goes to its stored channels (e-mail, WeCom and DingTalk
// group robots; a test server on 127.0.0.1 stands in for the webhooks), each channel at most once, and a failed
// channel is retried without repeating the others. Channels are data changed with an audited command.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../lib/adapters/memory/memory-store';
import { createWebhookRobots } from '../../lib/adapters/notify/webhook-robots';
import { listNotifySettings, removeNotifyChannel, setNotifyChannel } from '../../lib/app/notify-settings';
import { type SendDigestDeps, sendDigest } from '../../lib/app/send-digest';
import { digestUnits } from '../../lib/app/start-digests';
import type { AuditEvent } from '../../lib/domain/model';
import type { Store } from '../../lib/ports/store';
import { units } from '../builders/case';
import { startWebhookServer, type WebhookServer } from '../support/webhook-server';
import {
  aCaseAt,
  aCaseHousehold,
  given,
  officialCalendar,
  type RecordingMailer,
  recordingMailer,
} from './digest-support';

let server: WebhookServer;
beforeAll(async () => {
  server = await startWebhookServer();
});
afterAll(() => server.close());

let store: Store;
let mailer: RecordingMailer;
let deps: SendDigestDeps;
let audit: AuditEvent[];
let ids = 0;
const change = (unitCode: string) => ({
  unitCode,
  by: 'ops',
  at: '2026-09-29T10:00:00+08:00',
  newId: () => `N${++ids}`,
});
const wecomUrl = () => `${server.origin}/cgi-bin/webhook/send?key=wk-secret-key-1234`;
const dingUrl = () => `${server.origin}/robot/send?access_token=dt-token-5678`;
const county = { level: 'county', code: units.county } as const;
const run = (date: string) =>
  sendDigest(deps, { unit: county, asOf: `${date}T08:30:00+08:00`, at: `${date}T08:30:05+08:00` });

beforeEach(async () => {
  server.requests.length = 0;
  server.script.length = 0;
  store = createMemoryStore();
  audit = [];
  const append = store.append.bind(store);
  store.append = async (a) => {
    audit.push(...(a.audit ?? []));
    return append(a);
  };
  mailer = recordingMailer();
  deps = {
    store,
    mailer,
    robots: createWebhookRobots({ retryDelayMs: 1, attempts: 1 }),
    calendar: officialCalendar,
    recipients: { [units.county]: ['configured@example.org'] },
    requireRecipients: true,
  };
  await given(store, [aCaseHousehold()], [aCaseAt('county')]);
});

describe('digest channels (issue 21)', () => {
  it('sends the digest to the unit’s WeCom and DingTalk robots as markdown and mails its stored addresses', async () => {
    await setNotifyChannel(store, {
      ...change(units.county),
      channel: { kind: 'wecom', webhookUrl: wecomUrl() },
    });
    await setNotifyChannel(store, {
      ...change(units.county),
      channel: { kind: 'dingtalk', webhookUrl: dingUrl(), secret: 'SEC0123456789' },
    });
    await setNotifyChannel(store, {
      ...change(units.county),
      channel: { kind: 'email', addresses: ['stored@example.org'] },
    });

    const result = await run('2026-09-30');

    expect(result.outcome).toBe('sent');
    expect(result.channels).toEqual([
      { kind: 'mail', outcome: 'sent' },
      { kind: 'wecom', outcome: 'sent' },
      { kind: 'dingtalk', outcome: 'sent' },
    ]);
    expect(mailer.sent.map((m) => m.to)).toEqual([['stored@example.org']]);
    const [w, d] = server.requests;
    expect(w!.body).toMatchObject({
      msgtype: 'markdown',
      markdown: { content: expect.stringContaining('新升级至县 **1**') },
    });
    expect(
      Buffer.byteLength((w!.body as { markdown: { content: string } }).markdown.content),
    ).toBeLessThanOrEqual(4096);
    expect(d!.body).toMatchObject({
      msgtype: 'markdown',
      markdown: { title: expect.stringContaining('防返贫监测日报') },
    });
    expect(d!.query.has('sign')).toBe(true);
    expect(JSON.stringify(server.requests.map((r) => r.body))).not.toMatch(/\d{17}[\dX]/); // no ID number
  });

  it('retries only the failed channel: the queue’s second attempt does not repeat the others', async () => {
    await setNotifyChannel(store, {
      ...change(units.county),
      channel: { kind: 'wecom', webhookUrl: wecomUrl() },
    });
    await setNotifyChannel(store, {
      ...change(units.county),
      channel: { kind: 'dingtalk', webhookUrl: dingUrl() },
    });
    server.script.push({ errcode: 0 }, { status: 503 }); // WeCom fine, DingTalk down

    await expect(run('2026-09-30')).rejects.toMatchObject({ retryable: true });
    const second = await run('2026-09-30');

    // Stored channels replace the configured e-mail; with SES (addresses needed) and none stored, no mail.
    expect(second.channels).toEqual([
      { kind: 'wecom', outcome: 'already_sent' },
      { kind: 'dingtalk', outcome: 'sent' },
    ]);
    expect(server.requests.map((r) => r.path)).toEqual([
      '/cgi-bin/webhook/send',
      '/robot/send',
      '/robot/send',
    ]);
    expect(mailer.sent).toHaveLength(0);
  });

  it('falls back to the configured recipients when the unit has no stored channels, or after they were removed', async () => {
    await run('2026-09-30');
    expect(mailer.sent.at(-1)!.to).toEqual(['configured@example.org']);

    await setNotifyChannel(store, {
      ...change(units.county),
      channel: { kind: 'wecom', webhookUrl: wecomUrl() },
    });
    await removeNotifyChannel(store, change(units.county));
    await run('2026-10-08');
    expect(mailer.sent.at(-1)!.to).toEqual(['configured@example.org']);
    expect(server.requests).toHaveLength(0);
  });

  it('names a township with stored channels among the units whose digests the schedule queues', async () => {
    await setNotifyChannel(store, {
      ...change('532931109'),
      channel: { kind: 'wecom', webhookUrl: wecomUrl() },
    });
    const listed = await digestUnits({
      cases: store.cases,
      counters: store.counters,
      recipients: {},
      notify: store.notify,
    });
    expect(listed).toContainEqual({ level: 'township', code: '532931109' });
  });
});

describe('fanpin notify: channels as audited data (issue 21)', () => {
  it('audits each change with the webhook masked, and lists channels masked', async () => {
    await setNotifyChannel(store, {
      ...change(units.county),
      channel: { kind: 'wecom', webhookUrl: wecomUrl() },
    });
    await setNotifyChannel(store, {
      ...change(units.county),
      channel: { kind: 'dingtalk', webhookUrl: dingUrl(), secret: 'SEC0123456789' },
    });

    expect(audit.map((e) => [e.type, (e.data as { version: number }).version])).toEqual([
      ['notify_channels_changed', 1],
      ['notify_channels_changed', 2],
    ]);
    const text = JSON.stringify([audit, await listNotifySettings(store)]);
    expect(text).not.toContain('wk-secret-key-1234');
    expect(text).not.toContain('dt-token-5678');
    expect(text).not.toContain('SEC0123456789');
    expect(text).toContain('key=…1234');
    expect(audit[1]!.after).toEqual([
      { kind: 'wecom', webhook: `${server.origin}/cgi-bin/webhook/send?key=…1234` },
      { kind: 'dingtalk', webhook: `${server.origin}/robot/send?access_token=…5678`, signed: true },
    ]);
    expect((await store.notify.versions(units.county)).map((v) => v.updatedBy)).toEqual(['ops', 'ops']);
  });

  it.each([
    [
      { kind: 'wecom' as const, webhookUrl: 'http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k' },
      'https',
    ],
    [{ kind: 'wecom' as const, webhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send' }, 'key='],
    [{ kind: 'dingtalk' as const, webhookUrl: 'not a url' }, 'not a URL'],
    [{ kind: 'email' as const, addresses: ['nobody'] }, 'not an e-mail address'],
  ])('refuses %j with a reason', async (channel, reason) => {
    await expect(setNotifyChannel(store, { ...change(units.county), channel })).rejects.toThrow(reason);
    expect(await store.notify.get(units.county)).toBeNull();
  });

  it('refuses a unit code that is not 6, 9 or 12 digits', async () => {
    await expect(
      setNotifyChannel(store, { ...change('53293'), channel: { kind: 'email', addresses: ['a@b.cn'] } }),
    ).rejects.toMatchObject({ code: 'validation_failed' });
  });
});
