// One village shard of a sweep (§9): the monthly re-assessment and report aggregate, or the daily case work
// (§8). Idempotent per (sweep, village): a done shard is skipped; a redo after a crash re-reads the village
// and writes only what is still missing (every household and case write is conditional on its version,
// re-assessing a written household gives changed = false, audit and case ids are deterministic).
import { assess } from '../domain/assess';
import {
  advanceCase,
  detectReportOverdue,
  isReportCaseCleared,
  openCase,
  planHouseholdSweep,
  resolveCase,
  seeAgain,
} from '../domain/cases';
import { incomeBasisOf, perCapitaAtLeast } from '../domain/derived';
import { countyOf, townshipOf } from '../domain/division-code';
import { caseDedupKey } from '../domain/escalation';
import type { AuditEvent, Case, Grade, Household, Instant } from '../domain/model';
import { rollUp, tallyCaseActivity, villageAggregate } from '../domain/monthly-report';
import type { Policy } from '../domain/policy';
import { thresholdsOf } from '../domain/policy-resolution';
import { addMonthsToMonth, formatInstant, fromLocal, localDateOf, monthOf } from '../domain/time';
import { pool } from '../pool';
import type { CompactAssessment, VillageMonthAssessments } from '../ports/assessment-store';
import type { UnitCounts } from '../ports/counter-store';
import type { Change } from '../ports/unit-of-work';
import { caseCounterUnit, caseCounterValues, householdCounterValues, sumCounterValues } from './counters';
import {
  closedMonthOf,
  deterministicId,
  isConflict,
  lastDayOf,
  nonZero,
  type SweepDeps,
  type SweepMessage,
  sameRecord,
} from './sweep-shard';

/** Per-shard numbers, recorded on the shard and summed into the run. */
export interface ShardResult {
  households: number;
  /** Households whose assessment or schedule changed (monthly) and were written. */
  written: number;
  /** Version conflicts met and resolved by re-reading (e.g. a visit recorded meanwhile). */
  conflicts: number;
  casesOpened: number;
  casesEscalated: number;
  casesResolved: number;
  /** Other records written: counters, the village month, the village report. */
  recordsWritten: number;
}

const emptyResult = (): ShardResult => ({
  households: 0,
  written: 0,
  conflicts: 0,
  casesOpened: 0,
  casesEscalated: 0,
  casesResolved: 0,
  recordsWritten: 0,
});

const maxAttempts = 5;

export async function sweepVillage(
  deps: SweepDeps,
  msg: SweepMessage,
): Promise<{
  outcome: 'done' | 'redone' | 'already_done';
  result: ShardResult;
  /** The run's township and county reports are still to be rebuilt with this shard: it was redriven from
   *  failed to done, now or by a delivery that stopped before the rebuild (`ShardState.reportsPending`). */
  reportsPending: boolean;
}> {
  const { store } = deps;
  // The shard's state and the village's counters at once (one round trip, not two): the counters are what
  // a shard reads first, and a redelivery of a done shard wastes only that small read.
  const firstCounts = store.counters.unitCounts(msg.villageCode);
  firstCounts.catch(() => undefined); // awaited below, unless the shard is done or its read fails
  const shard = await store.sweeps.shard(msg.sweepId, msg.villageCode);
  if (shard?.status === 'done')
    return {
      outcome: 'already_done',
      result: resultOf(shard.result),
      reportsPending: shard.reportsPending === true,
    };

  const policy = policyOf(deps, msg);
  const result = emptyResult();
  // A recount refused because a single change moved the counters meanwhile: redo the shard from a
  // fresh read (households already written are unchanged now, so the redo writes only the recount).
  for (let attempt = 1; ; attempt++) {
    try {
      const counts = attempt === 1 ? await firstCounts : await store.counters.unitCounts(msg.villageCode);
      if (msg.kind === 'monthly') await monthlyShard(deps, msg, policy, counts, result);
      else await dailyShard(deps, msg, policy, counts, result);
      break;
    } catch (e) {
      if (!isConflict(e) || attempt >= maxAttempts) throw e;
      result.conflicts += 1;
    }
  }
  const outcome = await store.sweeps.markShardDone(msg.sweepId, msg.villageCode, deps.now(), {
    ...result,
  });
  return { outcome, result, reportsPending: outcome === 'redone' };
}

function resultOf(r: Record<string, number> | undefined): ShardResult {
  return { ...emptyResult(), ...r };
}

function policyOf(deps: SweepDeps, msg: SweepMessage): Policy {
  const year = Number(msg.asOf.slice(0, 4));
  const policy = deps.policyFor(countyOf(msg.villageCode), year);
  // The year is the as-of's local year (1 Jan 01:00 +08:00 is still 31 Dec in UTC).
  const localYear = Number(localDateOf(msg.asOf, policy.timezone).slice(0, 4));
  return localYear === year ? policy : deps.policyFor(countyOf(msg.villageCode), localYear);
}

async function listVillage(deps: SweepDeps, villageCode: string): Promise<Household[]> {
  const all: Household[] = [];
  for await (const page of deps.store.households.listVillage(villageCode, 500)) all.push(...page);
  return all;
}

const systemActor = (kind: string) => ({ kind: 'system' as const, name: `${kind}-sweep` });

// ---- monthly (§9: re-grade, schedules, leads, elimination eligibility, the village's report) ----------

async function monthlyShard(
  deps: SweepDeps,
  msg: SweepMessage,
  policy: Policy,
  counts: UnitCounts,
  result: ShardResult,
): Promise<void> {
  const { store } = deps;
  const { asOf, villageCode, sweepId } = msg;
  const tz = policy.timezone;
  const today = localDateOf(asOf, tz);
  const month = closedMonthOf(asOf, tz);
  const t = thresholdsOf(policy);

  // The counters were read first: a change landing after that read moves their revision, so the recount
  // below is refused and the shard redone from fresh reads. Everything else the shard needs is read at
  // once (each read is a round trip that would otherwise wait on the previous one).
  const [households, months, listed, resolved, stored] = await Promise.all([
    listVillage(deps, villageCode),
    store.assessments.villageMonths(villageCode, t.eliminationStableMonths, month),
    store.cases.openCasesInUnit(villageCode),
    resolvedCasesOf(deps, villageCode, month, tz),
    store.reports.getMonthly(villageCode, month),
  ]);
  const current = months[0]?.month === month ? months[0] : null;
  const prior = months.filter((m) => m.month < month).slice(0, t.eliminationStableMonths - 1);
  result.households = households.length;

  // E3: this month's flag first, then the household's earlier months while they are unbroken.
  const recentOf = (h: Household): boolean[] => {
    const flags = [perCapitaAtLeast(incomeBasisOf(h), t.monitoringLineFen)];
    for (const m of prior) {
      const line = m.households[h.householdId];
      if (!line) break;
      flags.push(line.above);
    }
    return flags;
  };

  const assessOne = (h: Household) => {
    const r = assess(h, { policy, asOf, recentMonthly: recentOf(h) });
    if (!r.changed) return { household: r.household, change: null };
    const audit: AuditEvent[] = r.events.map((e) => ({
      eventId: deterministicId(sweepId, h.householdId, e.type),
      householdId: h.householdId,
      type: e.type,
      at: asOf,
      actor: systemActor('monthly'),
      data: e.data,
    }));
    // §8 "lead_unverified cases open with their lead": in the same commit as the household that got it.
    const leadCase = leadCaseOf(deps, policy, asOf, r.household, r.lead);
    const change: Change = {
      households: [{ household: r.household, expectedVersion: h.version }],
      audit: leadCase
        ? [
            ...audit,
            caseEvent(
              sweepId,
              leadCase,
              'case_opened',
              asOf,
              { kind: leadCase.kind, subject: leadCase.subject },
              'monthly',
            ),
          ]
        : audit,
      ...(leadCase ? { openCases: [leadCase] } : {}),
    };
    return { household: r.household, change };
  };

  const { households: final, openedCases } = await writeHouseholds(deps, households, assessOne, result);

  // The month's assessments of the village: one record, rewritten only when a line differs.
  const lines: Record<string, CompactAssessment> = {};
  for (const h of final) {
    const a = h.assessment;
    if (!a) continue;
    lines[h.householdId] = {
      above: a.aboveMonitoringLine,
      grade: a.grade,
      rules: a.matchedRules,
      watch: a.watch,
      eligible: a.elimination ? a.elimination.eligible : null,
    };
  }
  const writes: Promise<void>[] = [];
  if (!current || !sameRecord(current.households, lines)) {
    const record: VillageMonthAssessments = {
      villageCode,
      month,
      assessedAt: asOf,
      policyVersion: t.policyVersion,
      households: lines,
    };
    writes.push(counted(store.assessments.putVillageMonth(record), result));
  }

  // The open cases read before the writes, plus the ones this shard just opened (the monthly sweep opens
  // cases but never resolves or moves one).
  const openCases = [
    ...listed,
    ...openedCases.filter((c) => !listed.some((l) => l.caseId === c.caseId)),
  ].filter((c) => caseCounterUnit(c) === villageCode);
  writes.push(recount(deps, villageCode, final, openCases, today, asOf, counts, result));

  // §9 the village's report of the closed month (township and county reports roll these up at completion).
  const overdueOn = lastDayOf(month);
  const previous = prior.find((m) => m.month === addMonthsToMonth(month, -1)) ?? null;
  const casesInMonth = [...openCases, ...resolved];
  const aggregate = villageAggregate({
    villageCode,
    month,
    households: final,
    overdueOn,
    activity: {
      movements: movementsOf(final, lines, previous, month),
      visits: visitTallies(final, month, overdueOn),
      cases: tallyCaseActivity(casesInMonth, month, tz),
    },
  });
  const report = rollUp(villageCode, month, [aggregate]);
  if (!stored || !sameRecord(stored.report, report)) {
    writes.push(
      counted(store.reports.putMonthly({ unitCode: villageCode, month, generatedAt: asOf, report }), result),
    );
  }
  // The three records are independent: written at once, and every write settles before a refused recount
  // (a conflict) makes the caller redo the shard.
  await settleAll(writes);
}

/** A record write that counts in the shard's result once it is written. */
async function counted(write: Promise<void>, result: ShardResult): Promise<void> {
  await write;
  result.recordsWritten += 1;
}

/** Awaits every promise, then throws the first rejection (if any). */
async function settleAll(work: Promise<void>[]): Promise<void> {
  const outcomes = await Promise.allSettled(work);
  const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failed) throw failed.reason;
}

/**
 * §8 the lead_unverified case of a lead the monthly re-assessment just raised, opened at the sweep's as-of.
 * Its id is deterministic (dedup key + as-of, as the daily sweep names its cases), so a redone shard can
 * never open a second one; its dedup key is the one the daily sweep detects, which then sees it again.
 */
function leadCaseOf(
  deps: SweepDeps,
  policy: Policy,
  asOf: Instant,
  h: Household,
  lead: Household['lead'],
): Case | null {
  if (!lead || h.procedure?.kind !== 'identification' || h.procedure.awaiting !== 'verify') return null;
  const subject = { leadId: lead.leadId, source: lead.source };
  const dedupKey = caseDedupKey('lead_unverified', h.householdId, subject);
  return openCase(
    {
      caseId: deterministicId('case', dedupKey, asOf),
      kind: 'lead_unverified',
      householdId: h.householdId,
      villageCode: h.villageCode,
      townshipCode: townshipOf(h.villageCode),
      countyCode: countyOf(h.villageCode),
      subject,
      at: asOf,
      dedupKey,
    },
    policy,
    deps.calendar,
  );
}

const severity = (g: Grade | null): number => (g === 'red' ? 3 : g === 'yellow' ? 2 : g === 'blue' ? 1 : 0);

/** §9 movements in M: confirmations and eliminations dated in M; grade moves since M−1's assessment. */
function movementsOf(
  households: Household[],
  lines: Record<string, CompactAssessment>,
  previous: VillageMonthAssessments | null,
  month: string,
) {
  const m = { newInclusions: 0, eliminations: 0, upgraded: 0, downgraded: 0 };
  for (const h of households) {
    if (h.monitoredSince && monthOf(h.monitoredSince) === month && h.status === 'monitored')
      m.newInclusions++;
    if (h.eliminatedAt && monthOf(h.eliminatedAt) === month) m.eliminations++;
    const before = previous?.households[h.householdId]?.grade ?? null;
    const after = lines[h.householdId]?.grade ?? null;
    if (previous && before && after && severity(after) > severity(before)) m.upgraded++;
    if (previous && before && after && severity(after) < severity(before)) m.downgraded++;
  }
  return m;
}

/** §9 visits required vs done in M by class: a household was required when its visit fell due by the end of
 *  M (or it was visited in M: the visit moved its due date); done when its last qualifying visit is in M. */
function visitTallies(households: Household[], month: string, endOfMonth: string) {
  const tallies = {
    red: { required: 0, done: 0 },
    yellow: { required: 0, done: 0 },
    blue: { required: 0, done: 0 },
    watch: { required: 0, done: 0 },
  };
  for (const h of households) {
    if (!h.visitClass) continue;
    const last = h.visitClass === 'watch' ? h.lastContact : h.lastHomeVisit;
    const done = last !== null && monthOf(last) === month;
    const due = h.nextVisitDue !== null && h.nextVisitDue <= endOfMonth;
    if (done || due) tallies[h.visitClass].required++;
    if (done) tallies[h.visitClass].done++;
  }
  return tallies;
}

/** The village's cases resolved since the closed month began: a case resolved before it cannot count in
 *  that month's report (its opening and escalations came earlier still), so years of them are not
 *  returned and decoded each month. */
async function resolvedCasesOf(
  deps: SweepDeps,
  villageCode: string,
  month: string,
  timeZone: string,
): Promise<Case[]> {
  const monthStart = formatInstant(fromLocal(`${month}-01`, 0, timeZone), timeZone);
  const resolved = await deps.store.cases.casesInUnit(villageCode, {
    status: 'resolved',
    resolvedSince: monthStart,
  });
  return resolved.filter((c) => c.villageCode === villageCode);
}

/**
 * Commits each household's change (bounded concurrency). A version conflict (a visit or API change
 * landed since the read) re-reads that household and re-assesses it: no update is lost. Returns the
 * households as written and the cases opened with them.
 */
async function writeHouseholds(
  deps: SweepDeps,
  households: Household[],
  assessOne: (h: Household) => { household: Household; change: Change | null },
  result: ShardResult,
): Promise<{ households: Household[]; openedCases: Case[] }> {
  const final = new Map<string, Household>();
  const openedCases: Case[] = [];
  let pending = households;
  for (let attempt = 1; pending.length > 0; attempt++) {
    const work = pending.map((h) => ({ h, ...assessOne(h) }));
    const toWrite = work.filter((w) => w.change !== null);
    for (const w of work) if (!w.change) final.set(w.h.householdId, w.household);
    const first = await deps.store.commitMany(
      toWrite.map((w) => w.change!),
      { concurrency: deps.concurrency ?? 8 },
    );
    // A case whose dedup key is already held (opened by someone else) refuses the whole change: write the
    // household again without it (the open case already carries the obligation).
    const outcomes = await Promise.all(
      first.map(async (o, i) => {
        const change = toWrite[i]!.change!;
        if (o instanceof Error || o.committed) return { o, change };
        const held = new Set(o.alreadyOpen);
        const dropped = new Set(
          (change.openCases ?? []).filter((c) => held.has(c.dedupKey)).map((c) => c.caseId),
        );
        const without: Change = {
          ...change,
          openCases: (change.openCases ?? []).filter((c) => !dropped.has(c.caseId)),
          audit: (change.audit ?? []).filter((e) => !e.caseId || !dropped.has(e.caseId)),
        };
        try {
          return { o: await deps.store.commit(without), change: without };
        } catch (e) {
          return { o: e as Error, change: without };
        }
      }),
    );
    const retry: string[] = [];
    outcomes.forEach(({ o, change }, i) => {
      const w = toWrite[i]!;
      if (o instanceof Error) {
        if (!isConflict(o) || attempt >= maxAttempts) throw o;
        retry.push(w.h.householdId);
      } else if (!o.committed) {
        throw new Error(`household ${w.h.householdId}: case keys ${o.alreadyOpen.join(', ')} are still held`);
      } else {
        result.written += 1;
        result.casesOpened += change.openCases?.length ?? 0;
        openedCases.push(...(change.openCases ?? []));
        final.set(w.h.householdId, { ...w.household, version: w.h.version + 1 });
      }
    });
    result.conflicts += retry.length;
    if (retry.length === 0) break;
    const fresh = await deps.store.households.getMany(retry);
    pending = retry.map((id) => fresh.get(id)).filter((h): h is Household => h !== undefined);
  }
  return { households: households.map((h) => final.get(h.householdId) ?? h), openedCases };
}

/** The village's counters from its households and open cases; written only when they differ. */
async function recount(
  deps: SweepDeps,
  unitCode: string,
  households: Household[],
  openCases: Case[],
  today: string,
  asOf: Instant,
  counts: UnitCounts,
  result: ShardResult,
): Promise<void> {
  const values = sumCounterValues([
    ...households.map((h) => householdCounterValues(h, today)),
    ...openCases.map(caseCounterValues),
  ]);
  if (sameRecord(nonZero(values), nonZero(counts.values))) return;
  await deps.store.counters.replace(unitCode, values, { sweptAt: asOf, expectedRevision: counts.revision });
  result.recordsWritten += 1;
}

// ---- daily (§8: open, escalate, auto-resolve cases; report_overdue for townships) ----------------------

async function dailyShard(
  deps: SweepDeps,
  msg: SweepMessage,
  policy: Policy,
  counts: UnitCounts,
  result: ShardResult,
) {
  const { store } = deps;
  const { asOf, villageCode } = msg;
  const today = localDateOf(asOf, policy.timezone);

  // The counters were read first (see monthlyShard).
  const [households, inVillage] = await Promise.all([
    listVillage(deps, villageCode),
    store.cases.openCasesInUnit(villageCode),
  ]);
  result.households = households.length;

  const byHousehold = new Map<string, Case[]>();
  for (const c of inVillage) {
    if (!c.householdId) continue;
    byHousehold.set(c.householdId, [...(byHousehold.get(c.householdId) ?? []), c]);
  }

  const open = new Map(inVillage.filter((c) => caseCounterUnit(c) === villageCode).map((c) => [c.caseId, c]));
  const finalHouseholds = new Map(households.map((h) => [h.householdId, h]));
  await pool(households, deps.concurrency ?? 8, async (h) => {
    const { household, cases } = await sweepHouseholdCases(
      deps,
      msg,
      policy,
      h,
      byHousehold.get(h.householdId) ?? [],
      result,
    );
    finalHouseholds.set(h.householdId, household);
    for (const c of byHousehold.get(h.householdId) ?? []) open.delete(c.caseId);
    for (const c of cases)
      if (c.status === 'open' && caseCounterUnit(c) === villageCode) open.set(c.caseId, c);
  });

  await recount(
    deps,
    villageCode,
    [...finalHouseholds.values()],
    [...open.values()],
    today,
    asOf,
    counts,
    result,
  );
  if (msg.townshipDuties) await townshipDuties(deps, msg, policy, result);
}

/** Plans and applies one household's cases: resolves and updates first, then opens (a plan may resolve a
 *  case and open one with the same dedup key). On a conflict, re-reads the household and its cases. */
async function sweepHouseholdCases(
  deps: SweepDeps,
  msg: SweepMessage,
  policy: Policy,
  household: Household,
  openCases: Case[],
  result: ShardResult,
): Promise<{ household: Household; cases: Case[] }> {
  const { store, calendar } = deps;
  const { asOf, sweepId } = msg;
  let h = household;
  let cases = openCases;
  for (let attempt = 1; ; attempt++) {
    const plan = planHouseholdSweep(h, cases, {
      asOf,
      policy,
      calendar,
      newCaseId: (d) => deterministicId('case', d.dedupKey, asOf),
    });
    try {
      const versions = new Map(cases.map((c) => [c.caseId, c.version]));
      const updates = [...plan.resolved, ...plan.escalated, ...plan.seen];
      if (updates.length > 0) {
        await store.commit({
          updateCases: updates.map((c) => ({
            case: c,
            expected: { version: versions.get(c.caseId) ?? c.version, status: 'open' as const },
          })),
          audit: [
            ...plan.resolved.map((c) =>
              caseEvent(sweepId, c, 'case_resolved', asOf, { resolution: c.resolution }),
            ),
            ...plan.escalated.map((c) =>
              caseEvent(sweepId, c, 'case_escalated', asOf, { to: c.level, unitCode: c.unitCode }),
            ),
            // D10: the episode's case follows the new due date or class.
            ...plan.updated.map((c) =>
              caseEvent(sweepId, c, 'case_updated', asOf, {
                dueDate: c.subject.dueDate,
                visitClass: c.subject.visitClass,
              }),
            ),
          ],
        });
      }
      let opened = plan.opened;
      if (opened.length > 0) {
        const outcome = await commitOpens(deps, sweepId, asOf, opened);
        opened = outcome;
      }
      result.casesResolved += plan.resolved.length;
      result.casesEscalated += plan.escalated.length;
      result.casesOpened += opened.length;
      const after = new Map(cases.map((c) => [c.caseId, c]));
      for (const c of updates) after.set(c.caseId, c);
      for (const c of plan.opened) after.set(c.caseId, c);
      return { household: h, cases: [...after.values()] };
    } catch (e) {
      if (!isConflict(e) || attempt >= maxAttempts) throw e;
      result.conflicts += 1;
      const fresh = await store.households.get(h.householdId);
      if (!fresh) return { household: h, cases };
      h = fresh;
      cases = await store.cases.openCasesForHousehold(h.householdId);
    }
  }
}

/** Opens cases; a key already held (an earlier delivery opened it) is not an error. Returns those opened now. */
async function commitOpens(deps: SweepDeps, sweepId: string, asOf: Instant, cases: Case[]): Promise<Case[]> {
  const { store } = deps;
  try {
    const outcome = await store.commit({
      openCases: cases,
      audit: cases.map((c) =>
        caseEvent(sweepId, c, 'case_opened', asOf, { kind: c.kind, subject: c.subject }),
      ),
    });
    if (outcome.committed) return cases;
  } catch (e) {
    if (!isConflict(e)) throw e;
  }
  // Some key is held (or a case id exists from an earlier attempt): open the others one by one.
  const opened: Case[] = [];
  for (const c of cases) {
    const held = await store.cases.findOpenByDedupKey(c.dedupKey);
    if (held) continue;
    const one = await store.commit({
      openCases: [c],
      audit: [caseEvent(sweepId, c, 'case_opened', asOf, { kind: c.kind, subject: c.subject })],
    });
    if (one.committed) opened.push(c);
  }
  return opened;
}

function caseEvent(
  sweepId: string,
  c: Case,
  type: string,
  at: Instant,
  data: unknown,
  sweepKind: 'monthly' | 'daily' = 'daily',
): AuditEvent {
  return {
    eventId: deterministicId(sweepId, c.caseId, type),
    householdId: c.householdId,
    caseId: c.caseId,
    type,
    at,
    actor: systemActor(sweepKind),
    data,
  };
}

/** §8 report_overdue for the township of this shard (one shard per township carries the duty). */
async function townshipDuties(deps: SweepDeps, msg: SweepMessage, policy: Policy, result: ShardResult) {
  const { store, calendar } = deps;
  const { asOf, sweepId } = msg;
  const township = townshipOf(msg.villageCode);
  const month = closedMonthOf(asOf, policy.timezone);
  const counts = await store.counters.unitCounts(township);
  const held = (await store.cases.openCasesInUnit(township)).filter(
    (c) => c.kind === 'report_overdue' && c.villageCode === null,
  );
  const submittedFor = new Map<string, boolean>();
  const submitted = async (m: string) => {
    if (!submittedFor.has(m)) submittedFor.set(m, (await store.reports.submission(township, m)) !== null);
    return submittedFor.get(m)!;
  };
  const detection = detectReportOverdue(
    { townshipCode: township, month, submitted: await submitted(month) },
    { asOf, policy, calendar },
  );
  const open: Case[] = [];
  for (const c of held) {
    if (isReportCaseCleared(c, await submitted(c.subject.month ?? month))) {
      const resolved = resolveCase(c, { at: asOf, reason: 'report submitted', by: null, manual: false });
      await store.commit({
        updateCases: [{ case: resolved, expected: { version: c.version, status: 'open' } }],
        audit: [caseEvent(sweepId, resolved, 'case_resolved', asOf, { resolution: resolved.resolution })],
      });
      result.casesResolved += 1;
      continue;
    }
    const seen = detection?.dedupKey === c.dedupKey ? seeAgain(c, asOf) : c;
    const { case: next, escalated } = advanceCase(seen, asOf, calendar);
    if (next !== c) {
      await store.commit({
        updateCases: [{ case: next, expected: { version: c.version, status: 'open' } }],
        audit: escalated ? [caseEvent(sweepId, next, 'case_escalated', asOf, { to: next.level })] : [],
      });
      if (escalated) result.casesEscalated += 1;
    }
    open.push(next);
  }
  if (detection && !open.some((c) => c.dedupKey === detection.dedupKey)) {
    const kase = openCase(
      {
        caseId: deterministicId('case', detection.dedupKey, asOf),
        kind: 'report_overdue',
        householdId: null,
        villageCode: null,
        townshipCode: township,
        countyCode: countyOf(township),
        subject: detection.subject,
        at: asOf,
        dedupKey: detection.dedupKey,
      },
      policy,
      calendar,
    );
    const opened = await commitOpens(deps, sweepId, asOf, [kase]);
    result.casesOpened += opened.length;
    open.push(kase);
  }
  const values = sumCounterValues(open.map(caseCounterValues));
  if (!sameRecord(nonZero(values), nonZero(counts.values))) {
    await store.counters.replace(township, values, { sweptAt: asOf, expectedRevision: counts.revision });
    result.recordsWritten += 1;
  }
}
