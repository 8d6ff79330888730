// Delivery by Amazon SES v2 SendEmail (Simple content: HTML + text, optional attachments).
// SES has no idempotency token, so a DeliveryLedger makes a send at most once per key: claim the key,
// send, and release it if the send fails so the queue's retry can deliver.
import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import {
  type DeliveryLedger,
  MailDeliveryError,
  type Mailer,
  type MailMessage,
  type SendResult,
} from '../../ports/mailer';
import { toMailDeliveryError } from './delivery-error';

export interface SesMailerOptions {
  client: SESv2Client;
  /** A verified sender identity, e.g. "防返贫监测 <digest@example.gov.cn>". */
  from: string;
  configurationSetName?: string;
  /** Without a ledger every send is delivered (the caller must dedupe). */
  ledger?: DeliveryLedger;
}

const utf8 = (Data: string) => ({ Data, Charset: 'UTF-8' });

export function createSesMailer(options: SesMailerOptions): Mailer {
  const { client, from, configurationSetName, ledger } = options;
  return {
    async send(message: MailMessage): Promise<SendResult> {
      if (message.to.length === 0) {
        throw new MailDeliveryError('SES delivery needs at least one recipient', false, 'no_recipients');
      }
      if (ledger && !(await ledger.claim(message.idempotencyKey)))
        return { delivered: false, duplicate: true };
      try {
        await client.send(
          new SendEmailCommand({
            FromEmailAddress: from,
            Destination: { ToAddresses: message.to },
            ...(configurationSetName ? { ConfigurationSetName: configurationSetName } : {}),
            Content: {
              Simple: {
                Subject: utf8(message.subject),
                Body: { Html: utf8(message.html), Text: utf8(message.text) },
                Headers: [{ Name: 'X-Fanpin-Idempotency-Key', Value: message.idempotencyKey }],
                ...(message.attachments?.length
                  ? {
                      Attachments: message.attachments.map((a) => ({
                        FileName: a.filename,
                        ContentType: a.contentType,
                        ContentDisposition: 'ATTACHMENT' as const,
                        RawContent:
                          typeof a.content === 'string' ? Buffer.from(a.content, 'utf8') : a.content,
                      })),
                    }
                  : {}),
              },
            },
          }),
        );
        return { delivered: true, duplicate: false };
      } catch (error) {
        await ledger?.release(message.idempotencyKey);
        throw toMailDeliveryError(error, 'SES');
      }
    },
  };
}
