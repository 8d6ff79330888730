// Administrative divisions (interface.md "Additions of December 2026", §1): a county's townships and
// villages with their names. The parent follows from the code (digits 1–6 county, 1–9 township). Pure.
import { headerKey } from './household-headers';
import type { UnitLevel } from './model';

export interface Division {
  code: string;
  name: string;
  level: UnitLevel;
  /** The township of a village, the county of a township; null for a county. */
  parentCode: string | null;
}

export const divisionFields = [
  { field: 'code', zh: '区划代码' },
  { field: 'name', zh: '名称' },
] as const;

export type DivisionInputField = (typeof divisionFields)[number]['field'];

const divisionHeaderSynonyms: Record<DivisionInputField, readonly string[]> = {
  code: ['统计用区划代码', '行政区划代码', '区划编码', '代码', '单位代码'],
  name: ['区划名称', '单位名称', '行政区划名称', '名字'],
};

const divisionAliases: Readonly<Record<string, DivisionInputField>> = Object.fromEntries(
  divisionFields.flatMap(({ field, zh }) => [
    [field, field],
    [zh, field],
    ...divisionHeaderSynonyms[field].map((s) => [s, field]),
  ]),
);

/** A header cell of a divisions file → its field (English case-insensitive or Chinese); null if unknown. */
export function normaliseDivisionHeader(header: string): DivisionInputField | null {
  const key = headerKey(header);
  return divisionAliases[key.toLowerCase()] ?? divisionAliases[key] ?? null;
}

const LENGTHS: Record<number, UnitLevel> = { 6: 'county', 9: 'township', 12: 'village' };

/** The parent a code implies: township → county, village → township; null for a county. */
export function parentOf(code: string): string | null {
  if (code.length === 12) return code.slice(0, 9);
  if (code.length === 9) return code.slice(0, 6);
  return null;
}

export const maxDivisionNameLength = 50;

/** 区划代码 as the statistics bureau prints it may carry trailing zeros to 12 digits (532931000000 for
 *  the county, 532931101000 for a township): those are read as the shorter code. */
export function canonicalDivisionCode(raw: string): string {
  const code = raw.trim();
  if (/^\d{6}000000$/.test(code)) return code.slice(0, 6);
  if (/^\d{9}000$/.test(code)) return code.slice(0, 9);
  return code;
}

export type DivisionRowResult =
  | { ok: true; value: Division }
  | { ok: false; errors: { field: DivisionInputField; message: string }[] };

/** One row of a divisions file: a 6-, 9- or 12-digit code and a name. */
export function parseDivisionRow(record: Record<string, string | undefined>): DivisionRowResult {
  const errors: { field: DivisionInputField; message: string }[] = [];
  const rawCode = (record.code ?? '').trim();
  const code = canonicalDivisionCode(rawCode);
  const name = (record.name ?? '').trim().replace(/\s+/g, ' ');
  if (rawCode === '') errors.push({ field: 'code', message: 'is required' });
  else if (!LENGTHS[code.length] || !/^\d+$/.test(code))
    errors.push({ field: 'code', message: `"${rawCode}" is not a 6-, 9- or 12-digit division code` });
  if (name === '') errors.push({ field: 'name', message: 'is required' });
  else if ([...name].length > maxDivisionNameLength)
    errors.push({ field: 'name', message: `must be at most ${maxDivisionNameLength} characters` });
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: { code, name, level: LENGTHS[code.length] as UnitLevel, parentCode: parentOf(code) },
  };
}

/** A division from a code and a name taken elsewhere (the national export's 乡镇/村 name columns). */
export function divisionOf(code: string, name: string): Division {
  return {
    code,
    name: name.trim().replace(/\s+/g, ' '),
    level: LENGTHS[code.length] as UnitLevel,
    parentCode: parentOf(code),
  };
}

/** Looks a unit's name up; undefined when the unit is not registered (answers then carry the code only). */
export type UnitNameLookup = (code: string) => string | undefined;

export const lookupOf = (divisions: Iterable<Division>): UnitNameLookup => {
  const names = new Map<string, string>();
  for (const d of divisions) names.set(d.code, d.name);
  return (code) => names.get(code);
};
