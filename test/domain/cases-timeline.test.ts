// Daily sweeps at 06:00 over eight weeks around 中秋 and 国庆 2026 (中秋 9月25日–27日; 国庆 10月1日–7日,
// 9月20日（周日）、10月10日（周六）上班), checking each case's level day by day.
import { describe, expect, it } from 'vitest';
import { acknowledge, advanceCase, openCase, resolveCase } from '../../lib/domain/cases';
import type { Case, CaseLevel, LevelAt } from '../../lib/domain/model';
import { defaultPolicy } from '../../lib/domain/policy';
import { addDays } from '../../lib/domain/time';
import { officialCalendar as calendar, units } from '../builders/case';

const sweep = (date: string) => `${date}T06:00:00+08:00`;

type Name = 'A' | 'B' | 'C' | 'D' | 'E';

interface Scenario {
  opens: Record<Name, { at: string; open: () => Case }>;
  /** Level changes as the sweeps must make them: [from this sweep's date on, level]. */
  expected: Record<Name, [string, CaseLevel | 'resolved'][]>;
}

function open(
  caseId: string,
  kind: Case['kind'],
  householdId: string,
  subject: Record<string, string>,
  at: string,
) {
  return () =>
    openCase(
      {
        caseId,
        kind,
        householdId,
        villageCode: units.village,
        townshipCode: units.township,
        countyCode: units.county,
        subject,
        at,
      },
      defaultPolicy,
      calendar,
    );
}

const scenario: Scenario = {
  opens: {
    // Friday; village window counts 9-20 (adjusted Sunday), 9-21, 9-22.
    A: {
      at: sweep('2026-09-18'),
      open: open(
        'A',
        'visit_overdue',
        'H-A',
        { dueDate: '2026-09-17', visitClass: 'red' },
        sweep('2026-09-18'),
      ),
    },
    // Tuesday before 国庆: 9-30, (10-01..07 rest), 10-08, 10-09.
    B: {
      at: sweep('2026-09-29'),
      open: open(
        'B',
        'visit_overdue',
        'H-B',
        { dueDate: '2026-09-28', visitClass: 'red' },
        sweep('2026-09-29'),
      ),
    },
    // A lead the village raised itself at 10:00: same day, so the next morning's sweep escalates it.
    C: {
      at: '2026-09-30T10:00:00+08:00',
      open: open(
        'C',
        'lead_unverified',
        'H-C',
        { leadId: 'L-C', source: 'village' },
        '2026-09-30T10:00:00+08:00',
      ),
    },
    // Opened by the sweep on a holiday (10-02); 2 working days: 10-08, 10-09.
    D: {
      at: sweep('2026-10-02'),
      open: open('D', 'contact_missing', 'H-D', { monitoredSince: '2026-09-30' }, sweep('2026-10-02')),
    },
    // Resolved by a visit before its deadline (10-12).
    E: {
      at: sweep('2026-10-08'),
      open: open(
        'E',
        'visit_overdue',
        'H-E',
        { dueDate: '2026-10-07', visitClass: 'blue' },
        sweep('2026-10-08'),
      ),
    },
  },
  expected: {
    // township: 9-23, 9-24, (中秋 9-25..27), 9-28, 9-29, 9-30 → county
    A: [
      ['2026-09-18', 'village'],
      ['2026-09-22', 'township'],
      ['2026-09-30', 'county'],
    ],
    // township: 10-10 (adjusted Saturday), 10-12, 10-13, 10-14, 10-15 → county
    B: [
      ['2026-09-29', 'village'],
      ['2026-10-09', 'township'],
      ['2026-10-15', 'county'],
    ],
    // township from the 10-01 sweep: 10-08, 10-09, 10-10, 10-12, 10-13 → county
    C: [
      ['2026-10-01', 'township'],
      ['2026-10-13', 'county'],
    ],
    D: [
      ['2026-10-02', 'village'],
      ['2026-10-09', 'township'],
      ['2026-10-15', 'county'],
    ],
    E: [
      ['2026-10-08', 'village'],
      ['2026-10-10', 'resolved'],
    ],
  },
};

function expectedLevel(name: Name, date: string): CaseLevel | 'resolved' | null {
  let level: CaseLevel | 'resolved' | null = null;
  for (const [from, l] of scenario.expected[name]) if (date >= from) level = l;
  return level;
}

function run() {
  const cases = new Map<Name, Case>();
  const observed: Record<string, Record<string, string | null>> = {};
  const expected: Record<string, Record<string, string | null>> = {};
  const escalations: Record<string, LevelAt[]> = {};
  for (let date = '2026-09-14'; date <= '2026-11-10'; date = addDays(date, 1)) {
    const asOf = sweep(date);
    // Between yesterday's sweep and this one: C opens (API change), D is acknowledged, E is visited.
    for (const [name, { at, open: make }] of Object.entries(scenario.opens) as [
      Name,
      Scenario['opens'][Name],
    ][]) {
      if (at <= asOf && !cases.has(name)) cases.set(name, make());
    }
    const d = cases.get('D');
    if (date === '2026-10-09' && d && d.acknowledgements.length === 0) {
      cases.set('D', acknowledge(d, 'village-officer-1', '正在安排联系人', '2026-10-08T09:00:00+08:00'));
    }
    const e = cases.get('E');
    if (date === '2026-10-10' && e?.status === 'open') {
      cases.set(
        'E',
        resolveCase(e, {
          at: '2026-10-09T15:00:00+08:00',
          reason: 'visit recorded',
          by: null,
          manual: false,
        }),
      );
    }
    // The sweep.
    for (const [name, kase] of cases) {
      const { case: next, escalated } = advanceCase(kase, asOf, calendar);
      cases.set(name, next);
      if (escalated) escalations[name] = [...(escalations[name] ?? []), escalated];
    }
    observed[date] = {};
    expected[date] = {};
    for (const name of Object.keys(scenario.opens) as Name[]) {
      const kase = cases.get(name);
      (observed[date] as Record<string, string | null>)[name] =
        kase === undefined ? null : kase.status === 'resolved' ? 'resolved' : kase.level;
      (expected[date] as Record<string, string | null>)[name] = expectedLevel(name, date);
    }
  }
  return { cases, observed, expected, escalations };
}

describe('daily sweeps around 国庆 2026', () => {
  const result = run();

  it('puts every case at the expected level after every daily sweep', () => {
    expect(result.observed).toEqual(result.expected);
  });

  it('escalates exactly on the deadlines, at the sweeps’ as-of times, one level at a time', () => {
    expect(result.escalations).toEqual({
      A: [
        { level: 'township', at: sweep('2026-09-22') },
        { level: 'county', at: sweep('2026-09-30') },
      ],
      B: [
        { level: 'township', at: sweep('2026-10-09') },
        { level: 'county', at: sweep('2026-10-15') },
      ],
      C: [
        { level: 'township', at: sweep('2026-10-01') },
        { level: 'county', at: sweep('2026-10-13') },
      ],
      D: [
        { level: 'township', at: sweep('2026-10-09') },
        { level: 'county', at: sweep('2026-10-15') },
      ],
    });
  });

  it('records the same escalations on the cases, and keeps county cases open with no deadline', () => {
    for (const name of ['A', 'B', 'C', 'D'] as const) {
      const kase = result.cases.get(name) as Case;
      expect(kase.escalations).toEqual(result.escalations[name]);
      expect(kase).toMatchObject({ status: 'open', level: 'county', unitCode: units.county, deadline: null });
    }
  });

  it('still escalates the acknowledged case on time', () => {
    const d = result.cases.get('D') as Case;
    expect(d.acknowledgements).toHaveLength(1);
    expect(d.escalations[0]?.at).toBe(sweep('2026-10-09'));
  });

  it('never escalates the case resolved before its deadline', () => {
    expect(result.cases.get('E')).toMatchObject({ status: 'resolved', level: 'village', escalations: [] });
  });

  it('replaying every sweep gives the same cases (deterministic)', () => {
    expect(run().cases).toEqual(result.cases);
  });
});
