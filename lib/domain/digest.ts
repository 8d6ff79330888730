// §9 county and township digests: the cases at one unit's level, in three sections.
// Pure: the cases, the time and the working-day age come in as arguments.
//
// Sections (each case appears in exactly one):
// - resolved: resolved after `since` (and at or before `asOf`) while at this level;
// - newlyEscalated: open, reached this level after `since` (all open ones when `since` is null);
// - stillOpen: open, reached this level at or before `since`; oldest first.
// A case that reached the level and was resolved between two digests is reported as resolved only.
// `since` is exclusive: a case escalated exactly at the last digest's asOf was in that digest.
// The JSON field names are fixed by interface.md "Digests"; what is added here (grade, days overdue, names,
// month, openedHere, escalatedToCounty, summary) comes beside them (issue 21: digests an office can act on).
// A township digest also lists its own cases that reached the county since the last digest (已上报县级),
// so a township whose cases all moved up is not told "仍未办结 0" and nothing else.

import type { Case, CaseKind, CaseLevel, Grade, Instant, LevelAt, LocalDate } from './model';
import { caseKinds } from './model';
import { daysBetween } from './time';

export type DigestLevel = 'county' | 'township';

export interface DigestUnit {
  level: DigestLevel;
  /** 6-digit county or 9-digit township code. */
  code: string;
}

/** One case as a digest shows it. Never carries an ID number; the head name is masked. */
export interface DigestCase {
  caseId: string;
  kind: CaseKind;
  householdId: string | null;
  townshipCode: string;
  villageCode: string | null;
  level: CaseLevel;
  openedAt: Instant;
  escalations: LevelAt[];
  /** When the case reached this digest's level (its escalation there, or its opening). */
  reachedLevelAt: Instant;
  resolvedAt: Instant | null;
  ageInWorkingDays: number;
  /** The household head's name, masked (张*明); present only when a name was given. */
  headName?: string;
  /** The household's grade now (red | yellow | blue), null when it has none or is unknown. */
  grade: Grade | null;
  /** visit_overdue: days from the due date to the digest's day; null for other kinds. */
  daysOverdue: number | null;
  /** report_overdue: the month whose report is missing (YYYY-MM); null for other kinds. */
  month: string | null;
  /** True when the case opened at this digest's level (a township's own report case), false when it was
   *  escalated to it ("opened here" apart from "escalated to you"). */
  openedHere: boolean;
  /** Names from the divisions registry, when the caller has one (absent: show the code). */
  villageName?: string;
  townshipName?: string;
}

/** One row of the summary table: a township of the county digest, a village of the township digest
 *  (`code` is the township itself for its own cases without a village, such as report_overdue). */
export interface DigestSummaryRow {
  code: string;
  name?: string;
  newlyEscalated: number;
  stillOpen: number;
  resolved: number;
  /** newlyEscalated + stillOpen. */
  open: number;
  /** Open cases of red-grade households. */
  red: number;
}

export interface DigestCounts {
  newlyEscalated: number;
  stillOpen: number;
  resolved: number;
  /** newlyEscalated + stillOpen. */
  open: number;
  /** Open cases by kind (every kind present, 0 when none). */
  openByKind: Record<CaseKind, number>;
  /** Open cases by township code (only townships with open cases, keys ascending). */
  openByTownship: Record<string, number>;
  /** Of newlyEscalated, those that opened at this level (not escalated to it). */
  newlyOpened: number;
  /** Township digest: its cases that reached the county since the last digest; 0 for a county digest. */
  escalatedToCounty: number;
  /** Township digest: its cases open at the county level now; 0 for a county digest. */
  openAtCounty: number;
}

export interface Digest {
  county?: string;
  township?: string;
  date: LocalDate;
  asOf: Instant;
  /** The previous digest's asOf (exclusive lower bound), or null for the first digest. */
  since: Instant | null;
  /** The unit's own name, when the caller's divisions registry knows it. */
  unitName?: string;
  /** Per township (county digest) or village (township digest), worst first: most open cases, then most
   *  red, then most newly escalated, then code. Only units with a case in some section. */
  summary: DigestSummaryRow[];
  newlyEscalated: DigestCase[];
  stillOpen: DigestCase[];
  resolved: DigestCase[];
  /** Township digest: its cases that reached the county after `since` (已上报县级), in the order they
   *  arrived there; always [] in a county digest. */
  escalatedToCounty: DigestCase[];
  counts: DigestCounts;
}

/** What a digest shows of a household besides its id. */
export interface DigestHousehold {
  headName?: string;
  grade?: Grade | null;
  /** The next visit due (visit_overdue days overdue when the case carries no due date). */
  nextVisitDue?: LocalDate | null;
}

export interface BuildDigestInput {
  unit: DigestUnit;
  date: LocalDate;
  asOf: Instant;
  since: Instant | null;
  /** Cases at this unit's level: open ones plus those resolved since `since`. Others are ignored. */
  cases: Case[];
  /** Age of a case in working days as of the digest (the caller owns the calendar). */
  ageInWorkingDays: (c: Case) => number;
  /** householdId → head name (unmasked; masked here). */
  householdNames?: Map<string, string>;
  /** householdId → what a line shows (name unmasked, masked here; grade; next visit due). */
  households?: Map<string, DigestHousehold>;
  /** Division code → name (the divisions registry); undefined shows the code. */
  unitName?: (code: string) => string | undefined;
}

const ms = (i: Instant): number => Date.parse(i);

/** §12: names in digests are masked, keeping the first and last character (张*明; 2 characters: 张*). */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length === 0) return '';
  if (chars.length === 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** When a case reached `level`: its last escalation to that level, else its opening (it opened there). */
export function reachedLevelAt(c: Case, level: CaseLevel): Instant {
  for (let i = c.escalations.length - 1; i >= 0; i--) {
    const e = c.escalations[i]!;
    if (e.level === level) return e.at;
  }
  return c.levelSince ?? c.openedAt;
}

function inUnit(c: Case, unit: DigestUnit): boolean {
  return unit.level === 'county' ? c.countyCode === unit.code : c.townshipCode === unit.code;
}

const byTimeThenId =
  (time: (d: DigestCase) => Instant) =>
  (a: DigestCase, b: DigestCase): number =>
    ms(time(a)) - ms(time(b)) || (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0);

function monthOf(c: Case): string | null {
  return c.kind === 'report_overdue' ? (c.subject.month ?? null) : null;
}

/** The summary row a case counts in: its township (county digest), its village or the township itself. */
function summaryCodeOf(d: DigestCase, level: DigestLevel): string {
  return level === 'county' ? d.townshipCode : (d.villageCode ?? d.townshipCode);
}

/** §9: build the digest of the cases at a county's (or township's) level. */
export function buildDigest(input: BuildDigestInput): Digest {
  const { unit, date, asOf, since, cases, ageInWorkingDays, householdNames, households, unitName } = input;
  const asOfMs = ms(asOf);
  const sinceMs = since === null ? Number.NEGATIVE_INFINITY : ms(since);

  const newlyEscalated: DigestCase[] = [];
  const stillOpen: DigestCase[] = [];
  const resolved: DigestCase[] = [];
  const escalatedToCounty: DigestCase[] = [];
  let openAtCounty = 0;

  const rowOf = (c: Case, level: CaseLevel, reached: Instant, resolvedAt: Instant | null): DigestCase => {
    const facts = c.householdId !== null ? households?.get(c.householdId) : undefined;
    const name = facts?.headName ?? (c.householdId !== null ? householdNames?.get(c.householdId) : undefined);
    const due = c.kind === 'visit_overdue' ? (c.subject.dueDate ?? facts?.nextVisitDue ?? null) : null;
    const villageName = c.villageCode !== null ? unitName?.(c.villageCode) : undefined;
    const townshipName = unitName?.(c.townshipCode);
    return {
      caseId: c.caseId,
      kind: c.kind,
      householdId: c.householdId,
      townshipCode: c.townshipCode,
      villageCode: c.villageCode,
      level: c.level,
      openedAt: c.openedAt,
      escalations: c.escalations.map((e) => ({ level: e.level, at: e.at })),
      reachedLevelAt: reached,
      resolvedAt,
      ageInWorkingDays: ageInWorkingDays(c),
      ...(name !== undefined ? { headName: maskName(name) } : {}),
      grade: facts?.grade ?? null,
      daysOverdue: due !== null ? Math.max(0, daysBetween(due, date)) : null,
      month: monthOf(c),
      openedHere: !c.escalations.some((e) => e.level === level),
      ...(villageName !== undefined ? { villageName } : {}),
      ...(townshipName !== undefined ? { townshipName } : {}),
    };
  };

  for (const c of cases) {
    if (!inUnit(c, unit)) continue;
    if (unit.level === 'township' && c.level === 'county') {
      // 已上报县级: the township's own cases that moved up (open ones; a case resolved by asOf is done).
      const reached = reachedLevelAt(c, 'county');
      const open = c.status === 'open' || (c.resolvedAt !== null && ms(c.resolvedAt) > asOfMs);
      if (ms(reached) > asOfMs || !open) continue;
      openAtCounty += 1;
      if (ms(reached) > sinceMs) escalatedToCounty.push(rowOf(c, 'county', reached, null));
      continue;
    }
    if (c.level !== unit.level) continue;
    const reached = reachedLevelAt(c, unit.level);
    if (ms(reached) > asOfMs) continue; // replaying an earlier day against later state
    const resolvedAtMs = c.status === 'resolved' && c.resolvedAt !== null ? ms(c.resolvedAt) : null;
    const resolvedByAsOf = resolvedAtMs !== null && resolvedAtMs <= asOfMs;
    if (resolvedByAsOf && resolvedAtMs <= sinceMs) continue; // reported by an earlier digest

    const row = rowOf(c, unit.level, reached, resolvedByAsOf ? c.resolvedAt : null);
    if (resolvedByAsOf) resolved.push(row);
    else if (ms(reached) > sinceMs) newlyEscalated.push(row);
    else stillOpen.push(row);
  }

  newlyEscalated.sort(byTimeThenId((d) => d.reachedLevelAt));
  stillOpen.sort(byTimeThenId((d) => d.openedAt));
  resolved.sort(byTimeThenId((d) => d.resolvedAt!));
  escalatedToCounty.sort(byTimeThenId((d) => d.reachedLevelAt));

  const open = [...newlyEscalated, ...stillOpen];
  const openByKind = Object.fromEntries(caseKinds.map((k) => [k, 0])) as Record<CaseKind, number>;
  const townshipTally = new Map<string, number>();
  for (const d of open) {
    openByKind[d.kind] += 1;
    townshipTally.set(d.townshipCode, (townshipTally.get(d.townshipCode) ?? 0) + 1);
  }
  const openByTownship = Object.fromEntries([...townshipTally].sort(([a], [b]) => (a < b ? -1 : 1)));
  const ownName = unitName?.(unit.code);

  return {
    ...(unit.level === 'county' ? { county: unit.code } : { township: unit.code }),
    date,
    asOf,
    since,
    ...(ownName !== undefined ? { unitName: ownName } : {}),
    summary: summarise(unit.level, { newlyEscalated, stillOpen, resolved }, unitName),
    newlyEscalated,
    stillOpen,
    resolved,
    escalatedToCounty,
    counts: {
      newlyEscalated: newlyEscalated.length,
      stillOpen: stillOpen.length,
      resolved: resolved.length,
      open: open.length,
      openByKind,
      openByTownship,
      newlyOpened: newlyEscalated.filter((d) => d.openedHere).length,
      escalatedToCounty: escalatedToCounty.length,
      openAtCounty,
    },
  };
}

/** The summary table: one row per child unit with a case in some section, worst first. */
function summarise(
  level: DigestLevel,
  sections: Pick<Digest, 'newlyEscalated' | 'stillOpen' | 'resolved'>,
  unitName: BuildDigestInput['unitName'],
): DigestSummaryRow[] {
  const rows = new Map<string, DigestSummaryRow>();
  const rowFor = (code: string): DigestSummaryRow => {
    let row = rows.get(code);
    if (!row) {
      const name = unitName?.(code);
      row = {
        code,
        ...(name !== undefined ? { name } : {}),
        newlyEscalated: 0,
        stillOpen: 0,
        resolved: 0,
        open: 0,
        red: 0,
      };
      rows.set(code, row);
    }
    return row;
  };
  for (const section of ['newlyEscalated', 'stillOpen', 'resolved'] as const) {
    for (const d of sections[section]) {
      const row = rowFor(summaryCodeOf(d, level));
      row[section] += 1;
      if (section !== 'resolved') {
        row.open += 1;
        if (d.grade === 'red') row.red += 1;
      }
    }
  }
  return [...rows.values()].sort(
    (a, b) =>
      b.open - a.open ||
      b.red - a.red ||
      b.newlyEscalated - a.newlyEscalated ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
}

/** §9: no mail when nothing is new, resolved or open. */
export function isEmpty(digest: Digest): boolean {
  return (
    digest.newlyEscalated.length === 0 &&
    digest.stillOpen.length === 0 &&
    digest.resolved.length === 0 &&
    digest.escalatedToCounty.length === 0
  );
}

export function digestUnit(digest: Digest): DigestUnit {
  return digest.county !== undefined
    ? { level: 'county', code: digest.county }
    : { level: 'township', code: digest.township! };
}

/** interface.md: outbox files are named YYYY-MM-DD-county-CODE (township likewise). One per unit per day. */
export function digestOutboxName(digest: Digest): string {
  const unit = digestUnit(digest);
  return `${digest.date}-${unit.level}-${unit.code}`;
}

/** The key that makes delivery idempotent: one digest per unit per day. */
export function digestIdempotencyKey(digest: Digest): string {
  const unit = digestUnit(digest);
  return `digest#${unit.level}#${unit.code}#${digest.date}`;
}

export interface KindGroup {
  kind: CaseKind;
  cases: DigestCase[];
}

export interface TownshipGroup {
  townshipCode: string;
  kinds: KindGroup[];
}

/** For display: townships ascending, kinds in the spec's order, cases keep the section's order. */
export function groupByTownshipAndKind(cases: DigestCase[]): TownshipGroup[] {
  const townships = new Map<string, Map<CaseKind, DigestCase[]>>();
  for (const c of cases) {
    let kinds = townships.get(c.townshipCode);
    if (!kinds) {
      kinds = new Map();
      townships.set(c.townshipCode, kinds);
    }
    const list = kinds.get(c.kind) ?? [];
    list.push(c);
    kinds.set(c.kind, list);
  }
  return [...townships.keys()].sort().map((townshipCode) => {
    const kinds = townships.get(townshipCode)!;
    return {
      townshipCode,
      kinds: caseKinds.filter((k) => kinds.has(k)).map((kind) => ({ kind, cases: kinds.get(kind)! })),
    };
  });
}
