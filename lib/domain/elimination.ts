// §11 risk elimination (风险消除, 000 L785–793, L583): E1–E5 and D4's E6, with the inputs each one read.
import { burdenBelow, hasGuaranteeGap, incomeBasisOf, incomeDropAtLeast, labourOf } from './derived';
import { measuresStartedBy } from './measures';
import type { EliminationConditionId, Household, LocalDate, Measure } from './model';
import type { Policy } from './policy';
import { thresholdsOf } from './policy-resolution';

/**
 * A measure counts as started once its start date has come (status-agnostic, so a measure recorded
 * ahead of time starts by itself on its date).
 */
export function measureStarted(m: Measure, today: LocalDate): boolean {
  return m.startDate <= today;
}

export interface EliminationCheck {
  /** Monitored and all of E1–E6 hold. */
  eligible: boolean;
  conditions: Record<EliminationConditionId, boolean>;
  inputs: {
    E1: { measuresStarted: number };
    E2: { gap: boolean };
    E3: { required: number; recentMonthly: boolean[] };
    E4: { largeExpenditure: number; priorYearNetIncome: number; heavyBurdenRatio: number };
    E5: { labour: 'none' | 'partial' | 'full' };
    E6: { priorYearNetIncome: number; netIncome: number; sharpDropRatio: number };
  };
}

/**
 * §11. `recentMonthly` are the `aboveMonitoringLine` flags of the household's monthly assessments,
 * newest first (the monthly sweep includes the month it is writing).
 */
export function checkElimination(
  h: Household,
  ctx: { policy: Policy; today: LocalDate; recentMonthly: readonly boolean[] },
): EliminationCheck {
  const t = thresholdsOf(ctx.policy);
  const b = incomeBasisOf(h);
  const measuresStarted = measuresStartedBy(h.measureSummary, ctx.today);
  const gap = hasGuaranteeGap(h);
  const required = t.eliminationStableMonths;
  const window = ctx.recentMonthly.slice(0, required);
  const labour = labourOf(h);
  const conditions = {
    // E1 (000 L583): at least one assistance measure started
    E1: measuresStarted > 0,
    // E2 (000 L785): no guarantee gap
    E2: !gap,
    // E3 (000 L785 "收入持续稳定"): P ≥ monitoringLine in each of the last N monthly assessments
    E3: window.length >= required && window.every(Boolean),
    // E4 (000 L785): E < heavyBurdenRatio
    E4: burdenBelow(b, t.heavyBurdenBp),
    // E5 (000 L793): whole-household no labour keeps monitoring after 兜底
    E5: labour !== 'none',
    // E6 (D4): no sharp drop (D < sharpDropRatio), so an elimination is never followed at once by an L2
    // lead from facts already known
    E6: !incomeDropAtLeast(b, t.sharpDropBp),
  };
  return {
    eligible: h.status === 'monitored' && Object.values(conditions).every(Boolean),
    conditions,
    inputs: {
      E1: { measuresStarted },
      E2: { gap },
      E3: { required, recentMonthly: [...window] },
      E4: {
        largeExpenditure: h.largeExpenditure,
        priorYearNetIncome: h.priorYearNetIncome,
        heavyBurdenRatio: ctx.policy.heavyBurdenRatio,
      },
      E5: { labour },
      E6: {
        priorYearNetIncome: b.priorYearNetIncome,
        netIncome: b.netIncome,
        sharpDropRatio: ctx.policy.sharpDropRatio,
      },
    },
  };
}
