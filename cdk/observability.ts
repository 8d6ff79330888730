// The metrics contract between the handlers and the alarms of the service stack. Handlers emit
// with Powertools Metrics (namespace and service from POWERTOOLS_METRICS_NAMESPACE and
// POWERTOOLS_SERVICE_NAME) and ONLY the default `service` dimension on these metrics, so the
// alarms below find them.

/** POWERTOOLS_SERVICE_NAME of every function (the `service` dimension). */
export const serviceName = 'fanpin';

/** POWERTOOLS_METRICS_NAMESPACE: one namespace per stage, so two stages in one account stay apart. */
export function metricsNamespace(stage: string): string {
  return `fanpin/${stage}`;
}

/** The metric names, shared with the handlers (lib/infra/metrics.ts). */
export { calendarMetrics, sweepMetricNames as sweepMetrics } from '../lib/infra/metrics';

/** The daily sweep runs every day at 06:00; no SweepCompleted for this long raises the alarm. */
export const sweepSilenceHours = 26;
