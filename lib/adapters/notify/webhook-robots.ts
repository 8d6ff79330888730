// GroupRobots over HTTPS webhooks (issue 21; docs/digests.md "Group robots"):
// - WeCom (企业微信群机器人): POST the webhook URL (…/cgi-bin/webhook/send?key=…) with
//   {"msgtype":"markdown","markdown":{"content":…}}.
// - DingTalk (钉钉自定义机器人): POST the webhook URL (…/robot/send?access_token=…) with
//   {"msgtype":"markdown","markdown":{"title":…,"text":…}}; with 加签, the URL also carries `timestamp` (ms) and
//   `sign` = urlEncode(base64(HmacSHA256(key = secret, message = timestamp + "\n" + secret))).
// Both answer HTTP 200 with {"errcode":0,"errmsg":"ok"}; a non-zero errcode is a failure. Throttling (both allow
// 20 messages a minute per robot), 5xx, 429, timeouts and network errors are retryable: one quick retry here,
// then the notify queue's redelivery and finally its DLQ. Error messages name the channel kind and the HTTP
// status or errcode, never the URL or the secret.
import { createHmac } from 'node:crypto';
import type { GroupRobots, RobotChannel, RobotMessage } from '../../ports/group-robot';
import { MailDeliveryError } from '../../ports/mailer';

/** errcodes that a later attempt can get past: WeCom 45009 (frequency), -1 (system busy); DingTalk 130101
 *  (sending too fast), 90018/90030 (over limit). */
const RETRYABLE_ERRCODES = new Set([-1, 45009, 130101, 90018, 90030]);

export interface WebhookRobotsOptions {
  /** The clock for DingTalk's signature timestamp (ms). */
  now?: () => number;
  /** Per-request timeout (default 10 s). */
  timeoutMs?: number;
  /** Attempts per send before the error goes to the queue (default 2). */
  attempts?: number;
  /** Wait between attempts (default 500 ms). */
  retryDelayMs?: number;
  fetch?: typeof fetch;
}

/** 钉钉加签: the sign parameter for a timestamp (ms) and secret, already URL-encoded. */
export function dingtalkSign(timestamp: number, secret: string): string {
  const digest = createHmac('sha256', secret).update(`${timestamp}\n${secret}`, 'utf8').digest('base64');
  return encodeURIComponent(digest);
}

export function robotRequest(
  channel: RobotChannel,
  message: RobotMessage,
  now: number,
): { url: string; body: string } {
  if (channel.kind === 'wecom') {
    return {
      url: channel.webhookUrl,
      body: JSON.stringify({ msgtype: 'markdown', markdown: { content: message.markdown } }),
    };
  }
  const url = channel.secret
    ? `${channel.webhookUrl}${channel.webhookUrl.includes('?') ? '&' : '?'}timestamp=${now}&sign=${dingtalkSign(now, channel.secret)}`
    : channel.webhookUrl;
  return {
    url,
    body: JSON.stringify({ msgtype: 'markdown', markdown: { title: message.title, text: message.markdown } }),
  };
}

const label = { wecom: 'WeCom robot', dingtalk: 'DingTalk robot' } as const;

export function createWebhookRobots(options: WebhookRobotsOptions = {}): GroupRobots {
  const now = options.now ?? Date.now;
  const doFetch = options.fetch ?? fetch;
  const attempts = options.attempts ?? 2;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const delay = options.retryDelayMs ?? 500;

  async function attempt(channel: RobotChannel, message: RobotMessage): Promise<void> {
    const { url, body } = robotRequest(channel, message, now());
    const who = label[channel.kind];
    let response: Response;
    try {
      response = await doFetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (e) {
      // No cause attached: a fetch error may quote the URL, and the URL is a credential.
      const code = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).name ?? 'network';
      throw new MailDeliveryError(`${who} delivery failed: ${code}`, true, String(code));
    }
    const text = await response.text();
    if (!response.ok) {
      const retryable = response.status === 429 || response.status >= 500;
      throw new MailDeliveryError(
        `${who} delivery failed: HTTP ${response.status}`,
        retryable,
        `HTTP${response.status}`,
      );
    }
    let errcode: number | undefined;
    try {
      errcode = (JSON.parse(text) as { errcode?: number }).errcode;
    } catch {
      throw new MailDeliveryError(`${who} delivery failed: the answer is not JSON`, true, 'bad_answer');
    }
    if (errcode !== undefined && errcode !== 0) {
      throw new MailDeliveryError(
        `${who} delivery failed: errcode ${errcode}`,
        RETRYABLE_ERRCODES.has(errcode),
        `errcode${errcode}`,
      );
    }
  }

  return {
    async send(channel, message) {
      for (let i = 1; ; i++) {
        try {
          return await attempt(channel, message);
        } catch (e) {
          if (!(e instanceof MailDeliveryError) || !e.retryable || i >= attempts) throw e;
          await new Promise((r) => setTimeout(r, delay));
        }
      }
    },
  };
}
