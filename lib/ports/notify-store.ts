// Where each unit's notices go (issue 21 "Notify where officers are"): per county, township or village
// code, a list of channels (e-mail addresses, a WeCom group robot, a DingTalk group robot), stored as data
// and changed with `fanpin notify set|remove` (no redeploy), every change kept as a version with who and
// when. Webhook URLs and DingTalk secrets are credentials: only the masked form (`maskChannel`) may be
// printed, logged or written to the audit log.
import type { Instant } from '../domain/model';

export type NotifyChannel =
  | { kind: 'email'; addresses: string[] }
  /** 企业微信群机器人: https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=… */
  | { kind: 'wecom'; webhookUrl: string }
  /** 钉钉自定义机器人: https://oapi.dingtalk.com/robot/send?access_token=…, with the 加签 secret (SEC…) if set. */
  | { kind: 'dingtalk'; webhookUrl: string; secret?: string };

export type NotifyChannelKind = NotifyChannel['kind'];
export const notifyChannelKinds = ['email', 'wecom', 'dingtalk'] as const;

export interface NotifySettings {
  /** 6-, 9- or 12-digit division code. */
  unitCode: string;
  /** At most one channel of each kind; [] after a removal (the unit falls back to the deployment config). */
  channels: NotifyChannel[];
  /** 1 for the first setting of the unit, then +1 per change. */
  version: number;
  updatedBy: string;
  updatedAt: Instant;
}

/** A channel with its credentials masked (for lists, logs and the audit log). */
export type MaskedChannel =
  | { kind: 'email'; addresses: string[] }
  | { kind: 'wecom' | 'dingtalk'; webhook: string; signed?: boolean };

export interface NotifyStore {
  /** The current settings of a unit, or null when it was never set. */
  get(unitCode: string): Promise<NotifySettings | null>;
  /** Every unit's current settings (small: one item per unit with settings), ascending by code. */
  list(): Promise<NotifySettings[]>;
  /** Stores the unit's channels as version `expectedVersion + 1` (1 for a first setting), keeping the earlier
   *  versions; DomainError('conflict') if someone changed them meanwhile. */
  save(settings: Omit<NotifySettings, 'version'>, expectedVersion: number): Promise<NotifySettings>;
  /** Every version of a unit's settings, oldest first. */
  versions(unitCode: string): Promise<NotifySettings[]>;
  /** Which deliveries of which channels were made (idempotent delivery across channels). */
  deliveries: ChannelDeliveryLog;
}

/** How long a delivery claim holds before another attempt may take it over (its holder crashed). */
export const deliveryClaimLeaseMs = 15 * 60 * 1000;

/**
 * At most one delivery per key (e.g. digest#county#532931#2026-12-07#wecom): a digest goes out on several
 * channels, and a retry after one channel failed must not repeat the others.
 */
export interface ChannelDeliveryLog {
  /** True for the one caller that may deliver `key` now: the key is new, was released, or its claim is older
   *  than `deliveryClaimLeaseMs` at `at`. False when it was delivered or another attempt holds it. */
  claim(key: string, at: Instant): Promise<boolean>;
  /** Marks the key delivered. */
  complete(key: string, at: Instant): Promise<void>;
  /** Gives a claim back after a failed delivery. */
  release(key: string): Promise<void>;
}

function maskSecretParams(url: string): string {
  try {
    const u = new URL(url);
    for (const name of ['key', 'access_token']) {
      const v = u.searchParams.get(name);
      if (v) u.searchParams.set(name, `…${v.slice(-4)}`);
    }
    return `${u.origin}${u.pathname}${u.search ? decodeURIComponent(u.search) : ''}`;
  } catch {
    return '(not a URL)';
  }
}

/** The channel without credentials: the webhook's key/access_token cut to its last 4 characters, no secret. */
export function maskChannel(channel: NotifyChannel): MaskedChannel {
  if (channel.kind === 'email') return { kind: 'email', addresses: [...channel.addresses] };
  return {
    kind: channel.kind,
    webhook: maskSecretParams(channel.webhookUrl),
    ...(channel.kind === 'dingtalk' ? { signed: Boolean(channel.secret) } : {}),
  };
}
