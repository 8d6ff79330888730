// §1: units are identified by the 12-digit statistical division code (统计用区划代码):
// digits 1–6 county, 1–9 township, 1–12 village. Scope checks are prefix checks.
import { DomainError } from './errors';
import type { UnitLevel } from './model';

const LENGTH: Record<UnitLevel, number> = { county: 6, township: 9, village: 12 };

export const isVillageCode = (code: string): boolean => /^\d{12}$/.test(code);
export const isTownshipCode = (code: string): boolean => /^\d{9}$/.test(code);
export const isCountyCode = (code: string): boolean => /^\d{6}$/.test(code);
export const isDivisionCode = (code: string): boolean => /^(\d{6}|\d{9}|\d{12})$/.test(code);

/** The level of a 6-, 9- or 12-digit code; null for anything else. */
export function unitLevelOf(code: string): UnitLevel | null {
  if (isCountyCode(code)) return 'county';
  if (isTownshipCode(code)) return 'township';
  if (isVillageCode(code)) return 'village';
  return null;
}

/** Like unitLevelOf, but throws DomainError('validation_failed') for an invalid code. */
export function requireUnitLevel(code: string): UnitLevel {
  const level = unitLevelOf(code);
  if (!level) {
    throw new DomainError('validation_failed', `"${code}" is not a division code (6, 9 or 12 digits)`, [
      { field: 'unit', message: 'expected a 6-, 9- or 12-digit division code' },
    ]);
  }
  return level;
}

/** The township (first 9 digits) of a village or township code. */
export function townshipOf(code: string): string {
  if (!isVillageCode(code) && !isTownshipCode(code)) {
    throw new DomainError('validation_failed', `"${code}" is not a village or township code`);
  }
  return code.slice(0, LENGTH.township);
}

/** The county (first 6 digits) of any division code. */
export function countyOf(code: string): string {
  if (!isDivisionCode(code)) throw new DomainError('validation_failed', `"${code}" is not a division code`);
  return code.slice(0, LENGTH.county);
}

/** The code of `code`'s ancestor (or itself) at `level`. */
export function unitAt(code: string, level: UnitLevel): string {
  const own = requireUnitLevel(code);
  if (LENGTH[own] < LENGTH[level]) {
    throw new DomainError('validation_failed', `"${code}" is a ${own}: it has no ${level}`);
  }
  return code.slice(0, LENGTH[level]);
}

/** §12 scope: true when `code` is the unit itself or lies inside it (prefix check on valid codes). */
export function isWithin(unit: string, code: string): boolean {
  return isDivisionCode(unit) && isDivisionCode(code) && code.length >= unit.length && code.startsWith(unit);
}
