import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import type { DeploymentConfig } from '../../cdk/config';
import { queueUrlVariable } from '../../cdk/constructs/handler-function';
import { type FunctionSpec, functionManifest } from '../../cdk/functions';
import { createStacks } from '../../cdk/stacks';
import { indexes } from '../../lib/adapters/dynamodb/table-definition';
import { queueKeys, queues } from '../../lib/infra/queues';
import { inputTemplate, schedules } from '../../lib/infra/schedules';
import { fixtureManifest } from './fixtures/manifest';
import { aChinaConfig, aConfig, annotationErrors, unacknowledgedNagFindings } from './support';

const projectRoot = join(import.meta.dirname, '../..');
const fixtures = join(import.meta.dirname, 'fixtures');

function build(
  config: DeploymentConfig,
  options: { bundle: boolean; manifest?: readonly FunctionSpec[]; dir?: string },
) {
  const app = new App(options.bundle ? {} : { context: { 'aws:cdk:bundling-stacks': [] } });
  const stacks = createStacks(app, config, {
    manifest: options.manifest ?? fixtureManifest,
    functionsDir: options.dir ?? fixtures,
    projectRoot,
  });
  return { ...stacks, template: Template.fromStack(stacks.service) };
}

// Real bundling is tested once, on the real handlers (production-app.test.ts).
const aws = build(aConfig({ policyOverrides: { warningLine: 8000 } }), { bundle: false });
const cn = build(aChinaConfig(), { bundle: false });
const deployed = fixtureManifest.filter((s) => existsSync(join(fixtures, s.file)));

// biome-ignore lint/suspicious/noExplicitAny: template JSON, checked by the assertions
type Resource = { Properties: Record<string, any> };

function functionNamed(t: Template, stem: string): [string, Resource] {
  const found = Object.entries(
    t.findResources('AWS::Lambda::Function', { Properties: { FunctionName: `fanpin-test-${stem}` } }),
  );
  expect(found, stem).toHaveLength(1);
  return found[0] as [string, Resource];
}

function environmentOf(t: Template, stem: string): Record<string, unknown> {
  return functionNamed(t, stem)[1].Properties.Environment.Variables;
}

interface Statement {
  Action: string | string[];
  Resource: unknown;
  Effect: string;
}

/** Every statement of the policies attached to the function's role. */
function statementsOf(t: Template, stem: string): Statement[] {
  const roleId = functionNamed(t, stem)[1].Properties.Role['Fn::GetAtt'][0];
  return Object.values(t.findResources('AWS::IAM::Policy'))
    .filter((p) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === roleId))
    .flatMap((p) => p.Properties.PolicyDocument.Statement);
}

function actionsOf(t: Template, stem: string): string[] {
  return statementsOf(t, stem).flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
}

function resourcesFor(t: Template, stem: string, action: string): unknown[] {
  return statementsOf(t, stem)
    .filter((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]).includes(action))
    .flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]));
}

const stem = (spec: FunctionSpec) => spec.file.replace(/\.ts$/, '');

describe('service stack: functions from the manifest', () => {
  it('deploys exactly the manifest entries whose handler file exists', () => {
    const names = Object.values(aws.template.findResources('AWS::Lambda::Function')).map(
      (f) => f.Properties.FunctionName,
    );
    expect(names.sort()).toEqual(deployed.map((s) => `fanpin-test-${stem(s)}`).sort());
    expect(names).not.toContain('fanpin-test-api-not-written-yet');
  });

  it.each(deployed.map(stem))(
    '%s runs Node 24 on arm64 with the Powertools environment and its own log group',
    (name) => {
      const [, fn] = functionNamed(aws.template, name);
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        Environment: {
          Variables: {
            POWERTOOLS_SERVICE_NAME: 'fanpin',
            POWERTOOLS_METRICS_NAMESPACE: 'fanpin/test',
            LOG_LEVEL: 'INFO',
            NODE_OPTIONS: '--enable-source-maps',
          },
        },
      });
      const logGroupId = fn.Properties.LoggingConfig.LogGroup.Ref;
      expect(aws.template.toJSON().Resources[logGroupId].Properties).toMatchObject({
        LogGroupName: `/aws/lambda/fanpin-test-${name}`,
        RetentionInDays: 180,
      });
    },
  );

  it('uses the queue definition for an SQS consumer timeout unless the manifest sets one', () => {
    expect(functionNamed(aws.template, 'sqs-ingest-alert')[1].Properties.Timeout).toBe(
      queues.alerts.consumerTimeoutSeconds,
    );
    expect(functionNamed(aws.template, 'sqs-sweep-village')[1].Properties.MemorySize).toBe(1024);
  });
});

describe('service stack: grants and environment travel together', () => {
  const writeActions = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem'];

  it.each(deployed.map((s) => [stem(s), s] as const))(
    '%s: TABLE_NAME exactly when it may use the table',
    (name, spec) => {
      const env = environmentOf(aws.template, name);
      const actions = actionsOf(aws.template, name);
      expect('TABLE_NAME' in env).toBe(spec.table !== undefined);
      expect(actions.includes('dynamodb:GetItem')).toBe(spec.table !== undefined);
      for (const write of writeActions)
        expect(actions.includes(write), write).toBe(spec.table === 'readWrite');
    },
  );

  it('grants no function dynamodb:DeleteItem or Scan, and the audit table no UpdateItem (issue 17 item 6)', () => {
    for (const t of [aws.template, cn.template]) {
      const statements = Object.values(t.findResources('AWS::IAM::Policy')).flatMap(
        (p) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[],
      );
      const actions = statements.flatMap((st) => (Array.isArray(st.Action) ? st.Action : [st.Action]));
      expect(actions.filter((a) => /^dynamodb:(DeleteItem|Scan|\*)$/.test(a))).toEqual([]);
      const onAudit = statements.filter((st) => JSON.stringify(st.Resource).includes('AuditTable'));
      expect(onAudit.length).toBeGreaterThan(0);
      for (const st of onAudit) expect(st.Action).not.toContain('dynamodb:UpdateItem');
    }
  });

  it('17-11a: only a function that takes Idempotency-Key headers reaches the idempotency table: get, put, update', () => {
    for (const t of [aws.template, cn.template]) {
      const reaching = deployed
        .map(stem)
        .filter((name) => JSON.stringify(statementsOf(t, name)).includes('IdempotencyTable'));
      expect(reaching).toEqual(['api-change-household']);
      const onIdempotency = statementsOf(t, 'api-change-household').filter((st) =>
        JSON.stringify(st.Resource).includes('IdempotencyTable'),
      );
      expect(onIdempotency.flatMap((st) => st.Action).sort()).toEqual([
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
      ]);
    }
  });

  it.each(deployed.map((s) => [stem(s), s] as const))(
    '%s: a queue URL exactly for each queue it may send to',
    (name, spec) => {
      const env = environmentOf(aws.template, name);
      const sendTargets = JSON.stringify(resourcesFor(aws.template, name, 'sqs:SendMessage'));
      for (const key of queueKeys) {
        const sends = spec.sendsTo?.includes(key) ?? false;
        expect(queueUrlVariable[key] in env, `${name} ${key}`).toBe(sends);
        // The grant is on this queue's ARN (exported by the stateful stack as …<Key>Queue…Arn).
        const pascal = key[0]!.toUpperCase() + key.slice(1);
        expect(new RegExp(`${pascal}Queue[0-9A-F]+Arn`).test(sendTargets), `${name} ${key}`).toBe(sends);
      }
    },
  );

  it.each(deployed.map((s) => [stem(s), s] as const))(
    '%s: D16 the ID hash secret exactly when it hashes ID numbers, as a dynamic reference',
    (name, spec) => {
      const env = environmentOf(aws.template, name);
      expect('ID_HASH_SECRET' in env).toBe(spec.idNumbers !== undefined);
      if (spec.idNumbers) {
        expect(env.ID_HASH_SECRET).toBe('{{resolve:secretsmanager:fanpin-test-id-hash:SecretString:::}}');
      }
    },
  );

  it.each(deployed.map((s) => [stem(s), s] as const))(
    '%s: D16 the ID number key only when it seals numbers, GenerateDataKey only, never Decrypt',
    (name, spec) => {
      const env = environmentOf(aws.template, name);
      const seals = spec.idNumbers === 'seal';
      expect('ID_KMS_KEY_ID' in env).toBe(seals);
      const onIdKey = statementsOf(aws.template, name).filter((s) =>
        JSON.stringify(s.Resource).includes('IdNumberKey'),
      );
      const actions = onIdKey.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
      expect(actions).toEqual(seals ? ['kms:GenerateDataKey'] : []);
    },
  );

  it('D16: only the functions that take ID numbers in hash or seal them', () => {
    expect(deployed.some((s) => s.idNumbers === 'seal')).toBe(true);
    expect(
      functionManifest
        .filter((s) => s.idNumbers)
        .map((s) => `${stem(s)}:${s.idNumbers}`)
        .sort(),
    ).toEqual(['api-change-household:seal', 'api-post-alert:hash', 'sqs-ingest-alert:hash']);
  });

  it.each(deployed.map((s) => [stem(s), s] as const))(
    '%s: mail settings exactly when it may send mail',
    (name, spec) => {
      const env = environmentOf(aws.template, name);
      const mail = spec.mail ?? false;
      for (const v of ['MAIL_MODE', 'MAIL_FROM']) expect(v in env, v).toBe(mail);
      expect('DIGEST_RECIPIENTS' in env).toBe(mail || (spec.recipients ?? false));
      expect(actionsOf(aws.template, name).includes('ses:SendEmail')).toBe(mail);
      expect(actionsOf(aws.template, name).includes('sns:Publish')).toBe(false);
    },
  );

  it('gives the digest planner its recipients without any mail setting or permission', () => {
    const env = environmentOf(aws.template, 'schedule-start-digest');
    expect(env.DIGEST_RECIPIENTS).toBe(JSON.stringify({ '532931': ['admin@example.org'] }));
    expect(Object.keys(env).filter((v) => v.startsWith('MAIL_'))).toEqual([]);
    const actions = actionsOf(aws.template, 'schedule-start-digest');
    expect(actions.filter((a) => a.startsWith('ses:') || a.startsWith('sns:'))).toEqual([]);
  });

  it('gives a function without a queue grant no sqs:SendMessage', () => {
    expect(actionsOf(aws.template, 'sqs-sweep-village')).not.toContain('sqs:SendMessage');
    expect(actionsOf(aws.template, 'api-get-household')).not.toContain('sqs:SendMessage');
  });

  it('gives a function without a table grant no DynamoDB action at all', () => {
    expect(actionsOf(aws.template, 'api-get-openapi').filter((a) => a.startsWith('dynamodb:'))).toEqual([]);
    expect(Object.keys(environmentOf(aws.template, 'api-get-openapi'))).not.toContain('TABLE_NAME');
  });

  it('grants the table and each named index, never index/*', () => {
    const resources = JSON.stringify(resourcesFor(aws.template, 'api-get-household', 'dynamodb:Query'));
    for (const index of Object.values(indexes)) expect(resources).toContain(`"/index/${index}"`);
    expect(resources).not.toContain('index/*');
  });

  it('grants the audit table with the table, with the same access', () => {
    for (const [fn, action] of [
      ['api-get-household', 'dynamodb:Query'],
      ['sqs-sweep-village', 'dynamodb:PutItem'],
    ] as const) {
      const resources = JSON.stringify(resourcesFor(aws.template, fn, action));
      expect(resources).toContain('AuditTable');
    }
    const readOnly = JSON.stringify(resourcesFor(aws.template, 'api-get-household', 'dynamodb:PutItem'));
    expect(readOnly).not.toContain('AuditTable');
  });

  it('passes the policy overrides to functions that read the policy, as JSON', () => {
    expect(environmentOf(aws.template, 'sqs-sweep-village').POLICY_OVERRIDES).toBe('{"warningLine":8000}');
    expect(environmentOf(aws.template, 'sqs-ingest-alert')).not.toHaveProperty('POLICY_OVERRIDES');
  });

  it('passes the JWT issuer and audience to handlers that ask for them', () => {
    expect(environmentOf(aws.template, 'api-get-household')).toMatchObject({
      JWT_ISSUER: 'https://issuer.example.org/realm',
      JWT_AUDIENCE: 'fanpin-web',
    });
  });

  it('mail mode ses: sends as the verified identity, with an ARN built from the stack partition', () => {
    expect(environmentOf(aws.template, 'sqs-send-digest')).toMatchObject({
      MAIL_MODE: 'ses',
      MAIL_FROM: 'fanpin@mail.example.org',
      DIGEST_RECIPIENTS: JSON.stringify({ '532931': ['admin@example.org'] }),
    });
    const [arn] = resourcesFor(aws.template, 'sqs-send-digest', 'ses:SendEmail');
    expect(JSON.stringify(arn)).toMatch(
      /"arn:",\{"Ref":"AWS::Partition"\},":ses:ap-east-1:",\{"Ref":"AWS::AccountId"\},":identity\/mail\.example\.org"/,
    );
  });

  it('mail mode sns: publishes to the digest topic and may use its key, and has no SES permission', () => {
    const env = environmentOf(cn.template, 'sqs-send-digest');
    expect(env).toMatchObject({
      MAIL_MODE: 'sns',
      MAIL_TOPIC_ARN: { 'Fn::ImportValue': expect.stringContaining('DigestTopic') },
    });
    const actions = actionsOf(cn.template, 'sqs-send-digest');
    expect(actions).toContain('sns:Publish');
    expect(actions).toEqual(expect.arrayContaining(['kms:Decrypt', 'kms:GenerateDataKey']));
    expect(resourcesFor(cn.template, 'sqs-send-digest', 'kms:Decrypt')).toEqual([
      { 'Fn::ImportValue': expect.stringContaining('TopicKey') },
    ]);
    expect(actions).not.toContain('ses:SendEmail');
  });
});

describe('service stack: triggers', () => {
  it.each(deployed.filter((s) => s.trigger.kind === 'sqs').map((s) => [stem(s), s] as const))(
    '%s consumes its queue with partial batch responses and bounded concurrency',
    (name, spec) => {
      if (spec.trigger.kind !== 'sqs') throw new Error('unreachable');
      const def = queues[spec.trigger.queue];
      const [fnId] = functionNamed(aws.template, name);
      aws.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: { Ref: fnId },
        BatchSize: def.batchSize,
        ScalingConfig: { MaximumConcurrency: def.maxConcurrency },
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        EventSourceArn: {
          'Fn::ImportValue': Match.stringLikeRegexp(`${def.key[0]!.toUpperCase()}${def.key.slice(1)}Queue`),
        },
      });
    },
  );

  it.each(schedules.map((s) => [s.name, s] as const))(
    'schedule %s fires in Asia/Shanghai with the scheduled time in its input, retries and a DLQ',
    (_, def) => {
      const target = def.target === 'start-sweep' ? 'schedule-start-sweep' : 'schedule-start-digest';
      const [fnId] = functionNamed(aws.template, target);
      aws.template.hasResourceProperties('AWS::Scheduler::Schedule', {
        Name: `fanpin-test-${def.name}`,
        ScheduleExpression: def.cron,
        ScheduleExpressionTimezone: 'Asia/Shanghai',
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: {
          Arn: { 'Fn::GetAtt': [fnId, 'Arn'] },
          Input: inputTemplate(def),
          RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 7200 },
          DeadLetterConfig: { Arn: { 'Fn::ImportValue': Match.stringLikeRegexp('ScheduleDeadLetterQueue') } },
        },
      });
      expect(inputTemplate(def)).toContain('"scheduledTime":"<aws.scheduler.scheduled-time>"');
    },
  );

  it.each(['schedule-start-sweep', 'schedule-start-digest'])(
    '%s sends invocations that failed every retry to the schedules DLQ',
    (name) => {
      aws.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: functionNamed(aws.template, name)[0] },
        MaximumRetryAttempts: 2,
        DestinationConfig: {
          OnFailure: {
            Destination: { 'Fn::ImportValue': Match.stringLikeRegexp('ScheduleDeadLetterQueue') },
          },
        },
      });
    },
  );

  it('fires the monthly sweep at 02:00 on the 1st, the daily sweep at 06:00 and digests at 08:30', () => {
    const expressions = Object.values(aws.template.findResources('AWS::Scheduler::Schedule')).map(
      (s) => `${s.Properties.Name} ${s.Properties.ScheduleExpression}`,
    );
    expect(expressions.sort()).toEqual([
      'fanpin-test-digest-daily cron(30 8 * * ? *)',
      'fanpin-test-sweep-daily cron(0 6 * * ? *)',
      'fanpin-test-sweep-monthly cron(0 2 1 * ? *)',
    ]);
  });

  it('authorizes the HTTP API with the configured JWT issuer and audience', () => {
    aws.template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Issuer: 'https://issuer.example.org/realm', Audience: ['fanpin-web'] },
    });
  });

  it('puts every route behind the authorizer except the public ones', () => {
    const routes = Object.values(aws.template.findResources('AWS::ApiGatewayV2::Route')).map((r) => [
      r.Properties.RouteKey,
      r.Properties.AuthorizationType,
    ]);
    expect(routes.sort()).toEqual([
      ['GET /v1/households/{id}', 'JWT'],
      ['GET /v1/households/{id}/history', 'JWT'],
      ['GET /v1/openapi.json', 'NONE'],
      ['POST /v1/households/{id}/visits', 'JWT'],
    ]);
  });

  it('17-10: requires the API scope on every authorized route, and none on the public ones', () => {
    const scopesOf = (t: Template) =>
      Object.values(t.findResources('AWS::ApiGatewayV2::Route'))
        .map((r) => [r.Properties.RouteKey, r.Properties.AuthorizationScopes ?? null])
        .sort();
    const custom = build(aConfig({ auth: { ...aConfig().auth, scopes: ['fanpin/api', 'fanpin/admin'] } }), {
      bundle: false,
    });

    expect(scopesOf(aws.template)).toEqual([
      ['GET /v1/households/{id}', ['fanpin/api']],
      ['GET /v1/households/{id}/history', ['fanpin/api']],
      ['GET /v1/openapi.json', null],
      ['POST /v1/households/{id}/visits', ['fanpin/api']],
    ]);
    expect(scopesOf(custom.template)).toEqual([
      ['GET /v1/households/{id}', ['fanpin/api', 'fanpin/admin']],
      ['GET /v1/households/{id}/history', ['fanpin/api', 'fanpin/admin']],
      ['GET /v1/openapi.json', null],
      ['POST /v1/households/{id}/visits', ['fanpin/api', 'fanpin/admin']],
    ]);
  });

  it('throttles the default route and writes access logs', () => {
    aws.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
    });
  });
});

describe('service stack: alarms', () => {
  it.each(deployed.map(stem))('alarms on errors of %s', (name) => {
    const [fnId] = functionNamed(aws.template, name);
    aws.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      Namespace: 'AWS/Lambda',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: fnId } }],
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      AlarmActions: [{ 'Fn::ImportValue': Match.stringLikeRegexp('AlarmTopic') }],
    });
  });

  it('alarms when no sweep completed in 26 hours (missing data counts as not completed)', () => {
    aws.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'fanpin/test',
      MetricName: 'SweepCompleted',
      Dimensions: [{ Name: 'service', Value: 'fanpin' }],
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 1,
      Period: 3600,
      EvaluationPeriods: 26,
      DatapointsToAlarm: 26,
      TreatMissingData: 'breaching',
    });
  });

  it('alarms when a sweep reports failed shards', () => {
    aws.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'fanpin/test',
      MetricName: 'SweepShardsFailed',
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
    });
  });

  it('alarms when a year of the next month is not official (D14, from 1 December until the notice is loaded)', () => {
    aws.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'fanpin/test',
      MetricName: 'CalendarNotOfficial',
      Dimensions: [{ Name: 'service', Value: 'fanpin' }],
      Statistic: 'Maximum',
      Period: 86400,
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
    });
  });
});

describe('service stack: tracing', () => {
  it.each(deployed.map(stem))('%s runs with active X-Ray tracing', (name) => {
    expect(functionNamed(aws.template, name)[1].Properties.TracingConfig).toEqual({ Mode: 'Active' });
    expect(functionNamed(cn.template, name)[1].Properties.TracingConfig).toEqual({ Mode: 'Active' });
  });

  it.each(deployed.map(stem))('%s may put trace segments, and nothing else on every resource', (name) => {
    const onEverything = statementsOf(aws.template, name).filter((s) => s.Resource === '*');
    expect(onEverything).toEqual([
      { Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Effect: 'Allow', Resource: '*' },
    ]);
  });
});

describe('service stack: dashboard', () => {
  const bodyOf = (t: Template): string => {
    const dashboards = Object.values(t.findResources('AWS::CloudWatch::Dashboard')) as Resource[];
    expect(dashboards).toHaveLength(1);
    expect(dashboards[0]!.Properties.DashboardName).toBe('fanpin-test');
    return JSON.stringify(dashboards[0]!.Properties.DashboardBody);
  };
  const body = bodyOf(aws.template);
  /** The dashboard's reference to the function's log group (a Ref to the LogGroup resource). */
  const logGroupRef = (name: string) => {
    const found = Object.keys(
      aws.template.findResources('AWS::Logs::LogGroup', {
        Properties: { LogGroupName: `/aws/lambda/fanpin-test-${name}` },
      }),
    );
    expect(found, name).toHaveLength(1);
    return JSON.stringify({ Ref: found[0] });
  };

  it('shows the sweep: shards done and failed and completions, in the handlers’ namespace', () => {
    for (const metric of ['ShardsDone', 'SweepShardsFailed', 'SweepCompleted']) {
      expect(body).toContain(`[\\"fanpin/test\\",\\"${metric}\\",\\"service\\",\\"fanpin\\"`);
    }
  });

  it('shows each sweep run’s duration from its logs, and the worker’s p50 and p99 duration', () => {
    expect(body).toContain("filter message = 'sweep started' or message = 'sweep completed'");
    expect(body).toContain(logGroupRef('schedule-start-sweep'));
    expect(body).toContain(logGroupRef('sqs-sweep-village'));
    expect(body).toMatch(/AWS\/Lambda\\+",\\+"Duration.*"stat\\+":\\+"p50/);
    expect(body).toMatch(/"stat\\+":\\+"p99/);
  });

  it('shows the depth of every dead-letter queue', () => {
    const dlqs = [...queueKeys.map((k) => `fanpin-test-${k}-dlq`), 'fanpin-test-schedules-dlq'];
    for (const label of dlqs) expect(body).toContain(`\\"label\\":\\"${label}\\"`);
    expect(body.match(/ApproximateNumberOfMessagesVisible/g)).toHaveLength(dlqs.length);
  });

  it('shows the digests’ outcomes from the send-digest logs', () => {
    expect(body).toContain("filter message = 'digest'");
    expect(body).toContain('by bin(1d) as day, outcome, unitLevel');
    expect(body).toContain(logGroupRef('sqs-send-digest'));
  });

  it('shows the API’s latency p50 and p99 and its 4xx and 5xx', () => {
    expect(body).toMatch(/AWS\/ApiGateway\\+",\\+"Latency/);
    for (const label of ['p50', 'p99', '4xx', '5xx']) expect(body).toContain(`\\"label\\":\\"${label}\\"`);
    expect(body).toMatch(/AWS\/ApiGateway\\+",\\+"4xx/);
    expect(body).toMatch(/AWS\/ApiGateway\\+",\\+"5xx/);
  });

  it('is in the aws-cn service stack too', () => {
    expect(bodyOf(cn.template)).toContain('SweepShardsFailed');
  });
});

describe('service stack: partitions and checks', () => {
  it('writes no aws-partition ARN into the aws-cn templates', () => {
    expect(JSON.stringify(cn.template.toJSON())).not.toContain('arn:aws:');
    expect(JSON.stringify(Template.fromStack(cn.stateful).toJSON())).not.toContain('arn:aws:');
  });

  it.each([
    ['aws', aws],
    ['aws-cn', cn],
  ])('passes cdk-nag AwsSolutions on both stacks with every finding acknowledged (%s)', (_, built) => {
    for (const stack of [built.stateful, built.service]) {
      expect(unacknowledgedNagFindings(stack)).toEqual([]);
      expect(annotationErrors(stack)).toEqual([]);
    }
  });
});

describe('service stack: manifest checks', () => {
  it('synthesizes the production manifest with the handlers that exist in functions/ today', () => {
    const built = build(aConfig(), {
      bundle: false,
      manifest: functionManifest,
      dir: join(projectRoot, 'functions'),
    });
    expect(annotationErrors(built.service)).toEqual([]);
  });

  it('refuses two functions consuming one queue', () => {
    const twice: FunctionSpec[] = [
      { file: 'sqs-ingest-alert.ts', description: 'a', trigger: { kind: 'sqs', queue: 'alerts' } },
      { file: 'sqs-sweep-village.ts', description: 'b', trigger: { kind: 'sqs', queue: 'alerts' } },
    ];
    expect(() => build(aConfig(), { bundle: false, manifest: twice })).toThrow(/both take the alerts queue/);
  });

  it('refuses a consumer whose timeout outlasts its queue visibility timeout', () => {
    const slow: FunctionSpec[] = [
      {
        file: 'sqs-ingest-alert.ts',
        description: 'slow',
        trigger: { kind: 'sqs', queue: 'alerts' },
        timeoutSeconds: queues.alerts.visibilityTimeoutSeconds + 1,
      },
    ];
    expect(() => build(aConfig(), { bundle: false, manifest: slow })).toThrow(/visibility timeout/);
  });

  it('warns about a handler file that has no manifest entry', () => {
    const built = build(aConfig(), { bundle: false, manifest: fixtureManifest.slice(1) });
    Annotations.fromStack(built.service).hasWarning(
      '*',
      Match.stringLikeRegexp('schedule-start-sweep.ts has no entry'),
    );
  });
});
