import { describe, expect, it } from 'vitest';
import {
  burdenAtLeast,
  deriveQuantities,
  incomeBasisOf,
  incomeDropAtLeast,
  labourOf,
  perCapitaBelow,
  transferShareAtLeast,
} from '../../lib/domain/derived';
import { aHousehold } from '../builders/household';

describe('derived quantities (§3)', () => {
  it('computes net income, P, T, D and E', () => {
    const h = aHousehold({
      members: 4,
      wageIncome: 2_000_000,
      businessIncome: -100_000,
      propertyIncome: 50_000,
      transferIncome: 450_000,
      priorYearNetIncome: 3_000_000,
      largeExpenditure: 600_000,
    });
    expect(deriveQuantities(h)).toEqual({
      netIncome: 2_400_000,
      perCapitaIncome: 450_000,
      labour: 'full',
      transferShare: 450_000 / 2_400_000,
      incomeDrop: 0.2,
      expenditureBurden: 0.2,
      gap: false,
    });
  });

  it('T is 1 when net income ≤ 0', () => {
    expect(deriveQuantities(aHousehold({ wageIncome: 0, businessIncome: -1 })).transferShare).toBe(1);
  });

  it('D is 0 when prior-year income ≤ 0', () => {
    expect(deriveQuantities(aHousehold({ priorYearNetIncome: 0 })).incomeDrop).toBe(0);
  });

  it('E is ∞ when prior ≤ 0 and there is large expenditure, else 0', () => {
    expect(
      deriveQuantities(aHousehold({ priorYearNetIncome: -1, largeExpenditure: 1 })).expenditureBurden,
    ).toBe(Infinity);
    expect(
      deriveQuantities(aHousehold({ priorYearNetIncome: 0, largeExpenditure: 0 })).expenditureBurden,
    ).toBe(0);
  });

  it.each([
    [0, 0, 'none'],
    [0, 2, 'partial'],
    [1, 0, 'full'],
    [1, 3, 'full'],
  ] as const)('labour with %i full and %i partial is %s', (laborFull, laborPartial, labour) => {
    expect(labourOf({ laborFull, laborPartial })).toBe(labour);
  });
});

describe('exact comparisons', () => {
  it('P < line compares (net − large) with line × members in whole fen', () => {
    const b = (net: number) => incomeBasisOf(aHousehold({ members: 3, wageIncome: net }));
    expect(perCapitaBelow(b(2_099_999), 700_000)).toBe(true);
    expect(perCapitaBelow(b(2_100_000), 700_000)).toBe(false);
  });

  it('has no float drift where a float division would round', () => {
    // 0.3 as a float ratio: (1 − 0.7) / 1 = 0.30000000000000004 in floats; exact here.
    const b = incomeBasisOf(aHousehold({ wageIncome: 7, priorYearNetIncome: 10 }));
    expect(incomeDropAtLeast(b, 3000)).toBe(true);
    expect(incomeDropAtLeast(b, 3001)).toBe(false);
  });

  it('T ≥ r and E ≥ r at exact ratios', () => {
    const b = incomeBasisOf(
      aHousehold({ wageIncome: 1, transferIncome: 4, priorYearNetIncome: 10, largeExpenditure: 5 }),
    );
    expect(transferShareAtLeast(b, 8000)).toBe(true);
    expect(transferShareAtLeast(b, 8001)).toBe(false);
    expect(burdenAtLeast(b, 5000)).toBe(true);
    expect(burdenAtLeast(b, 5001)).toBe(false);
  });
});
