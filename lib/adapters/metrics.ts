// The functions' Powertools Metrics: namespace POWERTOOLS_METRICS_NAMESPACE (`fanpin/<stage>` on AWS, from
// cdk/observability.ts), only the default `service` dimension, so the alarms and the dashboard find them.
import { Metrics } from '@aws-lambda-powertools/metrics';

export const serviceMetrics = () =>
  new Metrics({ namespace: process.env.POWERTOOLS_METRICS_NAMESPACE || 'fanpin', serviceName: 'fanpin' });
