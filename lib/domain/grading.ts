// §5 grading of monitored households (002 L98: Ⅰ级 red, Ⅱ级 yellow, Ⅲ级 blue).
// Every rule is evaluated and every match recorded; the grade is the most severe level matched.
import {
  burdenAtLeast,
  hasGuaranteeGap,
  incomeBasisOf,
  incomeDropAtLeast,
  labourOf,
  perCapitaBelow,
  transferShareAtLeast,
} from './derived';
import type { Grade, GradeRuleId, HouseholdFacts, HouseholdStatus, RiskFactor } from './model';
import type { Policy } from './policy';
import { type Thresholds, thresholdsOf } from './policy-resolution';

/** R4 reads these risk factors: illness, disability or accident (002 L98). */
const R4_FACTORS: ReadonlySet<RiskFactor> = new Set(['illness', 'disability', 'accident']);

/** Rule id → grade it implies. */
export const ruleGrade: Record<GradeRuleId, Grade> = {
  R1: 'red',
  R2: 'red',
  R3: 'red',
  R4: 'red',
  R5: 'red',
  Y1: 'yellow',
  Y2: 'yellow',
  B0: 'blue',
};

/** Higher = more severe. */
export const gradeSeverity: Record<Grade, number> = { blue: 1, yellow: 2, red: 3 };

/** Every matching rule id among R1–R5, Y1–Y2, in that order; ['B0'] when none matches. */
export function evaluateGradeRules(f: HouseholdFacts, t: Thresholds): GradeRuleId[] {
  const b = incomeBasisOf(f);
  const labour = labourOf(f);
  const belowMonitoring = perCapitaBelow(b, t.monitoringLineFen);
  const matched: GradeRuleId[] = [];
  // R1 (002 L98): P < povertyLine × redIncomeMultiple
  if (perCapitaBelow(b, t.povertyLineFen, t.redIncomeMultipleBp)) matched.push('R1');
  // R2 (002 L98): basic needs not guaranteed (两不愁三保障 gap)
  if (hasGuaranteeGap(f)) matched.push('R2');
  // R3 (002 L98): no labour and P < monitoringLine
  if (labour === 'none' && belowMonitoring) matched.push('R3');
  // R4 (002 L98): heavy burden with illness, disability or accident
  if (burdenAtLeast(b, t.heavyBurdenBp) && f.riskFactors.some((r) => R4_FACTORS.has(r))) matched.push('R4');
  // R5 (002 L98): sharp income drop and P < monitoringLine
  if (incomeDropAtLeast(b, t.sharpDropBp) && belowMonitoring) matched.push('R5');
  // Y1 (002 L98 Ⅱ级): no labour
  if (labour === 'none') matched.push('Y1');
  // Y2 (002 L98 Ⅱ级 "收入仅靠资金帮扶、产业分红"): T ≥ transferDependence
  if (transferShareAtLeast(b, t.transferDependenceBp)) matched.push('Y2');
  // B0 (002 L98 Ⅲ级): none of the above
  if (matched.length === 0) matched.push('B0');
  return matched;
}

/** The most severe grade among matched rules. */
export function gradeOfRules(rules: readonly GradeRuleId[]): Grade {
  let grade: Grade = 'blue';
  for (const r of rules) if (gradeSeverity[ruleGrade[r]] > gradeSeverity[grade]) grade = ruleGrade[r];
  return grade;
}

export interface GradeResult {
  /** null unless status is monitored (a grade is cancelled when risk is eliminated). */
  grade: Grade | null;
  /** Every matched rule id; empty when not graded. */
  matchedRules: GradeRuleId[];
  policyId: string;
  policyVersion: string;
}

/** §5: grade a household; only status `monitored` is graded, and it always gets a grade. */
export function gradeHousehold(h: HouseholdFacts & { status: HouseholdStatus }, policy: Policy): GradeResult {
  const t = thresholdsOf(policy);
  if (h.status !== 'monitored') {
    return { grade: null, matchedRules: [], policyId: t.policyId, policyVersion: t.policyVersion };
  }
  const matchedRules = evaluateGradeRules(h, t);
  return {
    grade: gradeOfRules(matchedRules),
    matchedRules,
    policyId: t.policyId,
    policyVersion: t.policyVersion,
  };
}
