// The officers' web app on AWS (ADR 0015): a CloudFront distribution serving web/dist from a private S3
// bucket (origin access control) and /v1/* from the HTTP API as a second origin, so the app and the API
// share one origin (no CORS). The API's documentation page /docs (web/dist/docs.html, stored under the key
// `docs`; ADR 0020) is a file of the app like the others. The HTML is no-cache, the hashed assets
// immutable, and every answer of the app carries the same Content-Security-Policy as locally plus the OIDC
// provider's origins for its sign-in; /config.json tells the page which provider and client to sign in
// with. Opt-in (`web.hosting: "cloudfront"`), and only in the aws partition: see docs/deploy.md for the
// China regions.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CfnElement, CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { contentSecurityPolicyFor } from '../../web/build';
import type { OidcSignIn } from '../../web/src/config';
import { acknowledge } from '../nag';

export interface WebHostingProps {
  api: HttpApi;
  /** The built app (`npm run web:build` writes web/dist: index.html and assets/). */
  distDir: string;
  /** The page's /config.json: sign in at the deployment's OIDC provider. */
  signIn: OidcSignIn;
  /** Origins the page may fetch from besides its own (the provider's discovery and token endpoints). */
  connectOrigins: string[];
}

export class WebHosting extends Construct {
  readonly distribution: Distribution;

  constructor(scope: Construct, id: string, props: WebHostingProps) {
    super(scope, id);
    for (const page of ['index.html', 'docs.html']) {
      if (!existsSync(join(props.distDir, page))) {
        throw new Error(`${props.distDir}/${page} is missing: run npm run web:build before cdk synth`);
      }
    }
    const stack = Stack.of(this);
    const bucket = new Bucket(this, 'Files', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });
    const headers = new ResponseHeadersPolicy(this, 'Headers', {
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: contentSecurityPolicyFor(props.connectOrigins),
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), override: true },
      },
    });
    const apiDomain = `${props.api.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`;
    this.distribution = new Distribution(this, 'Distribution', {
      comment: `fanpin web app and API (${stack.stackName})`,
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: headers,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
      },
      additionalBehaviors: {
        '/v1/*': {
          origin: new HttpOrigin(apiDomain, { protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY }),
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        },
      },
    });
    // Hashed assets for a year, the page itself revalidated on every load.
    new BucketDeployment(this, 'Assets', {
      sources: [Source.asset(props.distDir, { exclude: ['index.html', 'docs.html'] })],
      destinationBucket: bucket,
      cacheControl: [CacheControl.fromString('public, max-age=31536000, immutable')],
      prune: false,
    });
    // The page and its /config.json (the OIDC provider it signs in with), revalidated on every load.
    new BucketDeployment(this, 'Page', {
      sources: [
        Source.asset(props.distDir, { exclude: ['assets/*', 'docs.html'] }),
        Source.jsonData('config.json', props.signIn),
      ],
      destinationBucket: bucket,
      cacheControl: [CacheControl.noCache()],
      prune: false,
      distribution: this.distribution,
      distributionPaths: ['/index.html', '/', '/config.json'],
    });
    // /docs: S3 answers the key exactly as asked (no index document behind CloudFront), so the page is
    // stored as `docs`; without an extension to guess from, its content type is said here.
    new BucketDeployment(this, 'Docs', {
      sources: [Source.data('docs', readFileSync(join(props.distDir, 'docs.html'), 'utf8'))],
      destinationBucket: bucket,
      contentType: 'text/html; charset=utf-8',
      cacheControl: [CacheControl.noCache()],
      prune: false,
      distribution: this.distribution,
      distributionPaths: ['/docs'],
    });
    new CfnOutput(stack, 'WebUrl', { value: `https://${this.distribution.distributionDomainName}/` });

    const own = {
      'AwsSolutions-S1': 'the bucket holds only the public build of the web app; CloudFront serves it',
      'AwsSolutions-CFR1': 'officers sign in; the API authorizes every request, geography does not',
      'AwsSolutions-CFR2': 'the HTTP API throttles per route; a WAF web ACL can be attached per deployment',
      'AwsSolutions-CFR3':
        'access logging needs a log bucket with ACLs; left to the deployment (docs/deploy.md)',
      'AwsSolutions-CFR4': 'the default CloudFront certificate until the deployment names its own domain',
    };
    for (const [rule, reason] of Object.entries(own)) acknowledge(this, rule, reason);
    // The CDK's bucket-deployment function lives at the stack's root; its findings name exactly what it
    // is granted: read the asset, write and delete in this bucket, invalidate the distribution.
    const bucketId = stack.resolve(stack.getLogicalId(bucket.node.defaultChild as CfnElement));
    const copier: Record<string, string> = {
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]':
        'the CDK bucket deployment function logs with the managed basic execution role',
      'AwsSolutions-L1': 'the CDK bucket deployment function pins its own runtime',
      [`AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-${stack.region}/*]`]:
        'it reads its own asset from the bootstrap bucket',
      [`AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/*]`]: 'it writes the objects of the web app bucket',
      'AwsSolutions-IAM5[Resource::*]': 'cloudfront:CreateInvalidation takes no resource narrower than *',
    };
    for (const action of ['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*']) {
      copier[`AwsSolutions-IAM5[Action::${action}]`] =
        'the CDK bucket deployment copies the web app into the bucket';
    }
    for (const child of stack.node.children) {
      if (!child.node.id.startsWith('Custom::CDKBucketDeployment')) continue;
      for (const [rule, reason] of Object.entries(copier)) acknowledge(child, rule, reason);
    }
  }
}
