import { describe, expect, it } from 'vitest';
import {
  countyOf,
  isVillageCode,
  isWithin,
  requireUnitLevel,
  townshipOf,
  unitAt,
  unitLevelOf,
} from '../../lib/domain/division-code';

describe('division codes', () => {
  it('finds the township and county of a village', () => {
    expect(townshipOf('532931101201')).toBe('532931101');
    expect(countyOf('532931101201')).toBe('532931');
  });

  it.each([
    ['532931', 'county'],
    ['532931101', 'township'],
    ['532931101201', 'village'],
    ['53293', null],
    ['5329311012', null],
    ['53293110120a', null],
    ['', null],
  ])('level of %j is %s', (code, level) => {
    expect(unitLevelOf(code)).toBe(level);
  });

  it('refuses an invalid code when a level is required', () => {
    expect(() => requireUnitLevel('12345')).toThrow(/not a division code/);
  });

  it('gives the ancestor at a level', () => {
    expect(unitAt('532931101201', 'township')).toBe('532931101');
    expect(() => unitAt('532931', 'village')).toThrow();
  });

  it.each([
    ['532931', '532931101201', true],
    ['532931101', '532931101201', true],
    ['532931101201', '532931101201', true],
    ['532931', '532931', true],
    ['532931102', '532931101201', false],
    ['532932', '532931101201', false],
    ['532931101201', '532931101', false],
    ['5329', '532931101201', false],
  ])('isWithin(%s, %s) is %s', (unit, code, within) => {
    expect(isWithin(unit, code)).toBe(within);
  });

  it('accepts only 12 digits as a village code', () => {
    expect(isVillageCode('532931101201')).toBe(true);
    expect(isVillageCode('5.32931E+11')).toBe(false);
  });
});
