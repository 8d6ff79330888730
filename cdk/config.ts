// Deployment configuration: one JSON file per deployment, validated at synth time. The file is
// named by cdk context: `npx cdk deploy -c config=cdk/config.prod.json` (cdk.json points at the
// example, so a clean clone synthesizes without AWS credentials).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';
import { z } from 'zod';
import { defaultApiScope } from '../lib/infra/auth';
import { isAvailable, isRegionName, partitionOf } from './regions';

/** lib/config.ts DIGEST_RECIPIENTS: county (6 digits) or township (9 digits) code. */
const unitCode = z.string().regex(/^\d{6}(\d{3})?$/, 'a 6-digit county or 9-digit township code');
const retentionDays = new Set(Object.values(RetentionDays).filter((v): v is number => typeof v === 'number'));

export const deploymentConfigSchema = z
  .object({
    /** Lowercase slug in every resource name: `fanpin-<stage>-…`. */
    stage: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,19}$/, 'lowercase letters, digits or dashes, starting with a letter'),
    /** 12-digit account id. Leave out for environment-agnostic stacks (the CLI's credentials decide). */
    account: z
      .string()
      .regex(/^\d{12}$/, 'a 12-digit AWS account id')
      .optional(),
    region: z.string().refine(isRegionName, 'an AWS region name such as ap-east-1 or cn-northwest-1'),
    /** The JWT authorizer of the HTTP API: any OIDC issuer (Cognito user pool, Authing, Keycloak…). */
    auth: z.object({
      issuer: z.url({ protocol: /^https$/, error: 'an https URL (the OIDC issuer)' }),
      audience: z.array(z.string().min(1)).min(1, 'at least one audience (client id)'),
      /**
       * OAuth scopes every authorized route requires (the JWT authorizer's `authorizationScopes`: a token
       * must carry at least one of them in its `scope`/`scp` claim). Issue 17 item 10: without it, any token
       * of the issuer whose audience matches is accepted; with it, a token of another client of the same
       * issuer (another app on the province's SSO) is refused. Cognito: a resource server `fanpin` with the
       * scope `api`; Keycloak: a client scope `fanpin/api` (docs/deploy.md "A first user").
       */
      scopes: z
        .array(z.string().regex(/^[\x21\x23-\x5b\x5d-\x7e]+$/, 'an OAuth scope (no spaces or quotes)'))
        .min(1, 'at least one scope: the API refuses tokens without one of them')
        .default([defaultApiScope]),
    }),
    mail: z.object({
      /** `ses` sends mail; `sns` publishes to a topic with e-mail subscriptions. Default: ses where available. */
      mode: z.enum(['ses', 'sns']).optional(),
      /** Sender address (SES: must belong to `sesIdentity`). */
      from: z.email(),
      /** Verified SES identity (domain or address) the functions may send as. Default: the sender's domain. */
      sesIdentity: z.string().min(3).optional(),
      /** Administrators who receive the daily digest, by county or township code. */
      recipients: z.record(unitCode, z.array(z.email()).min(1)).default({}),
    }),
    /** Policy values merged over the defaults (lib/domain/policy.ts), passed as POLICY_OVERRIDES. */
    policyOverrides: z.record(z.string(), z.unknown()).optional(),
    /** Where alarms are e-mailed (an SNS subscription to confirm); leave out to subscribe later. */
    alarmEmail: z.email().optional(),
    logLevel: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']).default('INFO'),
    logRetentionDays: z
      .number()
      .int()
      .refine((d) => retentionDays.has(d), 'a CloudWatch Logs retention such as 30, 90, 180 or 365')
      .default(180),
    api: z
      .object({
        /** Default route throttling of the HTTP API (requests per second, burst). */
        throttle: z
          .object({ rateLimit: z.number().positive(), burstLimit: z.number().int().positive() })
          .default({ rateLimit: 50, burstLimit: 100 }),
      })
      .default({ throttle: { rateLimit: 50, burstLimit: 100 } }),
    /** Tags on every resource. */
    tags: z.record(z.string(), z.string()).default({}),
    /** The officers' web app: `cloudfront` serves web/dist and the API from one CloudFront origin. */
    web: z
      .object({
        hosting: z.enum(['none', 'cloudfront']).default('none'),
        /** Where officers open the web app (a custom domain); digests link to it. Default: the CloudFront URL. */
        baseUrl: z.url({ protocol: /^https$/, error: 'an https URL' }).optional(),
        /** The app's sign-in at `auth.issuer` (authorization code + PKCE), written to its /config.json. */
        oidc: z
          .object({
            /** The app's public client (no secret). Default: the first `auth.audience`. */
            clientId: z.string().min(1).optional(),
            /** Default: `openid` and the API scopes (`auth.scopes`), which the API requires (issue 17 item 10). */
            scope: z.string().min(1).optional(),
            /** The token the API receives: the one whose `aud` (or Cognito `client_id`) is an audience. */
            bearer: z.enum(['access_token', 'id_token']).default('access_token'),
            /** Further origins the page fetches from besides the issuer's: the provider's token endpoint
             *  when it is elsewhere (Cognito: https://<domain>.auth.<region>.amazoncognito.com). */
            connectOrigins: z
              .array(
                z
                  .url({ protocol: /^https$/ })
                  .refine((u) => new URL(u).origin === u, 'an origin: https://host'),
              )
              .default([]),
          })
          .default({ bearer: 'access_token', connectOrigins: [] }),
      })
      .default({ hosting: 'none', oidc: { bearer: 'access_token', connectOrigins: [] } }),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.web.hosting === 'cloudfront' && partitionOf(c.region) !== 'aws') {
      ctx.addIssue({
        code: 'custom',
        path: ['web', 'hosting'],
        message: `CloudFront hosting is built for the aws partition only; for ${c.region} see docs/deploy.md (web app in the China regions)`,
      });
    }
    // Issue 17 item 10: the API refuses a token without one of its scopes, and only access tokens carry
    // scopes, so the web app must ask for one and send the access token.
    if (c.web.oidc.bearer === 'id_token') {
      ctx.addIssue({
        code: 'custom',
        path: ['web', 'oidc', 'bearer'],
        message: `the API requires one of the scopes ${c.auth.scopes.join(', ')} (auth.scopes), which ID tokens do not carry: use "access_token"`,
      });
    }
    const asked = (c.web.oidc.scope ?? '').split(' ');
    if (c.web.oidc.scope !== undefined && !c.auth.scopes.some((s) => asked.includes(s))) {
      ctx.addIssue({
        code: 'custom',
        path: ['web', 'oidc', 'scope'],
        message: `must include one of the API scopes ${c.auth.scopes.join(', ')} (auth.scopes), or the API refuses the app's tokens`,
      });
    }
    if (c.mail.mode === 'ses' && !isAvailable('ses', c.region)) {
      ctx.addIssue({
        code: 'custom',
        path: ['mail', 'mode'],
        message: `SES is not available in ${c.region}; use "sns" (digests through an SNS topic)`,
      });
    }
  });

export type DeploymentConfigInput = z.input<typeof deploymentConfigSchema>;

/** The validated configuration with defaults filled in and the mail mode decided. */
type ParsedConfig = z.output<typeof deploymentConfigSchema>;
export type DeploymentConfig = ParsedConfig & {
  mail: { mode: 'ses' | 'sns'; sesIdentity: string };
  web: ParsedConfig['web'] & { oidc: ParsedConfig['web']['oidc'] & { scope: string } };
  partition: string;
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Validates a configuration object; `source` names it in errors (e.g. the file path). */
export function parseConfig(raw: unknown, source = 'config'): DeploymentConfig {
  const result = deploymentConfigSchema.safeParse(raw);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new ConfigError(`Invalid deployment configuration ${source}:\n${lines.join('\n')}`);
  }
  const c = result.data;
  const mode = c.mail.mode ?? (isAvailable('ses', c.region) ? 'ses' : 'sns');
  const sesIdentity = c.mail.sesIdentity ?? c.mail.from.slice(c.mail.from.indexOf('@') + 1);
  const scope = c.web.oidc.scope ?? ['openid', ...c.auth.scopes].join(' ');
  return {
    ...c,
    mail: { ...c.mail, mode, sesIdentity },
    web: { ...c.web, oidc: { ...c.web.oidc, scope } },
    partition: partitionOf(c.region),
  };
}

/**
 * Reads the `config` context value: a path to a JSON file (relative to the working directory)
 * or, from tests or cdk.json, the configuration object itself.
 */
export function loadConfig(node: Node): DeploymentConfig {
  const value: unknown = node.tryGetContext('config');
  if (value === undefined) {
    throw new ConfigError(
      'No deployment configuration: pass -c config=path/to/config.json (see docs/deploy.md)',
    );
  }
  if (typeof value !== 'string') return parseConfig(value, '(cdk context "config")');
  const path = resolve(value);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new ConfigError(`Cannot read deployment configuration ${value} (resolved to ${path})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`Deployment configuration ${value} is not valid JSON: ${(e as Error).message}`);
  }
  return parseConfig(raw, value);
}
