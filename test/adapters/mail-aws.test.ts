import {
  MessageRejected,
  SESv2Client,
  SendEmailCommand,
  TooManyRequestsException,
} from '@aws-sdk/client-sesv2';
import { PublishCommand, SNSClient, ThrottledException } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryDeliveryLedger } from '../../lib/adapters/mail/memory-delivery-ledger';
import { createSesMailer } from '../../lib/adapters/mail/ses-mailer';
import {
  createSnsMailer,
  SNS_MESSAGE_MAX_BYTES,
  snsMessage,
  snsSubject,
} from '../../lib/adapters/mail/sns-mailer';
import { MailDeliveryError, type MailMessage } from '../../lib/ports/mailer';

const ses = mockClient(SESv2Client);
const sns = mockClient(SNSClient);

beforeEach(() => {
  ses.reset();
  sns.reset();
});
afterAll(() => {
  ses.restore();
  sns.restore();
});

function aMessage(overrides: Partial<MailMessage> = {}): MailMessage {
  return {
    to: ['admin@example.org', 'deputy@example.org'],
    subject: '防返贫监测日报 县532931 2026-12-07：新升级 1，仍未办结 4，已办结 1',
    html: '<p>新升级</p>',
    text: '新升级\n',
    idempotencyKey: 'digest#county#532931#2026-12-07',
    outboxName: '2026-12-07-county-532931',
    ...overrides,
  };
}

const throttled = () =>
  new TooManyRequestsException({ message: 'Too Many Requests', $metadata: { httpStatusCode: 429 } });

describe('SES mailer', () => {
  it('sends SendEmail with Simple content in HTML and text, UTF-8', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
    const mailer = createSesMailer({
      client: new SESv2Client({}),
      from: 'digest@example.org',
      configurationSetName: 'fanpin',
    });
    const result = await mailer.send(aMessage());
    expect(result).toEqual({ delivered: true, duplicate: false });
    const input = ses.commandCalls(SendEmailCommand)[0]!.args[0].input;
    expect(input).toEqual({
      FromEmailAddress: 'digest@example.org',
      Destination: { ToAddresses: ['admin@example.org', 'deputy@example.org'] },
      ConfigurationSetName: 'fanpin',
      Content: {
        Simple: {
          Subject: { Data: aMessage().subject, Charset: 'UTF-8' },
          Body: {
            Html: { Data: '<p>新升级</p>', Charset: 'UTF-8' },
            Text: { Data: '新升级\n', Charset: 'UTF-8' },
          },
          Headers: [{ Name: 'X-Fanpin-Idempotency-Key', Value: 'digest#county#532931#2026-12-07' }],
        },
      },
    });
  });

  it('attaches files as raw content', async () => {
    ses.on(SendEmailCommand).resolves({});
    const mailer = createSesMailer({ client: new SESv2Client({}), from: 'digest@example.org' });
    await mailer.send(
      aMessage({ attachments: [{ filename: 'r.csv', content: 'a,b', contentType: 'text/csv' }] }),
    );
    const attachments = ses.commandCalls(SendEmailCommand)[0]!.args[0].input.Content?.Simple?.Attachments;
    expect(attachments).toEqual([
      {
        FileName: 'r.csv',
        ContentType: 'text/csv',
        ContentDisposition: 'ATTACHMENT',
        RawContent: Buffer.from('a,b'),
      },
    ]);
  });

  it('sends nothing the second time for the same key when a ledger is given', async () => {
    ses.on(SendEmailCommand).resolves({});
    const mailer = createSesMailer({
      client: new SESv2Client({}),
      from: 'd@example.org',
      ledger: createMemoryDeliveryLedger(),
    });
    await mailer.send(aMessage());
    const again = await mailer.send(aMessage());
    expect(again).toEqual({ delivered: false, duplicate: true });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
  });

  it('surfaces throttling as a retryable error and frees the key for the retry', async () => {
    ses.on(SendEmailCommand).rejectsOnce(throttled()).resolves({});
    const ledger = createMemoryDeliveryLedger();
    const mailer = createSesMailer({
      client: new SESv2Client({ maxAttempts: 1 }),
      from: 'd@example.org',
      ledger,
    });
    const first = mailer.send(aMessage());
    await expect(first).rejects.toBeInstanceOf(MailDeliveryError);
    await expect(first).rejects.toMatchObject({ retryable: true, reason: 'TooManyRequestsException' });
    expect(ledger.keys()).toEqual([]);
    expect(await mailer.send(aMessage())).toEqual({ delivered: true, duplicate: false });
  });

  it('surfaces a rejected message as not retryable', async () => {
    ses
      .on(SendEmailCommand)
      .rejects(
        new MessageRejected({ message: 'Email address is not verified', $metadata: { httpStatusCode: 400 } }),
      );
    const mailer = createSesMailer({ client: new SESv2Client({ maxAttempts: 1 }), from: 'd@example.org' });
    await expect(mailer.send(aMessage())).rejects.toMatchObject({
      retryable: false,
      reason: 'MessageRejected',
    });
  });

  it('refuses a message without recipients before calling SES', async () => {
    const mailer = createSesMailer({ client: new SESv2Client({}), from: 'd@example.org' });
    await expect(mailer.send(aMessage({ to: [] }))).rejects.toMatchObject({
      retryable: false,
      reason: 'no_recipients',
    });
    expect(ses.calls()).toHaveLength(0);
  });
});

describe('SNS mailer', () => {
  const topicArn = 'arn:aws-cn:sns:cn-north-1:123456789012:fanpin-digest-532931';

  it('publishes the text body with the subject to the topic', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    const mailer = createSnsMailer({ client: new SNSClient({}), topicArn });
    const result = await mailer.send(aMessage());
    expect(result).toEqual({ delivered: true, duplicate: false });
    expect(sns.commandCalls(PublishCommand)[0]!.args[0].input).toEqual({
      TopicArn: topicArn,
      Subject: aMessage().subject,
      Message: '新升级\n',
      MessageAttributes: {
        idempotencyKey: { DataType: 'String', StringValue: 'digest#county#532931#2026-12-07' },
      },
    });
  });

  it('shortens a long subject to fewer than 100 characters and strips line breaks', () => {
    const subject = snsSubject(`日报\n${'县'.repeat(200)}`);
    expect(Array.from(subject).length).toBeLessThan(100);
    expect(subject).not.toMatch(/[\r\n]/);
    expect(subject.startsWith('日报 县')).toBe(true);
    expect(subject.endsWith('…')).toBe(true);
  });

  it('keeps a short subject as it is', () => {
    expect(snsSubject('防返贫监测日报')).toBe('防返贫监测日报');
  });

  it('truncates a message over the SNS size limit on a character boundary', () => {
    const message = snsMessage('监'.repeat(100_000));
    expect(Buffer.byteLength(message, 'utf8')).toBeLessThanOrEqual(256 * 1024);
    expect(message).toContain('已截断');
    expect(message.startsWith('监'.repeat(SNS_MESSAGE_MAX_BYTES / 3 - 1))).toBe(true);
  });

  it('sends nothing the second time for the same key when a ledger is given', async () => {
    sns.on(PublishCommand).resolves({});
    const mailer = createSnsMailer({
      client: new SNSClient({}),
      topicArn,
      ledger: createMemoryDeliveryLedger(),
    });
    await mailer.send(aMessage());
    expect(await mailer.send(aMessage())).toEqual({ delivered: false, duplicate: true });
    expect(sns.commandCalls(PublishCommand)).toHaveLength(1);
  });

  it('surfaces throttling as a retryable error', async () => {
    sns
      .on(PublishCommand)
      .rejects(new ThrottledException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 400 } }));
    const mailer = createSnsMailer({ client: new SNSClient({ maxAttempts: 1 }), topicArn });
    await expect(mailer.send(aMessage())).rejects.toMatchObject({
      retryable: true,
      reason: 'ThrottledException',
    });
  });
});
