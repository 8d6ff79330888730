import { describe, expect, it } from 'vitest';
import { DomainError } from '../../lib/domain/errors';
import {
  evaluateLeadRules,
  isWatchHousehold,
  leadFactsFingerprint,
  proposedCategoryOf,
  raiseLead,
} from '../../lib/domain/leads';
import type { Household, LeadRuleId } from '../../lib/domain/model';
import { defaultPolicy } from '../../lib/domain/policy';
import { thresholdsOf } from '../../lib/domain/policy-resolution';
import { aHousehold, onePerson } from '../builders/household';

const t = thresholdsOf(defaultPolicy);
const leadRulesOf = (o: Partial<Household>) => evaluateLeadRules(aHousehold(o), t);

const cases: [string, LeadRuleId, boolean, Partial<Household>][] = [
  [
    'L1 one fen below the monitoring line',
    'L1',
    true,
    onePerson({ wageIncome: 699_999, priorYearNetIncome: 699_999 }),
  ],
  ['L1 at the monitoring line', 'L1', false, onePerson({ wageIncome: 700_000, priorYearNetIncome: 700_000 })],
  ['L1 one fen above', 'L1', false, onePerson({ wageIncome: 700_001, priorYearNetIncome: 700_001 })],
  [
    'L1 per capita over four members',
    'L1',
    true,
    { members: 4, wageIncome: 2_799_999, priorYearNetIncome: 2_799_999 },
  ],
  [
    'L1 per capita over four members at the line',
    'L1',
    false,
    { members: 4, wageIncome: 2_800_000, priorYearNetIncome: 2_800_000 },
  ],
  [
    'L2 severe burden exactly 1.0 at the line',
    'L2',
    true,
    onePerson({ wageIncome: 1_700_000, largeExpenditure: 1_000_000, priorYearNetIncome: 1_000_000 }),
  ],
  [
    'L2 severe burden one fen short of 1.0',
    'L2',
    false,
    onePerson({ wageIncome: 1_699_999, largeExpenditure: 999_999, priorYearNetIncome: 1_000_000 }),
  ],
  [
    'L2 severe burden one fen above 1.0',
    'L2',
    true,
    onePerson({ wageIncome: 1_700_001, largeExpenditure: 1_000_001, priorYearNetIncome: 1_000_000 }),
  ],
  [
    'L2 severe burden one fen below the line is L1, not L2',
    'L2',
    false,
    onePerson({ wageIncome: 1_699_999, largeExpenditure: 1_000_000, priorYearNetIncome: 1_000_000 }),
  ],
  [
    'L2 sharp drop exactly 0.3 at the line',
    'L2',
    true,
    onePerson({ wageIncome: 700_000, priorYearNetIncome: 1_000_000 }),
  ],
  [
    'L2 drop one fen short of 0.3',
    'L2',
    false,
    onePerson({ wageIncome: 700_001, priorYearNetIncome: 1_000_000 }),
  ],
  [
    'L2 drop one fen beyond 0.3, above the line',
    'L2',
    true,
    onePerson({ wageIncome: 999_999, priorYearNetIncome: 1_428_572 }),
  ],
  [
    'L2 burden with prior ≤ 0 (E = ∞)',
    'L2',
    true,
    onePerson({ wageIncome: 800_000, largeExpenditure: 1, priorYearNetIncome: 0 }),
  ],
  [
    'L2 nothing with prior ≤ 0 and no expenditure',
    'L2',
    false,
    onePerson({ wageIncome: 800_000, priorYearNetIncome: 0 }),
  ],
  [
    'L3 a guarantee gap',
    'L3',
    true,
    {
      guarantees: { food: true, clothing: true, education: true, medical: true, housing: false, water: true },
    },
  ],
  ['L3 no gap', 'L3', false, {}],
];

describe('lead rules at their thresholds (§6)', () => {
  it.each(cases)('%s', (_name, rule, matches, facts) => {
    expect(leadRulesOf(facts).includes(rule)).toBe(matches);
  });

  it('records every matching lead rule', () => {
    const gap = { food: false, clothing: true, education: true, medical: true, housing: true, water: true };
    expect(
      leadRulesOf({ ...onePerson({ wageIncome: 700_000, priorYearNetIncome: 1_000_000 }), guarantees: gap }),
    ).toEqual(['L2', 'L3']);
  });
});

describe('proposed category', () => {
  it.each([
    [['L2'], 'general', 'sudden'],
    [['L1', 'L3'], 'alleviated', 'unstable'],
    [['L1'], 'unstable', 'unstable'],
    [['L1'], 'general', 'edge'],
    [['L3'], 'edge', 'edge'],
    [['L2', 'L3'], 'alleviated', 'sudden'],
  ] as const)('rules %j on a %s household propose %s', (rules, category, proposed) => {
    expect(proposedCategoryOf(rules, category)).toBe(proposed);
  });
});

describe('watch households (预警户)', () => {
  it.each([
    [699_999, false],
    [700_000, true],
    [899_999, true],
    [900_000, false],
    [900_001, false],
  ])('P = %i fen: watch %s', (p, watch) => {
    expect(isWatchHousehold(aHousehold(onePerson({ wageIncome: p, priorYearNetIncome: p })), t)).toBe(watch);
  });

  it('is not a watch household when a lead condition holds', () => {
    const h = aHousehold({
      ...onePerson({ wageIncome: 800_000, priorYearNetIncome: 800_000 }),
      guarantees: { ...aHousehold().guarantees, water: false },
    });
    expect(isWatchHousehold(h, t)).toBe(false);
  });

  it.each(['monitored', 'eliminated', 'candidate'] as const)(
    'a %s household is not a watch household',
    (status) => {
      expect(
        isWatchHousehold(
          aHousehold({ ...onePerson({ wageIncome: 800_000, priorYearNetIncome: 800_000 }), status }),
          t,
        ),
      ).toBe(false);
    },
  );
});

describe('raiseLead', () => {
  const at = '2026-03-01T02:00:00+08:00';

  it.each(['none', 'eliminated'] as const)(
    'moves a %s household to candidate, remembering where it came from',
    (status) => {
      const { household, lead } = raiseLead(aHousehold({ status, category: 'alleviated' }), {
        source: 'assessment',
        at,
        rules: ['L1'],
      });
      expect(household).toMatchObject({
        status: 'candidate',
        candidateFrom: status,
        lead: { source: 'assessment', rules: ['L1'], proposedCategory: 'unstable', raisedAt: at },
        procedure: { kind: 'identification', awaiting: 'verify', since: at },
      });
      expect(lead.leadId).toBe(`H0001#assessment#${at}`);
    },
  );

  it.each(['alert', 'application', 'village'] as const)('accepts a lead from source %s', (source) => {
    const { household } = raiseLead(aHousehold(), {
      source,
      at,
      alertRef: source === 'alert' ? 'civil_affairs:A1' : undefined,
    });
    expect(household.lead).toMatchObject({ source, rules: [], proposedCategory: 'edge' });
  });

  it.each(['candidate', 'monitored', 'removed'] as const)('refuses a lead for a %s household', (status) => {
    expect(() => raiseLead(aHousehold({ status }), { source: 'alert', at })).toThrow(DomainError);
  });
});

describe('D5 the facts fingerprint of a rejected lead', () => {
  it('D5 is the same for the same facts and differs when income, members or a guarantee changes', () => {
    const h = aHousehold();
    const print = leadFactsFingerprint(h);
    expect(leadFactsFingerprint(aHousehold({ headName: '另一个名字' }))).toBe(print);
    expect(leadFactsFingerprint({ ...h, wageIncome: h.wageIncome + 100 })).not.toBe(print);
    expect(leadFactsFingerprint({ ...h, members: h.members + 1 })).not.toBe(print);
    const [first] = Object.keys(h.guarantees) as (keyof typeof h.guarantees)[];
    expect(
      leadFactsFingerprint({ ...h, guarantees: { ...h.guarantees, [first!]: !h.guarantees[first!] } }),
    ).not.toBe(print);
  });
});
