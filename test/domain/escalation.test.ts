import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allowsManualResolve,
  caseDedupKey,
  caseKindRules,
  deadlineAt,
  plannedEscalations,
  snapshotForCase,
  snapshotPolicy,
} from '../../lib/domain/escalation';
import { type CaseKind, caseKinds } from '../../lib/domain/model';
import { defaultPolicy, type Policy } from '../../lib/domain/policy';
import { parseInstant, toLocal } from '../../lib/domain/time';
import { type CalendarWarning, WorkingDayCalendar } from '../../lib/domain/working-days';
import { aCase } from '../builders/case';

const tz = 'Asia/Shanghai';
const calendar = WorkingDayCalendar.chinaOfficial();

const withWindows = (escalation: Partial<Policy['escalation']>): Policy => ({
  ...defaultPolicy,
  version: 'test',
  escalation: { ...defaultPolicy.escalation, ...escalation },
});

describe('deadlineAt', () => {
  it('spec §8 example: opened Wednesday 2 Dec 2020 06:00 with 3 working days → Monday 7 Dec 06:00', () => {
    const warnings: CalendarWarning[] = [];
    const cal = WorkingDayCalendar.chinaOfficial({ onWarning: (w) => warnings.push(w) });
    expect(deadlineAt('2020-12-02T06:00:00+08:00', 3, cal, tz)).toBe('2020-12-07T06:00:00.000+08:00');
    expect(warnings.map((w) => w.year)).toEqual([2020]);
  });

  it('reads the reaching instant in local time (22:30 UTC on 1 Dec is 06:30 on 2 Dec in Shanghai)', () => {
    expect(deadlineAt('2020-12-01T22:30:00Z', 3, calendar, tz)).toBe('2020-12-07T06:30:00.000+08:00');
  });

  it('never counts the reaching date, even when it is a rest day (opened Saturday 2026-10-03 → 10-08)', () => {
    expect(deadlineAt('2026-10-03T06:00:00+08:00', 1, calendar, tz)).toBe('2026-10-08T06:00:00.000+08:00');
  });

  it('counts an adjusted working Sunday (opened Friday 2026-09-18 06:00 + 3 → Tuesday 09-22)', () => {
    expect(deadlineAt('2026-09-18T06:00:00+08:00', 3, calendar, tz)).toBe('2026-09-22T06:00:00.000+08:00');
  });

  it('N = 0 ("same day"): the end of the same local day, so the next morning’s sweep escalates', () => {
    expect(deadlineAt('2026-09-30T10:00:00+08:00', 0, calendar, tz)).toBe('2026-09-30T23:59:59.999+08:00');
    expect(deadlineAt('2026-10-03T10:00:00+08:00', 0, calendar, tz)).toBe('2026-10-03T23:59:59.999+08:00');
  });

  it('refuses a negative or fractional window', () => {
    expect(() => deadlineAt('2026-09-30T10:00:00+08:00', -1, calendar, tz)).toThrow(RangeError);
    expect(() => deadlineAt('2026-09-30T10:00:00+08:00', 1.5, calendar, tz)).toThrow(RangeError);
  });

  describe('properties (2024–2026)', () => {
    // Any instant from 2024-01-01 to about 2026-12-10, to the millisecond.
    const reached = fc
      .integer({ min: Date.parse('2024-01-01T00:00:00+08:00'), max: Date.parse('2026-12-10T00:00:00+08:00') })
      .map((ms) => new Date(ms).toISOString());
    const n = fc.integer({ min: 1, max: 20 });

    it('falls on a working day at the same local time of day (N ≥ 1)', () => {
      fc.assert(
        fc.property(reached, n, (at, days) => {
          const deadline = toLocal(deadlineAt(at, days, calendar, tz), tz);
          return calendar.isWorkingDay(deadline.date) && deadline.timeOfDayMs === toLocal(at, tz).timeOfDayMs;
        }),
      );
    });

    it('falls on a local date after the reaching date (N ≥ 1)', () => {
      fc.assert(
        fc.property(reached, n, (at, days) => {
          return toLocal(deadlineAt(at, days, calendar, tz), tz).date > toLocal(at, tz).date;
        }),
      );
    });

    it('N = 0 falls on the reaching date, at or after the reaching instant', () => {
      fc.assert(
        fc.property(reached, (at) => {
          const deadline = deadlineAt(at, 0, calendar, tz);
          return (
            toLocal(deadline, tz).date === toLocal(at, tz).date && parseInstant(deadline) >= parseInstant(at)
          );
        }),
      );
    });

    it('is monotone in N', () => {
      fc.assert(
        fc.property(reached, fc.integer({ min: 0, max: 20 }), (at, days) => {
          return (
            parseInstant(deadlineAt(at, days, calendar, tz)) <
            parseInstant(deadlineAt(at, days + 1, calendar, tz))
          );
        }),
      );
    });

    it('is exactly N working days after the reaching date', () => {
      fc.assert(
        fc.property(reached, n, (at, days) => {
          const deadline = deadlineAt(at, days, calendar, tz);
          return calendar.workingDaysBetween(toLocal(at, tz).date, toLocal(deadline, tz).date) === days;
        }),
      );
    });
  });
});

describe('case kind table (§8)', () => {
  const opening = (kind: CaseKind, subject: Record<string, string>) => {
    const rule = caseKindRules[kind];
    return [rule.openingLevel(subject), rule.openingWindow(defaultPolicy, subject)];
  };

  it('visit_overdue opens at the village with 3 working days', () => {
    expect(opening('visit_overdue', { dueDate: '2026-09-17' })).toEqual(['village', 3]);
  });

  it('lead_unverified opens at the village with 3 working days, 0 for leads the village raised itself', () => {
    expect(opening('lead_unverified', { leadId: 'L1', source: 'assessment' })).toEqual(['village', 3]);
    expect(opening('lead_unverified', { leadId: 'L1', source: 'alert' })).toEqual(['village', 3]);
    expect(opening('lead_unverified', { leadId: 'L1', source: 'village' })).toEqual(['village', 0]);
  });

  it('measures_missing opens at the village with 3, contact_missing with 2 working days', () => {
    expect(opening('measures_missing', {})).toEqual(['village', 3]);
    expect(opening('contact_missing', {})).toEqual(['village', 2]);
  });

  it('review_overdue opens at the step’s level with that level’s window', () => {
    expect(opening('review_overdue', { step: 'village_review' })).toEqual(['village', 3]);
    expect(opening('review_overdue', { step: 'township_review' })).toEqual(['township', 5]);
    expect(opening('review_overdue', { step: 'township_elimination_review' })).toEqual(['township', 5]);
    expect(caseKindRules.review_overdue.openingLevel({ step: 'county_confirm' })).toBe('county');
  });

  it('report_overdue opens at the township with the township window', () => {
    expect(opening('report_overdue', { month: '2026-08' })).toEqual(['township', 5]);
  });

  it('allows a manual resolve only for measures_missing, review_overdue and alert_followup (D11)', () => {
    expect(caseKinds.filter(allowsManualResolve)).toEqual([
      'measures_missing',
      'review_overdue',
      'alert_followup',
    ]);
  });

  it('builds the dedup keys: household (D10 visit episode) / + lead / + step, household alone, township + month', () => {
    expect(caseDedupKey('visit_overdue', 'H1', { dueDate: '2026-12-01', visitClass: 'red' })).toBe(
      'visit_overdue#H1',
    );
    expect(caseDedupKey('lead_unverified', 'H1', { leadId: 'L7', source: 'alert' })).toBe(
      'lead_unverified#H1#L7',
    );
    expect(caseDedupKey('measures_missing', 'H1', { monitoredSince: '2026-01-01' })).toBe(
      'measures_missing#H1',
    );
    expect(caseDedupKey('contact_missing', 'H1', {})).toBe('contact_missing#H1');
    expect(caseDedupKey('review_overdue', 'H1', { step: 'township_review' })).toBe(
      'review_overdue#H1#township_review',
    );
    expect(caseDedupKey('report_overdue', '532931101', { month: '2026-08' })).toBe(
      'report_overdue#532931101#2026-08',
    );
  });

  it('refuses a dedup key without its subject field', () => {
    expect(() => caseDedupKey('lead_unverified', 'H1', { source: 'alert' })).toThrow(RangeError);
  });
});

describe('policy snapshot', () => {
  it('copies id, version, timezone and the village/township windows; county stays (null)', () => {
    expect(snapshotPolicy(defaultPolicy)).toEqual({
      policyId: 'default',
      policyVersion: defaultPolicy.version,
      timezone: 'Asia/Shanghai',
      windows: { village: 3, township: 5, county: null },
    });
  });

  it('puts the kind’s own window at its opening level (contact_missing: village 2)', () => {
    expect(snapshotForCase(defaultPolicy, 'contact_missing', {}).windows).toEqual({
      village: 2,
      township: 5,
      county: null,
    });
  });

  it('is not affected by a later edit of the policy it was copied from', () => {
    const policy = withWindows({ villageWindowDays: 3, townshipWindowDays: 5 });
    const kase = aCase({}, policy);
    policy.escalation.villageWindowDays = 1;
    policy.escalation.townshipWindowDays = 1;
    expect(kase.policy.windows).toEqual({ village: 3, township: 5, county: null });
    expect(kase.policy.policyVersion).toBe('test');
  });
});

describe('plannedEscalations', () => {
  it('lists township then county if nothing happens (opened Friday 2026-09-18 06:00)', () => {
    // village: 9-20 (调休 Sunday), 9-21, 9-22 → township; township: 9-23, 9-24, (中秋 9-25..27), 9-28, 9-29, 9-30
    expect(aCase().plannedEscalations).toEqual([
      { level: 'township', at: '2026-09-22T06:00:00.000+08:00' },
      { level: 'county', at: '2026-09-30T06:00:00.000+08:00' },
    ]);
  });

  it('counts each planned step from the previous deadline', () => {
    const kase = aCase();
    const [first] = kase.plannedEscalations;
    expect(kase.plannedEscalations[1]?.at).toBe(deadlineAt(first?.at as string, 5, calendar, tz));
  });

  it('is empty at the county', () => {
    const atCounty = { level: 'county' as const, deadline: null, policy: snapshotPolicy(defaultPolicy) };
    expect(plannedEscalations(atCounty, calendar)).toEqual([]);
  });

  it('plans a same-day lead’s township step at the end of its day', () => {
    const kase = aCase({
      kind: 'lead_unverified',
      subject: { leadId: 'L-9', source: 'village' },
      at: '2026-09-30T10:00:00+08:00',
    });
    expect(kase.plannedEscalations).toEqual([
      { level: 'township', at: '2026-09-30T23:59:59.999+08:00' },
      { level: 'county', at: '2026-10-13T23:59:59.999+08:00' },
    ]);
  });
});
