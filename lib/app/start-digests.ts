// §9 the 08:30 digest schedule: on working days, one notify-queue message per digest to deliver.
//
// Which units: every county and township that has recipients (config DIGEST_RECIPIENTS: a digest goes to
// a unit's administrators, and the table keeps no list of units), plus, for each such county, every
// township of it with cases open at the township level (§9 "township digests likewise for cases at
// township level"; on SES such a township needs its own recipients entry to be mailed).
// Each message names the unit and the scheduled time; the send-digest handler builds and delivers it
// once (DigestLog), so a repeated schedule invocation sends nothing twice.
//
// Non-working days (China's official calendar, adjusted working weekends included) are skipped: the
// schedule fires every day at 08:30 because adjusted working Saturdays cannot be written as a cron.

import type { DigestUnit } from '../domain/digest';
import { countyOf, isCountyCode, isTownshipCode } from '../domain/division-code';
import type { Instant, LocalDate } from '../domain/model';
import { defaultPolicy } from '../domain/policy';
import { localDateOf } from '../domain/time';
import type { WorkingDayCalendar } from '../domain/working-days';
import type { CaseStore } from '../ports/case-store';

/** What the notify queue carries: one digest to build and deliver. */
export interface DigestRequestMessage {
  kind: 'digest';
  unit: DigestUnit;
  /** The scheduled time (the digest's as-of). */
  asOf: Instant;
}

export interface StartDigestsDeps {
  cases: Pick<CaseStore, 'openCasesInUnit'>;
  calendar: WorkingDayCalendar;
  /** County or township code → addresses (config DIGEST_RECIPIENTS); the keys name the units. */
  recipients: Record<string, string[]>;
  /** Sends the messages to the notify queue. */
  enqueue: (messages: DigestRequestMessage[]) => Promise<void>;
  timeZone?: string;
}

export type StartDigestsResult =
  | { started: false; date: LocalDate; reason: 'non_working_day' }
  | { started: true; date: LocalDate; units: DigestUnit[] };

/** The units whose digests are due on a working day: configured ones, and townships with township-level cases. */
export async function digestUnits(
  deps: Pick<StartDigestsDeps, 'cases' | 'recipients'>,
): Promise<DigestUnit[]> {
  const configured = Object.keys(deps.recipients);
  const counties = new Set(configured.filter(isCountyCode));
  const townships = new Set(configured.filter(isTownshipCode));
  const searched = new Set([...counties, ...[...townships].map(countyOf)]);
  for (const county of searched) {
    for (const c of await deps.cases.openCasesInUnit(county, 'township')) townships.add(c.townshipCode);
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
  const date = localDateOf(scheduledTime, deps.timeZone ?? defaultPolicy.timezone);
  if (!deps.calendar.isWorkingDay(date)) return { started: false, date, reason: 'non_working_day' };
  const units = await digestUnits(deps);
  await deps.enqueue(units.map((unit) => ({ kind: 'digest', unit, asOf: scheduledTime })));
  return { started: true, date, units };
}
