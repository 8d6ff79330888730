// The web app on AWS (opt-in `web.hosting: "cloudfront"`): one CloudFront origin for the app (private S3,
// origin access control) and the HTTP API (/v1/*), the same Content-Security-Policy as locally, the page
// no-cache and hashed assets immutable, and no unacknowledged cdk-nag finding.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../cdk/config';
import { createStacks, type FanpinStacks } from '../../cdk/stacks';
import { contentSecurityPolicyFor, writeWebApp } from '../../web/build';
import { fixtureManifest } from './fixtures/manifest';
import { aChinaConfig, aConfig, annotationErrors, unacknowledgedNagFindings } from './support';

const projectRoot = join(import.meta.dirname, '../..');
let stacks: FanpinStacks;
let template: Template;
let assemblyDir: string;

beforeAll(async () => {
  const dist = mkdtempSync(join(tmpdir(), 'fanpin-web-dist-'));
  await writeWebApp(dist);
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  stacks = createStacks(app, aConfig({ web: { hosting: 'cloudfront' } }), {
    manifest: fixtureManifest,
    functionsDir: join(import.meta.dirname, 'fixtures'),
    projectRoot,
    webDistDir: dist,
  });
  template = Template.fromStack(stacks.service);
  assemblyDir = app.synth().directory;
}, 120_000);

describe('web hosting on CloudFront', () => {
  it('issue 21: gives the digest function the web app’s address, so long digests link to it', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: Match.stringLikeRegexp('sqs-send-digest$'),
      Environment: {
        Variables: Match.objectLike({
          WEB_BASE_URL: {
            'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [Match.anyValue(), 'DomainName'] }]],
          },
        }),
      },
    });
  });

  it('serves the app from a private bucket and /v1/* from the HTTP API on one distribution', () => {
    template.resourceCountIs('AWS::CloudFront::Distribution', 1);
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https' }),
        CacheBehaviors: [
          Match.objectLike({
            PathPattern: '/v1/*',
            AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
            // CachingDisabled: an answer is never cached.
            CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
          }),
        ],
        Origins: Match.arrayWith([
          Match.objectLike({ S3OriginConfig: Match.anyValue(), OriginAccessControlId: Match.anyValue() }),
          Match.objectLike({ CustomOriginConfig: Match.objectLike({ OriginProtocolPolicy: 'https-only' }) }),
        ]),
      }),
    });
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
  });

  it("sends the local stack's Content-Security-Policy plus the issuer's origin, and caches hashed assets for a year", () => {
    template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({
          ContentSecurityPolicy: {
            ContentSecurityPolicy: contentSecurityPolicyFor(['https://issuer.example.org']),
            Override: true,
          },
        }),
      }),
    });
    const deployments = Object.values(template.findResources('Custom::CDKBucketDeployment')).map(
      (r) => (r as { Properties: { SystemMetadata?: Record<string, string> } }).Properties.SystemMetadata,
    );
    expect(deployments).toEqual(
      expect.arrayContaining([
        { 'cache-control': 'public, max-age=31536000, immutable' },
        { 'cache-control': 'no-cache' },
      ]),
    );
  });

  it('ADR 0020: stores the documentation page under the key docs as no-cache HTML, like the app (under its CSP)', () => {
    template.hasResourceProperties('Custom::CDKBucketDeployment', {
      DestinationBucketKeyPrefix: Match.absent(),
      SystemMetadata: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' },
      DistributionPaths: ['/docs'],
    });
    const written = readdirSync(assemblyDir, { recursive: true, encoding: 'utf8' }).filter(
      (f) => f.startsWith('asset.') && f.endsWith('/docs'),
    );
    const page = written.map((f) => readFileSync(join(assemblyDir, f), 'utf8'));

    expect(page).toEqual([
      expect.stringMatching(/<script type="module" src="\/assets\/docs-[A-Z0-9]{8}\.js">/),
    ]);
  });

  it("tells the page to sign in at the deployment's issuer with code + PKCE (its /config.json)", () => {
    const written = readdirSync(assemblyDir, { recursive: true, encoding: 'utf8' }).filter(
      (f) => f.endsWith('config.json') && f.startsWith('asset.'),
    );
    const configs = written.map((f) => JSON.parse(readFileSync(join(assemblyDir, f), 'utf8')) as unknown);

    expect(configs).toEqual([
      {
        signIn: 'oidc',
        authority: 'https://issuer.example.org/realm',
        clientId: 'fanpin-web',
        scope: 'openid fanpin/api',
        bearer: 'access_token',
      },
    ]);
  });

  it('leaves no cdk-nag finding unacknowledged and no error annotation', () => {
    expect(unacknowledgedNagFindings(stacks.service)).toEqual([]);
    expect(annotationErrors(stacks.service)).toEqual([]);
  });

  it('is refused for the China regions (see docs/deploy.md) and off by default', () => {
    expect(() => aChinaConfig({ web: { hosting: 'cloudfront' } })).toThrow(ConfigError);
    expect(aConfig().web.hosting).toBe('none');
  });
});
