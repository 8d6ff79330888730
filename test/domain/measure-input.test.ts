// The `measures` column (帮扶措施) and measure rows (interface.md "Additions of December 2026").
import { describe, expect, it } from 'vitest';
import { newMeasuresOf, parseDateText, parseMeasuresCell } from '../../lib/domain/measure-input';

describe('the measures cell', () => {
  it('reads entries separated by ; ； or 、, each type or type:date, by code or Chinese name', () => {
    expect(
      parseMeasuresCell(
        '产业帮扶:2026-09-01；就业帮扶、medical:2026/10/3;综合保障（兜底保障）：2026年11月1日',
      ),
    ).toEqual({
      ok: true,
      value: [
        { type: 'industry', startDate: '2026-09-01' },
        { type: 'employment', startDate: null },
        { type: 'medical', startDate: '2026-10-03' },
        { type: 'social_security', startDate: '2026-11-01' },
      ],
    });
    expect(parseMeasuresCell('')).toEqual({ ok: true, value: [] });
  });

  it('names an unknown type or a bad date', () => {
    expect(parseMeasuresCell('产业帮扶;发钱')).toMatchObject({
      ok: false,
      message: expect.stringContaining('"发钱" is not a measure type'),
    });
    expect(parseMeasuresCell('产业帮扶:2026-13-01')).toMatchObject({
      ok: false,
      message: expect.stringContaining('not a date'),
    });
  });

  it('reads text dates as Excel shows them', () => {
    expect(['2026/12/1', '2026-12-01', '2026年12月1日', '2026-12-1'].map(parseDateText)).toEqual([
      '2026-12-01',
      '2026-12-01',
      '2026-12-01',
      '2026-12-01',
    ]);
    expect(parseDateText('2026-02-30')).toBeNull();
  });
});

describe('adding measure entries to a household', () => {
  it('gives the new (type, start date) pairs as started measures, dated monitoredSince when undated', () => {
    const kept = {
      measureId: 'm1',
      type: 'industry' as const,
      startDate: '2026-09-01',
      status: 'completed' as const,
    };
    const out = newMeasuresOf(
      [kept],
      [
        { type: 'industry', startDate: '2026-09-01' },
        { type: 'employment', startDate: null },
      ],
      '2026-08-20',
    );
    expect(out).toEqual([
      { measureId: 'employment:2026-08-20', type: 'employment', startDate: '2026-08-20', status: 'active' },
    ]);
  });

  it('adds nothing when nothing is new', () => {
    const measures = [
      { measureId: 'm1', type: 'water' as const, startDate: '2026-09-01', status: 'active' as const },
    ];
    expect(newMeasuresOf(measures, [{ type: 'water', startDate: '2026-09-01' }], null)).toEqual([]);
  });
});
