// PolicyStore on the table (docs/data-model.md "Policies"): the current policy of each county and year in
// one partition (`POL`, read whole by every invocation), every version by its content hash (`POLV`).
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { PolicyStore, StoredPolicy } from '../../ports/policy-store';
import { recordOf } from './keys';
import type { TableClient } from './table-client';

const currentPartition = 'POL';
const currentKey = (countyCode: string, year: number | null) => ({
  pk: currentPartition,
  sk: `C#${countyCode}#${year ?? '*'}`,
});
const versionKey = (version: string) => ({ pk: 'POLV', sk: version });

export function createDynamoPolicyStore(db: TableClient): PolicyStore {
  const table = db.tableName;
  return {
    async loaded() {
      const items = await db.queryAll({ pk: currentPartition, forward: true, consistent: true });
      return items.map((i) => recordOf<StoredPolicy>(i));
    },
    async save(stored) {
      const { countyCode, year, version } = stored.policy;
      const current = { ...stored, ...currentKey(countyCode ?? '', year), _type: 'policy' };
      // A version is its values: the first load of a version is kept as it was (a reload of the same
      // values only makes it current again).
      const known = (await db.getMany([versionKey(version)])).length > 0;
      await db.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: table, Item: current } },
            ...(known
              ? []
              : [
                  {
                    Put: {
                      TableName: table,
                      Item: { ...stored, ...versionKey(version), _type: 'policyVersion' },
                    },
                  },
                ]),
          ],
          ...db.capacity,
        }),
      );
    },
    async version(version) {
      const [item] = await db.getMany([versionKey(version)]);
      return item ? recordOf<StoredPolicy>(item) : null;
    },
  };
}
