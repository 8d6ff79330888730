// The metric names the handlers emit and the service stack's alarms watch (cdk/observability.ts), in one
// place so the two cannot drift.

export const sweepMetrics = {
  /** Count 1 when a sweep (monthly or daily) has processed every village shard. */
  completed: 'SweepCompleted',
  /** Count of village shards that failed for good in a sweep (went to the DLQ). */
  shardsFailed: 'SweepShardsFailed',
} as const;

export const calendarMetrics = {
  /** D14: years that are not official among the next `calendarAlarmLookaheadDays` days (0 when all are). */
  notOfficial: 'CalendarNotOfficial',
} as const;

/** D14: the alarm looks a month ahead, so it fires from 1 December for a coming year with no notice loaded. */
export const calendarAlarmLookaheadDays = 31;
