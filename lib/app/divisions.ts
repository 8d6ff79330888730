// The divisions registry in use (interface.md "Additions of December 2026", Administrative divisions):
// names for answers, digests and reports, and the check of a household's village code against the
// registry and the officer's county.
import { countyOf, isVillageCode, townshipOf } from '../domain/division-code';
import { type Division, divisionOf, lookupOf, type UnitNameLookup } from '../domain/divisions';
import type { Actor, AuditEvent, Instant } from '../domain/model';
import type { Store } from '../ports/store';

/**
 * The names of a county's units as a lookup (`code → name`, undefined when not registered): one query.
 * Digests and reports render unit names through it (`unitName` input of the digest renderer).
 */
export async function namesOf(store: Pick<Store, 'divisions'>, countyCode: string): Promise<UnitNameLookup> {
  return lookupOf(await store.divisions.listCounty(countyOf(countyCode)));
}

/** The names of these units and of the townships of the villages among them (one BatchGetItem): what
 *  answers need for `villageName` and `townshipName`. */
export async function unitNames(
  store: Pick<Store, 'divisions'>,
  unitCodes: readonly (string | null)[],
): Promise<UnitNameLookup> {
  const codes = new Set<string>();
  for (const c of unitCodes) {
    if (!c) continue;
    codes.add(c);
    if (isVillageCode(c)) codes.add(townshipOf(c));
  }
  return lookupOf((await store.divisions.getMany([...codes])).values());
}

/** Why a village code may not be used (null when it may), for an import row or an API body. */
export type VillageCodeCheck = (
  villageCode: string,
  options?: {
    /** The row registers the village itself (the national export's 村 name column). */ named?: boolean;
  },
) => Promise<string | null>;

/** The same check for one code (an API request): two small reads instead of the county's registry. */
export async function checkOneVillageCode(
  store: Pick<Store, 'divisions'>,
  villageCode: string,
): Promise<string | null> {
  if (!isVillageCode(villageCode)) return null;
  if ((await store.divisions.getMany([villageCode])).has(villageCode)) return null;
  if (!(await store.divisions.hasDivisions(countyOf(villageCode)))) return null;
  return unknownVillage(villageCode);
}

const unknownVillage = (villageCode: string) =>
  `village ${villageCode} is not a registered division of county ${countyOf(villageCode)} (fanpin import divisions)`;

/**
 * The check of a household's village code: inside `county` when one is given (the importing or calling
 * officer's county), and, once the village's county has divisions, among them. Counties' registries are
 * read once per check function (an import builds one for the whole file).
 */
export function villageCodeCheck(store: Pick<Store, 'divisions'>, county?: string): VillageCodeCheck {
  const registries = new Map<string, Promise<Set<string> | null>>();
  const registryOf = (c: string) => {
    let r = registries.get(c);
    if (!r) {
      r = store.divisions
        .listCounty(c)
        .then((ds: Division[]) =>
          ds.some((d) => d.level !== 'county') ? new Set(ds.map((d) => d.code)) : null,
        );
      registries.set(c, r);
    }
    return r;
  };
  return async (villageCode, options) => {
    if (!isVillageCode(villageCode)) return null; // the input schema reports it
    if (county !== undefined && countyOf(villageCode) !== county)
      return `village ${villageCode} is outside county ${county}`;
    if (options?.named) return null;
    const known = await registryOf(countyOf(villageCode));
    if (known && !known.has(villageCode)) return unknownVillage(villageCode);
    return null;
  };
}

/**
 * Registers divisions against what is stored (`stored`, by code; read it with listCounty): new ones and
 * renamed ones are written with an audit event each, the same name again writes nothing.
 */
export async function registerDivisions(
  store: Pick<Store, 'divisions' | 'append'>,
  divisions: readonly Division[],
  stored: ReadonlyMap<string, Division>,
  options: { at: Instant; actor: Actor; newId: () => string },
): Promise<{ created: number; updated: number; unchanged: number }> {
  const writes: Division[] = [];
  const audit: AuditEvent[] = [];
  let created = 0;
  let updated = 0;
  let unchanged = 0;
  for (const d of divisions) {
    const before = stored.get(d.code);
    if (before && before.name === d.name) {
      unchanged++;
      continue;
    }
    writes.push(d);
    const event = { eventId: options.newId(), householdId: null, unitCode: d.code, at: options.at };
    if (before) {
      updated++;
      audit.push({
        ...event,
        type: 'division_renamed',
        actor: options.actor,
        before: { name: before.name },
        after: { name: d.name },
      });
    } else {
      created++;
      audit.push({ ...event, type: 'division_registered', actor: options.actor, after: { name: d.name } });
    }
  }
  if (writes.length > 0) {
    await store.divisions.putMany(writes);
    await store.append({ audit });
  }
  return { created, updated, unchanged };
}

/** The townships and villages a household file names (乡镇/村 name columns): code → division. */
export function divisionsFromHouseholdRow(
  villageCode: string,
  names: { townshipName?: string | undefined; villageName?: string | undefined },
): Division[] {
  const out: Division[] = [];
  const township = names.townshipName?.trim();
  const village = names.villageName?.trim();
  if (township) out.push(divisionOf(villageCode.slice(0, 9), township));
  if (village) out.push(divisionOf(villageCode, village));
  return out;
}
