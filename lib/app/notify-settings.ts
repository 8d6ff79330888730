// Issue 21: where a unit's notices go, changed as data by an operator (`fanpin notify set|remove|list`), each
// change a new version with who and when, and an audit event with the channels masked (webhook URLs and
// DingTalk secrets are credentials: they are stored, never printed, logged or audited in full).
import { requireUnitLevel } from '../domain/division-code';
import { DomainError } from '../domain/errors';
import type { AuditEvent, Instant } from '../domain/model';
import {
  type MaskedChannel,
  maskChannel,
  type NotifyChannel,
  type NotifyChannelKind,
  type NotifySettings,
  notifyChannelKinds,
} from '../ports/notify-store';
import type { Store } from '../ports/store';

export interface NotifyChange {
  unitCode: string;
  by: string;
  at: Instant;
  newId: () => string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

function invalid(field: string, message: string): never {
  throw new DomainError('validation_failed', `${field}: ${message}`, [{ field, message }]);
}

/** A webhook must be https (plain http only on this machine, for tests and local stand-ins). */
function checkWebhook(kind: 'wecom' | 'dingtalk', url: string): void {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    invalid(kind, 'is not a URL (copy the robot’s webhook address whole)');
  }
  if (!(u.protocol === 'https:' || (u.protocol === 'http:' && LOOPBACK.has(u.hostname)))) {
    invalid(kind, 'must be an https:// address');
  }
  const param = kind === 'wecom' ? 'key' : 'access_token';
  if (!u.searchParams.get(param)) {
    invalid(kind, `has no ${param}= parameter (copy the robot’s webhook address whole)`);
  }
}

/** Checks one channel's values; throws DomainError('validation_failed') naming the problem (never the value). */
export function checkChannel(channel: NotifyChannel): NotifyChannel {
  if (channel.kind === 'email') {
    if (channel.addresses.length === 0) invalid('email', 'give at least one address');
    const bad = channel.addresses.filter((a) => !EMAIL.test(a));
    if (bad.length > 0) invalid('email', `not an e-mail address: ${bad.join(', ')}`);
    return { kind: 'email', addresses: [...new Set(channel.addresses)] };
  }
  checkWebhook(channel.kind, channel.webhookUrl);
  if (channel.kind === 'dingtalk' && channel.secret !== undefined && !/^\S{8,}$/.test(channel.secret)) {
    invalid('secret', 'the 加签 secret is the SEC… string of the robot’s security settings');
  }
  return channel;
}

async function change(
  store: Pick<Store, 'notify' | 'append'>,
  input: NotifyChange,
  edit: (current: NotifyChannel[]) => NotifyChannel[],
): Promise<{ before: MaskedChannel[]; settings: NotifySettings }> {
  requireUnitLevel(input.unitCode);
  const current = await store.notify.get(input.unitCode);
  const channels = edit(current?.channels ?? []);
  const settings = await store.notify.save(
    { unitCode: input.unitCode, channels, updatedBy: input.by, updatedAt: input.at },
    current?.version ?? 0,
  );
  const before = (current?.channels ?? []).map(maskChannel);
  const event: AuditEvent = {
    eventId: input.newId(),
    householdId: null,
    type: 'notify_channels_changed',
    at: input.at,
    actor: { kind: 'system', name: `fanpin notify (${input.by})` },
    before,
    after: channels.map(maskChannel),
    data: { unitCode: input.unitCode, version: settings.version },
  };
  await store.append({ audit: [event] });
  return { before, settings };
}

/** Sets (adds or replaces) the unit's channel of that kind. */
export async function setNotifyChannel(
  store: Pick<Store, 'notify' | 'append'>,
  input: NotifyChange & { channel: NotifyChannel },
) {
  const channel = checkChannel(input.channel);
  return change(store, input, (current) =>
    [...current.filter((c) => c.kind !== channel.kind), channel].sort(
      (a, b) => notifyChannelKinds.indexOf(a.kind) - notifyChannelKinds.indexOf(b.kind),
    ),
  );
}

/** Removes the unit's channel of a kind, or all of them (the unit then falls back to the deployment config). */
export async function removeNotifyChannel(
  store: Pick<Store, 'notify' | 'append'>,
  input: NotifyChange & { kind?: NotifyChannelKind },
) {
  const current = await store.notify.get(input.unitCode);
  const has = (current?.channels ?? []).some((c) => input.kind === undefined || c.kind === input.kind);
  if (!has) {
    throw new DomainError(
      'not_found',
      `${input.unitCode} has no ${input.kind ?? 'notice'} channel to remove`,
    );
  }
  return change(store, input, (channels) =>
    input.kind === undefined ? [] : channels.filter((c) => c.kind !== input.kind),
  );
}

/** Every unit's channels, masked, optionally only the units under a code (prefix). */
export async function listNotifySettings(
  store: Pick<Store, 'notify'>,
  under?: string,
): Promise<
  { unitCode: string; version: number; updatedBy: string; updatedAt: Instant; channels: MaskedChannel[] }[]
> {
  const all = await store.notify.list();
  return all
    .filter((s) => (under ? s.unitCode.startsWith(under) : true))
    .map((s) => ({
      unitCode: s.unitCode,
      version: s.version,
      updatedBy: s.updatedBy,
      updatedAt: s.updatedAt,
      channels: s.channels.map(maskChannel),
    }));
}
