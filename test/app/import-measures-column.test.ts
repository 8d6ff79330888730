// A household imported with a started measure in its measures column (帮扶措施) opens no measures_missing
// case (§8, 000 L583); one imported without opens it; re-importing the same rows writes nothing.
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../lib/adapters/memory/memory-store';
import { type ImportRow, importHouseholds } from '../../lib/app/import-households';
import { detectHouseholdCases } from '../../lib/domain/cases/detection';
import { defaultPolicy } from '../../lib/domain/policy';
import { residentIdCheckDigit } from '../../lib/domain/resident-id';
import { WorkingDayCalendar } from '../../lib/domain/working-days';

const asOf = '2026-12-01T10:00:00+08:00';
const calendar = WorkingDayCalendar.chinaOfficial();
const s17 = (n: number) => `53293119750312${String(n).padStart(3, '0')}`;
const row = (n: number, measures: string, extra: Record<string, string> = {}): ImportRow => ({
  rowNumber: n + 1,
  record: {
    householdId: `MC-${n}`,
    villageCode: '532931101201',
    headName: '张三',
    headIdNumber: s17(n) + residentIdCheckDigit(s17(n)),
    category: '脱贫不稳定户',
    status: '监测中',
    members: '3',
    monitoredSince: '2026-09-01',
    contactName: '李干部',
    measures,
    ...extra,
  },
});

function deps(store = createMemoryStore()) {
  let n = 0;
  return { store, policyFor: () => defaultPolicy, calendar, newId: () => `id-${++n}` };
}
const options = { asOf, actor: { kind: 'system' as const, name: 'test' } };

describe('the measures column of the household import', () => {
  it('stores the measures, and a household with a started one has no measures_missing case', async () => {
    const d = deps();
    const rows = [row(1, '产业帮扶:2026-09-15；就业帮扶'), row(2, '')];

    const { summary, rejectedRows } = await importHouseholds(d, rows, options);

    expect(rejectedRows).toEqual([]);
    expect(summary.created).toBe(2);
    const withMeasures = await d.store.households.get('MC-1');
    const without = await d.store.households.get('MC-2');
    expect(await d.store.households.measures('MC-1')).toEqual([
      { measureId: 'employment:2026-09-01', type: 'employment', startDate: '2026-09-01', status: 'active' },
      { measureId: 'industry:2026-09-15', type: 'industry', startDate: '2026-09-15', status: 'active' },
    ]);
    expect(withMeasures?.measureSummary).toEqual({
      count: 2,
      firstStart: '2026-09-01',
      latestStarts: ['2026-09-15', '2026-09-01'],
      types: ['industry', 'employment'],
    });
    const kinds = (h: typeof without) =>
      detectHouseholdCases(h!, { asOf, policy: defaultPolicy, calendar }).map((c) => c.kind);
    expect(kinds(withMeasures)).not.toContain('measures_missing');
    expect(kinds(without)).toContain('measures_missing');
  });

  it('changes nothing when the same rows are imported again', async () => {
    const d = deps();
    await importHouseholds(d, [row(1, '产业帮扶:2026-09-15；就业帮扶')], options);

    const again = await importHouseholds(d, [row(1, '就业帮扶、产业帮扶:2026-09-15')], options);

    expect(again.summary).toMatchObject({ unchanged: 1, updated: 0 });
  });

  it('rejects an unknown type, a start date after the as-of date and an undated measure without monitoredSince', async () => {
    const { rejectedRows } = await importHouseholds(
      deps(),
      [
        row(1, '发钱'),
        row(2, '产业帮扶:2026-12-25'),
        row(3, '产业帮扶', { status: '未纳入', monitoredSince: '' }),
      ],
      options,
    );

    expect(rejectedRows.map((r) => [r.row, r.column])).toEqual([
      [2, 'measures'],
      [3, 'measures'],
      [4, 'measures'],
    ]);
    expect(rejectedRows[1]?.reason).toBe('2026-12-25 is after the as-of date 2026-12-01');
  });
});
