// CounterStore on the table (docs/data-model.md "Counters"): one counter item per unit, under its county,
// and one roll-up item per township (the sum of the counter items under it) in its county's roll-up
// partition, moved in the same transaction as every write of those counter items. A county summary or a
// county's children then read ~30 roll-ups instead of thousands of village items (issue 21: 2,500 village
// items took ~1 s to query on DynamoDB Local).
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { DomainError } from '../../domain/errors';
import {
  type CounterDelta,
  type CounterStore,
  type CounterValues,
  counterDelta,
  counterKeys,
  summarize,
  summarizeChildren,
  type UnitCounts,
} from '../../ports/counter-store';
import { countyOf, townshipOf, unitLevelOf } from '../../ports/unit-code';
import { counterKey, countyRegistryKey, type Item, type Key, rollupKey, rollupsReadyKey } from './keys';
import { cancellationCodes } from './retry';
import type { StoreContext } from './store-context';

/** The update adding a counter delta to a counter item (a unit's, or with `key` a township's roll-up), or
 *  null when the delta is all zeros. */
export function counterUpdate(unitCode: string, delta: CounterDelta, key: Key = counterKey(unitCode)) {
  const entries = Object.entries(delta).filter(([, v]) => v !== 0 && v !== undefined) as [string, number][];
  if (entries.length === 0) return null;
  const names: Record<string, string> = { '#rev': '_rev', '#type': '_type', '#unit': 'unitCode' };
  const values: Record<string, unknown> = { ':one': 1, ':type': 'counter', ':unit': unitCode };
  const adds = entries.map(([k, v], i) => {
    names[`#c${i}`] = k;
    values[`:c${i}`] = v;
    return `#c${i} :c${i}`;
  });
  return {
    Key: key,
    UpdateExpression: `ADD #rev :one, ${adds.join(', ')} SET #type = :type, #unit = :unit`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

/** The roll-up updates that go with counter deltas: one per township, the deltas of its units summed. */
export function rollupUpdates(deltas: ReadonlyMap<string, CounterDelta>) {
  const byTownship = new Map<string, CounterDelta>();
  for (const [unitCode, delta] of deltas) {
    if (unitCode.length < 9) continue;
    const township = townshipOf(unitCode);
    const into = byTownship.get(township) ?? {};
    for (const [k, v] of Object.entries(delta) as [keyof CounterDelta, number][])
      into[k] = (into[k] ?? 0) + v;
    byTownship.set(township, into);
  }
  return [...byTownship]
    .map(([township, delta]) => counterUpdate(township, delta, rollupKey(township)))
    .filter((u) => u !== null);
}

const unitCountsOf = (unitCode: string, item: Item | null): UnitCounts => ({
  unitCode,
  values: Object.fromEntries(counterKeys.map((k) => [k, Number(item?.[k] ?? 0)]).filter(([, v]) => v !== 0)),
  revision: Number(item?._rev ?? 0),
  lastSweepAt: (item?.lastSweepAt as string | undefined) ?? null,
});

export function createDynamoCounterStore({
  db,
  table,
  getItem,
  putItem,
  registerCounties,
}: StoreContext): CounterStore {
  /** Every counter item under a township or county (a village: its own): one query. */
  async function recordsUnder(unitCode: string): Promise<UnitCounts[]> {
    const level = unitLevelOf(unitCode);
    if (level === 'village') return [unitCountsOf(unitCode, await getItem(counterKey(unitCode), false))];
    const items = await db.queryAll({
      pk: counterKey(unitCode).pk,
      sk: level === 'township' ? { op: 'begins_with', value: unitCode } : undefined,
      forward: true,
    });
    return items.map((i) => unitCountsOf(i.sk as string, i));
  }

  /** A county's township roll-ups, or null while they are not complete (then read the counter items). */
  async function rollupsOf(countyCode: string): Promise<UnitCounts[] | null> {
    const items = await db.queryAll({ pk: rollupsReadyKey(countyCode).pk, forward: true });
    if (!items.some((i) => i.sk === rollupsReadyKey(countyCode).sk)) return null;
    return items
      .filter((i) => i.sk !== rollupsReadyKey(countyCode).sk)
      .map((i) => unitCountsOf(i.sk as string, i));
  }

  /** Writes a unit's counter item as `values` and moves its township's roll-up by the difference, in one
   *  transaction conditional on the item's revision as read; returns false when it moved meanwhile. */
  async function writeCounts(
    unitCode: string,
    before: Item | null,
    values: CounterValues,
    sweptAt: string,
  ): Promise<boolean> {
    const names: Record<string, string> = {
      '#rev': '_rev',
      '#type': '_type',
      '#unit': 'unitCode',
      '#swept': 'lastSweepAt',
    };
    const vals: Record<string, unknown> = {
      ':one': 1,
      ':type': 'counter',
      ':unit': unitCode,
      ':swept': sweptAt,
    };
    // Zeros are not stored (an absent counter reads 0 and ADD starts from 0): a village item carries its
    // dozen non-zero counters, not all of them, so a township's villages are a smaller query.
    const sets: string[] = [];
    const removes: string[] = [];
    counterKeys.forEach((k, i) => {
      names[`#c${i}`] = k;
      const v = values[k] ?? 0;
      if (v === 0) removes.push(`#c${i}`);
      else {
        vals[`:c${i}`] = v;
        sets.push(`#c${i} = :c${i}`);
      }
    });
    const revision = Number(before?._rev ?? 0);
    const condition = before ? '#rev = :expected' : 'attribute_not_exists(#rev)';
    if (before) vals[':expected'] = revision;
    const diff = counterDelta(unitCountsOf(unitCode, before).values, values);
    const township = townshipOf(unitCode);
    const rollup = counterUpdate(township, diff, rollupKey(township));
    try {
      await db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: table,
                Key: counterKey(unitCode),
                UpdateExpression: `SET ${['#type = :type', '#unit = :unit', '#swept = :swept', ...sets].join(', ')} ADD #rev :one${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
                ConditionExpression: condition,
                ExpressionAttributeNames: names,
                ExpressionAttributeValues: vals,
              },
            },
            {
              Update: {
                TableName: table,
                Key: rollupKey(township),
                UpdateExpression: `${rollup ? rollup.UpdateExpression : 'ADD #rev :one SET #type = :type, #unit = :unit'}, #swept = :swept`,
                ExpressionAttributeNames: {
                  ...(rollup?.ExpressionAttributeNames ?? {
                    '#rev': '_rev',
                    '#type': '_type',
                    '#unit': 'unitCode',
                  }),
                  '#swept': 'lastSweepAt',
                },
                ExpressionAttributeValues: {
                  ...(rollup?.ExpressionAttributeValues ?? {
                    ':one': 1,
                    ':type': 'counter',
                    ':unit': township,
                  }),
                  ':swept': sweptAt,
                },
              },
            },
          ],
          ...db.capacity,
        }),
      );
      return true;
    } catch (e) {
      if (cancellationCodes(e)[0] === 'ConditionalCheckFailed') return false;
      throw e;
    }
  }

  const readItem = async (key: Key): Promise<Item | null> =>
    (
      await db.send<{ Item?: Item }>(
        new GetCommand({ TableName: table, Key: key, ConsistentRead: true, ...db.capacity }),
      )
    ).Item ?? null;

  return {
    async summary(unitCode) {
      const level = unitLevelOf(unitCode);
      if (level !== 'village') {
        const rollups = await rollupsOf(countyOf(unitCode));
        if (rollups)
          return summarize(
            unitCode,
            rollups.filter((r) => r.unitCode.startsWith(unitCode)),
          );
      }
      return summarize(unitCode, await recordsUnder(unitCode));
    },
    async childSummaries(unitCode) {
      if (unitLevelOf(unitCode) === 'county') {
        const rollups = await rollupsOf(unitCode);
        if (rollups) return rollups.map((r) => summarize(r.unitCode, [r]));
      }
      return summarizeChildren(unitCode, await recordsUnder(unitCode));
    },
    async unitCounts(unitCode) {
      return unitCountsOf(unitCode, await getItem(counterKey(unitCode)));
    },
    async replace(unitCode, values, { sweptAt, expectedRevision }) {
      // Every recount makes sure its county is registered (also heals a county whose counters were
      // written before deltas registered it).
      await registerCounties([unitCode]);
      for (let attempt = 0; ; attempt++) {
        const before = await readItem(counterKey(unitCode));
        const revision = Number(before?._rev ?? 0);
        const moved = expectedRevision !== undefined && revision !== expectedRevision;
        if (!moved && (await writeCounts(unitCode, before, values, sweptAt))) return;
        // With an expected revision a move is the caller's to handle (it re-reads the village); without
        // one, the recount simply replaces whatever is there: read again and retry.
        if (expectedRevision !== undefined || attempt >= 7)
          throw new DomainError('conflict', `counters of ${unitCode} changed since they were read`);
      }
    },
    async listVillages(countyCode) {
      const counties =
        countyCode !== undefined
          ? [countyCode]
          : (await db.queryAll({ pk: countyRegistryKey('').pk, forward: true })).map((i) => i.sk as string);
      const villages: string[] = [];
      for (const county of counties) {
        const items = await db.queryAll({ pk: counterKey(county).pk, forward: true });
        for (const i of items) if ((i.sk as string).length === 12) villages.push(i.sk as string);
      }
      return villages.sort();
    },
    async ensureRollups(countyCode) {
      if (await readItem(rollupsReadyKey(countyCode))) return;
      const records = await recordsUnder(countyCode);
      const townships = summarizeChildren(countyCode, records).map((s) => s.unitCode);
      const existing = await db.queryAll({
        pk: rollupsReadyKey(countyCode).pk,
        forward: true,
        consistent: true,
      });
      for (const t of existing.map((i) => i.sk as string))
        if (t !== '#READY' && !townships.includes(t)) townships.push(t);
      for (const township of townships) {
        for (let attempt = 0; ; attempt++) {
          // The roll-up's revision first: any change under the township after this read moves it (it is
          // in the same transaction), so the conditional write below fails and the township is read again.
          const before = await readItem(rollupKey(township));
          const under = await db.queryAll({
            pk: counterKey(township).pk,
            sk: { op: 'begins_with', value: township },
            forward: true,
            consistent: true,
          });
          const sum: Record<string, number> = {};
          for (const i of under)
            for (const [k, v] of Object.entries(unitCountsOf(i.sk as string, i).values))
              sum[k] = (sum[k] ?? 0) + (v ?? 0);
          const sweeps = under
            .map((i) => i.lastSweepAt as string | undefined)
            .filter((x): x is string => !!x)
            .sort();
          try {
            await putItem(
              {
                ...rollupKey(township),
                _type: 'counter',
                unitCode: township,
                ...Object.fromEntries(counterKeys.map((k) => [k, sum[k] ?? 0])),
                _rev: Number(before?._rev ?? 0) + 1,
                ...(sweeps.length ? { lastSweepAt: sweeps.at(-1) } : {}),
              },
              before
                ? { expression: '#rev = :rev', names: { '#rev': '_rev' }, values: { ':rev': before._rev } }
                : { expression: 'attribute_not_exists(pk)', names: {}, values: {} },
            );
            break;
          } catch (e) {
            if (!(e instanceof Error && e.name === 'ConditionalCheckFailedException') || attempt >= 7)
              throw e;
          }
        }
      }
      await putItem({ ...rollupsReadyKey(countyCode), _type: 'rollupsReady' });
    },
  };
}
