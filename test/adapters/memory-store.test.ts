import { describe, expect, it } from 'vitest';
import { itemSize, maxItemBytes } from '../../lib/adapters/memory/item-size';
import { createMemoryStore } from '../../lib/adapters/memory/memory-store';
import { aHousehold } from '../builders/household';
import { storeContract } from '../support/store-contract';
import { unboundedListsSuite } from '../support/unbounded-lists';

storeContract('memory store', async () => createMemoryStore());

unboundedListsSuite('memory store', async () => createMemoryStore(), {
  measures: 5000,
  acknowledgements: 5000,
});

describe('memory store: DynamoDB’s 400 KB item limit (issue 17 item 7)', () => {
  const measures = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      measureId: `imported:${i}`,
      type: 'industry' as const,
      startDate: '2026-09-01',
      status: 'active' as const,
      note: '养牛'.repeat(10),
    }));

  it('refuses a household item past 400 KB, as DynamoDB does, and writes nothing of the change', async () => {
    const store = createMemoryStore();
    const big = aHousehold({ householdId: 'H-BIG', legacyMeasures: measures(5000) });
    expect(itemSize(big)).toBeGreaterThan(maxItemBytes);

    await expect(store.commit({ households: [{ household: big, expectedVersion: null }] })).rejects.toThrow(
      /Item size has exceeded the maximum allowed size/,
    );
    expect(await store.households.get('H-BIG')).toBeNull();
  });

  it('takes one just under the limit', async () => {
    const store = createMemoryStore();
    const h = aHousehold({ householdId: 'H-OK', legacyMeasures: measures(2000) });
    expect(itemSize(h)).toBeLessThan(maxItemBytes);
    await store.commit({ households: [{ household: h, expectedVersion: null }] });
    expect((await store.households.get('H-OK'))?.legacyMeasures).toHaveLength(2000);
  });

  it('counts attribute names and UTF-8 bytes of values (3 per Chinese character)', () => {
    expect(itemSize({ a: '养牛' }) - itemSize({})).toBe(1 + 6);
    expect(itemSize({ n: 12345 }) - itemSize({})).toBe(1 + 4);
    expect(itemSize({ l: ['ab', true] }) - itemSize({})).toBe(1 + 3 + (1 + 2) + (1 + 1));
  });
});
