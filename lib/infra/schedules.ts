// The schedules of fanpin, shared by the local scheduler and the CDK service stack (EventBridge
// Scheduler). Cron expressions are EventBridge's six fields: minutes hours day-of-month month
// day-of-week year, read in `timezone`.

export const scheduleTimezone = 'Asia/Shanghai';

export const scheduleKinds = ['monthly', 'daily', 'digest'] as const;
export type ScheduleKind = (typeof scheduleKinds)[number];

/** Which function a schedule invokes. */
export type ScheduleTarget = 'start-sweep' | 'start-digest';

export interface ScheduleDefinition {
  /** Schedule name (suffix of `fanpin-<stage>-`). */
  name: string;
  kind: ScheduleKind;
  /** EventBridge cron: `cron(minutes hours day-of-month month day-of-week year)`. */
  cron: string;
  timezone: string;
  target: ScheduleTarget;
}

/** The placeholder EventBridge Scheduler replaces with the scheduled time (ISO 8601, UTC). */
export const scheduledTimePlaceholder = '<aws.scheduler.scheduled-time>';

/** What the target receives: `{"kind":"monthly","scheduledTime":"2026-11-30T18:00:00Z"}`. */
export interface SchedulePayload {
  kind: ScheduleKind;
  scheduledTime: string;
}

export const schedules: readonly ScheduleDefinition[] = [
  // Monthly sweep: 02:00 on the 1st, after the month's data is in.
  {
    name: 'sweep-monthly',
    kind: 'monthly',
    cron: 'cron(0 2 1 * ? *)',
    timezone: scheduleTimezone,
    target: 'start-sweep',
  },
  // Daily sweep: 06:00, before village cadres start the day's visits.
  {
    name: 'sweep-daily',
    kind: 'daily',
    cron: 'cron(0 6 * * ? *)',
    timezone: scheduleTimezone,
    target: 'start-sweep',
  },
  // Digests: 08:30 every day; the digest handler skips non-working days with the working-day calendar
  // (adjusted working weekends cannot be written as a cron).
  {
    name: 'digest-daily',
    kind: 'digest',
    cron: 'cron(30 8 * * ? *)',
    timezone: scheduleTimezone,
    target: 'start-digest',
  },
];

/** The input template set on the schedule's target (EventBridge Scheduler `Input`). */
export function inputTemplate(definition: ScheduleDefinition): string {
  return JSON.stringify({ kind: definition.kind, scheduledTime: scheduledTimePlaceholder });
}

/** `fanpin-prod-sweep-monthly`. */
export function scheduleName(stage: string, definition: ScheduleDefinition): string {
  return `fanpin-${stage}-${definition.name}`;
}
