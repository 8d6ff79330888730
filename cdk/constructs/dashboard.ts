// The service's CloudWatch dashboard, `fanpin-<stage>`: a sweep as one picture (shards done and failed,
// completions, how long each run took, the worker's duration), the dead-letter queues, the digests'
// outcomes, and the HTTP API's latency and errors. docs/operations.md says how to read it.
import { Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Dashboard,
  GraphWidget,
  type IWidget,
  LogQueryVisualizationType,
  LogQueryWidget,
  Metric,
  TextWidget,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { sweepMetricNames } from '../../lib/infra/metrics';

export interface ServiceDashboardProps {
  stage: string;
  /** POWERTOOLS_METRICS_NAMESPACE and the `service` dimension of the handlers' metrics. */
  metricsNamespace: string;
  serviceName: string;
  api: HttpApi;
  /** Every dead-letter queue, by the name an operator knows it by. */
  deadLetterQueues: { label: string; queue: IQueue }[];
  /** The functions whose widgets the dashboard shows, when they are deployed. */
  sweepStart?: LambdaFunction;
  sweepWorker?: LambdaFunction;
  digestSend?: LambdaFunction;
}

export class ServiceDashboard extends Construct {
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: ServiceDashboardProps) {
    super(scope, id);
    const { stage } = props;
    const sweepMetric = (metricName: string, label: string) =>
      new Metric({
        namespace: props.metricsNamespace,
        metricName,
        dimensionsMap: { service: props.serviceName },
        statistic: 'Sum',
        period: Duration.hours(1),
        label,
      });
    const width = 12;
    const height = 6;

    const sweep: IWidget[] = [
      new GraphWidget({
        title: 'Sweep: village shards per hour',
        width,
        height,
        left: [
          sweepMetric(sweepMetricNames.shardsDone, 'done'),
          sweepMetric(sweepMetricNames.shardsFailed, 'failed for good (DLQ)'),
        ],
        right: [sweepMetric(sweepMetricNames.completed, 'sweeps completed')],
      }),
    ];
    if (props.sweepStart && props.sweepWorker) {
      sweep.push(
        new LogQueryWidget({
          title: 'Sweep: runs (minutes from start to completion)',
          width,
          height,
          logGroupNames: [props.sweepStart.logGroup.logGroupName, props.sweepWorker.logGroup.logGroupName],
          view: LogQueryVisualizationType.TABLE,
          queryLines: [
            'fields @timestamp, message, sweepId, shardCount, done, failed',
            "filter message = 'sweep started' or message = 'sweep completed'",
            'stats min(@timestamp) as started, (max(@timestamp) - min(@timestamp)) / 60000 as minutes, ' +
              'max(shardCount) as shards, max(done) as shardsDone, max(failed) as shardsFailed, count(*) as lines by sweepId',
            'sort started desc',
            'limit 20',
          ],
        }),
      );
    }
    if (props.sweepWorker) {
      sweep.push(
        new GraphWidget({
          title: 'Sweep worker: duration per batch (p50, p99) and errors',
          width,
          height,
          left: [
            props.sweepWorker.metricDuration({ statistic: 'p50', label: 'p50' }),
            props.sweepWorker.metricDuration({ statistic: 'p99', label: 'p99' }),
          ],
          right: [props.sweepWorker.metricErrors({ statistic: 'Sum', label: 'errors' })],
        }),
      );
    }

    const queues = new GraphWidget({
      title: 'Dead-letter queues: messages waiting',
      width,
      height,
      left: props.deadLetterQueues.map(({ label, queue }) =>
        queue.metricApproximateNumberOfMessagesVisible({
          statistic: 'Maximum',
          period: Duration.minutes(5),
          label,
        }),
      ),
    });

    const digests: IWidget[] = props.digestSend
      ? [
          new LogQueryWidget({
            title: 'Digests: outcomes per day',
            width,
            height,
            logGroupNames: [props.digestSend.logGroup.logGroupName],
            view: LogQueryVisualizationType.TABLE,
            queryLines: [
              'fields @timestamp, outcome, unitLevel',
              "filter message = 'digest'",
              'stats count(*) as digests by bin(1d) as day, outcome, unitLevel',
              'sort day desc',
              'limit 60',
            ],
          }),
        ]
      : [];

    const api = props.api;
    const apiWidgets: IWidget[] = [
      new GraphWidget({
        title: 'API: latency (p50, p99)',
        width,
        height,
        left: [
          api.metricLatency({ statistic: 'p50', label: 'p50', period: Duration.minutes(5) }),
          api.metricLatency({ statistic: 'p99', label: 'p99', period: Duration.minutes(5) }),
        ],
      }),
      new GraphWidget({
        title: 'API: requests and errors (4xx, 5xx)',
        width,
        height,
        left: [
          api.metricClientError({ statistic: 'Sum', label: '4xx', period: Duration.minutes(5) }),
          api.metricServerError({ statistic: 'Sum', label: '5xx', period: Duration.minutes(5) }),
        ],
        right: [api.metricCount({ statistic: 'Sum', label: 'requests', period: Duration.minutes(5) })],
      }),
    ];

    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `fanpin-${stage}`,
      defaultInterval: Duration.days(7),
      widgets: [
        [
          new TextWidget({
            markdown:
              `# fanpin ${stage}\n` +
              'Sweeps, dead-letter queues, digests and the HTTP API. How to read it and what to do: ' +
              '`docs/operations.md` ("The dashboard"). Traces: X-Ray, service `fanpin`.',
            width: 24,
            height: 2,
          }),
        ],
        sweep,
        [queues, ...digests],
        apiWidgets,
      ],
    });
  }
}
