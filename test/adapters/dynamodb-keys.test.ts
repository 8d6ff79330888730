import { describe, expect, it } from 'vitest';
import {
  householdItem,
  householdOf,
  villageMonthItem,
  villageMonthKey,
  villageMonthOf,
} from '../../lib/adapters/dynamodb/keys';
import type { VillageMonthAssessments } from '../../lib/ports/assessment-store';
import { aHousehold } from '../builders/household';

const record: VillageMonthAssessments = {
  villageCode: '532931101201',
  month: '2026-11',
  assessedAt: '2026-12-01T02:00:00+08:00',
  policyVersion: '2026.1',
  households: {
    H1: { above: true, grade: 'blue', rules: ['B0'], watch: false, eligible: false },
    H2: { above: false, grade: null, rules: [], watch: true, eligible: null },
  },
};

describe('village month items', () => {
  it('keep the lines as one string attribute and read back the same record', () => {
    const item = villageMonthItem(record);

    expect(item).toMatchObject(villageMonthKey(record.villageCode, record.month));
    expect(typeof item.lines).toBe('string');
    expect(item).not.toHaveProperty('households');
    expect(villageMonthOf(item)).toEqual(record);
  });

  it('still read items written as a map of lines (before the string encoding)', () => {
    const before = { ...record, ...villageMonthKey(record.villageCode, record.month), _type: 'villageMonth' };

    expect(villageMonthOf(before)).toEqual(record);
  });

  it('are about half the size of the map encoding at 500 households', () => {
    const households = Object.fromEntries(
      Array.from({ length: 500 }, (_, i) => [
        `H${String(i).padStart(6, '0')}`,
        { above: true, grade: 'yellow' as const, rules: ['Y2' as const], watch: false, eligible: false },
      ]),
    );
    const big = { ...record, households };

    const asString = JSON.stringify(villageMonthItem(big)).length;
    const asMap = JSON.stringify({ ...big, ...villageMonthKey(big.villageCode, big.month) }).length;
    expect(asString).toBeLessThan(asMap * 0.6);
  });
});

describe('household items written before measures were items (issue 17 item 7, read-compat)', () => {
  const legacy = [
    { measureId: 'M1', type: 'industry' as const, startDate: '2026-06-05', status: 'active' as const },
  ];

  it('reads an embedded measures list as legacyMeasures with its summary, and writes it back as it was', () => {
    const { measureSummary: _, ...old } = aHousehold({ householdId: 'H1' });
    const read = householdOf({ ...old, measures: legacy, pk: 'HH#H1', sk: '#HH' });

    expect(read.legacyMeasures).toEqual(legacy);
    expect(read.measureSummary).toEqual({
      count: 1,
      firstStart: '2026-06-05',
      latestStarts: ['2026-06-05'],
      types: ['industry'],
    });
    const item = householdItem(read, 2, 'secret');
    expect(item.measures).toEqual(legacy);
    expect(item.legacyMeasures).toBeUndefined();
  });

  it('reads an item with neither list nor summary as a household without measures', () => {
    const { measureSummary: _, ...old } = aHousehold({ householdId: 'H1' });
    expect(householdOf({ ...old, pk: 'HH#H1', sk: '#HH' }).measureSummary).toEqual({
      count: 0,
      firstStart: null,
      latestStarts: [],
      types: [],
    });
  });
});
