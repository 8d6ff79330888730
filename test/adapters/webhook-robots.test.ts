// Issue 21: the WeCom and DingTalk group-robot channel against a test server on 127.0.0.1 standing in for
// the webhooks: the documented payload, DingTalk's 加签, retries, and no credential in any error.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createWebhookRobots, dingtalkSign } from '../../lib/adapters/notify/webhook-robots';
import { MailDeliveryError } from '../../lib/ports/mailer';
import { startWebhookServer, type WebhookServer } from '../support/webhook-server';

let server: WebhookServer;
beforeAll(async () => {
  server = await startWebhookServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  server.script.length = 0;
});

const NOW = 1_796_000_000_000;
const robots = createWebhookRobots({ now: () => NOW, retryDelayMs: 1 });
const wecom = () => ({
  kind: 'wecom' as const,
  webhookUrl: `${server.origin}/cgi-bin/webhook/send?key=wk-secret-key-1234`,
});
const dingtalk = (secret?: string) => ({
  kind: 'dingtalk' as const,
  webhookUrl: `${server.origin}/robot/send?access_token=dt-token-5678`,
  ...(secret ? { secret } : {}),
});
const message = { title: '防返贫监测日报 县532931', markdown: '### 防返贫监测日报\n新升级至县 **2**' };

describe('WeCom group robot (企业微信群机器人)', () => {
  it('posts {"msgtype":"markdown","markdown":{"content"}} as JSON to the webhook with its key', async () => {
    await robots.send(wecom(), message);

    expect(server.requests).toHaveLength(1);
    const [r] = server.requests;
    expect(r).toMatchObject({ method: 'POST', path: '/cgi-bin/webhook/send' });
    expect(r!.query.get('key')).toBe('wk-secret-key-1234');
    expect(r!.contentType).toContain('application/json');
    expect(r!.body).toEqual({ msgtype: 'markdown', markdown: { content: message.markdown } });
  });

  it('retries a 5xx once and succeeds', async () => {
    server.script.push({ status: 502 });
    await robots.send(wecom(), message);
    expect(server.requests).toHaveLength(2);
  });

  it('gives up with a retryable error after the attempts when throttled (errcode 45009), naming no key', async () => {
    server.script.push({ errcode: 45009 }, { errcode: 45009 });
    const error = await robots.send(wecom(), message).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MailDeliveryError);
    expect(error).toMatchObject({ retryable: true, reason: 'errcode45009' });
    expect((error as Error).message).not.toContain('wk-secret-key');
    expect((error as Error).message).not.toContain(server.origin);
    expect(server.requests).toHaveLength(2);
  });

  it('does not retry an answer a retry cannot fix (errcode 93000, invalid webhook)', async () => {
    server.script.push({ errcode: 93000 });
    await expect(robots.send(wecom(), message)).rejects.toMatchObject({ retryable: false });
    expect(server.requests).toHaveLength(1);
  });

  it('reports an unreachable webhook as retryable without quoting its address', async () => {
    const down = createWebhookRobots({ attempts: 1 });
    const error = await down
      .send(
        { kind: 'wecom', webhookUrl: 'http://127.0.0.1:1/cgi-bin/webhook/send?key=wk-secret-key-1234' },
        message,
      )
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ retryable: true });
    expect(String((error as Error).message)).not.toContain('wk-secret-key');
  });
});

describe('DingTalk group robot (钉钉自定义机器人)', () => {
  it('posts {"msgtype":"markdown","markdown":{"title","text"}} to the webhook with its access_token', async () => {
    await robots.send(dingtalk(), message);

    const [r] = server.requests;
    expect(r!.path).toBe('/robot/send');
    expect(r!.query.get('access_token')).toBe('dt-token-5678');
    expect(r!.query.has('sign')).toBe(false);
    expect(r!.body).toEqual({
      msgtype: 'markdown',
      markdown: { title: message.title, text: message.markdown },
    });
  });

  it('signs with 加签: timestamp in ms and sign = base64(HmacSHA256(secret, timestamp + "\\n" + secret))', async () => {
    const secret = 'SEC0123456789abcdef';
    await robots.send(dingtalk(secret), message);

    const [r] = server.requests;
    expect(r!.query.get('timestamp')).toBe(String(NOW));
    const expected = createHmac('sha256', secret).update(`${NOW}\n${secret}`).digest('base64');
    // URLSearchParams decodes the URL-encoded sign back to the base64 value.
    expect(r!.query.get('sign')).toBe(expected);
    expect(r!.query.get('access_token')).toBe('dt-token-5678');
  });

  it('URL-encodes the signature (+, / and = of base64)', () => {
    const sign = dingtalkSign(NOW, 'SECabc');
    expect(sign).not.toMatch(/[+/=]/);
    expect(decodeURIComponent(sign)).toBe(
      createHmac('sha256', 'SECabc').update(`${NOW}\nSECabc`).digest('base64'),
    );
  });

  it('treats "sending too fast" (errcode 130101) as retryable', async () => {
    server.script.push({ errcode: 130101 }, { errcode: 130101 });
    await expect(robots.send(dingtalk(), message)).rejects.toMatchObject({ retryable: true });
  });
});
