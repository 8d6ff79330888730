// The sweep's metrics land where the service stack's alarms and dashboard read them.
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { afterEach, describe, expect, it } from 'vitest';
import { sweepMetrics as alarmNames, metricsNamespace, serviceName } from '../../cdk/observability';
import { sweepMetrics } from '../../lib/adapters/sqs/sweep-deps';
import { sweepMetricNames } from '../../lib/infra/metrics';

const saved = process.env.POWERTOOLS_METRICS_NAMESPACE;
afterEach(() => {
  if (saved === undefined) delete process.env.POWERTOOLS_METRICS_NAMESPACE;
  else process.env.POWERTOOLS_METRICS_NAMESPACE = saved;
});

describe('sweepMetrics', () => {
  it('emits into the namespace CDK sets (POWERTOOLS_METRICS_NAMESPACE) with the service dimension', () => {
    process.env.POWERTOOLS_METRICS_NAMESPACE = metricsNamespace('prod');
    const metrics = sweepMetrics();
    metrics.addMetric(sweepMetricNames.shardsFailed, MetricUnit.Count, 1);
    const emf = metrics.serializeMetrics();
    expect(emf._aws.CloudWatchMetrics[0]).toMatchObject({
      Namespace: 'fanpin/prod',
      Dimensions: [['service']],
      Metrics: [{ Name: 'SweepShardsFailed', Unit: 'Count' }],
    });
    expect(emf).toMatchObject({ service: serviceName, SweepShardsFailed: 1 });
  });

  it('falls back to fanpin without the variable (local stack, tests)', () => {
    delete process.env.POWERTOOLS_METRICS_NAMESPACE;
    const metrics = sweepMetrics();
    metrics.addMetric(sweepMetricNames.shardsDone, MetricUnit.Count, 1);
    expect(metrics.serializeMetrics()._aws.CloudWatchMetrics[0]?.Namespace).toBe('fanpin');
  });

  it('the alarms read the names the handler emits', () => {
    expect(alarmNames).toBe(sweepMetricNames);
  });
});
