// §9 county and township digests: build one unit's digest for one day and deliver it at most once.
//
// claim (DigestLog) → gather the cases at the unit's level (open ones, and those resolved since the last
// sent digest) → buildDigest → nothing to say? complete 'skipped' : mail it → complete 'sent'.
// A failed delivery releases the claim (so the queue's retry can deliver) and rethrows.
//
// "Since the last digest" is the asOf of the last digest that was SENT (a skipped day said nothing, so it
// is no boundary). The first digest of a unit has since = null: every open case is new to it, and its
// resolved section looks back `firstDigestLookbackDays` calendar days (a bound, so a first digest on a
// long-running table is not a list of every case ever resolved).
import { caseAgeInWorkingDays } from '../domain/cases';
import { buildDigest, type Digest, type DigestHousehold, type DigestUnit, isEmpty } from '../domain/digest';
import { countyOf } from '../domain/division-code';
import type { Case, Instant, LocalDate } from '../domain/model';
import { defaultPolicy } from '../domain/policy';
import { localDateOf, parseInstant } from '../domain/time';
import type { WorkingDayCalendar } from '../domain/working-days';
import type { GroupRobots } from '../ports/group-robot';
import type { Mailer } from '../ports/mailer';
import type { Store } from '../ports/store';
import type { CalendarSource } from './calendar';
import { type ChannelOutcome, deliverDigest, deliveryPlan, isDeliverable } from './deliver-digest';
import { namesOf } from './divisions';

export const firstDigestLookbackDays = 7;

export interface SendDigestDeps {
  store: Pick<Store, 'cases' | 'households' | 'digests'> & Partial<Pick<Store, 'notify' | 'divisions'>>;
  mailer: Mailer;
  /** The WeCom / DingTalk group robots (issue 21); absent: robot channels are not delivered. */
  robots?: GroupRobots;
  calendar: WorkingDayCalendar;
  /** D14: where `calendar` is refreshed from at each invocation (production); absent in tests. */
  calendars?: CalendarSource;
  /** County or township code → addresses (config DIGEST_RECIPIENTS), for units without stored notice
   *  channels (`fanpin notify set`). Units without either get []. */
  recipients: Record<string, string[]>;
  /** True when the mailer needs addresses (SES): a unit without recipients is then not mailed. */
  requireRecipients?: boolean;
  /** The zone digests are dated in (default: the policy's, Asia/Shanghai). */
  timeZone?: string;
  /** Division code → name; by default the county's divisions registry (a code it lacks shows as the code). */
  unitName?: (code: string) => string | undefined;
  /** The web app's origin (config WEB_BASE_URL): long sections link to the unit's page there. */
  webBaseUrl?: string;
}

export interface SendDigestRequest {
  unit: DigestUnit;
  /** The digest's time: its local date is the digest's day. */
  asOf: Instant;
  /** Wall-clock time of this attempt (claim leases are measured against it). */
  at: Instant;
}

export type SendDigestOutcome =
  /** Delivered now. */
  | 'sent'
  /** Nothing new, open or resolved: no mail (§9). */
  | 'skipped'
  /** Something to say, but no recipients and the mailer needs them (logged as skipped). */
  | 'no_recipients'
  /** Another run already sent or skipped this unit's digest for the day, or holds the claim. */
  | 'already_done';

export interface SendDigestResult {
  outcome: SendDigestOutcome;
  unit: DigestUnit;
  date: LocalDate;
  /** The outbox file stem (YYYY-MM-DD-county-CODE). */
  outboxName: string;
  /** Present when the digest was built (sent or skipped). */
  counts?: { newlyEscalated: number; stillOpen: number; resolved: number; open: number };
  /** When sent: each channel and what happened on it (never its address or webhook). */
  channels?: { kind: string; outcome: ChannelOutcome }[];
}

const dayMs = 24 * 3600 * 1000;

/** §9: the cases a unit's digest considers: open at its level, and resolved at its level since `since`. */
async function gatherCases(
  store: SendDigestDeps['store'],
  unit: DigestUnit,
  resolvedFrom: Instant,
): Promise<Case[]> {
  const county = unit.level === 'county' ? unit.code : countyOf(unit.code);
  const [open, resolved, movedUp] = await Promise.all([
    store.cases.openCasesInUnit(unit.code, unit.level),
    store.cases.resolvedSince(county, unit.level, resolvedFrom),
    // 已上报县级: a township digest also shows its own cases that are now at the county.
    unit.level === 'township' ? store.cases.openCasesInUnit(unit.code, 'county') : Promise.resolve([]),
  ]);
  const inUnit = (c: Case) => (unit.level === 'county' ? true : c.townshipCode === unit.code);
  return [...open, ...resolved.filter(inUnit), ...movedUp];
}

/** Builds the digest of a unit for the day of `asOf` without claiming or sending (for previews and tests). */
export async function buildUnitDigest(
  deps: Omit<SendDigestDeps, 'mailer' | 'recipients'>,
  unit: DigestUnit,
  asOf: Instant,
): Promise<Digest> {
  const tz = deps.timeZone ?? defaultPolicy.timezone;
  const date = localDateOf(asOf, tz);
  const last = await deps.store.digests.lastSent(unit.code, date);
  const since = last?.asOf ?? null;
  const resolvedFrom = since ?? new Date(parseInstant(asOf) - firstDigestLookbackDays * dayMs).toISOString();
  const cases = await gatherCases(deps.store, unit, resolvedFrom);
  const householdIds = [
    ...new Set(cases.map((c) => c.householdId).filter((id): id is string => id !== null)),
  ];
  const households = householdIds.length > 0 ? await deps.store.households.getMany(householdIds) : new Map();
  const facts = new Map<string, DigestHousehold>(
    [...households].map(([id, h]) => [
      id,
      { headName: h.headName, grade: h.assessment?.grade ?? null, nextVisitDue: h.nextVisitDue },
    ]),
  );
  // Names from the county's divisions (one query), unless the caller gives a lookup.
  const store = deps.store;
  const unitName =
    deps.unitName ?? (store.divisions ? await namesOf({ divisions: store.divisions }, unit.code) : undefined);
  return buildDigest({
    unit,
    date,
    asOf,
    since,
    cases,
    ageInWorkingDays: (c) => caseAgeInWorkingDays(c, asOf, deps.calendar),
    households: facts,
    ...(unitName ? { unitName } : {}),
  });
}

/** §9: one digest per unit per day; re-running the day sends nothing twice. */
export async function sendDigest(
  deps: SendDigestDeps,
  request: SendDigestRequest,
): Promise<SendDigestResult> {
  const { unit, asOf, at } = request;
  const tz = deps.timeZone ?? defaultPolicy.timezone;
  const date = localDateOf(asOf, tz);
  const outboxName = `${date}-${unit.level}-${unit.code}`;
  const claimed = await deps.store.digests.claim(unit.code, unit.level, date, asOf, at);
  if (!claimed) return { outcome: 'already_done', unit, date, outboxName };

  try {
    const digest = await buildUnitDigest(deps, unit, asOf);
    const counts = {
      newlyEscalated: digest.counts.newlyEscalated,
      stillOpen: digest.counts.stillOpen,
      resolved: digest.counts.resolved,
      open: digest.counts.open,
    };
    if (isEmpty(digest)) {
      await deps.store.digests.complete(unit.code, date, { status: 'skipped', at, counts });
      return { outcome: 'skipped', unit, date, outboxName, counts };
    }
    const plan = await deliveryPlan({ ...deps, notify: deps.store.notify }, unit.code);
    if (!isDeliverable(plan)) {
      await deps.store.digests.complete(unit.code, date, { status: 'skipped', at, counts });
      return { outcome: 'no_recipients', unit, date, outboxName, counts };
    }
    const render = { timeZone: tz, ...(deps.webBaseUrl ? { webBaseUrl: deps.webBaseUrl } : {}) };
    const channels = await deliverDigest({ ...deps, notify: deps.store.notify }, digest, plan, render, at);
    await deps.store.digests.complete(unit.code, date, { status: 'sent', at, counts });
    return { outcome: 'sent', unit, date, outboxName, counts, channels };
  } catch (error) {
    await deps.store.digests.release(unit.code, date);
    throw error;
  }
}
