// CounterStore on the table (docs/data-model.md "Counters"): one counter item per unit, under its county.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DomainError } from '../../domain/errors';
import {
  type CounterDelta,
  type CounterStore,
  type CounterValues,
  counterKeys,
  summarize,
  type UnitCounts,
} from '../../ports/counter-store';
import { unitLevelOf } from '../../ports/unit-code';
import { counterKey, countyRegistryKey, type Item } from './keys';
import { isConditionFailure, type StoreContext } from './store-context';

/** The update adding a counter delta to a unit's counter item, or null when the delta is all zeros. */
export function counterUpdate(unitCode: string, delta: CounterDelta) {
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
    Key: counterKey(unitCode),
    UpdateExpression: `ADD #rev :one, ${adds.join(', ')} SET #type = :type, #unit = :unit`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
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
  registerCounties,
}: StoreContext): CounterStore {
  return {
    async summary(unitCode) {
      const level = unitLevelOf(unitCode);
      if (level === 'village') {
        return summarize(unitCode, [unitCountsOf(unitCode, await getItem(counterKey(unitCode), false))]);
      }
      const items = await db.queryAll({
        pk: counterKey(unitCode).pk,
        sk: level === 'township' ? { op: 'begins_with', value: unitCode } : undefined,
        forward: true,
      });
      return summarize(
        unitCode,
        items.map((i) => unitCountsOf(i.sk as string, i)),
      );
    },
    async unitCounts(unitCode) {
      return unitCountsOf(unitCode, await getItem(counterKey(unitCode)));
    },
    async replace(unitCode, values, { sweptAt, expectedRevision }) {
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
      const sets = counterKeys.map((k, i) => {
        names[`#c${i}`] = k;
        vals[`:c${i}`] = (values as CounterValues)[k] ?? 0;
        return `#c${i} = :c${i}`;
      });
      let condition: string | undefined;
      if (expectedRevision === 0) condition = 'attribute_not_exists(#rev)';
      else if (expectedRevision !== undefined) {
        condition = '#rev = :expected';
        vals[':expected'] = expectedRevision;
      }
      // Every recount makes sure its county is registered (also heals a county whose counters were
      // written before deltas registered it).
      await registerCounties([unitCode]);
      try {
        await db.send(
          new UpdateCommand({
            TableName: table,
            Key: counterKey(unitCode),
            UpdateExpression: `SET #type = :type, #unit = :unit, #swept = :swept, ${sets.join(', ')} ADD #rev :one`,
            ConditionExpression: condition,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: vals,
            ...db.capacity,
          }),
        );
      } catch (e) {
        if (isConditionFailure(e))
          throw new DomainError('conflict', `counters of ${unitCode} changed since they were read`);
        throw e;
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
  };
}
