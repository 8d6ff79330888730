import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../lib/domain/errors';
import { fenToYuan, fenToYuanNumber, parseYuan, tryParseYuan } from '../../lib/domain/money';

describe('parseYuan', () => {
  it.each([
    ['1234.5', 123450],
    ['1234.56', 123456],
    ['1234', 123400],
    ['0', 0],
    ['0.01', 1],
    [' 12.30 ', 1230],
    ['1,234.50', 123450],
    [1234.5, 123450],
    [0.1, 10],
    [19.99, 1999],
  ])('reads %j as %i fen', (input, fen) => {
    expect(parseYuan(input)).toBe(fen);
  });

  it('reads a negative amount where the field allows it', () => {
    expect(parseYuan('-1500.25', { allowNegative: true })).toBe(-150025);
  });

  it('rejects a negative amount where the field does not allow it', () => {
    expect(tryParseYuan('-1')).toEqual({ ok: false, message: '"-1" must not be negative' });
  });

  it.each(['1e3', '12.345', '', '   ', 'abc', '1.2.3', '１２', '12,34', '--1'])('rejects %j', (input) => {
    expect(tryParseYuan(input).ok).toBe(false);
  });

  it('says why 12.345 is rejected', () => {
    expect(tryParseYuan('12.345')).toEqual({
      ok: false,
      message: '"12.345" has more than 2 decimal places (yuan are counted to the fen)',
    });
  });

  it('throws a validation_failed DomainError', () => {
    expect(() => parseYuan('abc')).toThrow(DomainError);
  });

  it('rejects a JSON number with more than 2 decimals', () => {
    expect(tryParseYuan(12.345).ok).toBe(false);
  });
});

describe('fenToYuan', () => {
  it.each([
    [123450, '1234.50'],
    [1, '0.01'],
    [0, '0.00'],
    [-5, '-0.05'],
    [-150025, '-1500.25'],
  ])('writes %i fen as %s', (fen, text) => {
    expect(fenToYuan(fen)).toBe(text);
  });

  it('round-trips through parseYuan', () => {
    for (const fen of [0, 1, 99, 100, 123456, -987])
      expect(parseYuan(fenToYuan(fen), { allowNegative: true })).toBe(fen);
  });

  it('gives a number for JSON answers', () => {
    expect(fenToYuanNumber(123450)).toBe(1234.5);
  });
});

describe('yuan ↔ fen', () => {
  it('round-trips every amount exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10_000_000_000, max: 10_000_000_000 }), (fen) => {
        return parseYuan(fenToYuan(fen), { allowNegative: true }) === fen;
      }),
    );
  });
});
