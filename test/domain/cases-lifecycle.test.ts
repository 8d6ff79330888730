import { describe, expect, it } from 'vitest';
import {
  acknowledge,
  advanceCase,
  caseAgeInWorkingDays,
  resolveCase,
  seeAgain,
} from '../../lib/domain/cases';
import { DomainError } from '../../lib/domain/errors';
import type { Case, CaseKind } from '../../lib/domain/model';
import { aCase, officialCalendar as calendar, units } from '../builders/case';

const sweep = (date: string) => `${date}T06:00:00+08:00`;

describe('openCase', () => {
  it('opens a visit_overdue case at the village with its deadline, planned escalations and lastSeen', () => {
    const kase = aCase();
    expect(kase).toMatchObject({
      kind: 'visit_overdue',
      dedupKey: 'visit_overdue#H-0001',
      level: 'village',
      unitCode: units.village,
      status: 'open',
      openedAt: sweep('2026-09-18'),
      lastSeen: sweep('2026-09-18'),
      levelSince: sweep('2026-09-18'),
      deadline: '2026-09-22T06:00:00.000+08:00',
      escalations: [],
      acknowledgements: [],
      resolvedAt: null,
      resolution: null,
    });
  });

  it('opens a report_overdue case at the township, with no household and the township window', () => {
    const kase = aCase({ kind: 'report_overdue', at: sweep('2026-09-04') });
    expect(kase).toMatchObject({
      dedupKey: `report_overdue#${units.township}#2026-08`,
      householdId: null,
      level: 'township',
      unitCode: units.township,
      // 9-07 … 9-11 are five working days after Friday 9-04
      deadline: '2026-09-11T06:00:00.000+08:00',
      plannedEscalations: [{ level: 'county', at: '2026-09-11T06:00:00.000+08:00' }],
    });
  });

  it('opens a review_overdue case for a county step at the county, where it stays (no deadline)', () => {
    const kase = aCase({
      kind: 'review_overdue',
      subject: { step: 'county_confirm', procedure: 'identification', since: '2026-09-01T10:00:00+08:00' },
    });
    expect(kase).toMatchObject({
      level: 'county',
      unitCode: units.county,
      deadline: null,
      plannedEscalations: [],
    });
  });

  it('opens a contact_missing case with the 2-working-day window', () => {
    expect(aCase({ kind: 'contact_missing' }).deadline).toBe('2026-09-21T06:00:00.000+08:00');
  });

  it('refuses a village-level case without a village code', () => {
    expect(() => aCase({ villageCode: null })).toThrow(RangeError);
  });
});

describe('advanceCase', () => {
  it('does nothing before the deadline', () => {
    const kase = aCase();
    expect(advanceCase(kase, sweep('2026-09-21'), calendar)).toEqual({ case: kase, escalated: null });
  });

  it('escalates one level at the first sweep at the deadline, counting the next window from that sweep', () => {
    const { case: next, escalated } = advanceCase(aCase(), sweep('2026-09-22'), calendar);
    expect(escalated).toEqual({ level: 'township', at: sweep('2026-09-22') });
    expect(next).toMatchObject({
      level: 'township',
      unitCode: units.township,
      levelSince: sweep('2026-09-22'),
      deadline: '2026-09-30T06:00:00.000+08:00',
      escalations: [{ level: 'township', at: sweep('2026-09-22') }],
      plannedEscalations: [{ level: 'county', at: '2026-09-30T06:00:00.000+08:00' }],
    });
  });

  it('escalates at a sweep after the deadline (a missed sweep) and counts from that later sweep', () => {
    const { case: next } = advanceCase(aCase(), sweep('2026-09-24'), calendar);
    // 9-28, 9-29, 9-30, 10-08, 10-09
    expect(next.deadline).toBe('2026-10-09T06:00:00.000+08:00');
  });

  it('never climbs two levels in one sweep, even long after both deadlines', () => {
    const once = advanceCase(aCase(), sweep('2026-11-30'), calendar);
    const twice = advanceCase(once.case, sweep('2026-11-30'), calendar);
    expect(once.case.level).toBe('township');
    expect(twice).toEqual({ case: once.case, escalated: null });
  });

  it('is idempotent for a same-day (N = 0) window reached at the very end of the day', () => {
    const kase = aCase({
      kind: 'lead_unverified',
      subject: { leadId: 'L-1', source: 'village' },
      at: '2026-09-30T23:59:59.999+08:00',
    });
    expect(advanceCase(kase, '2026-09-30T23:59:59.999+08:00', calendar).escalated).toBeNull();
  });

  it('leaves a county case open and in place', () => {
    const atTownship = advanceCase(aCase(), sweep('2026-09-22'), calendar).case;
    const atCounty = advanceCase(atTownship, sweep('2026-09-30'), calendar).case;
    const later = advanceCase(atCounty, sweep('2026-12-01'), calendar);
    expect(atCounty).toMatchObject({
      level: 'county',
      unitCode: units.county,
      deadline: null,
      plannedEscalations: [],
    });
    expect(later).toEqual({ case: atCounty, escalated: null });
  });

  it('does not escalate a resolved case', () => {
    const resolved = resolveCase(aCase(), {
      at: sweep('2026-09-20'),
      reason: 'visited',
      by: null,
      manual: false,
    });
    expect(advanceCase(resolved, sweep('2026-09-22'), calendar).escalated).toBeNull();
  });

  it('ignores an as-of before the case reached its level (an older sweep replayed)', () => {
    const atTownship = advanceCase(aCase(), sweep('2026-09-22'), calendar).case;
    expect(advanceCase(atTownship, sweep('2026-09-21'), calendar).case).toBe(atTownship);
  });
});

describe('seeAgain', () => {
  it('updates lastSeen only', () => {
    const kase = aCase();
    const seen = seeAgain(kase, sweep('2026-09-19'));
    expect(seen).toEqual({ ...kase, lastSeen: sweep('2026-09-19') });
  });

  it('never moves lastSeen back', () => {
    const seen = seeAgain(aCase(), sweep('2026-09-19'));
    expect(seeAgain(seen, sweep('2026-09-18')).lastSeen).toBe(sweep('2026-09-19'));
  });
});

describe('acknowledge', () => {
  it('records who handles the case', () => {
    const kase = acknowledge(aCase(), 'village-officer-1', '明天入户', '2026-09-19T09:00:00+08:00');
    expect(kase.acknowledgements).toEqual([
      { by: 'village-officer-1', at: '2026-09-19T09:00:00+08:00', note: '明天入户' },
    ]);
  });

  it('does not stop or delay escalation', () => {
    const kase = aCase();
    const acked = acknowledge(kase, 'village-officer-1', '', '2026-09-19T09:00:00+08:00');
    expect(acked.deadline).toBe(kase.deadline);
    expect(advanceCase(acked, sweep('2026-09-22'), calendar).escalated).toEqual({
      level: 'township',
      at: sweep('2026-09-22'),
    });
  });

  it('refuses a resolved case', () => {
    const resolved = resolveCase(aCase(), {
      at: sweep('2026-09-20'),
      reason: 'visited',
      by: null,
      manual: false,
    });
    expect(() => acknowledge(resolved, 'x', '', sweep('2026-09-21'))).toThrow(DomainError);
  });
});

describe('resolveCase', () => {
  const kinds: CaseKind[] = [
    'visit_overdue',
    'lead_unverified',
    'measures_missing',
    'contact_missing',
    'review_overdue',
    'report_overdue',
  ];
  const manual = {
    at: sweep('2026-09-20'),
    reason: '户主外出务工，已电话核实',
    by: 'county-admin-1',
    manual: true,
  };

  it('resolves by the clearing condition for every kind', () => {
    for (const kind of kinds) {
      const resolved = resolveCase(aCase({ kind }), {
        at: sweep('2026-09-20'),
        reason: 'cleared',
        by: null,
        manual: false,
      });
      expect(resolved).toMatchObject({
        status: 'resolved',
        resolvedAt: sweep('2026-09-20'),
        resolution: { reason: 'cleared', by: null, manual: false },
        deadline: null,
        plannedEscalations: [],
      });
    }
  });

  it('allows a manual resolve with a reason for measures_missing and review_overdue', () => {
    for (const kind of ['measures_missing', 'review_overdue'] as const) {
      expect(resolveCase(aCase({ kind }), manual).resolution).toEqual({
        reason: manual.reason,
        by: 'county-admin-1',
        manual: true,
      });
    }
  });

  it('refuses a manual resolve for visit_overdue, lead_unverified, contact_missing and report_overdue', () => {
    for (const kind of ['visit_overdue', 'lead_unverified', 'contact_missing', 'report_overdue'] as const) {
      expect(() => resolveCase(aCase({ kind }), manual)).toThrow(
        expect.objectContaining({ code: 'transition_not_allowed' }),
      );
    }
  });

  it('refuses a manual resolve without a reason', () => {
    expect(() => resolveCase(aCase({ kind: 'measures_missing' }), { ...manual, reason: '  ' })).toThrow(
      expect.objectContaining({ code: 'validation_failed' }),
    );
  });

  it('refuses to resolve a case twice', () => {
    const resolved: Case = resolveCase(aCase(), {
      at: sweep('2026-09-20'),
      reason: 'visited',
      by: null,
      manual: false,
    });
    expect(() => resolveCase(resolved, { ...manual, manual: false })).toThrow(
      expect.objectContaining({ code: 'conflict' }),
    );
  });
});

describe('caseAgeInWorkingDays', () => {
  it('counts working days after the opening date up to the as-of date (2026-09-18 → 10-09: 10)', () => {
    // 9-20 (调休), 21, 22, 23, 24, 28, 29, 30, 10-08, 10-09; 9-25..27 中秋 and 10-01..07 国庆 rest
    expect(caseAgeInWorkingDays(aCase(), sweep('2026-10-09'), calendar)).toBe(10);
  });

  it('is 0 on the opening day', () => {
    expect(caseAgeInWorkingDays(aCase(), '2026-09-18T20:00:00+08:00', calendar)).toBe(0);
  });
});
