// The Lambda handlers' configuration: ONE zod parse of the environment at cold start. Handlers call
// `loadConfig()` in their productionDeps(); nothing else in lib/ reads process.env.
// Endpoints of local stand-ins come through the AWS SDK's own variables (AWS_ENDPOINT_URL_DYNAMODB,
// AWS_ENDPOINT_URL_SQS), so no handler has local-only code.
import { z } from 'zod';

const jsonOf = <T extends z.ZodType>(schema: T) =>
  z.string().transform((text, ctx): z.infer<T> => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'is not valid JSON' });
      return z.NEVER;
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        ctx.addIssue({ ...issue, code: 'custom', message: issue.message });
      return z.NEVER;
    }
    return parsed.data;
  });

// Queue URLs of local emulators (http://sqs.cn-north-1.127.0.0.1:4566/…) are not valid hostnames for z.url().
const httpUrl = z.string().regex(/^https?:\/\/\S+$/, 'is not an http(s) URL');

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

/** County or township code → the addresses its digest goes to. */
const digestRecipientsSchema = z.record(
  z.string().regex(/^\d{6}(\d{3})?$/, 'keys are county or township codes'),
  z.array(z.email()),
);

export const logLevels = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT', 'CRITICAL'] as const;

const envSchema = z
  .object({
    TABLE_NAME: z.string().min(1),
    SWEEP_QUEUE_URL: optional(httpUrl),
    ALERTS_QUEUE_URL: optional(httpUrl),
    NOTIFY_QUEUE_URL: optional(httpUrl),
    MAIL_MODE: optional(z.enum(['ses', 'sns', 'outbox'])),
    MAIL_FROM: optional(z.string().min(3)),
    MAIL_TOPIC_ARN: optional(z.string().regex(/^arn:aws[\w-]*:sns:/, 'must be an SNS topic ARN')),
    OUTBOX_DIR: optional(z.string().min(1)),
    DIGEST_RECIPIENTS: optional(jsonOf(digestRecipientsSchema)),
    WEB_BASE_URL: optional(httpUrl),
    POLICY_OVERRIDES: optional(jsonOf(z.record(z.string(), z.unknown()))),
    JWT_ISSUER: optional(z.string().min(1)),
    JWT_AUDIENCE: optional(z.string().min(1)),
    LOG_LEVEL: z.preprocess(
      (v) => (typeof v === 'string' && v ? v.toUpperCase() : 'INFO'),
      z.enum(logLevels),
    ),
    POWERTOOLS_SERVICE_NAME: optional(z.string().min(1)),
    // D16: only the functions that hash or encrypt ID numbers get these (cdk/functions.ts `idNumbers`).
    // There is no default: a function that must hash and has no secret fails on its first ID number.
    ID_HASH_SECRET: optional(z.string().min(16, 'must be at least 16 characters')),
    ID_KMS_KEY_ID: optional(z.string().min(1)),
    /** The local stack's key file (DATA_DIR/id-key.json): key and hash secret, never on AWS. */
    ID_KEY_FILE: optional(z.string().min(1)),
  })
  .superRefine((env, ctx) => {
    if (env.ID_KMS_KEY_ID && env.ID_KEY_FILE) {
      ctx.addIssue({
        code: 'custom',
        path: ['ID_KEY_FILE'],
        message: 'is for the local stack only: give ID_KMS_KEY_ID or ID_KEY_FILE, not both',
      });
    }
    // Each mail mode needs its own destination.
    const needs = { ses: 'MAIL_FROM', sns: 'MAIL_TOPIC_ARN', outbox: 'OUTBOX_DIR' } as const;
    if (env.MAIL_MODE && !env[needs[env.MAIL_MODE]]) {
      ctx.addIssue({
        code: 'custom',
        path: [needs[env.MAIL_MODE]],
        message: `is required when MAIL_MODE is ${env.MAIL_MODE}`,
      });
    }
  });

export type Environment = z.input<typeof envSchema>;

export interface Config {
  tableName: string;
  queues: { sweep?: string; alerts?: string; notify?: string };
  mail?: { mode: 'ses'; from: string } | { mode: 'sns'; topicArn: string } | { mode: 'outbox'; dir: string };
  /** County or township code → addresses. */
  digestRecipients: Record<string, string[]>;
  /** The officers' web app origin (WEB_BASE_URL): digests link their long sections to it. */
  webBaseUrl?: string;
  /** Partial policy merged over the defaults (lib/domain/policy.ts); undefined = defaults. */
  policyOverrides?: Record<string, unknown>;
  /** JWT_AUDIENCE may list several audiences, comma-separated (the CDK stack writes it so). */
  jwt: { issuer?: string; audience?: string[] };
  logLevel: (typeof logLevels)[number];
  serviceName: string;
  /** D16: what this function may do with ID numbers (lib/adapters/crypto/vault-from-config.ts). */
  idNumbers: { hashSecret?: string; kmsKeyId?: string; keyFile?: string };
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Parses an environment; throws a ConfigError naming each missing or invalid variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => {
      const name = String(i.path[0] ?? 'environment');
      const missing = i.code === 'invalid_type' && env[name] === undefined;
      return missing ? `${name} is not set` : `${name} ${i.message.replace(/^Invalid input: /, '')}`;
    });
    throw new ConfigError(`invalid environment: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  const mail: Config['mail'] =
    e.MAIL_MODE === 'ses'
      ? { mode: 'ses', from: e.MAIL_FROM! }
      : e.MAIL_MODE === 'sns'
        ? { mode: 'sns', topicArn: e.MAIL_TOPIC_ARN! }
        : e.MAIL_MODE === 'outbox'
          ? { mode: 'outbox', dir: e.OUTBOX_DIR! }
          : undefined;
  return {
    tableName: e.TABLE_NAME,
    queues: { sweep: e.SWEEP_QUEUE_URL, alerts: e.ALERTS_QUEUE_URL, notify: e.NOTIFY_QUEUE_URL },
    ...(mail ? { mail } : {}),
    digestRecipients: e.DIGEST_RECIPIENTS ?? {},
    ...(e.WEB_BASE_URL ? { webBaseUrl: e.WEB_BASE_URL } : {}),
    ...(e.POLICY_OVERRIDES ? { policyOverrides: e.POLICY_OVERRIDES } : {}),
    jwt: {
      issuer: e.JWT_ISSUER,
      audience: e.JWT_AUDIENCE?.split(',')
        .map((a) => a.trim())
        .filter(Boolean),
    },
    logLevel: e.LOG_LEVEL,
    serviceName: e.POWERTOOLS_SERVICE_NAME ?? 'fanpin',
    idNumbers: {
      ...(e.ID_HASH_SECRET ? { hashSecret: e.ID_HASH_SECRET } : {}),
      ...(e.ID_KMS_KEY_ID ? { kmsKeyId: e.ID_KMS_KEY_ID } : {}),
      ...(e.ID_KEY_FILE ? { keyFile: e.ID_KEY_FILE } : {}),
    },
  };
}

let cached: Config | undefined;

/** The process's configuration, parsed once (cold start). */
export function loadConfig(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}

const variableOf = {
  sweep: 'SWEEP_QUEUE_URL',
  alerts: 'ALERTS_QUEUE_URL',
  notify: 'NOTIFY_QUEUE_URL',
} as const;

/** The URL of a queue this function sends to; a ConfigError naming the variable when it is not set. */
export function requireQueueUrl(config: Config, queue: keyof typeof variableOf): string {
  const url = config.queues[queue];
  if (!url) throw new ConfigError(`invalid environment: ${variableOf[queue]} is not set`);
  return url;
}

/** The mail settings of a function that sends digests; a ConfigError when MAIL_MODE is not set. */
export function requireMail(config: Config): NonNullable<Config['mail']> {
  if (!config.mail) throw new ConfigError('invalid environment: MAIL_MODE is not set');
  return config.mail;
}
