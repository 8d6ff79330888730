import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateGradeRules, gradeHousehold, gradeSeverity } from '../../lib/domain/grading';
import type { Grade, GradeRuleId, Household } from '../../lib/domain/model';
import { guaranteeKeys, riskFactorCodes } from '../../lib/domain/model';
import { defaultPolicy } from '../../lib/domain/policy';
import { definePolicy, thresholdsOf } from '../../lib/domain/policy-resolution';
import { aMonitoredHousehold, monitoredHouseholdArb as factsArb, onePerson } from '../builders/household';

const t = thresholdsOf(defaultPolicy);
const rulesOf = (overrides: Partial<Household>) => evaluateGradeRules(aMonitoredHousehold(overrides), t);

// Default policy: poverty line 4000 yuan = 400000 fen, monitoring line 700000 fen; one member, so P = net − large.
const cases: [string, GradeRuleId, boolean, Partial<Household>][] = [
  [
    'R1 one fen below the poverty line',
    'R1',
    true,
    onePerson({ wageIncome: 399_999, priorYearNetIncome: 399_999 }),
  ],
  ['R1 at the poverty line', 'R1', false, onePerson({ wageIncome: 400_000, priorYearNetIncome: 400_000 })],
  [
    'R1 one fen above the poverty line',
    'R1',
    false,
    onePerson({ wageIncome: 400_001, priorYearNetIncome: 400_001 }),
  ],
  [
    'R1 counts large expenditure against P',
    'R1',
    true,
    onePerson({ wageIncome: 900_000, largeExpenditure: 500_001, priorYearNetIncome: 2_000_000 }),
  ],
  [
    'R3 no labour, one fen below the monitoring line',
    'R3',
    true,
    onePerson({ laborFull: 0, wageIncome: 699_999, priorYearNetIncome: 699_999 }),
  ],
  [
    'R3 no labour, at the monitoring line',
    'R3',
    false,
    onePerson({ laborFull: 0, wageIncome: 700_000, priorYearNetIncome: 700_000 }),
  ],
  [
    'R3 no labour, one fen above',
    'R3',
    false,
    onePerson({ laborFull: 0, wageIncome: 700_001, priorYearNetIncome: 700_001 }),
  ],
  [
    'R3 partial labour below the line',
    'R3',
    false,
    onePerson({ laborFull: 0, laborPartial: 1, wageIncome: 699_999, priorYearNetIncome: 699_999 }),
  ],
  [
    'R4 burden exactly 0.5 with illness',
    'R4',
    true,
    onePerson({
      wageIncome: 2_000_000,
      priorYearNetIncome: 1_000_000,
      largeExpenditure: 500_000,
      riskFactors: ['illness'],
    }),
  ],
  [
    'R4 burden one fen below 0.5',
    'R4',
    false,
    onePerson({
      wageIncome: 2_000_000,
      priorYearNetIncome: 1_000_000,
      largeExpenditure: 499_999,
      riskFactors: ['illness'],
    }),
  ],
  [
    'R4 burden one fen above 0.5 with disability',
    'R4',
    true,
    onePerson({
      wageIncome: 2_000_000,
      priorYearNetIncome: 1_000_000,
      largeExpenditure: 500_001,
      riskFactors: ['disability'],
    }),
  ],
  [
    'R4 burden with accident',
    'R4',
    true,
    onePerson({
      wageIncome: 2_000_000,
      priorYearNetIncome: 1_000_000,
      largeExpenditure: 500_000,
      riskFactors: ['accident'],
    }),
  ],
  [
    'R4 burden without a medical risk factor',
    'R4',
    false,
    onePerson({
      wageIncome: 2_000_000,
      priorYearNetIncome: 1_000_000,
      largeExpenditure: 500_000,
      riskFactors: ['education', 'disaster'],
    }),
  ],
  [
    'R4 burden with prior ≤ 0 (E = ∞)',
    'R4',
    true,
    onePerson({
      wageIncome: 2_000_000,
      priorYearNetIncome: 0,
      largeExpenditure: 1,
      riskFactors: ['illness'],
    }),
  ],
  [
    'R4 no burden with prior ≤ 0 (E = 0)',
    'R4',
    false,
    onePerson({
      wageIncome: 2_000_000,
      priorYearNetIncome: -5,
      largeExpenditure: 0,
      riskFactors: ['illness'],
    }),
  ],
  [
    'R5 drop exactly 0.3 below the line',
    'R5',
    true,
    onePerson({ wageIncome: 693_000, priorYearNetIncome: 990_000 }),
  ],
  [
    'R5 drop one fen short of 0.3',
    'R5',
    false,
    onePerson({ wageIncome: 693_001, priorYearNetIncome: 990_000 }),
  ],
  ['R5 drop one fen beyond 0.3', 'R5', true, onePerson({ wageIncome: 692_999, priorYearNetIncome: 990_000 })],
  [
    'R5 drop 0.3 at the monitoring line',
    'R5',
    false,
    onePerson({ wageIncome: 700_000, priorYearNetIncome: 1_000_000 }),
  ],
  [
    'R5 drop 0.3 one fen below the monitoring line',
    'R5',
    true,
    onePerson({ wageIncome: 699_999, priorYearNetIncome: 1_000_000 }),
  ],
  ['R5 no drop when prior ≤ 0', 'R5', false, onePerson({ wageIncome: 500_000, priorYearNetIncome: 0 })],
  ['Y1 no labour', 'Y1', true, onePerson({ laborFull: 0, laborPartial: 0 })],
  ['Y1 partial labour', 'Y1', false, onePerson({ laborFull: 0, laborPartial: 1 })],
  [
    'Y2 transfer share exactly 0.8',
    'Y2',
    true,
    onePerson({ wageIncome: 200_000, transferIncome: 800_000, priorYearNetIncome: 1_000_000 }),
  ],
  [
    'Y2 transfer share one fen below 0.8',
    'Y2',
    false,
    onePerson({ wageIncome: 200_001, transferIncome: 799_999, priorYearNetIncome: 1_000_000 }),
  ],
  [
    'Y2 transfer share one fen above 0.8',
    'Y2',
    true,
    onePerson({ wageIncome: 199_999, transferIncome: 800_001, priorYearNetIncome: 1_000_000 }),
  ],
  [
    'Y2 net income ≤ 0 (T = 1)',
    'Y2',
    true,
    onePerson({ wageIncome: 0, businessIncome: -10, priorYearNetIncome: 0 }),
  ],
];

describe('grading rules at their thresholds (§5)', () => {
  it.each(cases)('%s', (_name, rule, matches, facts) => {
    expect(rulesOf(facts).includes(rule)).toBe(matches);
  });

  it.each(guaranteeKeys)('R2 matches when %s is not secure', (key) => {
    const h = aMonitoredHousehold();
    expect(evaluateGradeRules({ ...h, guarantees: { ...h.guarantees, [key]: false } }, t)).toContain('R2');
  });

  it('R2 does not match when every guarantee is secure', () => {
    expect(rulesOf({})).not.toContain('R2');
  });

  it('B0 is the only rule of a household matching nothing else', () => {
    expect(rulesOf({})).toEqual(['B0']);
  });

  it('B0 is absent when any other rule matches', () => {
    expect(rulesOf(onePerson({ laborFull: 0 }))).toEqual(['Y1']);
  });

  it('records every matched rule, in rule order', () => {
    const h = aMonitoredHousehold(
      onePerson({ laborFull: 0, wageIncome: 0, transferIncome: 300_000, priorYearNetIncome: 1_000_000 }),
    );
    expect(evaluateGradeRules(h, t)).toEqual(['R1', 'R3', 'R5', 'Y1', 'Y2']);
  });
});

describe('gradeHousehold', () => {
  it('is red when a red and a yellow rule match', () => {
    const r = gradeHousehold(
      aMonitoredHousehold(onePerson({ laborFull: 0, wageIncome: 300_000, priorYearNetIncome: 300_000 })),
      defaultPolicy,
    );
    expect(r).toMatchObject({ grade: 'red', matchedRules: ['R1', 'R3', 'Y1'] });
  });

  it('is yellow when only yellow rules match', () => {
    expect(gradeHousehold(aMonitoredHousehold(onePerson({ laborFull: 0 })), defaultPolicy).grade).toBe(
      'yellow',
    );
  });

  it('is blue by default', () => {
    expect(gradeHousehold(aMonitoredHousehold(), defaultPolicy)).toEqual({
      grade: 'blue',
      matchedRules: ['B0'],
      policyId: 'default',
      policyVersion: defaultPolicy.version,
    });
  });

  it.each(['none', 'candidate', 'eliminated', 'removed'] as const)(
    'does not grade a household with status %s',
    (status) => {
      expect(
        gradeHousehold(aMonitoredHousehold({ ...onePerson({ wageIncome: 0 }), status }), defaultPolicy),
      ).toMatchObject({
        grade: null,
        matchedRules: [],
      });
    },
  );

  it('reads the red income multiple from the policy', () => {
    const policy = definePolicy({
      policyId: 'p',
      version: '1',
      countyCode: null,
      year: null,
      redIncomeMultiple: 1.5,
    });
    const below = aMonitoredHousehold(onePerson({ wageIncome: 599_999, priorYearNetIncome: 599_999 }));
    const at = aMonitoredHousehold(onePerson({ wageIncome: 600_000, priorYearNetIncome: 600_000 }));
    expect(gradeHousehold(below, policy).matchedRules).toContain('R1');
    expect(gradeHousehold(at, policy).matchedRules).not.toContain('R1');
  });

  it('carries the policy id and version', () => {
    const policy = definePolicy({ policyId: '532931-2026', countyCode: '532931', year: 2026 });
    expect(gradeHousehold(aMonitoredHousehold(), policy)).toMatchObject({
      policyId: '532931-2026',
      policyVersion: policy.version,
    });
  });
});

// ——— properties ———

const severity = (h: Household): number => gradeSeverity[gradeHousehold(h, defaultPolicy).grade as Grade];

describe('grading properties', () => {
  it('raising wage, business or property income never makes the grade more severe', () => {
    fc.assert(
      fc.property(
        factsArb,
        fc.constantFrom('wageIncome', 'businessIncome', 'propertyIncome' as const),
        fc.integer({ min: 1, max: 5_000_000 }),
        (h, field, raise) => severity({ ...h, [field]: h[field] + raise }) <= severity(h),
      ),
      { numRuns: 2000 },
    );
  });

  it('raising transfer income can make the grade more severe (Y2 transfer dependence)', () => {
    const h = aMonitoredHousehold(
      onePerson({ wageIncome: 1_000_000, transferIncome: 0, priorYearNetIncome: 1_000_000 }),
    );
    expect(severity({ ...h, transferIncome: 4_000_000 })).toBeGreaterThan(severity(h));
  });

  it('adding a risk factor never makes the grade less severe', () => {
    fc.assert(
      fc.property(
        factsArb,
        fc.constantFrom(...riskFactorCodes),
        (h, r) => severity({ ...h, riskFactors: [...new Set([...h.riskFactors, r])] }) >= severity(h),
      ),
      { numRuns: 2000 },
    );
  });

  it('adding a guarantee gap never makes the grade less severe', () => {
    fc.assert(
      fc.property(
        factsArb,
        fc.constantFrom(...guaranteeKeys),
        (h, k) => severity({ ...h, guarantees: { ...h.guarantees, [k]: false } }) >= severity(h),
      ),
      { numRuns: 2000 },
    );
  });
});
