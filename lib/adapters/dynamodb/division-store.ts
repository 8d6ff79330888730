// DivisionStore on the table (docs/data-model.md "Divisions"): one item per division in its county's
// partition (`DIV#<county>`, sk = its level letter and code), so a county's registry is one query, its
// townships and a township's villages each one begins_with query, the names of a page one BatchGetItem.
import type { Division } from '../../domain/divisions';
import type { DivisionStore } from '../../ports/division-store';
import { divisionChildrenPrefix, divisionKey, type Item, recordOf } from './keys';
import type { StoreContext } from './store-context';

const decode = (item: Item): Division => {
  const { code, name, level, parentCode } = recordOf<Division & { updatedAt?: string }>(item);
  return { code, name, level, parentCode: parentCode ?? null };
};

export function createDynamoDivisionStore({ db }: StoreContext): DivisionStore {
  return {
    async listCounty(countyCode) {
      const items = await db.queryAll({ pk: divisionKey(countyCode).pk, forward: true });
      return items.map(decode).sort((a, b) => a.code.localeCompare(b.code));
    },
    async children(unitCode) {
      if (unitCode.length !== 6 && unitCode.length !== 9) return [];
      const items = await db.queryAll({
        pk: divisionKey(unitCode).pk,
        sk: { op: 'begins_with', value: divisionChildrenPrefix(unitCode) },
        forward: true,
      });
      return items.map(decode);
    },
    async getMany(codes) {
      const unique = [...new Set(codes)].filter((c) => /^(\d{6}|\d{9}|\d{12})$/.test(c));
      if (unique.length === 0) return new Map();
      const items = await db.getMany(unique.map(divisionKey), false);
      return new Map(items.map((i) => [i.code as string, decode(i)]));
    },
    async hasDivisions(countyCode) {
      const { items } = await db.query(
        { pk: divisionKey(countyCode).pk, sk: { op: '>=', value: 'T#' }, forward: true },
        1,
      );
      return items.length > 0;
    },
    async putMany(divisions) {
      await db.putMany(
        divisions.map((d) => ({ ...d, ...divisionKey(d.code), _type: 'division' })),
        4,
      );
    },
  };
}
