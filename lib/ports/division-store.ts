// The registry of administrative divisions (interface.md "Additions of December 2026"): a county's
// townships and villages with their names, as `fanpin import divisions` (or the national export's 乡镇/村
// name columns) registered them. Name changes are audited by the caller (UnitOfWork.append, unitCode set).
import type { Division } from '../domain/divisions';

export interface DivisionStore {
  /** Every registered division of a county (its own row, townships and villages), ordered by code: one query. */
  listCounty(countyCode: string): Promise<Division[]>;
  /** The registered children of a county (its townships) or a township (its villages), by code: one query. */
  children(unitCode: string): Promise<Division[]>;
  /** The registered divisions among `codes` (of any counties), by code; unknown codes are absent. */
  getMany(codes: readonly string[]): Promise<Map<string, Division>>;
  /** True when the county has at least one registered township or village (then codes are checked). */
  hasDivisions(countyCode: string): Promise<boolean>;
  /** Registers or renames divisions (an upsert by code; unconditional, batched). */
  putMany(divisions: readonly Division[]): Promise<void>;
}
