import { beforeEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../lib/adapters/memory/memory-store';
import { type DigestRequestMessage, startDigests } from '../../lib/app/start-digests';
import type { Store } from '../../lib/ports/store';
import { units } from '../builders/case';
import { aCaseAt, aCaseHousehold, given, officialCalendar } from './digest-support';

let store: Store;
let queued: DigestRequestMessage[];

beforeEach(() => {
  store = createMemoryStore();
  queued = [];
});

const start = (scheduledTime: string, recipients: Record<string, string[]> = {}) =>
  startDigests(
    {
      cases: store.cases,
      counters: store.counters,
      calendar: officialCalendar,
      recipients,
      enqueue: async (m) => {
        queued.push(...m.filter((x): x is DigestRequestMessage => x.kind === 'digest'));
      },
    },
    scheduledTime,
  );

describe('startDigests', () => {
  it('queues a digest for every county with households, recipients or not', async () => {
    await store.counters.replace(units.village, { households: 1 }, { sweptAt: '2026-09-30T06:00:00+08:00' });
    await store.counters.replace('610102001001', { households: 1 }, { sweptAt: '2026-09-30T06:00:00+08:00' });

    const result = await start('2026-09-30T08:30:00+08:00');

    expect(result).toMatchObject({ started: true, date: '2026-09-30' });
    expect(queued.map((m) => m.unit)).toEqual([
      { level: 'county', code: '532931' },
      { level: 'county', code: '610102' },
    ]);
  });

  it('adds the townships that hold township-level cases and those with recipients', async () => {
    await given(store, [aCaseHousehold()], [aCaseAt('township')]);
    await store.counters.replace(units.village, { households: 1 }, { sweptAt: '2026-09-30T06:00:00+08:00' });

    await start('2026-09-30T08:30:00+08:00', { '532931102': ['t@example.org'] });

    expect(queued.map((m) => `${m.unit.level}:${m.unit.code}`)).toEqual([
      'county:532931',
      `township:${units.township}`,
      'township:532931102',
    ]);
  });

  it('queues nothing on a weekend that is not an adjusted working day', async () => {
    await store.counters.replace(units.village, { households: 1 }, { sweptAt: '2026-09-30T06:00:00+08:00' });

    const result = await start('2026-09-26T08:30:00+08:00');

    expect(result).toEqual({
      started: false,
      date: '2026-09-26',
      reason: 'non_working_day',
      calendarWarnings: [],
    });
    expect(queued).toEqual([]);
  });
});
