import { describe, expect, it } from 'vitest';
import {
  detectHouseholdCases,
  detectReportOverdue,
  isCleared,
  isReportCaseCleared,
  reportDueDate,
} from '../../lib/domain/cases';
import type { Household } from '../../lib/domain/model';
import { defaultPolicy } from '../../lib/domain/policy';
import { WorkingDayCalendar } from '../../lib/domain/working-days';
import { aCase, aCaseHousehold, officialCalendar as calendar, units } from '../builders/case';

const sweep = (date: string) => `${date}T06:00:00+08:00`;
const ctx = (date: string) => ({ asOf: sweep(date), policy: defaultPolicy, calendar });
const kinds = (h: Household, date: string) => detectHouseholdCases(h, ctx(date)).map((d) => d.kind);

describe('detectHouseholdCases', () => {
  it('finds nothing for a household with visits, a contact and a measure up to date', () => {
    expect(detectHouseholdCases(aCaseHousehold(), ctx('2026-09-18'))).toEqual([]);
  });

  describe('visit_overdue (§7: overdue when today > next due)', () => {
    const h = aCaseHousehold({ visitClass: 'red', nextVisitDue: '2026-09-17' });

    it('is not overdue on the due date itself', () => {
      expect(kinds(h, '2026-09-17')).toEqual([]);
    });

    it('D10 opens the day after, keyed by the household, with the due date and the visits known', () => {
      expect(detectHouseholdCases(h, ctx('2026-09-18'))).toEqual([
        {
          kind: 'visit_overdue',
          dedupKey: 'visit_overdue#H-0001',
          subject: {
            dueDate: '2026-09-17',
            visitClass: 'red',
            lastHomeVisit: h.lastHomeVisit ?? '',
            lastContact: h.lastContact ?? '',
          },
        },
      ]);
    });

    it('uses the local date of the as-of (23:30 UTC on 17 Sep is 18 Sep in Shanghai)', () => {
      const found = detectHouseholdCases(h, { ...ctx('2026-09-17'), asOf: '2026-09-17T23:30:00Z' });
      expect(found.map((d) => d.kind)).toEqual(['visit_overdue']);
    });

    it('gives the same key on a repeat detection (the sweep updates lastSeen, never opens a second case)', () => {
      const [first] = detectHouseholdCases(h, ctx('2026-09-18'));
      const [again] = detectHouseholdCases(h, ctx('2026-09-25'));
      expect(again?.dedupKey).toBe(first?.dedupKey);
    });

    it('ignores a household without a visit class', () => {
      expect(kinds({ ...h, visitClass: null }, '2026-09-18')).toEqual([]);
    });
  });

  describe('lead_unverified', () => {
    const h = aCaseHousehold({
      status: 'candidate',
      candidateFrom: 'none',
      monitoredSince: null,
      visitClass: null,
      nextVisitDue: null,
      lead: {
        leadId: 'L-7',
        source: 'alert',
        rules: [],
        proposedCategory: 'edge',
        raisedAt: sweep('2026-09-16'),
      },
      procedure: { kind: 'identification', awaiting: 'verify', since: sweep('2026-09-16') },
    });

    it('opens while the verify step is awaited, keyed by household and lead id', () => {
      expect(detectHouseholdCases(h, ctx('2026-09-16'))).toEqual([
        {
          kind: 'lead_unverified',
          dedupKey: 'lead_unverified#H-0001#L-7',
          subject: { leadId: 'L-7', source: 'alert' },
        },
      ]);
    });

    it('does not also open review_overdue for the verify step, however long it waits', () => {
      expect(kinds(h, '2026-11-30')).toEqual(['lead_unverified']);
    });

    it('stops once verified (the procedure moved on)', () => {
      const verified = {
        ...h,
        procedure: { ...h.procedure, awaiting: 'village_review' as const },
      } as Household;
      expect(kinds(verified, '2026-09-17')).toEqual([]);
    });
  });

  describe('measures_missing (000 L583: measures within 1 month)', () => {
    const h = aCaseHousehold({ monitoredSince: '2026-08-31', measures: [] });

    it('does not open before one month of monitoring', () => {
      expect(kinds(h, '2026-09-29')).not.toContain('measures_missing');
    });

    it('opens at one month (month-end clamped: 08-31 + P1M = 09-30) with no measure, keyed by household', () => {
      const found = detectHouseholdCases(h, ctx('2026-09-30')).find((d) => d.kind === 'measures_missing');
      expect(found?.dedupKey).toBe('measures_missing#H-0001');
    });

    it('does not count a measure that starts in the future', () => {
      const planned = aCaseHousehold({
        monitoredSince: '2026-08-31',
        measures: [
          {
            measureId: 'M',
            type: 'employment' as const,
            startDate: '2026-10-15',
            status: 'planned' as const,
          },
        ],
      });
      expect(kinds(planned, '2026-10-01')).toContain('measures_missing');
      expect(kinds(planned, '2026-10-15')).not.toContain('measures_missing');
    });
  });

  describe('contact_missing (000 L267: a contact within 2 days of confirmation)', () => {
    const h = aCaseHousehold({ monitoredSince: '2026-09-15', contact: null });

    it('does not open within the grace days', () => {
      expect(kinds(h, '2026-09-16')).not.toContain('contact_missing');
    });

    it('opens 2 calendar days after confirmation, keyed by household', () => {
      const found = detectHouseholdCases(h, ctx('2026-09-17')).find((d) => d.kind === 'contact_missing');
      expect(found?.dedupKey).toBe('contact_missing#H-0001');
    });

    it('ignores households that are not monitored', () => {
      expect(kinds({ ...h, status: 'eliminated', visitClass: 'watch' }, '2026-09-17')).not.toContain(
        'contact_missing',
      );
    });
  });

  describe('review_overdue (000 L945: a step waiting longer than 5 working days)', () => {
    const since = '2026-09-28T10:00:00+08:00';
    const h = aCaseHousehold({
      status: 'candidate',
      procedure: { kind: 'identification', awaiting: 'township_review', since },
    });

    it('does not open before 5 working days have passed (9-29, 9-30, 10-08, 10-09, 10-10 10:00)', () => {
      expect(kinds(h, '2026-10-10')).not.toContain('review_overdue');
    });

    it('opens at the first sweep after (Sunday 10-11), keyed by household and step', () => {
      const found = detectHouseholdCases(h, ctx('2026-10-11')).find((d) => d.kind === 'review_overdue');
      expect(found).toEqual({
        kind: 'review_overdue',
        dedupKey: 'review_overdue#H-0001#township_review',
        subject: { step: 'township_review', procedure: 'identification', since, stepLevel: 'township' },
      });
    });
  });

  describe('D12 review_overdue after a public notice counts from the day the notice ends', () => {
    // Village review (and the 5-day notice) on Tuesday 1 December 10:00: the notice runs 1–5 December, so the
    // township's 5 working days are 7–11 December, not 2–8 December.
    const since = '2026-12-01T10:00:00+08:00';
    const h = aCaseHousehold({
      status: 'candidate',
      procedure: {
        kind: 'identification',
        awaiting: 'township_review',
        since,
        publicNoticeFrom: '2026-12-01',
      },
    });
    const at = (instant: string) =>
      detectHouseholdCases(h, { ...ctx('2026-12-01'), asOf: instant, today: undefined });

    it('D12 does not open on 8 December, 5 working days after the village review', () => {
      expect(at('2026-12-09T06:00:00+08:00').map((d) => d.kind)).not.toContain('review_overdue');
    });

    it('D12 opens 5 working days after the notice ends (Friday 11 December 10:00)', () => {
      expect(at('2026-12-11T09:59:00+08:00').map((d) => d.kind)).not.toContain('review_overdue');
      expect(at('2026-12-11T10:00:00+08:00').map((d) => d.kind)).toContain('review_overdue');
    });
  });
});

describe('isCleared', () => {
  it('clears visit_overdue when a qualifying visit moves the due date', () => {
    const kase = aCase({ subject: { dueDate: '2026-09-17', visitClass: 'red' } });
    const overdue = aCaseHousehold({ visitClass: 'red', nextVisitDue: '2026-09-17' });
    expect(isCleared(kase, overdue, '2026-09-20')).toBe(false);
    expect(isCleared(kase, { ...overdue, nextVisitDue: '2026-10-03' }, '2026-09-20')).toBe(true);
  });

  it('clears visit_overdue when the household leaves the class', () => {
    const kase = aCase({ subject: { dueDate: '2026-09-17', visitClass: 'red' } });
    expect(isCleared(kase, aCaseHousehold({ visitClass: null, nextVisitDue: null }), '2026-09-20')).toBe(
      true,
    );
    expect(
      isCleared(kase, aCaseHousehold({ visitClass: 'yellow', nextVisitDue: '2026-09-17' }), '2026-09-20'),
    ).toBe(true);
  });

  it('clears lead_unverified when verification is recorded', () => {
    const kase = aCase({ kind: 'lead_unverified', subject: { leadId: 'L-7', source: 'alert' } });
    const lead = {
      leadId: 'L-7',
      source: 'alert' as const,
      rules: [],
      proposedCategory: 'edge' as const,
      raisedAt: sweep('2026-09-16'),
    };
    const waiting = aCaseHousehold({
      lead,
      procedure: { kind: 'identification', awaiting: 'verify', since: sweep('2026-09-16') },
    });
    expect(isCleared(kase, waiting, '2026-09-18')).toBe(false);
    expect(
      isCleared(
        kase,
        {
          ...waiting,
          procedure: { kind: 'identification', awaiting: 'village_review', since: sweep('2026-09-18') },
        },
        '2026-09-18',
      ),
    ).toBe(true);
    expect(isCleared(kase, { ...waiting, lead: null, procedure: null }, '2026-09-18')).toBe(true);
  });

  it('clears measures_missing when a measure has started, or the household is no longer monitored', () => {
    const kase = aCase({ kind: 'measures_missing' });
    const none = aCaseHousehold({ measures: [] });
    expect(isCleared(kase, none, '2026-09-20')).toBe(false);
    expect(isCleared(kase, aCaseHousehold(), '2026-09-20')).toBe(true);
    expect(isCleared(kase, { ...none, status: 'removed' }, '2026-09-20')).toBe(true);
  });

  it('clears contact_missing when a contact is assigned', () => {
    const kase = aCase({ kind: 'contact_missing' });
    expect(isCleared(kase, aCaseHousehold({ contact: null }), '2026-09-20')).toBe(false);
    expect(isCleared(kase, aCaseHousehold(), '2026-09-20')).toBe(true);
  });

  it('clears review_overdue when the step is decided', () => {
    const since = '2026-09-10T10:00:00+08:00';
    const kase = aCase({
      kind: 'review_overdue',
      subject: { step: 'township_review', procedure: 'identification', since },
    });
    const waiting = aCaseHousehold({
      procedure: { kind: 'identification', awaiting: 'township_review', since },
    });
    expect(isCleared(kase, waiting, '2026-09-20')).toBe(false);
    expect(
      isCleared(
        kase,
        {
          ...waiting,
          procedure: { kind: 'identification', awaiting: 'county_confirm', since: sweep('2026-09-19') },
        },
        '2026-09-20',
      ),
    ).toBe(true);
  });

  it('refuses report_overdue (no household): use isReportCaseCleared', () => {
    expect(() => isCleared(aCase({ kind: 'report_overdue' }), aCaseHousehold(), '2026-09-20')).toThrow(
      RangeError,
    );
    expect(isReportCaseCleared(aCase({ kind: 'report_overdue' }), true)).toBe(true);
    expect(isReportCaseCleared(aCase({ kind: 'report_overdue' }), false)).toBe(false);
  });
});

describe('detectReportOverdue (003 "次月3日前", D13)', () => {
  const report = { townshipCode: units.township, month: '2026-11', submitted: false };
  const deployment = WorkingDayCalendar.forDeployment([], 2027);

  it('is due on the 3rd of the next month when that is a working day', () => {
    expect(reportDueDate('2026-11', defaultPolicy, calendar)).toBe('2026-12-03');
  });

  it('is due on the next working day when the 3rd is not one (D13)', () => {
    // 3 October 2026 is in the 国庆 holiday (1–7 October); 3 January 2027 is a Sunday.
    expect(reportDueDate('2026-09', defaultPolicy, calendar)).toBe('2026-10-08');
    expect(reportDueDate('2026-12', defaultPolicy, deployment)).toBe('2027-01-04');
  });

  it('does not open on the due day itself', () => {
    expect(detectReportOverdue(report, ctx('2026-12-03'))).toBeNull();
  });

  it('opens the day after when not submitted, keyed by township and month', () => {
    expect(detectReportOverdue(report, ctx('2026-12-04'))).toEqual({
      kind: 'report_overdue',
      dedupKey: `report_overdue#${units.township}#2026-11`,
      subject: { month: '2026-11' },
    });
  });

  it('waits for the working day after a holiday: the September report is overdue from 9 October 2026', () => {
    const september = { ...report, month: '2026-09' };
    expect(detectReportOverdue(september, ctx('2026-10-04'))).toBeNull();
    expect(detectReportOverdue(september, ctx('2026-10-08'))).toBeNull();
    expect(detectReportOverdue(september, ctx('2026-10-09'))?.kind).toBe('report_overdue');
  });

  it('does not open once submitted', () => {
    expect(detectReportOverdue({ ...report, submitted: true }, ctx('2026-12-04'))).toBeNull();
  });
});

describe('D11 alert_followup', () => {
  const kase = aCase({
    kind: 'alert_followup',
    subject: { alertRef: 'medical_insurance:A1', alertDate: '2026-09-10', department: 'medical_insurance' },
  });

  it('D11 resolves when a visit dated on or after the alert is recorded, not an earlier one', () => {
    const h = aCaseHousehold({ lastHomeVisit: '2026-09-09', lastContact: '2026-09-09' });
    expect(isCleared(kase, h, '2026-09-12')).toBe(false);
    expect(
      isCleared(kase, { ...h, lastHomeVisit: '2026-09-10', lastContact: '2026-09-10' }, '2026-09-12'),
    ).toBe(true);
  });

  it('D11 resolves when the household is no longer followed (removed)', () => {
    expect(isCleared(kase, aCaseHousehold({ status: 'removed', lastContact: null }), '2026-09-12')).toBe(
      true,
    );
  });
});
