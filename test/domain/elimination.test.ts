import { describe, expect, it } from 'vitest';
import { checkElimination } from '../../lib/domain/elimination';
import type { EliminationConditionId } from '../../lib/domain/model';
import { defaultPolicy } from '../../lib/domain/policy';
import { aMeasure, aMonitoredHousehold, type HouseholdOverrides } from '../builders/household';

const stable = [true, true, true, true, true, true];
const today = '2026-07-01';
const eligibleHousehold = (o: HouseholdOverrides = {}) =>
  aMonitoredHousehold({ measures: [aMeasure()], ...o });
const check = (o: HouseholdOverrides, recentMonthly: boolean[] = stable) =>
  checkElimination(eligibleHousehold(o), { policy: defaultPolicy, today, recentMonthly });

const cases: [string, EliminationConditionId, boolean, HouseholdOverrides, boolean[]?][] = [
  ['E1 a measure started before today', 'E1', true, {}],
  ['E1 a measure starting today', 'E1', true, { measures: [aMeasure({ startDate: today })] }],
  [
    'E1 a measure starting tomorrow',
    'E1',
    false,
    { measures: [aMeasure({ startDate: '2026-07-02', status: 'planned' })] },
  ],
  ['E1 no measure', 'E1', false, { measures: [] }],
  ['E2 no gap', 'E2', true, {}],
  [
    'E2 a gap',
    'E2',
    false,
    {
      guarantees: { food: true, clothing: true, education: true, medical: false, housing: true, water: true },
    },
  ],
  ['E3 six stable months', 'E3', true, {}, stable],
  ['E3 seven stable months', 'E3', true, {}, [...stable, true]],
  ['E3 only five months on record', 'E3', false, {}, stable.slice(0, 5)],
  ['E3 one month below the line', 'E3', false, {}, [true, true, true, false, true, true]],
  ['E3 a month below the line older than the window', 'E3', true, {}, [...stable, false]],
  ['E4 burden one fen below 0.5', 'E4', true, { priorYearNetIncome: 1_000_000, largeExpenditure: 499_999 }],
  ['E4 burden exactly 0.5', 'E4', false, { priorYearNetIncome: 1_000_000, largeExpenditure: 500_000 }],
  ['E4 burden one fen above 0.5', 'E4', false, { priorYearNetIncome: 1_000_000, largeExpenditure: 500_001 }],
  ['E4 burden ∞ (prior ≤ 0)', 'E4', false, { priorYearNetIncome: 0, largeExpenditure: 1 }],
  ['E5 full labour', 'E5', true, {}],
  ['E5 partial labour', 'E5', true, { laborFull: 0, laborPartial: 1 }],
  ['E5 no labour', 'E5', false, { laborFull: 0, laborPartial: 0 }],
  // D4 E6: D = (prior − net) / prior must stay below sharpDropRatio (0.3)
  ['D4 E6 a drop one fen short of 0.3', 'E6', true, { priorYearNetIncome: 1_000_000, wageIncome: 700_001 }],
  ['D4 E6 a drop of exactly 0.3', 'E6', false, { priorYearNetIncome: 1_000_000, wageIncome: 700_000 }],
  ['D4 E6 a drop of one half', 'E6', false, { priorYearNetIncome: 1_000_000, wageIncome: 500_000 }],
  ['D4 E6 a rise', 'E6', true, { priorYearNetIncome: 1_000_000, wageIncome: 1_500_000 }],
  ['D4 E6 no prior income', 'E6', true, { priorYearNetIncome: 0, wageIncome: 900_000 }],
];

describe('elimination conditions (§11)', () => {
  it.each(cases)('%s', (_name, id, holds, o, monthly) => {
    expect(check(o, monthly).conditions[id]).toBe(holds);
  });

  it('is eligible when all of E1–E6 hold', () => {
    expect(check({})).toMatchObject({
      eligible: true,
      conditions: { E1: true, E2: true, E3: true, E4: true, E5: true, E6: true },
    });
  });

  it('is not eligible when one condition fails', () => {
    expect(check({ measures: [] }).eligible).toBe(false);
  });

  it('D4 E6: a household with a sharp income drop is not eligible, though E1–E5 hold', () => {
    const r = check({ priorYearNetIncome: 2_000_000, wageIncome: 1_000_000 });
    expect(r.conditions).toMatchObject({ E1: true, E2: true, E3: true, E4: true, E5: true, E6: false });
    expect(r.eligible).toBe(false);
  });

  it('is not eligible unless monitored', () => {
    expect(check({ status: 'eliminated' }).eligible).toBe(false);
  });

  it('reports the inputs each condition read', () => {
    expect(check({}, [...stable, false]).inputs).toEqual({
      E1: { measuresStarted: 1 },
      E2: { gap: false },
      E3: { required: 6, recentMonthly: stable },
      E4: { largeExpenditure: 0, priorYearNetIncome: 4_000_000, heavyBurdenRatio: 0.5 },
      E5: { labour: 'full' },
      E6: { priorYearNetIncome: 4_000_000, netIncome: 4_000_000, sharpDropRatio: 0.3 },
    });
  });
});
