// The production manifest against the real handlers in functions/: every handler file deployed, every
// route of the interface on the HTTP API exactly once with the interface's auth, each function's
// environment enough for its cold start, and real bundles that run as ESM on Node 24.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { App, Stage } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { queueUrlVariable } from '../../cdk/constructs/handler-function';
import { type FunctionSpec, functionManifest } from '../../cdk/functions';
import { createStacks } from '../../cdk/stacks';
import { parseConfig, requireMail, requireQueueUrl } from '../../lib/config';
import { routeKeyOf, routes } from '../../lib/http/routes';
import { aChinaConfig, aConfig, annotationErrors, unacknowledgedNagFindings } from './support';

const projectRoot = join(import.meta.dirname, '../..');
const functionsDir = join(projectRoot, 'functions');
const stem = (spec: FunctionSpec) => spec.file.replace(/\.ts$/, '');

function build(manifest: readonly FunctionSpec[], options: { bundle: boolean; china?: boolean }) {
  const app = new App(options.bundle ? {} : { context: { 'aws:cdk:bundling-stacks': [] } });
  const config = options.china ? aChinaConfig() : aConfig({ policyOverrides: { warningLine: 8000 } });
  const stacks = createStacks(app, config, { manifest, functionsDir, projectRoot });
  return { ...stacks, template: Template.fromStack(stacks.service) };
}

// The whole app, unbundled (fast); the real bundles for three representative handlers, once per run.
const app = build(functionManifest, { bundle: false });
const cnApp = build(functionManifest, { bundle: false, china: true });
const bundled = ['api-get-household.ts', 'sqs-sweep-village.ts', 'sqs-send-digest.ts'];
const bundleApp = build(
  functionManifest.filter((s) => bundled.includes(s.file)),
  { bundle: true },
);

// biome-ignore lint/suspicious/noExplicitAny: template JSON, checked by the assertions
type Resource = { Properties: Record<string, any> };

function functionOf(t: Template, name: string): Resource {
  const found = Object.values(
    t.findResources('AWS::Lambda::Function', { Properties: { FunctionName: `fanpin-test-${name}` } }),
  );
  expect(found, name).toHaveLength(1);
  return found[0] as Resource;
}

describe('production app: every handler deployed', () => {
  it('has a manifest entry for every handler file in functions/', () => {
    const files = readdirSync(functionsDir).filter((f) => /^(api|sqs|schedule)-[a-z0-9-]+\.ts$/.test(f));
    expect(files.length).toBeGreaterThan(0);
    expect(functionManifest.map((s) => s.file).sort()).toEqual(files.sort());
  });

  it('synthesizes without an unregistered-handler warning or an error', () => {
    const warnings = Annotations.fromStack(app.service).findWarning(
      '*',
      Match.stringLikeRegexp('cdk/functions'),
    );
    expect(warnings.map((w) => String(w.entry.data))).toEqual([]);
    expect(annotationErrors(app.service)).toEqual([]);
  });

  it('deploys one function per manifest entry', () => {
    const names = Object.values(app.template.findResources('AWS::Lambda::Function')).map(
      (f) => f.Properties.FunctionName,
    );
    expect(names.sort()).toEqual(functionManifest.map((s) => `fanpin-test-${stem(s)}`).sort());
  });

  it.each([
    ['aws', app],
    ['aws-cn', cnApp],
  ])('passes cdk-nag AwsSolutions on both stacks (%s)', (_, built) => {
    for (const stack of [built.stateful, built.service]) {
      expect(unacknowledgedNagFindings(stack)).toEqual([]);
      expect(annotationErrors(stack)).toEqual([]);
    }
  });
});

describe('production app: the HTTP API serves exactly the interface', () => {
  const synthesized = Object.values(app.template.findResources('AWS::ApiGatewayV2::Route')).map(
    (r) => [r.Properties.RouteKey as string, r.Properties.AuthorizationType as string] as const,
  );

  it('has every route of lib/http/routes.ts, each once', () => {
    const keys = synthesized.map(([key]) => key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.sort()).toEqual(Object.values(routes).map(routeKeyOf).sort());
  });

  it('puts a route behind the JWT authorizer exactly when the interface says so', () => {
    const expected = Object.values(routes).map((r) => [routeKeyOf(r), r.auth === 'none' ? 'NONE' : 'JWT']);
    expect([...synthesized].sort()).toEqual(expected.sort());
  });
});

/** A deployed value for each unresolved reference: what the function sees at its cold start. */
function deployedEnvironment(vars: Record<string, unknown>): Record<string, string> {
  const stand: Record<string, string> = {
    TABLE_NAME: 'fanpin-test-table',
    ID_KMS_KEY_ID: 'arn:aws-cn:kms:cn-northwest-1:123456789012:key/00000000-0000-0000-0000-000000000000',
    MAIL_TOPIC_ARN: 'arn:aws-cn:sns:cn-northwest-1:123456789012:fanpin-test-digests',
    ...Object.fromEntries(
      Object.values(queueUrlVariable).map((v) => [
        v,
        `https://sqs.ap-east-1.amazonaws.com/123456789012/${v}`,
      ]),
    ),
  };
  return Object.fromEntries(
    Object.entries(vars).map(([name, value]) => {
      if (name === 'ID_HASH_SECRET') return [name, 'x'.repeat(48)];
      if (typeof value === 'string') return [name, value];
      const standIn = stand[name];
      if (!standIn) throw new Error(`no stand-in for the unresolved ${name}`);
      return [name, standIn];
    }),
  );
}

describe('production app: each function has what its cold start needs', () => {
  it.each(
    functionManifest
      .filter((s) => s.table)
      .flatMap((s) => [[stem(s), s, 'aws'] as const, [stem(s), s, 'aws-cn'] as const]),
  )(
    '%s parses its configuration with what it sends to, and D16 ID number settings only if it hashes (%s)',
    (name, spec, partition) => {
      const template = partition === 'aws' ? app.template : cnApp.template;
      const config = parseConfig(
        deployedEnvironment(functionOf(template, name).Properties.Environment.Variables),
      );
      expect(config.idNumbers.hashSecret?.length ?? 0).toBe(spec.idNumbers ? 48 : 0);
      expect(config.idNumbers.kmsKeyId !== undefined).toBe(spec.idNumbers === 'seal');
      for (const queue of spec.sendsTo ?? []) expect(requireQueueUrl(config, queue)).toMatch(/^https:/);
      if (spec.mail) expect(requireMail(config).mode).toBe(partition === 'aws' ? 'ses' : 'sns');
      if (spec.recipients) expect(Object.keys(config.digestRecipients)).not.toEqual([]);
    },
  );
});

describe('production app: real bundles', () => {
  const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
  const assetDirOf = (name: string) => {
    const fn = functionOf(bundleApp.template, name);
    const hash = String(fn.Properties.Code.S3Key).replace(/\.zip$/, '');
    return join(Stage.of(bundleApp.service)!.outdir, `asset.${hash}`);
  };
  const bundleOf = (name: string) => readFileSync(join(assetDirOf(name), 'index.mjs'), 'utf8');
  // Module names as code loads them; `[require("@aws-sdk/signature-v4-crt");]` and `[import "…";]` inside
  // the SDK's error messages are text, not code, and are left out by the look-behind.
  const loaded = (code: string) =>
    [
      ...code.matchAll(/(?<![[\w$.])require\(\s*["']([\w@./:-]+)["']\s*\)/g),
      ...code.matchAll(/\bfrom\s*["']([\w@./:-]+)["']/g),
      ...code.matchAll(/(?<![[\w$.])import\s*\(\s*["']([\w@./:-]+)["']\s*\)/g),
      ...code.matchAll(/(?<![[\w$.])import\s*["']([\w@./:-]+)["']/g),
    ].map((m) => m[1]!);

  it.each(bundled.map((f) => f.replace(/\.ts$/, '')))(
    '%s bundles to one ESM file that loads nothing but Node builtins',
    (name) => {
      const code = bundleOf(name);
      expect(loaded(code).filter((m) => !builtins.has(m))).toEqual([]);
      // The createRequire banner: CommonJS dependencies inside the ESM bundle get a `require`.
      expect(code).toContain('createRequire');
      expect(code).toContain('import.meta.url');
      expect(existsSync(join(assetDirOf(name), 'index.mjs.map'))).toBe(true);
    },
  );

  it.each(bundled.map((f) => f.replace(/\.ts$/, '')))(
    '%s loads in Node 24 from its asset directory alone (no node_modules) and exports handler',
    (name) => {
      const run = spawnSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          "const m = await import('./index.mjs'); if (typeof m.handler !== 'function') process.exit(3);",
        ],
        { cwd: assetDirOf(name), env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8', timeout: 20_000 },
      );
      expect(run.stderr.slice(0, 500)).toBe('');
      expect(run.status).toBe(0);
    },
  );

  it('bundles the AWS SDK into the function (the version the tests ran), as the manifest promises', () => {
    const code = bundleOf('sqs-sweep-village');
    expect(loaded(code).filter((m) => m.startsWith('@aws-sdk/'))).toEqual([]);
    // The DynamoDB client is in the bundle, not left for the runtime's copy.
    expect(code.includes('DynamoDB_20120810')).toBe(true);
  });
});
