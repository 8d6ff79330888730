import { describe, expect, it } from 'vitest';
import { idVaultFromConfig } from '../../lib/adapters/crypto/vault-from-config';
import { parseConfig, requireQueueUrl } from '../../lib/config';
import { IdNumberVaultUnavailable } from '../../lib/ports/id-number-vault';

const secret = 'a-generated-secret-of-48-characters-in-production';
const minimal = { TABLE_NAME: 'fanpin-prod', ID_HASH_SECRET: secret };

describe('the Lambda configuration', () => {
  it('reads several JWT audiences from a comma-separated list', () => {
    const config = parseConfig({ ...minimal, JWT_AUDIENCE: 'fanpin, fanpin-mobile' });
    expect(config.jwt.audience).toEqual(['fanpin', 'fanpin-mobile']);
  });

  it('reads a complete environment', () => {
    const config = parseConfig({
      TABLE_NAME: 'fanpin-prod',
      ID_HASH_SECRET: secret,
      SWEEP_QUEUE_URL: 'https://sqs.cn-north-1.amazonaws.com.cn/123456789012/fanpin-prod-sweep',
      MAIL_MODE: 'ses',
      MAIL_FROM: 'fanpin@example.cn',
      DIGEST_RECIPIENTS: '{"532931":["county@example.cn"],"532931101":["town@example.cn"]}',
      POLICY_OVERRIDES: '{"timezone":"Asia/Shanghai"}',
      JWT_ISSUER: 'https://idp.example.cn',
      JWT_AUDIENCE: 'fanpin',
      LOG_LEVEL: 'debug',
      POWERTOOLS_SERVICE_NAME: 'fanpin-api',
    });

    expect(config).toMatchObject({
      tableName: 'fanpin-prod',
      queues: { sweep: 'https://sqs.cn-north-1.amazonaws.com.cn/123456789012/fanpin-prod-sweep' },
      mail: { mode: 'ses', from: 'fanpin@example.cn' },
      digestRecipients: { '532931': ['county@example.cn'], '532931101': ['town@example.cn'] },
      policyOverrides: { timezone: 'Asia/Shanghai' },
      jwt: { issuer: 'https://idp.example.cn', audience: ['fanpin'] },
      logLevel: 'DEBUG',
      serviceName: 'fanpin-api',
    });
  });

  it('needs only the table name, with defaults for the rest', () => {
    expect(parseConfig(minimal)).toEqual({
      tableName: 'fanpin-prod',
      idNumbers: { hashSecret: secret },
      queues: { sweep: undefined, alerts: undefined, notify: undefined },
      digestRecipients: {},
      jwt: { issuer: undefined, audience: undefined },
      logLevel: 'INFO',
      serviceName: 'fanpin',
    });
  });

  it('D16 never falls back to a public hash secret because an endpoint variable is set', () => {
    const config = parseConfig({ TABLE_NAME: 't', AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:8000' });
    expect(config.idNumbers).toEqual({});
    // A function without the secret fails on its first ID number instead of hashing with a known key.
    expect(() => idVaultFromConfig(config).hash('532931198001011234')).toThrow(IdNumberVaultUnavailable);
  });

  it('D16 reads the KMS key of the ID numbers, and refuses a local key file beside it', () => {
    expect(parseConfig({ ...minimal, ID_KMS_KEY_ID: 'alias/fanpin-prod-id-numbers' }).idNumbers).toEqual({
      hashSecret: secret,
      kmsKeyId: 'alias/fanpin-prod-id-numbers',
    });
    expect(() =>
      parseConfig({ ...minimal, ID_KMS_KEY_ID: 'alias/k', ID_KEY_FILE: '/tmp/id-key.json' }),
    ).toThrow('ID_KEY_FILE is for the local stack only');
  });

  it('refuses an ID hash secret too short to be a key', () => {
    expect(() => parseConfig({ ...minimal, ID_HASH_SECRET: 'short' })).toThrow(
      'ID_HASH_SECRET must be at least 16 characters',
    );
  });

  it('names a missing variable', () => {
    expect(() => parseConfig({})).toThrow('invalid environment: TABLE_NAME is not set');
  });

  it('names a variable whose JSON is broken', () => {
    expect(() => parseConfig({ ...minimal, DIGEST_RECIPIENTS: '{nope' })).toThrow(
      'DIGEST_RECIPIENTS is not valid JSON',
    );
  });

  it('names a variable whose JSON has the wrong shape', () => {
    expect(() => parseConfig({ ...minimal, DIGEST_RECIPIENTS: '{"532931":["not-an-address"]}' })).toThrow(
      /DIGEST_RECIPIENTS/,
    );
  });

  it('names the destination a mail mode needs', () => {
    expect(() => parseConfig({ ...minimal, MAIL_MODE: 'outbox' })).toThrow(
      'OUTBOX_DIR is required when MAIL_MODE is outbox',
    );
    expect(() => parseConfig({ ...minimal, MAIL_MODE: 'sns' })).toThrow(
      'MAIL_TOPIC_ARN is required when MAIL_MODE is sns',
    );
  });

  it('names a mail mode it does not know', () => {
    expect(() => parseConfig({ ...minimal, MAIL_MODE: 'fax' })).toThrow(/MAIL_MODE/);
  });

  it('names the queue variable a function needs but was not given', () => {
    expect(() => requireQueueUrl(parseConfig(minimal), 'notify')).toThrow('NOTIFY_QUEUE_URL is not set');
  });
});
