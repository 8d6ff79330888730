// The one path by which a business change to one household is written (CSV import, PUT /v1/households/{id},
// visits, measures, contact, procedure steps, department alerts): re-assess (§5–§7, §11), open the
// lead_unverified case of a new lead (§8 "opens with the lead"), resolve at once the household's open cases
// that the change clears (§8 "a visit or other API change resolves its cases at once"), append the audit
// events (§12) and, for single changes, adjust the unit counters in the same transaction.
import { assess } from '../domain/assess';
import { isCleared, openCase, resolveCase, transferCase } from '../domain/cases';
import { countyOf, townshipOf } from '../domain/division-code';
import type { Actor, AuditEvent, Case, Household, Instant, Measure, Visit } from '../domain/model';
import type { Policy } from '../domain/policy';
import { defaultPolicy } from '../domain/policy';
import { localDateOf } from '../domain/time';
import type { WorkingDayCalendar } from '../domain/working-days';
import type { AlertRecord } from '../ports/alert-store';
import { type CounterDelta, counterDelta } from '../ports/counter-store';
import type { IdNumberVault } from '../ports/id-number-vault';
import type { Store } from '../ports/store';
import type { Change } from '../ports/unit-of-work';
import type { CalendarSource } from './calendar';
import { caseCounterUnit, caseCounterValues, householdCounterValues } from './counters';
import { recentMonthlyFlags } from './monthly-history';
import type { PolicySource } from './policies';

export interface HouseholdChangeDeps {
  store: Store;
  policyFor(countyCode: string, year: number): Policy;
  calendar: WorkingDayCalendar;
  /** D14: where `calendar` is refreshed from at each invocation (production); absent in tests. */
  calendars?: CalendarSource;
  /** D15: where `policyFor` reads the loaded policies from (refreshed with the calendar); absent in tests. */
  policySource?: PolicySource;
  newId(): string;
  /** D16: seals the head's ID number of a new or changed household; hashes an alert's (§10). */
  idNumbers: IdNumberVault;
}

export interface HouseholdChangeInput {
  /** The stored household as read (null: a new household). */
  before: Household | null;
  /** The household with the caller's change already applied (facts, status, measures…). */
  after: Household;
  at: Instant;
  actor: Actor;
  /** The audit type of the change itself, e.g. 'household_imported', 'visit_recorded'. */
  auditType: string;
  /** Extra audit data; never PII (names, ID numbers). */
  auditData?: unknown;
  visits?: Visit[];
  /** Measure records written with the change (new or updated; their household's summary is the caller's). */
  measures?: Measure[];
  /** Matched department alerts written with the change (a seen alert rejects it: see duplicateAlerts). */
  alerts?: AlertRecord[];
  /** Re-assess after the change (default true). */
  reassess?: boolean;
  /** The household's open cases when the caller already knows them (bulk paths: [] for a new household);
   *  read from the store when absent. */
  openCases?: Case[];
}

export interface HouseholdChangeResult {
  /** The household as written (or as stored when unchanged); `version` is the stored version. */
  household: Household;
  changed: boolean;
  openedCases: Case[];
  resolvedCases: Case[];
  /** D9: the open cases that moved with the household to its new village (as written). */
  transferredCases?: { from: Case; to: Case }[];
  /** Alerts already recorded: nothing was written (only when `alerts` were given). */
  duplicateAlerts?: string[];
}

export interface PlannedHouseholdChange extends HouseholdChangeResult {
  /** What to commit; null when nothing changed. */
  change: Change | null;
}

/** The calendar year of `at` in the default timezone: which year's policy applies. */
function policyOf(deps: HouseholdChangeDeps, villageCode: string, at: Instant): Policy {
  const year = Number(localDateOf(at, defaultPolicy.timezone).slice(0, 4));
  return deps.policyFor(countyOf(villageCode), year);
}

const ignoredKeys = new Set(['version', 'updatedAt']);

/** Deep equality of plain JSON-like records, key order ignored. */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i]));
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** True when two household records differ in anything but version and updatedAt. */
export function householdsDiffer(a: Household, b: Household): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    if (ignoredKeys.has(k)) continue;
    if (!same((a as unknown as Record<string, unknown>)[k], (b as unknown as Record<string, unknown>)[k]))
      return true;
  }
  return false;
}

/** D16: the ciphertext stays on the household; audit images carry the masked number and its hash only. */
const notAudited = new Set(['headIdSealed']);

/** The fields that changed, old and new values (audit before/after: compact, no unchanged PII). */
function diff(before: Household | null, after: Household): { before: unknown; after: unknown } {
  if (before === null)
    return { before: null, after: { ...after, version: undefined, headIdSealed: undefined } };
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const k of Object.keys(after) as (keyof Household)[]) {
    if (ignoredKeys.has(k) || notAudited.has(k) || same(before[k], after[k])) continue;
    b[k] = before[k];
    a[k] = after[k];
  }
  return { before: b, after: a };
}

/** §8: the lead that now awaits its home verification and was not awaiting before. */
function newLeadAwaitingVerification(before: Household | null, after: Household) {
  const lead = after.lead;
  if (!lead || after.procedure?.kind !== 'identification' || after.procedure.awaiting !== 'verify')
    return null;
  if (before?.lead?.leadId === lead.leadId && before.procedure?.awaiting === 'verify') return null;
  return lead;
}

/**
 * Plans the change without writing it. `counters: false` leaves counter deltas out (the caller recounts);
 * the import plans them and adds them per chunk apart from its writes (ADR 0021: concurrent transactions on
 * one village counter cancel each other).
 */
export async function planHouseholdChange(
  deps: HouseholdChangeDeps,
  input: HouseholdChangeInput,
  options: {
    counters: boolean;
    /** One audit event per change, with the assessment's events and case openings/resolutions in its data
     *  (bulk paths: every transaction item costs write time). Default false: one event each. */
    compactAudit?: boolean;
  },
): Promise<PlannedHouseholdChange> {
  const { before, at } = input;
  const policy = policyOf(deps, input.after.villageCode, at);
  const today = localDateOf(at, policy.timezone);

  let after = input.after;
  const assessEvents: { type: string; data: unknown }[] = [];
  if (input.reassess !== false) {
    // E3 reads the last N monthly assessments (D3); only a stored monitored household has any.
    const recentMonthly =
      before !== null && after.status === 'monitored'
        ? await recentMonthlyFlags(deps.store.assessments, before, policy.eliminationStableMonths)
        : [];
    const assessed = assess(after, { policy, asOf: at, recentMonthly });
    if (assessed.changed) {
      after = assessed.household;
      assessEvents.push(...assessed.events);
    }
  }

  // A visit or measure record is a change even when the household reads the same after it (§7: a second
  // visit of the same day keeps its findings).
  const changed =
    before === null ||
    householdsDiffer(before, after) ||
    (input.measures?.length ?? 0) > 0 ||
    (input.visits?.length ?? 0) > 0;
  if (!changed) {
    return {
      household: before as Household,
      changed: false,
      openedCases: [],
      resolvedCases: [],
      change: null,
    };
  }
  after = { ...after, version: before?.version ?? 0, updatedAt: at };

  // §8: open cases the change clears resolve at once.
  const open =
    input.openCases ??
    (before === null ? [] : await deps.store.cases.openCasesForHousehold(after.householdId));
  const resolvedCases = open
    .filter((c) => c.householdId === after.householdId && c.kind !== 'report_overdue')
    .filter((c) => isCleared(c, after, today))
    .map((c) => resolveCase(c, { at, reason: `cleared by ${input.auditType}`, by: null, manual: false }));

  // D9: a move to another village is a transfer: every other open case of the household goes with it, at
  // its level, with its deadlines and history.
  const moved = before !== null && before.villageCode !== after.villageCode;
  const resolvedIds = new Set(resolvedCases.map((c) => c.caseId));
  const transferred = moved
    ? open
        .filter((c) => c.householdId === after.householdId && !resolvedIds.has(c.caseId))
        .map((c) => ({ from: c, to: transferCase(c, after.villageCode) }))
        .filter(({ from, to }) => to !== from)
    : [];

  // §8 lead_unverified opens with the lead.
  const openedCases: Case[] = [];
  const lead = newLeadAwaitingVerification(before, after);
  if (lead) {
    openedCases.push(
      openCase(
        {
          caseId: deps.newId(),
          kind: 'lead_unverified',
          householdId: after.householdId,
          villageCode: after.villageCode,
          townshipCode: townshipOf(after.villageCode),
          countyCode: countyOf(after.villageCode),
          subject: { leadId: lead.leadId, source: lead.source },
          at,
        },
        policy,
        deps.calendar,
      ),
    );
  }

  const event = (type: string, extra: Partial<AuditEvent>): AuditEvent => ({
    eventId: deps.newId(),
    householdId: after.householdId,
    type,
    at,
    actor: input.actor,
    ...extra,
  });
  const { before: b, after: a } = diff(before, after);
  const caseEvents = [
    ...openedCases.map((c) => ({
      type: 'case_opened',
      caseId: c.caseId,
      data: { kind: c.kind, level: c.level },
    })),
    ...resolvedCases.map((c) => ({
      type: 'case_resolved',
      caseId: c.caseId,
      data: { kind: c.kind, reason: c.resolution?.reason },
    })),
    ...transferred.map(({ from, to }) => ({
      type: 'case_transferred',
      caseId: to.caseId,
      data: { kind: to.kind, level: to.level, from: from.unitCode, to: to.unitCode },
    })),
  ];
  const moveEvents = moved
    ? [{ type: 'household_moved', data: { from: before.villageCode, to: after.villageCode } }]
    : [];
  const audit: AuditEvent[] = options.compactAudit
    ? [
        event(input.auditType, {
          before: b,
          after: a,
          data: {
            ...(input.auditData !== undefined ? { change: input.auditData } : {}),
            ...(moveEvents.length ? { moved: moveEvents[0]!.data } : {}),
            ...(assessEvents.length ? { assess: assessEvents } : {}),
            ...(caseEvents.length ? { cases: caseEvents } : {}),
          },
        }),
      ]
    : [
        event(input.auditType, {
          before: b,
          after: a,
          ...(input.auditData !== undefined ? { data: input.auditData } : {}),
        }),
        ...moveEvents.map((e) => event(e.type, { data: e.data })),
        ...assessEvents.map((e) => event(e.type, { data: e.data })),
        ...caseEvents.map((e) => event(e.type, { caseId: e.caseId, data: e.data })),
      ];

  const change: Change = {
    households: [{ household: after, expectedVersion: before?.version ?? null }],
    audit,
    ...(input.visits?.length ? { visits: input.visits } : {}),
    ...(input.measures?.length
      ? { measures: input.measures.map((m) => ({ ...m, householdId: after.householdId })) }
      : {}),
    ...(openedCases.length ? { openCases: openedCases } : {}),
    ...(resolvedCases.length || transferred.length
      ? {
          updateCases: [...resolvedCases, ...transferred.map((t) => t.to)].map((c) => ({
            case: c,
            expected: { version: c.version, status: 'open' as const },
          })),
        }
      : {}),
    ...(input.alerts?.length ? { alerts: input.alerts } : {}),
  };
  if (options.counters)
    change.counters = counterChanges(before, after, today, openedCases, resolvedCases, transferred);

  return {
    household: { ...after, version: (before?.version ?? 0) + 1 },
    changed: true,
    openedCases,
    resolvedCases,
    ...(transferred.length ? { transferredCases: transferred } : {}),
    change,
  };
}

/** Counter deltas of one change: the household's contribution before → after, opened and resolved cases. */
function counterChanges(
  before: Household | null,
  after: Household,
  today: string,
  opened: Case[],
  resolved: Case[],
  transferred: readonly { from: Case; to: Case }[] = [],
): { unitCode: string; delta: CounterDelta }[] {
  const out: { unitCode: string; delta: CounterDelta }[] = [];
  const add = (unitCode: string, delta: CounterDelta) => {
    if (Object.keys(delta).length > 0) out.push({ unitCode, delta });
  };
  const beforeValues = before ? householdCounterValues(before, today) : {};
  const afterValues = householdCounterValues(after, today);
  if (before && before.villageCode !== after.villageCode) {
    add(before.villageCode, counterDelta(beforeValues, {}));
    add(after.villageCode, counterDelta({}, afterValues));
  } else add(after.villageCode, counterDelta(beforeValues, afterValues));
  for (const c of opened) add(caseCounterUnit(c), counterDelta({}, caseCounterValues(c)));
  for (const c of resolved)
    add(caseCounterUnit(c), counterDelta(caseCounterValues({ ...c, status: 'open' }), {}));
  // D9: a transferred case counts at its new unit instead of the old one.
  for (const { from, to } of transferred) {
    add(caseCounterUnit(from), counterDelta(caseCounterValues(from), {}));
    add(caseCounterUnit(to), counterDelta({}, caseCounterValues(to)));
  }
  return out;
}

/** Leaves out the new cases whose dedup keys are already held by open cases (§8 one open case per key),
 *  with their audit events. Counter deltas are left as they are (bulk changes carry none). */
export function withoutCases(change: Change, dedupKeys: readonly string[]): Change {
  const held = new Set(dedupKeys);
  const kept = (change.openCases ?? []).filter((c) => !held.has(c.dedupKey));
  const droppedIds = new Set(
    (change.openCases ?? []).filter((c) => held.has(c.dedupKey)).map((c) => c.caseId),
  );
  return {
    ...change,
    openCases: kept,
    audit: (change.audit ?? []).filter((e) => !(e.caseId && droppedIds.has(e.caseId))),
  };
}

/**
 * Applies one change to one household in ONE transaction (counters included). A version conflict throws
 * DomainError('conflict') (409). A lead case already open for the same dedup key is fine: the change is
 * written without it.
 */
export async function applyHouseholdChange(
  deps: HouseholdChangeDeps,
  input: HouseholdChangeInput,
): Promise<HouseholdChangeResult> {
  const planned = await planHouseholdChange(deps, input, { counters: true });
  if (!planned.change) return stripChange(planned);
  let change = planned.change;
  let openedCases = planned.openedCases;
  for (let attempt = 0; ; attempt++) {
    const outcome = await deps.store.commit(change);
    if (outcome.committed) return { ...stripChange(planned), openedCases };
    if (outcome.duplicateAlerts.length > 0) {
      return {
        household: input.before ?? planned.household,
        changed: false,
        openedCases: [],
        resolvedCases: [],
        duplicateAlerts: outcome.duplicateAlerts,
      };
    }
    if (attempt > 0 || outcome.alreadyOpen.length === 0) {
      throw new Error(`the change to household ${input.after.householdId} was not committed`);
    }
    openedCases = openedCases.filter((c) => !outcome.alreadyOpen.includes(c.dedupKey));
    const today = localDateOf(input.at, policyOf(deps, input.after.villageCode, input.at).timezone);
    change = {
      ...withoutCases(change, outcome.alreadyOpen),
      counters: counterChanges(
        input.before,
        planned.household,
        today,
        openedCases,
        planned.resolvedCases,
        planned.transferredCases,
      ),
    };
  }
}

function stripChange(p: PlannedHouseholdChange): HouseholdChangeResult {
  const { change: _change, ...result } = p;
  return result;
}
