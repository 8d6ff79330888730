// Delivery by Amazon SNS Publish to a topic whose subscribers are the unit's administrators
// (e-mail or SMS subscriptions). For regions without SES, such as the China regions.
// SNS sends plain text only: the message is the text rendering; HTML and attachments are dropped.
// A DeliveryLedger makes a send at most once per key, as for SES.
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { DeliveryLedger, Mailer, MailMessage, SendResult } from '../../ports/mailer';
import { toMailDeliveryError } from './delivery-error';

export interface SnsMailerOptions {
  client: SNSClient;
  topicArn: string;
  ledger?: DeliveryLedger;
}

/** SNS: "less than 100 characters", no line breaks or control characters. */
export const SNS_SUBJECT_MAX = 99;
/** SNS message limit is 256 KiB; leave room for attributes and the truncation note. */
export const SNS_MESSAGE_MAX_BYTES = 256 * 1024 - 2048;
const TRUNCATED_NOTE = '\n……（内容过长，已截断）\n';

export function snsSubject(subject: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  const clean = subject.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  const chars = Array.from(clean);
  return chars.length <= SNS_SUBJECT_MAX ? clean : `${chars.slice(0, SNS_SUBJECT_MAX - 1).join('')}…`;
}

export function snsMessage(text: string): string {
  if (Buffer.byteLength(text, 'utf8') <= SNS_MESSAGE_MAX_BYTES) return text;
  let out = '';
  let bytes = 0;
  for (const ch of text) {
    const b = Buffer.byteLength(ch, 'utf8');
    if (bytes + b > SNS_MESSAGE_MAX_BYTES) break;
    out += ch;
    bytes += b;
  }
  return `${out}${TRUNCATED_NOTE}`;
}

export function createSnsMailer(options: SnsMailerOptions): Mailer {
  const { client, topicArn, ledger } = options;
  return {
    async send(message: MailMessage): Promise<SendResult> {
      if (ledger && !(await ledger.claim(message.idempotencyKey)))
        return { delivered: false, duplicate: true };
      try {
        await client.send(
          new PublishCommand({
            TopicArn: topicArn,
            Subject: snsSubject(message.subject),
            Message: snsMessage(message.text),
            MessageAttributes: {
              idempotencyKey: { DataType: 'String', StringValue: message.idempotencyKey },
            },
          }),
        );
        return { delivered: true, duplicate: false };
      } catch (error) {
        await ledger?.release(message.idempotencyKey);
        throw toMailDeliveryError(error, 'SNS');
      }
    },
  };
}
