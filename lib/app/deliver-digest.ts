// Issue 21: a digest goes to every channel of its unit: the mail (outbox, SES or SNS, as before) and the
// unit's WeCom / DingTalk group robots. Where the channels come from: the unit's stored settings
// (`fanpin notify set`, data), else the deployment's DIGEST_RECIPIENTS (e-mail only).
// Each channel is delivered at most once per digest (ChannelDeliveryLog): when one channel fails, the others
// are not repeated by the queue's retry; the failure is rethrown after every channel was tried, so the
// message is retried and finally lands in the DLQ.
import type { Digest } from '../domain/digest';
import { digestIdempotencyKey, digestOutboxName } from '../domain/digest';
import type { Instant } from '../domain/model';
import { renderDigestHtml } from '../domain/render/digest-html';
import { renderDigestMarkdown } from '../domain/render/digest-markdown';
import { digestSubject, renderDigestText } from '../domain/render/digest-text';
import type { DigestRenderOptions } from '../domain/render/digest-view';
import type { GroupRobots, RobotChannel, RobotMessage } from '../ports/group-robot';
import type { Mailer } from '../ports/mailer';
import type { NotifyChannelKind, NotifyStore } from '../ports/notify-store';

export interface DeliverDigestDeps {
  mailer: Mailer;
  /** Absent: robot channels are not delivered (said in the result as `no_robot_sender`). */
  robots?: GroupRobots;
  /** Absent (older callers, tests): only the configured e-mail, without a per-channel log. */
  notify?: Pick<NotifyStore, 'get' | 'deliveries'>;
  /** County or township code → addresses (config DIGEST_RECIPIENTS), used when the unit has no stored settings. */
  recipients: Record<string, string[]>;
  /** True when the mailer needs addresses (SES): without any, no mail is sent. */
  requireRecipients?: boolean;
}

export type ChannelOutcome = 'sent' | 'already_sent' | 'failed' | 'no_robot_sender';

export interface DeliveryPlan {
  to: string[];
  mail: boolean;
  robots: RobotChannel[];
}

/** The channels of a unit: stored settings win over the deployment config. */
export async function deliveryPlan(
  deps: Pick<DeliverDigestDeps, 'notify' | 'recipients' | 'requireRecipients'>,
  unitCode: string,
): Promise<DeliveryPlan> {
  const stored = await deps.notify?.get(unitCode);
  const channels = stored && stored.channels.length > 0 ? stored.channels : null;
  const to = channels
    ? channels.flatMap((c) => (c.kind === 'email' ? c.addresses : []))
    : (deps.recipients[unitCode] ?? []);
  const robots = (channels ?? []).filter((c): c is RobotChannel => c.kind !== 'email');
  return { to, mail: to.length > 0 || !deps.requireRecipients, robots };
}

export const isDeliverable = (plan: DeliveryPlan): boolean => plan.mail || plan.robots.length > 0;

/** One message in the forms each channel takes. */
export interface ChannelMessage {
  /** Delivery at most once per key and channel (`<key>#mail`, `<key>#wecom`…). */
  key: string;
  subject: string;
  html: string;
  text: string;
  outboxName: string;
  json?: unknown;
  robot: (flavour: RobotChannel['kind']) => RobotMessage;
}

/** Delivers the digest on every planned channel; throws the first failure after trying them all. */
export function deliverDigest(
  deps: DeliverDigestDeps,
  digest: Digest,
  plan: DeliveryPlan,
  render: DigestRenderOptions,
  at: Instant,
) {
  return deliverOnChannels(
    deps,
    plan,
    {
      key: digestIdempotencyKey(digest),
      subject: digestSubject(digest),
      html: renderDigestHtml(digest, render),
      text: renderDigestText(digest, render),
      outboxName: digestOutboxName(digest),
      json: digest,
      robot: (flavour) => renderDigestMarkdown(digest, flavour, render),
    },
    at,
  );
}

/** Delivers a message on every planned channel, each at most once; throws the first failure after all. */
export async function deliverOnChannels(
  deps: DeliverDigestDeps,
  plan: DeliveryPlan,
  message: ChannelMessage,
  at: Instant,
): Promise<{ kind: NotifyChannelKind | 'mail'; outcome: ChannelOutcome }[]> {
  const base = message.key;
  const jobs: { kind: NotifyChannelKind | 'mail'; key: string; run: () => Promise<unknown> }[] = [];
  if (plan.mail) {
    jobs.push({
      kind: 'mail',
      key: `${base}#mail`,
      // A `duplicate` answer means an earlier attempt delivered and crashed before completing: it was sent.
      run: () =>
        deps.mailer.send({
          to: plan.to,
          subject: message.subject,
          html: message.html,
          text: message.text,
          idempotencyKey: base,
          outboxName: message.outboxName,
          ...(message.json !== undefined ? { json: message.json } : {}),
        }),
    });
  }
  const robots = deps.robots;
  for (const channel of plan.robots) {
    jobs.push({
      kind: channel.kind,
      key: `${base}#${channel.kind}`,
      run: async () => {
        if (!robots) throw new NoRobotSender();
        await robots.send(channel, message.robot(channel.kind));
      },
    });
  }

  const outcomes: { kind: NotifyChannelKind | 'mail'; outcome: ChannelOutcome }[] = [];
  let failure: unknown;
  for (const job of jobs) {
    const log = deps.notify?.deliveries;
    if (log && !(await log.claim(job.key, at))) {
      outcomes.push({ kind: job.kind, outcome: 'already_sent' });
      continue;
    }
    try {
      await job.run();
      await log?.complete(job.key, at);
      outcomes.push({ kind: job.kind, outcome: 'sent' });
    } catch (e) {
      await log?.release(job.key);
      if (e instanceof NoRobotSender) {
        outcomes.push({ kind: job.kind, outcome: 'no_robot_sender' });
        continue;
      }
      outcomes.push({ kind: job.kind, outcome: 'failed' });
      failure ??= e;
    }
  }
  if (failure !== undefined) throw failure;
  return outcomes;
}

class NoRobotSender extends Error {}
