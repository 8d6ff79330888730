import { describe, expect, it } from 'vitest';
import {
  isValidResidentId,
  maskIdNumber,
  maskName,
  residentIdCheckDigit,
  residentIdProblem,
} from '../../lib/domain/resident-id';

describe('resident ID check digit (ISO 7064 MOD 11-2)', () => {
  it.each([
    '11010519491231002X',
    '53293119880103002X',
    '532931198001011234',
    '532931199002150046',
    '440304198511200013',
    '532931200103072513',
  ])('accepts %s', (id) => {
    expect(isValidResidentId(id)).toBe(true);
  });

  it('accepts a lower-case x', () => {
    expect(isValidResidentId('11010519491231002x')).toBe(true);
  });

  it('computes X for a sum ≡ 2 (mod 11)', () => {
    expect(residentIdCheckDigit('11010519491231002')).toBe('X');
  });

  it('names the expected check digit when it is wrong', () => {
    expect(residentIdProblem('532931198001011235')).toBe('check digit is wrong (expected 4)');
  });

  it.each([
    ['53293119800101123', 'must be 18 characters (got 17)'],
    ['5329311980010112345', 'must be 18 characters (got 19)'],
    ['53293119800101123A', 'must be 17 digits followed by a digit or X'],
    ['X32931198001011234', 'must be 17 digits followed by a digit or X'],
  ])('rejects %s: %s', (id, problem) => {
    expect(residentIdProblem(id)).toBe(problem);
  });
});

describe('masking', () => {
  it('shows the first 6 and last 4 characters of an ID number', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
  });

  it.each([
    ['张三明', '张*明'],
    ['欧阳明华', '欧**华'],
    ['张三', '张*'],
    ['张', '*'],
  ])('masks %s as %s', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });
});
