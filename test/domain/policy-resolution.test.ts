import { describe, expect, it } from 'vitest';
import { DomainError } from '../../lib/domain/errors';
import { defaultPolicy } from '../../lib/domain/policy';
import {
  definePolicy,
  deploymentPolicies,
  resolvePolicy,
  thresholdsOf,
} from '../../lib/domain/policy-resolution';

const countyYear = definePolicy({
  policyId: '532931-2026',
  version: '1',
  countyCode: '532931',
  year: 2026,
  monitoringLine: 7500,
});
const county = definePolicy({
  policyId: '532931',
  version: '1',
  countyCode: '532931',
  year: null,
  monitoringLine: 7200,
});
const year = definePolicy({
  policyId: '2026',
  version: '1',
  countyCode: null,
  year: 2026,
  monitoringLine: 7100,
});
const other = definePolicy({ policyId: '532932-2026', version: '1', countyCode: '532932', year: 2026 });
const all = [other, year, county, countyYear];

describe('resolvePolicy (§4)', () => {
  it('prefers county + year', () => {
    expect(resolvePolicy(all, '532931', 2026).policyId).toBe('532931-2026');
  });

  it('then the county for any year', () => {
    expect(resolvePolicy(all, '532931', 2027).policyId).toBe('532931');
  });

  it('then the year for any county', () => {
    expect(resolvePolicy(all, '532933', 2026).policyId).toBe('2026');
  });

  it('then the national default', () => {
    expect(resolvePolicy(all, '532933', 2027)).toBe(defaultPolicy);
    expect(resolvePolicy([], '532931', 2026)).toBe(defaultPolicy);
  });
});

describe('definePolicy', () => {
  it('keeps every default it does not override', () => {
    expect(countyYear).toEqual({
      ...defaultPolicy,
      policyId: '532931-2026',
      version: countyYear.version,
      countyCode: '532931',
      year: 2026,
      monitoringLine: 7500,
    });
  });

  it('D15 derives the version from the values: same values, same version, whatever the id; any change, a new one', () => {
    const a = definePolicy({
      policyId: 'override',
      version: '1',
      countyCode: null,
      year: null,
      monitoringLine: 7500,
    });
    const b = definePolicy({ policyId: 'deployment', countyCode: null, year: null, monitoringLine: 7500 });
    expect(a.version).toBe(b.version);
    expect(a.version).toMatch(/^v[0-9a-f]{12}$/);
    expect(definePolicy({ policyId: 'x', countyCode: null, year: null }).version).toBe(defaultPolicy.version);
    const changed = definePolicy({
      policyId: 'x',
      countyCode: null,
      year: null,
      escalation: { ...defaultPolicy.escalation, townshipWindowDays: 6 },
    });
    expect(changed.version).not.toBe(defaultPolicy.version);
  });

  it('D15 every path builds the deployment policies the same way (the API and the sweeps stamp one version)', () => {
    const overrides = { monitoringLine: 7600 };
    const [api] = deploymentPolicies(overrides);
    const [sweep] = deploymentPolicies({ ...overrides });
    expect(api).toEqual(sweep);
    expect(deploymentPolicies(undefined)).toEqual([defaultPolicy]);
  });

  it('merges nested visit intervals', () => {
    const p = definePolicy({
      policyId: 'x',
      version: '1',
      countyCode: null,
      year: null,
      visitIntervals: { red: 'P7D' },
    });
    expect(p.visitIntervals).toEqual({ ...defaultPolicy.visitIntervals, red: 'P7D' });
  });

  it('rejects a ratio with more than 4 decimals', () => {
    expect(() =>
      definePolicy({ policyId: 'x', version: '1', countyCode: null, year: null, sharpDropRatio: 0.12345 }),
    ).toThrow(DomainError);
  });

  it('rejects lines out of order', () => {
    expect(() =>
      definePolicy({ policyId: 'x', version: '1', countyCode: null, year: null, warningLine: 6000 }),
    ).toThrow(/not valid/);
  });
});

describe('thresholdsOf', () => {
  it('converts lines to fen and ratios to basis points', () => {
    expect(thresholdsOf(defaultPolicy)).toEqual({
      policyId: 'default',
      policyVersion: defaultPolicy.version,
      povertyLineFen: 400_000,
      monitoringLineFen: 700_000,
      warningLineFen: 900_000,
      redIncomeMultipleBp: 10_000,
      sharpDropBp: 3_000,
      heavyBurdenBp: 5_000,
      severeBurdenBp: 10_000,
      transferDependenceBp: 8_000,
      eliminationStableMonths: 6,
    });
  });

  it('is exact for ratios that are not exact in binary', () => {
    const p = definePolicy({
      policyId: 'x',
      version: '1',
      countyCode: null,
      year: null,
      sharpDropRatio: 0.2857,
    });
    expect(thresholdsOf(p).sharpDropBp).toBe(2857);
  });
});
