// Builders over copied fixtures: aHousehold({...}) gives a complete, valid record whose facts sit
// comfortably away from every threshold (P = 10,000 yuan, full labour, all guarantees secure),
// so a test only states the facts it is about.
import fc from 'fast-check';
import { idNumberHash } from '../../lib/adapters/crypto/envelope-vault';
import { memoryIdHashSecret } from '../../lib/adapters/memory/memory-id-vault';
import { summarizeMeasures } from '../../lib/domain/measures';
import type { Guarantees, Household, HouseholdFacts, Measure, RiskFactor } from '../../lib/domain/model';
import { guaranteeKeys, riskFactorCodes } from '../../lib/domain/model';
import { defaultPolicy, type Policy } from '../../lib/domain/policy';
import { maskIdNumber } from '../../lib/domain/resident-id';

export const allSecure = (): Guarantees => ({
  food: true,
  clothing: true,
  education: true,
  medical: true,
  housing: true,
  water: true,
});

export const yuan = (y: number): number => Math.round(y * 100);

/**
 * D16: a household as stored keeps the masked number and its keyed hash. A builder given a full number
 * stores it so, hashed with the in-memory vault's default secret (createMemoryIdVault()), so matching
 * by ID number works as with a real import.
 */
export function asStoredIdNumber(h: Household): Household {
  if (h.headIdHash !== undefined || h.headIdNumber.includes('*')) return h;
  return {
    ...h,
    headIdNumber: maskIdNumber(h.headIdNumber),
    headIdHash: idNumberHash(memoryIdHashSecret, h.headIdNumber),
  };
}

/** Overrides of a test household: `measures` stands for its measure records (the household gets their summary). */
export type HouseholdOverrides = Partial<Household> & { measures?: Measure[] };

export function aHousehold(overrides: HouseholdOverrides = {}): Household {
  const { measures = [], ...rest } = overrides;
  return asStoredIdNumber({
    householdId: 'H0001',
    villageCode: '532931101201',
    headName: '张三明',
    headIdNumber: '532931198001011234',
    category: 'general',
    status: 'none',
    candidateFrom: null,
    removedReason: null,
    members: 4,
    laborFull: 2,
    laborPartial: 0,
    wageIncome: yuan(40_000),
    businessIncome: 0,
    propertyIncome: 0,
    transferIncome: 0,
    priorYearNetIncome: yuan(40_000),
    largeExpenditure: 0,
    guarantees: allSecure(),
    riskFactors: [],
    measureSummary: summarizeMeasures(measures),
    contact: null,
    monitoredSince: null,
    eliminatedAt: null,
    classSince: null,
    visitClass: null,
    lastHomeVisit: null,
    lastContact: null,
    nextVisitDue: null,
    lead: null,
    procedure: null,
    assessment: null,
    version: 1,
    updatedAt: '2026-01-01T00:00:00+08:00',
    ...rest,
  });
}

export const aMonitoredHousehold = (overrides: HouseholdOverrides = {}): Household =>
  aHousehold({ status: 'monitored', category: 'edge', monitoredSince: '2025-06-01', ...overrides });

/** A monitored household whose last assessment finds it eligible for elimination or not (§11: E1–E6 hold,
 *  or E3 fails), for the eligible list and its index. */
export const anAssessedHousehold = (eligible: boolean, overrides: HouseholdOverrides = {}): Household =>
  aMonitoredHousehold({
    assessment: {
      assessedAt: '2026-11-01T09:00:00+08:00',
      policyId: 'p',
      policyVersion: '1',
      derived: {
        netIncome: 1,
        perCapitaIncome: 1,
        labour: 'full',
        transferShare: 0,
        incomeDrop: 0,
        expenditureBurden: 0,
        gap: false,
      },
      grade: 'blue',
      matchedRules: [],
      leadRules: [],
      watch: false,
      aboveMonitoringLine: true,
      elimination: {
        eligible,
        conditions: { E1: true, E2: true, E3: eligible, E4: true, E5: true, E6: true },
      },
    },
    ...overrides,
  });

/** Facts with one member so that P is exactly the household's net income minus large expenditure. */
export function onePerson(overrides: Partial<HouseholdFacts> = {}): Partial<Household> {
  return {
    members: 1,
    laborFull: 1,
    laborPartial: 0,
    wageIncome: yuan(10_000),
    priorYearNetIncome: yuan(10_000),
    ...overrides,
  };
}

export function aMeasure(overrides: Partial<Measure> = {}): Measure {
  return { measureId: 'M1', type: 'employment', startDate: '2026-01-10', status: 'active', ...overrides };
}

export const aPolicy = (overrides: Partial<Policy> = {}): Policy => ({ ...defaultPolicy, ...overrides });

/** fast-check: varied monitored households (all facts within realistic ranges, in fen). */
export const monitoredHouseholdArb = fc
  .record({
    members: fc.integer({ min: 1, max: 8 }),
    full: fc.nat({ max: 8 }),
    partial: fc.nat({ max: 8 }),
    wageIncome: fc.integer({ min: 0, max: 8_000_000 }),
    businessIncome: fc.integer({ min: -500_000, max: 5_000_000 }),
    propertyIncome: fc.integer({ min: 0, max: 500_000 }),
    transferIncome: fc.integer({ min: 0, max: 3_000_000 }),
    priorYearNetIncome: fc.integer({ min: -200_000, max: 8_000_000 }),
    largeExpenditure: fc.integer({ min: 0, max: 5_000_000 }),
    insecure: fc.subarray([...guaranteeKeys], { maxLength: 2 }),
    riskFactors: fc.subarray([...riskFactorCodes] as RiskFactor[]),
  })
  .map(({ members, full, partial, insecure, ...rest }) => {
    const laborFull = Math.min(full, members);
    const laborPartial = Math.min(partial, members - laborFull);
    const guarantees = Object.fromEntries(
      guaranteeKeys.map((k) => [k, !insecure.includes(k)]),
    ) as Household['guarantees'];
    return aMonitoredHousehold({ ...rest, members, laborFull, laborPartial, guarantees });
  });

/**
 * A monitored household that is followed properly (a started measure, a contact since confirmation), last
 * visited at home on `lastVisit`, with one person earning `income` yuan (3,000: red; 20,000: blue).
 */
export function aFollowedHousehold(
  householdId: string,
  lastVisit: string,
  income: number,
  overrides: HouseholdOverrides = {},
): Household {
  return aHousehold({
    householdId,
    status: 'monitored',
    category: 'edge',
    monitoredSince: '2025-06-01',
    ...onePerson({ wageIncome: yuan(income), priorYearNetIncome: yuan(income) }),
    measures: [aMeasure()],
    contact: { name: '李四', assignedAt: '2025-06-02T10:00:00+08:00' },
    lastHomeVisit: lastVisit,
    lastContact: lastVisit,
    ...overrides,
  });
}
