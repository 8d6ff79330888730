// The daily shard of a village (§8): open, escalate and auto-resolve cases; report_overdue for the
// township whose duties this shard carries.
import {
  advanceCase,
  detectReportOverdue,
  isReportCaseCleared,
  openCase,
  planHouseholdSweep,
  resolveCase,
  seeAgain,
  transferCase,
} from '../domain/cases';
import { countyOf, townshipOf } from '../domain/division-code';
import type { Case, Household, Instant } from '../domain/model';
import type { Policy } from '../domain/policy';
import { localDateOf } from '../domain/time';
import { pool } from '../pool';
import { counterDelta, type UnitCounts } from '../ports/counter-store';
import { caseCounterUnit, caseCounterValues, sumCounterValues } from './counters';
import {
  caseEvent,
  closedMonthOf,
  deterministicId,
  isConflict,
  listVillage,
  maxAttempts,
  nonZero,
  recount,
  type ShardResult,
  type SweepDeps,
  type SweepMessage,
  sameRecord,
} from './sweep-shard';

export async function dailyShard(
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
  // D9: cases left behind by a household that moved before moves took their cases along go to it now.
  for (const c of await adoptLeftBehind(deps, msg, households, byHousehold)) open.delete(c.caseId);
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

/**
 * D9: the open cases of this village whose household now lives in another village (it moved before moves
 * transferred cases) are transferred to it, at their level and with their deadlines; returns them.
 */
async function adoptLeftBehind(
  deps: SweepDeps,
  msg: SweepMessage,
  households: Household[],
  byHousehold: Map<string, Case[]>,
): Promise<Case[]> {
  const here = new Set(households.map((h) => h.householdId));
  const away = [...byHousehold.keys()].filter((id) => !here.has(id));
  if (away.length === 0) return [];
  const found = await deps.store.households.getMany(away);
  const moved: Case[] = [];
  for (const id of away) {
    const h = found.get(id);
    if (!h || h.villageCode === msg.villageCode) continue;
    const cases = byHousehold.get(id) ?? [];
    const transferred = cases.map((c) => transferCase(c, h.villageCode));
    await deps.store.commit({
      updateCases: transferred.map((c, i) => ({
        case: c,
        expected: { version: cases[i]!.version, status: 'open' as const },
      })),
      audit: transferred.map((c, i) =>
        caseEvent(msg.sweepId, c, 'case_transferred', msg.asOf, {
          kind: c.kind,
          level: c.level,
          from: cases[i]!.unitCode,
          to: c.unitCode,
        }),
      ),
      // The new village counts them now; this village's recount below leaves them out.
      counters: transferred.map((c) => ({
        unitCode: caseCounterUnit(c),
        delta: counterDelta({}, caseCounterValues(c)),
      })),
    });
    moved.push(...cases);
  }
  return moved;
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
      for (const c of opened) after.set(c.caseId, c);
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
