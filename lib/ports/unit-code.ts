// §1 division codes: county = digits 1–6, township 1–9, village 1–12. Scope checks are prefix checks.
import { DomainError } from '../domain/errors';
import type { UnitLevel } from '../domain/model';

export function unitLevelOf(unitCode: string): UnitLevel {
  if (/^\d{12}$/.test(unitCode)) return 'village';
  if (/^\d{9}$/.test(unitCode)) return 'township';
  if (/^\d{6}$/.test(unitCode)) return 'county';
  throw new DomainError('malformed', 'unit code must have 6, 9 or 12 digits', [
    { field: 'unitCode', message: '6, 9 or 12 digits' },
  ]);
}

export const countyOf = (code: string): string => code.slice(0, 6);
export const townshipOf = (code: string): string => code.slice(0, 9);
