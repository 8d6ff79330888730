// Port: deliver a rendered message (a digest) once. Adapters: outbox (local files), SES v2, SNS.
// See docs/decisions/0006-digest-mail.md.

export interface MailAttachment {
  filename: string;
  /** Text (written as UTF-8) or bytes. */
  content: string | Uint8Array;
  contentType: string;
}

export interface MailMessage {
  /** Recipients. The outbox ignores them (beyond recording); SNS sends to the topic's subscribers. */
  to: string[];
  subject: string;
  html: string;
  text: string;
  attachments?: MailAttachment[];
  /**
   * Delivery happens at most once per key (e.g. digest#county#532931#2026-12-07): a second send
   * with the same key is a no-op that reports `duplicate`.
   */
  idempotencyKey: string;
  /** File stem in the outbox, e.g. 2026-12-07-county-532931 (interface.md "Digests"). [A-Za-z0-9._-] only. */
  outboxName: string;
  /** The machine-readable form written as <outboxName>.json by the outbox (the digest object). */
  json?: unknown;
}

export interface SendResult {
  /** True when this call delivered the message. */
  delivered: boolean;
  /** True when the key was already delivered, so nothing was sent. */
  duplicate: boolean;
}

export interface Mailer {
  send(message: MailMessage): Promise<SendResult>;
}

/**
 * A failed delivery. `retryable` is true for throttling, timeouts and 5xx: the caller (an SQS
 * handler) reports the message as failed so it is retried; false for rejections that a retry
 * cannot fix (unverified sender, bad address, missing topic). The message carries no household PII.
 */
export class MailDeliveryError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    /** The provider's error name, e.g. TooManyRequestsException, or a local code. */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'MailDeliveryError';
  }
}

/**
 * Remembers which idempotency keys were delivered, for adapters whose service has no idempotency
 * of its own (SES, SNS). `claim` returns false when the key is already taken; `release` frees a
 * key after a failed send so a retry can deliver. On AWS: a conditional put in the table.
 */
export interface DeliveryLedger {
  claim(key: string): Promise<boolean>;
  release(key: string): Promise<void>;
}
