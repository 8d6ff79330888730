import { describe, expect, it } from 'vitest';
import { DomainError, type ErrorCode } from '../../lib/domain/errors';
import { raiseLead } from '../../lib/domain/leads';
import type { Household, TransitionAction, UnitLevel } from '../../lib/domain/model';
import { defaultPolicy } from '../../lib/domain/policy';
import { applyTransition, procedureSteps, type TransitionContext } from '../../lib/domain/transitions';
import { aHousehold, aMeasure, aMonitoredHousehold, onePerson } from '../builders/household';

const policy = defaultPolicy;
const at = (date: string) => `${date}T10:00:00+08:00`;
const stable = [true, true, true, true, true, true];

function step(
  h: Household,
  action: TransitionAction,
  role: UnitLevel,
  date = '2026-03-02',
  extra: Partial<TransitionContext> = {},
) {
  return applyTransition(h, action, { role, at: at(date), policy, ...extra });
}

function codeOf(fn: () => unknown): ErrorCode | null {
  try {
    fn();
    return null;
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
}

/** A none household below the monitoring line with a fresh assessment lead. */
const aCandidate = (from: 'none' | 'eliminated' = 'none') =>
  raiseLead(
    aHousehold({
      ...onePerson({ wageIncome: 500_000, priorYearNetIncome: 800_000 }),
      status: from,
      category: 'alleviated',
    }),
    {
      source: 'assessment',
      at: at('2026-03-01'),
      rules: ['L1'],
    },
  ).household;

const verified = () => step(aCandidate(), 'verify', 'village', '2026-03-02').household;
const reviewed = () => step(verified(), 'village_review', 'village', '2026-03-03').household;
const townshipReviewed = () => step(reviewed(), 'township_review', 'township', '2026-03-08').household;

const eligible = () =>
  aMonitoredHousehold({
    measures: [aMeasure()],
    visitClass: 'blue',
    classSince: '2025-06-01',
    lastHomeVisit: '2026-06-20',
  });
const proposed = () =>
  step(eligible(), 'propose_elimination', 'village', '2026-07-01', { recentMonthly: stable }).household;
const townshipApproved = () =>
  step(proposed(), 'township_elimination_review', 'township', '2026-07-06').household;

describe('identification procedure (§6)', () => {
  it('verify moves a lead to village review', () => {
    expect(verified().procedure).toEqual({
      kind: 'identification',
      awaiting: 'village_review',
      since: at('2026-03-02'),
    });
  });

  it('village review starts the public notice and awaits township review', () => {
    const r = step(verified(), 'village_review', 'village', '2026-03-03');
    expect(r.household.procedure).toEqual({
      kind: 'identification',
      awaiting: 'township_review',
      since: at('2026-03-03'),
      publicNoticeFrom: '2026-03-03',
    });
    expect(r.audit.data).toMatchObject({ action: 'village_review', publicNoticeFrom: '2026-03-03' });
  });

  it('township review waits for 5 days of public notice', () => {
    expect(codeOf(() => step(reviewed(), 'township_review', 'township', '2026-03-07'))).toBe(
      'transition_not_allowed',
    );
  });

  it('township review is allowed after 5 days of public notice', () => {
    expect(townshipReviewed().procedure).toMatchObject({
      awaiting: 'county_confirm',
      since: at('2026-03-08'),
    });
  });

  it('county confirmation makes the household monitored in the proposed category and starts visits', () => {
    const r = step(townshipReviewed(), 'county_confirm', 'county', '2026-03-10');
    expect(r.household).toMatchObject({
      status: 'monitored',
      monitoredSince: '2026-03-10',
      category: 'unstable',
      candidateFrom: null,
      lead: null,
      procedure: null,
      visitClass: 'red',
      classSince: '2026-03-10',
      nextVisitDue: '2026-03-24',
    });
    expect(r.household.assessment).toMatchObject({ grade: 'red', matchedRules: ['R5'] });
    expect(r.audit).toMatchObject({
      before: { status: 'candidate' },
      after: { status: 'monitored', procedure: null },
    });
  });
});

describe('elimination procedure (§11)', () => {
  it('the village proposes an eligible household', () => {
    expect(proposed().procedure).toEqual({
      kind: 'elimination',
      awaiting: 'township_elimination_review',
      since: at('2026-07-01'),
      publicNoticeFrom: '2026-07-01',
    });
  });

  it('D4: the village proposes only after a home check (a home visit in the last 30 days)', () => {
    const propose = (lastHomeVisit: string | null) =>
      codeOf(() =>
        step({ ...eligible(), lastHomeVisit }, 'propose_elimination', 'village', '2026-07-01', {
          recentMonthly: stable,
        }),
      );
    expect(propose(null)).toBe('transition_not_allowed');
    expect(propose('2026-05-31')).toBe('transition_not_allowed');
    expect(propose('2026-06-01')).toBeNull();
    expect(propose('2026-07-01')).toBeNull();
  });

  it('D4: the proposal starts the public notice; the township reviews once it has run 5 days', () => {
    expect(codeOf(() => step(proposed(), 'township_elimination_review', 'township', '2026-07-05'))).toBe(
      'transition_not_allowed',
    );
    expect(
      codeOf(() => step(proposed(), 'township_elimination_review', 'township', '2026-07-06')),
    ).toBeNull();
  });

  it('the village may not propose an ineligible household', () => {
    expect(
      codeOf(() =>
        step(eligible(), 'propose_elimination', 'village', '2026-07-01', { recentMonthly: [true] }),
      ),
    ).toBe('not_eligible');
  });

  it('the eligibility given by the caller decides', () => {
    const eligibility = {
      eligible: false,
      conditions: { E1: false, E2: true, E3: true, E4: true, E5: true, E6: true },
    };
    expect(
      codeOf(() => step(eligible(), 'propose_elimination', 'village', '2026-07-01', { eligibility })),
    ).toBe('not_eligible');
  });

  it('township review awaits county approval', () => {
    expect(townshipApproved().procedure).toMatchObject({ awaiting: 'county_elimination_approve' });
  });

  it('county approval eliminates the risk, cancels the grade and keeps quarterly look-back', () => {
    const r = step(townshipApproved(), 'county_elimination_approve', 'county', '2026-07-07');
    expect(r.household).toMatchObject({
      status: 'eliminated',
      eliminatedAt: '2026-07-07',
      procedure: null,
      visitClass: 'watch',
      classSince: '2025-06-01',
    });
    expect(r.household.assessment).toMatchObject({ grade: null, matchedRules: [] });
  });

  it('a household already in the procedure cannot be proposed again', () => {
    expect(codeOf(() => step(proposed(), 'propose_elimination', 'village', '2026-07-01'))).toBe(
      'transition_not_allowed',
    );
  });

  it('only a monitored household can be proposed', () => {
    expect(codeOf(() => step(aHousehold(), 'propose_elimination', 'village'))).toBe('transition_not_allowed');
  });
});

describe('roles', () => {
  const at_: Record<string, () => Household> = {
    verify: aCandidate,
    village_review: verified,
    township_review: reviewed,
    county_confirm: townshipReviewed,
    propose_elimination: eligible,
    township_elimination_review: proposed,
    county_elimination_approve: townshipApproved,
  };
  const wrongRoles = Object.entries(procedureSteps).flatMap(([action, s]) =>
    (['village', 'township', 'county'] as const).filter((r) => r !== s.role).map((r) => [action, r] as const),
  );

  it.each(wrongRoles)('%s by a %s officer is forbidden', (action, role) => {
    expect(
      codeOf(() =>
        step(at_[action]!(), action as TransitionAction, role, '2026-07-20', { recentMonthly: stable }),
      ),
    ).toBe('forbidden');
  });
});

describe('wrong step', () => {
  it.each([
    ['village_review', 'village', aCandidate],
    ['verify', 'village', verified],
    ['county_confirm', 'county', reviewed],
    ['township_review', 'township', aCandidate],
    ['township_elimination_review', 'township', townshipReviewed],
    ['county_elimination_approve', 'county', proposed],
    ['verify', 'village', () => aHousehold()],
  ] as const)('%s by %s when the household is not at that step is not allowed', (action, role, build) => {
    expect(codeOf(() => step(build(), action, role, '2026-07-20'))).toBe('transition_not_allowed');
  });
});

describe('reject', () => {
  const reason = '入户核实收入不符';

  it.each([
    ['verify', 'village', aCandidate],
    ['village_review', 'village', verified],
    ['township_review', 'township', reviewed],
    ['county_confirm', 'county', townshipReviewed],
  ] as const)('at %s by %s returns the candidate to none, recording the reason', (_step, role, build) => {
    const r = step(build(), 'reject', role, '2026-03-20', { reason });
    expect(r.household).toMatchObject({ status: 'none', candidateFrom: null, lead: null, procedure: null });
    expect(r.audit.data).toMatchObject({ action: 'reject', kind: 'identification', step: _step, reason });
  });

  it('returns a candidate that came from eliminated to eliminated, back in look-back', () => {
    const r = step(aCandidate('eliminated'), 'reject', 'village', '2026-03-20', { reason });
    expect(r.household).toMatchObject({
      status: 'eliminated',
      visitClass: 'watch',
      classSince: '2026-03-20',
    });
  });

  it.each([
    ['township_elimination_review', 'township', proposed],
    ['county_elimination_approve', 'county', townshipApproved],
  ] as const)('at %s by %s keeps the household monitored', (_step, role, build) => {
    const r = step(build(), 'reject', role, '2026-07-20', { reason });
    expect(r.household).toMatchObject({ status: 'monitored', procedure: null });
    expect(r.audit.data).toMatchObject({ kind: 'elimination', step: _step, reason });
  });

  it('by a role other than the awaited step’s is forbidden', () => {
    expect(codeOf(() => step(reviewed(), 'reject', 'village', '2026-03-20', { reason }))).toBe('forbidden');
  });

  it('without a reason fails validation', () => {
    expect(codeOf(() => step(aCandidate(), 'reject', 'village', '2026-03-20', { reason: '  ' }))).toBe(
      'validation_failed',
    );
  });

  it('outside a procedure is not allowed', () => {
    expect(codeOf(() => step(aMonitoredHousehold(), 'reject', 'village', '2026-03-20', { reason }))).toBe(
      'transition_not_allowed',
    );
  });
});
