import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../lib/adapters/memory/memory-store';
import { sweepVillage } from '../../lib/app/sweep-village';
import { assess } from '../../lib/domain/assess';
import { openCase } from '../../lib/domain/cases';
import type { Household } from '../../lib/domain/model';
import type { MonthlyReport } from '../../lib/domain/monthly-report';
import { defaultPolicy } from '../../lib/domain/policy';
import type { Store } from '../../lib/ports/store';
import { aHousehold, aMeasure, aMonitoredHousehold, onePerson, yuan } from '../builders/household';
import { calendar, countingWrites, runSweep, seed, sweepDeps } from '../support/sweep-harness';

const asOf = '2026-12-01T02:00:00+08:00';
const villageA = '532931101201';
const villageB = '532931102301';

function households(): Household[] {
  return [
    // Below the monitoring line with a heavy medical burden: graded, in a visit class.
    aMonitoredHousehold({
      householdId: 'H1',
      villageCode: villageA,
      ...onePerson({
        wageIncome: yuan(5_000),
        priorYearNetIncome: yuan(9_000),
        largeExpenditure: yuan(3_000),
      }),
      riskFactors: ['illness'],
      measures: [aMeasure()],
      lastHomeVisit: '2026-10-15',
    }),
    aMonitoredHousehold({ householdId: 'H2', villageCode: villageA, lastHomeVisit: '2026-11-20' }),
    aHousehold({ householdId: 'H3', villageCode: villageB }),
  ];
}

async function swept(store: Store = createMemoryStore()) {
  await seed(store, households());
  const deps = sweepDeps(store);
  const { run } = await runSweep(deps, 'monthly', asOf);
  return { store, deps, run: run! };
}

describe('monthly sweep', () => {
  it('stores for every household what assess gives as of the sweep: grade, rules, lead, visit class, next due', async () => {
    const { store } = await swept();

    for (const h of households()) {
      const expected = assess(h, { policy: defaultPolicy, asOf, recentMonthly: [] });
      const stored = (await store.households.get(h.householdId))!;
      expect({
        grade: stored.assessment?.grade,
        rules: stored.assessment?.matchedRules,
        lead: stored.lead,
        visitClass: stored.visitClass,
        nextVisitDue: stored.nextVisitDue,
      }).toEqual({
        grade: expected.household.assessment?.grade,
        rules: expected.household.assessment?.matchedRules,
        lead: expected.household.lead,
        visitClass: expected.household.visitClass,
        nextVisitDue: expected.household.nextVisitDue,
      });
    }
  });

  it('records the closed month’s assessments of a village in one record', async () => {
    const { store } = await swept();

    const [month] = await store.assessments.villageMonths(villageA, 6, '2026-11');

    expect(month?.month).toBe('2026-11');
    expect(Object.keys(month?.households ?? {})).toEqual(['H1', 'H2']);
  });

  it('writes the previous month’s report for every village, township and county', async () => {
    const { store } = await swept();

    const units = [villageA, villageB, '532931101', '532931102', '532931'];
    const reports = await Promise.all(
      units.map((u) => store.reports.getMonthly<MonthlyReport>(u, '2026-11')),
    );

    expect(reports.map((r) => r?.report.households.total)).toEqual([2, 1, 2, 1, 3]);
    expect(reports[4]?.report).toMatchObject({ level: 'county', villages: 2 });
  });

  it('counts in a village’s report the cases resolved in the closed month, by its local month', async () => {
    const store = createMemoryStore();
    await seed(store, households());
    // Resolved half an hour before and after 1 November began in Shanghai (both 31 October in UTC).
    const resolvedAt = { BEFORE: '2026-10-31T23:30:00+08:00', AFTER: '2026-11-01T00:30:00+08:00' };
    for (const [caseId, at] of Object.entries(resolvedAt)) {
      const kase = openCase(
        {
          caseId,
          kind: 'visit_overdue',
          householdId: 'H1',
          villageCode: villageA,
          townshipCode: '532931101',
          countyCode: '532931',
          subject: { dueDate: `2026-10-0${caseId === 'BEFORE' ? 1 : 2}` },
          at: '2026-10-20T06:00:00+08:00',
        },
        defaultPolicy,
        calendar,
      );
      await store.commit({ openCases: [kase] });
      await store.commit({
        updateCases: [
          {
            case: {
              ...kase,
              status: 'resolved',
              resolvedAt: at,
              resolution: { reason: 'visited', by: null, manual: false },
            },
            expected: { version: 1, status: 'open' },
          },
        ],
      });
    }

    await runSweep(sweepDeps(store), 'monthly', asOf);

    const report = (await store.reports.getMonthly<MonthlyReport>(villageA, '2026-11'))?.report;
    expect(report?.cases.resolved.visit_overdue).toEqual({ village: 1, township: 0, county: 0 });
    expect(report?.cases.opened.visit_overdue).toEqual({ village: 0, township: 0, county: 0 });
  });

  it('records the run’s completion once, with the shards’ totals', async () => {
    const { run } = await swept();

    expect(run.completedAt).toBeTruthy();
    expect(run.summary).toMatchObject({ shards: 2, done: 2, failed: 0, households: 3, written: 3 });
  });

  it('running the same sweep again sends nothing and writes nothing', async () => {
    const counting = countingWrites(createMemoryStore());
    await swept(counting.store);
    counting.reset();

    const again = await runSweep(sweepDeps(counting.store), 'monthly', asOf);

    expect(again.started).toMatchObject({ created: false, sent: 0 });
    expect(counting.writes()).toBe(0);
  });

  it('re-assessing an already swept village writes only the shard record', async () => {
    const counting = countingWrites(createMemoryStore());
    const { deps } = await swept(counting.store);
    counting.reset();

    const redo = await sweepVillage(deps, {
      sweepId: 'monthly#replay',
      kind: 'monthly',
      asOf,
      villageCode: villageA,
    });

    expect(redo.result).toMatchObject({ households: 2, written: 0, recordsWritten: 0 });
    expect(counting.writes()).toBe(1);
  });

  describe('a lead raised by the re-assessment (§8 lead_unverified opens with its lead)', () => {
    // Below the monitoring line, not monitored: the re-assessment raises a lead (L1) awaiting verification.
    const withLead = () =>
      aHousehold({
        householdId: 'L1',
        villageCode: villageA,
        ...onePerson({ wageIncome: yuan(5_000), priorYearNetIncome: yuan(9_000) }),
      });
    const msg = { sweepId: `monthly#${asOf}`, kind: 'monthly' as const, asOf, villageCode: villageA };

    async function sweptWithLead(store: Store = createMemoryStore()) {
      await seed(store, [...households(), withLead()]);
      const deps = sweepDeps(store);
      await runSweep(deps, 'monthly', asOf);
      return { store, deps };
    }

    it('opens one lead_unverified case at the sweep’s as-of, with the household’s write', async () => {
      const { store } = await sweptWithLead();

      const household = (await store.households.get('L1'))!;
      const cases = await store.cases.openCasesForHousehold('L1');
      expect(cases.map((c) => ({ kind: c.kind, openedAt: c.openedAt, leadId: c.subject.leadId }))).toEqual([
        { kind: 'lead_unverified', openedAt: asOf, leadId: household.lead?.leadId },
      ]);
      const history = await store.audit.history('L1');
      expect(history.items.filter((e) => e.type === 'case_opened').map((e) => e.caseId)).toEqual([
        cases[0]?.caseId,
      ]);
    });

    it('counts the opened case in the village recount', async () => {
      const { store } = await sweptWithLead();

      const counts = await store.counters.unitCounts(villageA);

      expect(counts.values['casesByKind.lead_unverified']).toBe(1);
    });

    it('keeps one case when the shard is redone and the sweep run again', async () => {
      const { store, deps } = await sweptWithLead();

      await sweepVillage(deps, { ...msg, sweepId: 'monthly#replay' });
      await runSweep(deps, 'monthly', asOf);

      expect((await store.cases.openCasesForHousehold('L1')).map((c) => c.kind)).toEqual(['lead_unverified']);
      expect((await store.counters.unitCounts(villageA)).values['casesByKind.lead_unverified']).toBe(1);
    });

    it('keeps one case when a shard that crashed after the household’s write is redone', async () => {
      const store = createMemoryStore();
      await seed(store, [...households(), withLead()]);
      let crash = true;
      const crashing: Store = {
        ...store,
        commitMany: async (changes, o) => {
          const outcomes = await store.commitMany(changes, o);
          if (crash) {
            crash = false;
            throw new Error('worker crashed');
          }
          return outcomes;
        },
      };
      const deps = sweepDeps(crashing);

      await expect(sweepVillage(deps, msg)).rejects.toThrow('worker crashed');
      await sweepVillage(deps, msg);

      expect((await store.cases.openCasesForHousehold('L1')).map((c) => c.kind)).toEqual(['lead_unverified']);
      expect((await store.counters.unitCounts(villageA)).values['casesByKind.lead_unverified']).toBe(1);
    });

    it('writes the household without a second case when the lead’s dedup key is already held', async () => {
      const store = createMemoryStore();
      await seed(store, [...households(), withLead()]);
      const leadId = `L1#assessment#${asOf}`;
      const held = openCase(
        {
          caseId: 'HELD',
          kind: 'lead_unverified',
          householdId: 'L1',
          villageCode: villageA,
          townshipCode: '532931101',
          countyCode: '532931',
          subject: { leadId, source: 'assessment' },
          at: asOf,
        },
        defaultPolicy,
        calendar,
      );
      await store.commit({ openCases: [held] });

      await runSweep(sweepDeps(store), 'monthly', asOf);

      expect((await store.households.get('L1'))?.lead?.leadId).toBe(leadId);
      expect((await store.cases.openCasesForHousehold('L1')).map((c) => c.caseId)).toEqual(['HELD']);
    });

    it('the next daily sweep sees the case again instead of opening a second', async () => {
      const { store, deps } = await sweptWithLead();

      await runSweep(deps, 'daily', '2026-12-02T02:00:00+08:00');

      const cases = await store.cases.openCasesForHousehold('L1');
      expect(cases.map((c) => [c.kind, c.openedAt])).toEqual([['lead_unverified', asOf]]);
    });
  });

  it('a shard that crashed half-way is redone without duplicate events or counts', async () => {
    const store = createMemoryStore();
    await seed(store, households());
    let crash = true;
    const crashing: Store = {
      ...store,
      commitMany: async (changes, o) => {
        if (!crash) return store.commitMany(changes, o);
        crash = false;
        await store.commitMany(changes.slice(0, 1), o);
        throw new Error('worker crashed');
      },
    };
    const deps = sweepDeps(crashing);
    const msg = { sweepId: `monthly#${asOf}`, kind: 'monthly' as const, asOf, villageCode: villageA };

    await expect(sweepVillage(deps, msg)).rejects.toThrow('worker crashed');
    const redo = await sweepVillage(deps, msg);

    expect(redo.result.written).toBe(1);
    const history = await store.audit.history('H1');
    const ids = history.items.map((e) => e.eventId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(history.items.filter((e) => e.type === 'assessed')).toHaveLength(1);
    expect((await store.counters.unitCounts(villageA)).values.households).toBe(2);
  });

  it('a visit recorded while the sweep assesses the household is kept, and the household re-assessed', async () => {
    const store = createMemoryStore();
    await seed(store, households());
    let visited = false;
    const racing: Store = {
      ...store,
      households: {
        ...store.households,
        async *listVillage(v, size) {
          for await (const page of store.households.listVillage(v, size)) {
            if (!visited && v === villageA) {
              visited = true;
              const h = (await store.households.get('H1'))!;
              await store.commit({
                households: [
                  { household: { ...h, lastHomeVisit: '2026-11-30' }, expectedVersion: h.version },
                ],
              });
            }
            yield page;
          }
        },
      },
    };
    const deps = sweepDeps(racing);

    const done = await sweepVillage(deps, {
      sweepId: `monthly#${asOf}`,
      kind: 'monthly',
      asOf,
      villageCode: villageA,
    });

    const h1 = (await store.households.get('H1'))!;
    expect(done.result.conflicts).toBeGreaterThan(0);
    expect(h1.lastHomeVisit).toBe('2026-11-30');
    expect(h1.assessment?.assessedAt).toBe(asOf);
  });

  it('counts visits, not households, in the report: a red household needs a visit for each due date in the month', async () => {
    const store = createMemoryStore();
    // Red (P far below the poverty line), visited at home on 25 Oct, 8 Nov and (late) 24 Nov: its due
    // dates in November are 8 and 22 Nov, both answered; a phone call on 15 Nov does not count for red.
    const red = aMonitoredHousehold({
      householdId: 'R1',
      villageCode: villageA,
      ...onePerson({ wageIncome: yuan(2_000), priorYearNetIncome: yuan(2_000) }),
      measures: [aMeasure()],
      visitClass: 'red',
      classSince: '2026-06-01',
      lastHomeVisit: '2026-11-24',
      lastContact: '2026-11-24',
    });
    await seed(store, [red]);
    const visit = (date: string, method: 'home' | 'phone') => ({
      visitId: `V-${date}`,
      householdId: 'R1',
      date,
      method,
      visitor: '村干部',
      findings: '走访',
      recordedAt: `${date}T10:00:00+08:00`,
    });
    await store.append({
      visits: [
        visit('2026-10-25', 'home'),
        visit('2026-11-08', 'home'),
        visit('2026-11-15', 'phone'),
        visit('2026-11-24', 'home'),
      ],
    });
    await runSweep(sweepDeps(store), 'monthly', asOf);
    const report = (await store.reports.getMonthly<MonthlyReport>(villageA, '2026-11'))!.report;
    expect(report.visits.byClass.red).toMatchObject({ required: 2, done: 2 });
  });
});
