// §9 county and township digests: the cases at one unit's level, in three sections.
// Pure: the cases, the time and the working-day age come in as arguments.
//
// Sections (each case appears in exactly one):
// - resolved: resolved after `since` (and at or before `asOf`) while at this level;
// - newlyEscalated: open, reached this level after `since` (all open ones when `since` is null);
// - stillOpen: open, reached this level at or before `since`; oldest first.
// A case that reached the level and was resolved between two digests is reported as resolved only.
// `since` is exclusive: a case escalated exactly at the last digest's asOf was in that digest.
// The JSON field names are fixed by interface.md "Digests".
import type { Case, CaseKind, CaseLevel, Instant, LevelAt, LocalDate } from './model';
import { caseKinds } from './model';

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
}

export interface Digest {
  county?: string;
  township?: string;
  date: LocalDate;
  asOf: Instant;
  /** The previous digest's asOf (exclusive lower bound), or null for the first digest. */
  since: Instant | null;
  newlyEscalated: DigestCase[];
  stillOpen: DigestCase[];
  resolved: DigestCase[];
  counts: DigestCounts;
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

/** §9: build the digest of the cases at a county's (or township's) level. */
export function buildDigest(input: BuildDigestInput): Digest {
  const { unit, date, asOf, since, cases, ageInWorkingDays, householdNames } = input;
  const asOfMs = ms(asOf);
  const sinceMs = since === null ? Number.NEGATIVE_INFINITY : ms(since);

  const newlyEscalated: DigestCase[] = [];
  const stillOpen: DigestCase[] = [];
  const resolved: DigestCase[] = [];

  for (const c of cases) {
    if (c.level !== unit.level || !inUnit(c, unit)) continue;
    const reached = reachedLevelAt(c, unit.level);
    if (ms(reached) > asOfMs) continue; // replaying an earlier day against later state
    const resolvedAtMs = c.status === 'resolved' && c.resolvedAt !== null ? ms(c.resolvedAt) : null;
    const resolvedByAsOf = resolvedAtMs !== null && resolvedAtMs <= asOfMs;
    if (resolvedByAsOf && resolvedAtMs <= sinceMs) continue; // reported by an earlier digest

    const name = c.householdId !== null ? householdNames?.get(c.householdId) : undefined;
    const row: DigestCase = {
      caseId: c.caseId,
      kind: c.kind,
      householdId: c.householdId,
      townshipCode: c.townshipCode,
      villageCode: c.villageCode,
      level: c.level,
      openedAt: c.openedAt,
      escalations: c.escalations.map((e) => ({ level: e.level, at: e.at })),
      reachedLevelAt: reached,
      resolvedAt: resolvedByAsOf ? c.resolvedAt : null,
      ageInWorkingDays: ageInWorkingDays(c),
      ...(name !== undefined ? { headName: maskName(name) } : {}),
    };
    if (resolvedByAsOf) resolved.push(row);
    else if (ms(reached) > sinceMs) newlyEscalated.push(row);
    else stillOpen.push(row);
  }

  newlyEscalated.sort(byTimeThenId((d) => d.reachedLevelAt));
  stillOpen.sort(byTimeThenId((d) => d.openedAt));
  resolved.sort(byTimeThenId((d) => d.resolvedAt!));

  const open = [...newlyEscalated, ...stillOpen];
  const openByKind = Object.fromEntries(caseKinds.map((k) => [k, 0])) as Record<CaseKind, number>;
  const townshipTally = new Map<string, number>();
  for (const d of open) {
    openByKind[d.kind] += 1;
    townshipTally.set(d.townshipCode, (townshipTally.get(d.townshipCode) ?? 0) + 1);
  }
  const openByTownship = Object.fromEntries([...townshipTally].sort(([a], [b]) => (a < b ? -1 : 1)));

  return {
    ...(unit.level === 'county' ? { county: unit.code } : { township: unit.code }),
    date,
    asOf,
    since,
    newlyEscalated,
    stillOpen,
    resolved,
    counts: {
      newlyEscalated: newlyEscalated.length,
      stillOpen: stillOpen.length,
      resolved: resolved.length,
      open: open.length,
      openByKind,
      openByTownship,
    },
  };
}

/** §9: no mail when nothing is new, resolved or open. */
export function isEmpty(digest: Digest): boolean {
  return digest.newlyEscalated.length === 0 && digest.stillOpen.length === 0 && digest.resolved.length === 0;
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
