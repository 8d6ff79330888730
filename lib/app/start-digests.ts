// §9 the 08:30 digest schedule: on working days, one notify-queue message per digest to deliver.
//
// Which units: every county with households (the villages of the counter records) and every county or
// township named in DIGEST_RECIPIENTS, plus every township of those counties with cases open at the
// township or county level (§9 "township digests likewise for cases at township level"). Whether a unit without
// recipients is mailed is the sender's business (SES needs addresses; the outbox and SNS do not).
// Each message names the unit and the scheduled time; the send-digest handler builds and delivers it
// once (DigestLog), so a repeated schedule invocation sends nothing twice.
//
// Non-working days (China's official calendar, adjusted working weekends included) are skipped: the
// schedule fires every day at 08:30 because adjusted working Saturdays cannot be written as a cron.

import type { DigestUnit } from '../domain/digest';
import { countyOf, isCountyCode, isTownshipCode, isVillageCode } from '../domain/division-code';
import type { Instant, LocalDate } from '../domain/model';
import { defaultPolicy } from '../domain/policy';
import { localDateOf } from '../domain/time';
import type { CalendarWarning, WorkingDayCalendar } from '../domain/working-days';
import type { CaseStore } from '../ports/case-store';
import type { CounterStore } from '../ports/counter-store';
import type { NotifyStore } from '../ports/notify-store';
import { type CalendarSource, calendarWarnings, refreshCalendar } from './calendar';

/** What the notify queue carries: one digest to build and deliver. */
export interface DigestRequestMessage {
  kind: 'digest';
  unit: DigestUnit;
  /** The scheduled time (the digest's as-of). */
  asOf: Instant;
}

/** Issue 21: one village's morning worklist (villages with stored notice channels). */
export interface WorklistRequestMessage {
  kind: 'worklist';
  villageCode: string;
  asOf: Instant;
}

export type NotifyMessage = DigestRequestMessage | WorklistRequestMessage;

export interface StartDigestsDeps {
  cases: Pick<CaseStore, 'openCasesInUnit'>;
  /** Issue 21: units with stored notice channels (`fanpin notify set`) are named like configured ones. */
  notify?: Pick<NotifyStore, 'list'>;
  counters: Pick<CounterStore, 'listVillages'>;
  calendar: WorkingDayCalendar;
  /** D14: where `calendar` is refreshed from at each run (production); absent in tests. */
  calendars?: CalendarSource;
  /** County or township code → addresses (config DIGEST_RECIPIENTS); the keys name the units. */
  recipients: Record<string, string[]>;
  /** Sends the messages to the notify queue. */
  enqueue: (messages: NotifyMessage[]) => Promise<void>;
  timeZone?: string;
}

/** D14: every run says which years of the next 60 days are not official. */
export type StartDigestsResult = (
  | { started: false; date: LocalDate; reason: 'non_working_day' }
  | { started: true; date: LocalDate; units: DigestUnit[]; worklists: string[] }
) & { calendarWarnings: CalendarWarning[] };

/** The units whose digests are due on a working day: counties with households or recipients, and townships
 *  with recipients or township-level cases. Counties first, then townships, each ascending. */
export async function digestUnits(
  deps: Pick<StartDigestsDeps, 'cases' | 'counters' | 'recipients' | 'notify'>,
): Promise<DigestUnit[]> {
  const stored = (await deps.notify?.list()) ?? [];
  const configured = [
    ...Object.keys(deps.recipients),
    ...stored.filter((s) => s.channels.length > 0).map((s) => s.unitCode),
  ];
  const counties = new Set(configured.filter(isCountyCode));
  for (const village of await deps.counters.listVillages()) counties.add(countyOf(village));
  const townships = new Set(configured.filter(isTownshipCode));
  const searched = new Set([...counties, ...[...townships].map(countyOf)]);
  for (const county of searched) {
    for (const c of await deps.cases.openCasesInUnit(county, 'township')) townships.add(c.townshipCode);
    // Issue 21: a township whose case reached the county hears of it (已上报县级) in its own digest; with no
    // news it is skipped like any empty digest.
    for (const c of await deps.cases.openCasesInUnit(county, 'county')) townships.add(c.townshipCode);
  }
  return [
    ...[...counties].sort().map((code) => ({ level: 'county' as const, code })),
    ...[...townships].sort().map((code) => ({ level: 'township' as const, code })),
  ];
}

/** §9: on a working day, queue one digest per unit; on a rest day, nothing. */
export async function startDigests(
  deps: StartDigestsDeps,
  scheduledTime: Instant,
): Promise<StartDigestsResult> {
  const timeZone = deps.timeZone ?? defaultPolicy.timezone;
  const date = localDateOf(scheduledTime, timeZone);
  const calendar = await refreshCalendar(deps, scheduledTime);
  const warnings = calendarWarnings(calendar, scheduledTime, timeZone);
  if (!calendar.isWorkingDay(date)) {
    return { started: false, date, reason: 'non_working_day', calendarWarnings: warnings };
  }
  const units = await digestUnits(deps);
  // Issue 21: villages whose officers set a channel get their morning worklist.
  const worklists = ((await deps.notify?.list()) ?? [])
    .filter((s) => isVillageCode(s.unitCode) && s.channels.length > 0)
    .map((s) => s.unitCode);
  await deps.enqueue([
    ...units.map((unit): NotifyMessage => ({ kind: 'digest', unit, asOf: scheduledTime })),
    ...worklists.map(
      (villageCode): NotifyMessage => ({ kind: 'worklist', villageCode, asOf: scheduledTime }),
    ),
  ]);
  return { started: true, date, units, worklists, calendarWarnings: warnings };
}
