// §3 derived quantities, and the exact comparisons the rules (§5, §6, §11) are written in.
// Display values (P, T, D, E) are plain numbers; every threshold test is done in integers
// (fen × basis points) so that one fen either side of a line always decides the same way.
import type { Derived, Fen, HouseholdFacts, Labour } from './model';
import { guaranteeKeys } from './model';

const BP = 10_000;

/** The income facts the comparisons read. */
export interface IncomeBasis {
  members: number;
  netIncome: Fen;
  transferIncome: Fen;
  priorYearNetIncome: Fen;
  largeExpenditure: Fen;
}

/** §3 netIncome = wage + business + property + transfer. */
export function netIncomeOf(f: HouseholdFacts): Fen {
  return f.wageIncome + f.businessIncome + f.propertyIncome + f.transferIncome;
}

/** §3 labour: none if no member can work; partial if only partial labour; else full. */
export function labourOf(f: Pick<HouseholdFacts, 'laborFull' | 'laborPartial'>): Labour {
  if (f.laborFull + f.laborPartial === 0) return 'none';
  return f.laborFull === 0 ? 'partial' : 'full';
}

/** §3 gap: at least one of 两不愁三保障 + 饮水安全 is not secure. */
export function hasGuaranteeGap(f: Pick<HouseholdFacts, 'guarantees'>): boolean {
  for (const k of guaranteeKeys) if (!f.guarantees[k]) return true;
  return false;
}

export function incomeBasisOf(f: HouseholdFacts): IncomeBasis {
  return {
    members: f.members,
    netIncome: netIncomeOf(f),
    transferIncome: f.transferIncome,
    priorYearNetIncome: f.priorYearNetIncome,
    largeExpenditure: f.largeExpenditure,
  };
}

/** §3, for display and storage. E is Infinity when prior ≤ 0 and largeExpenditure > 0. */
export function deriveQuantities(f: HouseholdFacts): Derived {
  const net = netIncomeOf(f);
  const prior = f.priorYearNetIncome;
  return {
    netIncome: net,
    perCapitaIncome: (net - f.largeExpenditure) / f.members,
    labour: labourOf(f),
    transferShare: net <= 0 ? 1 : f.transferIncome / net,
    incomeDrop: prior <= 0 ? 0 : (prior - net) / prior,
    expenditureBurden:
      prior <= 0 ? (f.largeExpenditure > 0 ? Number.POSITIVE_INFINITY : 0) : f.largeExpenditure / prior,
    gap: hasGuaranteeGap(f),
  };
}

// ——— exact comparisons ———

/** P < line × multiple ⇔ (net − large) · 10000 < lineFen · multipleBp · members. */
export function perCapitaBelow(b: IncomeBasis, lineFen: Fen, multipleBp = BP): boolean {
  return (b.netIncome - b.largeExpenditure) * BP < lineFen * multipleBp * b.members;
}

/** P ≥ line ⇔ not (P < line). */
export function perCapitaAtLeast(b: IncomeBasis, lineFen: Fen): boolean {
  return !perCapitaBelow(b, lineFen);
}

/** T ≥ r: T = 1 when net ≤ 0; else transfer · 10000 ≥ r_bp · net. */
export function transferShareAtLeast(b: IncomeBasis, bp: number): boolean {
  if (b.netIncome <= 0) return BP >= bp;
  return b.transferIncome * BP >= bp * b.netIncome;
}

/** D ≥ r: D = 0 when prior ≤ 0; else (prior − net) · 10000 ≥ r_bp · prior. */
export function incomeDropAtLeast(b: IncomeBasis, bp: number): boolean {
  const prior = b.priorYearNetIncome;
  if (prior <= 0) return 0 >= bp;
  return (prior - b.netIncome) * BP >= bp * prior;
}

/** E ≥ r: E = ∞ when prior ≤ 0 and large > 0, 0 when prior ≤ 0 and large = 0; else large · 10000 ≥ r_bp · prior. */
export function burdenAtLeast(b: IncomeBasis, bp: number): boolean {
  const prior = b.priorYearNetIncome;
  if (prior <= 0) return b.largeExpenditure > 0 ? true : 0 >= bp;
  return b.largeExpenditure * BP >= bp * prior;
}

/** E < r ⇔ not (E ≥ r). */
export function burdenBelow(b: IncomeBasis, bp: number): boolean {
  return !burdenAtLeast(b, bp);
}
