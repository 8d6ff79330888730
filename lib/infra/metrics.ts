// The metrics contract between the handlers and the service stack's alarms and dashboard
// (cdk/observability.ts, cdk/constructs/dashboard.ts). Handlers emit with Powertools Metrics into the
// namespace POWERTOOLS_METRICS_NAMESPACE (`fanpin/<stage>` on AWS) with ONLY the default `service`
// dimension, so the alarms and the dashboard find them.

export const sweepMetricNames = {
  /** Count 1 when a sweep (monthly or daily) has processed every village shard. */
  completed: 'SweepCompleted',
  /** Count of village shards done (each shard once, however often it is delivered). */
  shardsDone: 'ShardsDone',
  /** Count of village shards that failed for good in a sweep (went to the DLQ). */
  shardsFailed: 'SweepShardsFailed',
  /** Households assessed and written by the shards. */
  householdsAssessed: 'HouseholdsAssessed',
  householdsWritten: 'HouseholdsWritten',
} as const;

export const calendarMetrics = {
  /** D14: years that are not official among the next `calendarAlarmLookaheadDays` days (0 when all are). */
  notOfficial: 'CalendarNotOfficial',
} as const;

/** D14: the alarm looks a month ahead, so it fires from 1 December for a coming year with no notice loaded. */
export const calendarAlarmLookaheadDays = 31;
