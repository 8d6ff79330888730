// The monthly shard of a village (§9): re-grade, schedules, leads, elimination eligibility, the village's
// month of assessments and its report of the closed month.
import { assess } from '../domain/assess';
import { openCase } from '../domain/cases';
import { incomeBasisOf, perCapitaAtLeast } from '../domain/derived';
import { countyOf, townshipOf } from '../domain/division-code';
import { caseDedupKey } from '../domain/escalation';
import type { AuditEvent, Case, Grade, Household, Instant, VisitClass } from '../domain/model';
import { rollUp, tallyCaseActivity, villageAggregate } from '../domain/monthly-report';
import type { Policy } from '../domain/policy';
import { thresholdsOf } from '../domain/policy-resolution';
import { addMonthsToMonth, formatInstant, fromLocal, localDateOf, monthOf } from '../domain/time';
import { isQualifyingVisit, lastQualifyingVisit, visitsDueInMonth } from '../domain/visit-schedule';
import { pool } from '../pool';
import type {
  CompactAssessment,
  MonthlyAssessment,
  VillageMonthAssessments,
} from '../ports/assessment-store';
import type { UnitCounts } from '../ports/counter-store';
import type { Change } from '../ports/unit-of-work';
import { caseCounterUnit } from './counters';
import {
  caseEvent,
  closedMonthOf,
  deterministicId,
  isConflict,
  lastDayOf,
  listVillage,
  maxAttempts,
  recount,
  type ShardResult,
  type SweepDeps,
  type SweepMessage,
  sameRecord,
  systemActor,
} from './sweep-shard';

export async function monthlyShard(
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

  // E3 (D3): this month's flag first, then the household's earlier months while they are unbroken: the
  // lines of the village's monthly records, or, for a household missing from one of them (it moved in,
  // D9), its own monthly assessments, as the API reads them (recentMonthlyFlags).
  const own = await ownHistories(deps, households, prior, month, t.eliminationStableMonths - 1);
  const recentOf = (h: Household): boolean[] => {
    const flags = [perCapitaAtLeast(incomeBasisOf(h), t.monitoringLineFen)];
    const history = own.get(h.householdId);
    if (history) return [...flags, ...history];
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
  // §9 the month's visits required and done (read before any record is written: a failed read writes none).
  const visits = await visitTallies(deps, policy, final, month, lastDayOf(month));

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
  // D3: each household's own assessment of the month (E3 reads it), written before the village's record
  // that says they were (`perHousehold`): a redo writes those whose line changed, or all of them when the
  // record came first (swept before D3).
  const assessments: MonthlyAssessment[] = final
    .filter((h) => h.assessment && lines[h.householdId])
    .filter(
      (h) =>
        current?.perHousehold !== true ||
        !sameRecord(current.households[h.householdId] ?? null, lines[h.householdId]),
    )
    .map((h) => ({ ...h.assessment!, householdId: h.householdId, month }));
  const writes: Promise<void>[] = [];
  if (current?.perHousehold !== true || !sameRecord(current.households, lines)) {
    const record: VillageMonthAssessments = {
      villageCode,
      month,
      assessedAt: asOf,
      policyVersion: t.policyVersion,
      households: lines,
      perHousehold: true,
    };
    writes.push(
      (async () => {
        if (assessments.length > 0) {
          await store.append({ assessments });
          result.recordsWritten += assessments.length;
        }
        await counted(store.assessments.putVillageMonth(record), result);
      })(),
    );
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
      visits,
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

/**
 * §9 visits required vs done in M by class, counting visits (visitsDueInMonth): one for each due date of a
 * household's schedule in M. A household last visited before M needs no read (nothing answered its due
 * dates in M); one visited in M has its visits read back to the last qualifying one before M.
 */
async function visitTallies(
  deps: SweepDeps,
  policy: Policy,
  households: Household[],
  month: string,
  endOfMonth: string,
) {
  const monthStart = `${month}-01`;
  const tallies = {
    red: { required: 0, done: 0 },
    yellow: { required: 0, done: 0 },
    blue: { required: 0, done: 0 },
    watch: { required: 0, done: 0 },
  };
  const classed = households.filter((h) => h.visitClass !== null);
  await pool(classed, deps.concurrency ?? 8, async (h) => {
    const visitClass = h.visitClass!;
    const last = lastQualifyingVisit(h);
    let anchor = last ?? h.classSince;
    let visits: string[] = [];
    if (last !== null && last >= monthStart) {
      const read = await qualifyingVisitsSince(deps, h.householdId, visitClass, monthStart);
      visits = read.since.filter((d) => d <= endOfMonth);
      // Imported with a last visit date and no visit records: that visit, from the class's start.
      if (read.since.length === 0) visits = last <= endOfMonth ? [last] : [];
      anchor = read.before ?? h.classSince;
    }
    const t = visitsDueInMonth({
      interval: policy.visitIntervals[visitClass],
      anchor,
      visits,
      monthStart,
      monthEnd: endOfMonth,
    });
    tallies[visitClass].required += t.required;
    tallies[visitClass].done += t.done;
  });
  return tallies;
}

/** A household's qualifying visits on or after `from` (ascending) and the last one before it. */
async function qualifyingVisitsSince(
  deps: SweepDeps,
  householdId: string,
  visitClass: VisitClass,
  from: string,
): Promise<{ since: string[]; before: string | null }> {
  const since: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await deps.store.households.visits(householdId, {
      limit: 20,
      ...(cursor ? { cursor } : {}),
    });
    for (const v of page.items) {
      if (!isQualifyingVisit(visitClass, v.method)) continue;
      if (v.date < from) return { since: since.reverse(), before: v.date };
      since.push(v.date);
    }
    cursor = page.cursor;
  } while (cursor);
  return { since: since.reverse(), before: null };
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

/**
 * D3: the earlier monthly flags (newest first, up to `count`, before `month`) of the monitored households
 * missing from one of the village's earlier monthly records, from their own monthly assessments. Empty
 * for a village without earlier records (nothing to break) and for households in all of them.
 */
async function ownHistories(
  deps: SweepDeps,
  households: Household[],
  prior: VillageMonthAssessments[],
  month: string,
  count: number,
): Promise<Map<string, boolean[]>> {
  const out = new Map<string, boolean[]>();
  if (prior.length === 0 || count <= 0) return out;
  const missing = households.filter(
    (h) => h.status === 'monitored' && prior.some((m) => !m.households[h.householdId]),
  );
  await pool(missing, deps.concurrency ?? 8, async (h) => {
    const history = await deps.store.assessments.recentMonthly(h.householdId, count + 1);
    out.set(
      h.householdId,
      history
        .filter((m) => m.month < month)
        .slice(0, count)
        .map((m) => m.aboveMonitoringLine),
    );
  });
  return out;
}
