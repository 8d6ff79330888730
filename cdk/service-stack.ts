// The stateless part: the functions of the manifest whose handler files exist, their triggers
// (HTTP API behind a JWT authorizer, SQS event sources, EventBridge Scheduler schedules) and their
// alarms. Destroying and redeploying this stack loses no data.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  Annotations,
  type CfnElement,
  CfnOutput,
  Duration,
  RemovalPolicy,
  SecretValue,
  Stack,
  type StackProps,
  TimeZone,
} from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import {
  Alarm,
  ComparisonOperator,
  type Dashboard,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { Construct } from 'constructs';
import { indexes } from '../lib/adapters/dynamodb/table-definition';
import { deadLetterQueueName, queues as queueDefinitions, queueKeys } from '../lib/infra/queues';
import { inputTemplate, type ScheduleTarget, scheduleName, schedules } from '../lib/infra/schedules';
import type { DeploymentConfig } from './config';
import { ServiceDashboard } from './constructs/dashboard';
import { HandlerFunction } from './constructs/handler-function';
import { WebHosting } from './constructs/web-hosting';
import type { FunctionSpec, RouteKey } from './functions';
import { acknowledge } from './nag';
import {
  calendarMetrics,
  metricsNamespace,
  serviceName,
  sweepMetrics,
  sweepSilenceHours,
} from './observability';
import { idHashSecretName, type StatefulStack } from './stateful-stack';

export interface ServiceStackProps extends StackProps {
  config: DeploymentConfig;
  stateful: StatefulStack;
  manifest: readonly FunctionSpec[];
  /** Directory of the handler files (functions/; fixtures in tests). */
  functionsDir: string;
  /** Repository root (package-lock.json, tsconfig.json). */
  projectRoot: string;
  /** The built web app (web/dist), served when `web.hosting` is `cloudfront`. */
  webDistDir?: string;
}

/** HTTP API access log: request facts only; no claims, no bodies (no PII in logs). */
const accessLogFields = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  ip: '$context.identity.sourceIp',
  routeKey: '$context.routeKey',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
};

const HANDLER_FILE = /^(api|sqs|schedule)-[a-z0-9-]+\.ts$/;

export class ServiceStack extends Stack {
  readonly functions: Record<string, HandlerFunction> = {};
  readonly api: HttpApi;
  readonly dashboard: Dashboard;
  /** The web app's distribution, when `web.hosting` is `cloudfront`. */
  readonly web?: WebHosting;
  private readonly stage: string;

  constructor(scope: Construct, id: string, props: ServiceStackProps) {
    super(scope, id, props);
    const { config, stateful, manifest, functionsDir, projectRoot } = props;
    const stage = config.stage;
    this.stage = stage;
    const alarms = new SnsAction(stateful.alarmTopic);
    checkManifest(manifest);

    const present = manifest.filter((spec) => existsSync(join(functionsDir, spec.file)));
    const registered = new Set(manifest.map((s) => s.file));
    for (const file of existsSync(functionsDir) ? readdirSync(functionsDir) : []) {
      if (HANDLER_FILE.test(file) && !registered.has(file)) {
        Annotations.of(this).addWarningV2(
          'fanpin:unregistered-handler',
          `functions/${file} has no entry in cdk/functions.ts and is not deployed`,
        );
      }
    }

    // The HTTP API: every route behind the JWT authorizer unless listed as public.
    const authorizer = new HttpJwtAuthorizer('JwtAuthorizer', config.auth.issuer, {
      jwtAudience: config.auth.audience,
      identitySource: ['$request.header.Authorization'],
    });
    this.api = new HttpApi(this, 'Api', {
      apiName: `fanpin-${stage}`,
      description: `fanpin ${stage} HTTP API (v1)`,
      defaultAuthorizer: authorizer,
      createDefaultStage: false,
    });
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', {
      logGroupName: `/fanpin/${stage}/api-access`,
      retention: config.logRetentionDays as RetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const apiStage = new HttpStage(this, 'ApiStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: config.api.throttle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(accessLogFields)),
      },
    });

    // `{{resolve:secretsmanager:fanpin-<stage>-id-hash:SecretString:::}}`: CloudFormation puts the value
    // into each function's configuration at deploy time (the trade-off is in docs/decisions/0005-cdk.md).
    const idHashSecret = SecretValue.secretsManager(idHashSecretName(stage)).unsafeUnwrap();

    for (const spec of present) {
      const name = spec.file.replace(/\.ts$/, '');
      const trigger = spec.trigger;
      const timeoutSeconds =
        spec.timeoutSeconds ??
        (trigger.kind === 'http'
          ? 29
          : trigger.kind === 'sqs'
            ? queueDefinitions[trigger.queue].consumerTimeoutSeconds
            : 60);
      const handler = new HandlerFunction(this, pascal(name), {
        entry: join(functionsDir, spec.file),
        functionName: `fanpin-${stage}-${name}`,
        description: spec.description,
        projectRoot,
        memoryMb: spec.memoryMb ?? 512,
        timeout: Duration.seconds(timeoutSeconds),
        logRetention: config.logRetentionDays as RetentionDays,
        logLevel: config.logLevel,
        serviceName,
        metricsNamespace: metricsNamespace(stage),
      });
      this.functions[name] = handler;

      if (spec.table) handler.useTable(stateful, spec.table, Object.values(indexes));
      // D16: the hash secret and the ID number key only where ID numbers are hashed or sealed.
      if (spec.idNumbers) handler.useIdNumbers(spec.idNumbers, idHashSecret, stateful.idNumberKey);
      if (spec.idempotency) handler.useIdempotencyTable(stateful.idempotencyTable);
      for (const key of spec.sendsTo ?? []) handler.sendTo(key, stateful.queues[key].queue);
      if (spec.mail) {
        if (config.mail.mode === 'ses') {
          handler.sendMailViaSes(config.mail.sesIdentity, config.mail.from, config.mail.recipients);
        } else {
          if (!stateful.digestTopic)
            throw new Error('mail mode sns but the stateful stack has no digest topic');
          handler.sendMailViaSns(
            stateful.digestTopic,
            stateful.topicKey,
            config.mail.from,
            config.mail.recipients,
          );
        }
      }
      if (spec.recipients && !spec.mail) {
        handler.configure('DIGEST_RECIPIENTS', JSON.stringify(config.mail.recipients));
      }
      if (spec.policy && config.policyOverrides) {
        handler.configure('POLICY_OVERRIDES', JSON.stringify(config.policyOverrides));
      }
      if (spec.jwt) {
        handler
          .configure('JWT_ISSUER', config.auth.issuer)
          .configure('JWT_AUDIENCE', config.auth.audience.join(','));
      }

      if (trigger.kind === 'sqs') {
        const q = stateful.queues[trigger.queue];
        handler.consume(q.queue, q.definition, trigger);
      } else if (trigger.kind === 'http') {
        const integration = new HttpLambdaIntegration(`${pascal(name)}Integration`, handler.fn);
        const add = (route: RouteKey, isPublic: boolean) => {
          const [method, path] = route.split(' ') as [keyof typeof HttpMethod, string];
          const [created] = this.api.addRoutes({
            path,
            methods: [HttpMethod[method]],
            integration,
            // Issue 17 item 10: a token must also carry one of the API's scopes, so a token another client
            // of the same issuer obtained for itself is refused (401/403 by API Gateway, before any function).
            ...(isPublic
              ? { authorizer: new HttpNoneAuthorizer() }
              : { authorizationScopes: config.auth.scopes }),
          });
          if (isPublic && created) {
            acknowledge(
              created,
              'AwsSolutions-APIG4',
              `${route} is public by design (cdk/functions.ts publicRoutes)`,
            );
          }
        };
        for (const route of trigger.routes) add(route, false);
        for (const route of trigger.publicRoutes ?? []) add(route, true);
      } else {
        this.schedule(trigger.target, handler, stateful);
      }

      new Alarm(this, `${pascal(name)}ErrorsAlarm`, {
        alarmName: `fanpin-${stage}-${name}-errors`,
        alarmDescription: `${name} failed (uncaught error or timeout); see its log group`,
        metric: handler.fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }).addAlarmAction(alarms);
    }

    // D14: a year that is not official within a month (the 08:30 digest function publishes it every day).
    if (present.some((s) => s.trigger.kind === 'schedule' && s.trigger.target === 'start-digest')) {
      new Alarm(this, 'CalendarNotOfficialAlarm', {
        alarmName: `fanpin-${stage}-calendar-not-official`,
        alarmDescription:
          'A date in the next month lies in a year whose working-day calendar is not official: load the State Council notice with `fanpin calendar import` (docs/operations.md, "The yearly calendar")',
        metric: new Metric({
          namespace: metricsNamespace(stage),
          metricName: calendarMetrics.notOfficial,
          dimensionsMap: { service: serviceName },
          statistic: 'Maximum',
          period: Duration.days(1),
        }),
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }).addAlarmAction(alarms);
    }

    // A sweep that did not complete: the sweep's own metrics (cdk/observability.ts).
    if (present.some((s) => s.trigger.kind === 'schedule' && s.trigger.target === 'start-sweep')) {
      const sweepMetric = (metricName: string, period: Duration) =>
        new Metric({
          namespace: metricsNamespace(stage),
          metricName,
          dimensionsMap: { service: serviceName },
          statistic: 'Sum',
          period,
        });
      new Alarm(this, 'SweepMissingAlarm', {
        alarmName: `fanpin-${stage}-sweep-not-completed`,
        alarmDescription: `No sweep reported ${sweepMetrics.completed} in the last ${sweepSilenceHours} hours`,
        metric: sweepMetric(sweepMetrics.completed, Duration.hours(1)),
        threshold: 1,
        comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: sweepSilenceHours,
        datapointsToAlarm: sweepSilenceHours,
        // An hour without the metric counts as "not completed"; one completion in the window clears it.
        treatMissingData: TreatMissingData.BREACHING,
      }).addAlarmAction(alarms);
      new Alarm(this, 'SweepShardsFailedAlarm', {
        alarmName: `fanpin-${stage}-sweep-shards-failed`,
        alarmDescription: `A sweep reported ${sweepMetrics.shardsFailed} > 0: some villages were not swept`,
        metric: sweepMetric(sweepMetrics.shardsFailed, Duration.minutes(5)),
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }).addAlarmAction(alarms);
    }

    this.dashboard = new ServiceDashboard(this, 'Dashboard', {
      stage,
      metricsNamespace: metricsNamespace(stage),
      serviceName,
      api: this.api,
      deadLetterQueues: [
        ...queueKeys.map((key) => ({
          label: deadLetterQueueName(stage, key),
          queue: stateful.queues[key].deadLetterQueue,
        })),
        { label: `fanpin-${stage}-schedules-dlq`, queue: stateful.scheduleDeadLetterQueue },
      ],
      sweepStart: this.functions['schedule-start-sweep']?.fn,
      sweepWorker: this.functions['sqs-sweep-village']?.fn,
      digestSend: this.functions['sqs-send-digest']?.fn,
    }).dashboard;

    new CfnOutput(this, 'ApiUrl', { value: apiStage.url });
    if (config.web.hosting === 'cloudfront') {
      const { oidc } = config.web;
      this.web = new WebHosting(this, 'Web', {
        api: this.api,
        distDir: props.webDistDir ?? join(props.projectRoot, 'web/dist'),
        signIn: {
          signIn: 'oidc',
          authority: config.auth.issuer,
          clientId: oidc.clientId ?? config.auth.audience[0]!,
          scope: oidc.scope,
          bearer: oidc.bearer,
        },
        connectOrigins: [new URL(config.auth.issuer).origin, ...oidc.connectOrigins],
      });
    }
    // Digests link their long sections to the web app (issue 21), when there is one.
    const webBaseUrl =
      config.web.baseUrl ??
      (this.web ? `https://${this.web.distribution.distributionDomainName}` : undefined);
    if (webBaseUrl) this.functions['sqs-send-digest']?.configure('WEB_BASE_URL', webBaseUrl);
  }

  /** Every schedule of lib/infra/schedules.ts with this target invokes the function (Asia/Shanghai). */
  private schedule(target: ScheduleTarget, handler: HandlerFunction, stateful: StatefulStack): void {
    // Scheduler invokes asynchronously: its DLQ catches invocations Lambda refused; an invocation
    // that failed in the handler after Lambda's own retries lands in the same queue (same alarm).
    handler.fn.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.hours(2),
      onFailure: new SqsDestination(stateful.scheduleDeadLetterQueue),
    });
    for (const definition of schedules.filter((s) => s.target === target)) {
      new Schedule(this, `${pascal(definition.name)}Schedule`, {
        scheduleName: scheduleName(this.stage, definition),
        description: `${definition.kind}: ${definition.cron} ${definition.timezone}`,
        schedule: ScheduleExpression.expression(definition.cron, TimeZone.of(definition.timezone)),
        target: new LambdaInvoke(handler.fn, {
          // {"kind":…,"scheduledTime":"<aws.scheduler.scheduled-time>"}: the sweep runs as of the scheduled time.
          input: ScheduleTargetInput.fromText(inputTemplate(definition)),
          deadLetterQueue: stateful.scheduleDeadLetterQueue,
          retryAttempts: 3,
          maxEventAge: Duration.hours(2),
        }),
      });
    }
    // LambdaInvoke's role gets lambda:InvokeFunction on the function and on `<arn>:*` (its versions
    // and aliases), which cdk-nag reports as a wildcard. The finding names this one function.
    const fnLogicalId = this.resolve(this.getLogicalId(handler.fn.node.defaultChild as CfnElement));
    acknowledge(
      this,
      `AwsSolutions-IAM5[Resource::<${fnLogicalId}.Arn>:*]`,
      `The scheduler role may invoke only ${handler.fn.node.id}'s own versions and aliases (grantInvoke adds ':*').`,
    );
  }
}

function checkManifest(manifest: readonly FunctionSpec[]): void {
  const seen = new Map<string, string>();
  const claim = (what: string, file: string) => {
    const other = seen.get(what);
    if (other) throw new Error(`cdk/functions.ts: ${file} and ${other} both take ${what}`);
    seen.set(what, file);
  };
  for (const spec of manifest) {
    if (!HANDLER_FILE.test(spec.file)) {
      throw new Error(`cdk/functions.ts: ${spec.file} is not named <api|sqs|schedule>-<action>.ts`);
    }
    claim(`file ${spec.file}`, spec.file);
    const t = spec.trigger;
    if (t.kind === 'sqs') claim(`the ${t.queue} queue`, spec.file);
    if (t.kind === 'schedule') claim(`the ${t.target} schedules`, spec.file);
    if (t.kind === 'http')
      for (const r of [...t.routes, ...(t.publicRoutes ?? [])]) claim(`route ${r}`, spec.file);
  }
}

function pascal(s: string): string {
  return s.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
}
