// §4: every threshold is a policy value per county and per year; code never hard-codes one.
// Stored policies are complete (validated by policySchema) so that a policy's id + version
// names exactly the values an assessment used and a grade can be replayed.
import { DomainError } from './errors';
import type { Fen } from './model';
import { defaultPolicy, type Policy, policySchema, policyVersionOf } from './policy';

/** What a county or year changes; everything else comes from the base (the national default). */
export type PolicyOverride = Partial<Omit<Policy, 'visitIntervals' | 'escalation'>> &
  Pick<Policy, 'policyId' | 'countyCode' | 'year'> & {
    visitIntervals?: Partial<Policy['visitIntervals']>;
    escalation?: Partial<Policy['escalation']>;
  };

/**
 * Builds a complete policy from an override on top of `base`; throws validation_failed if invalid. D15: the
 * version is the values' content hash (an override's own `version` is ignored).
 */
export function definePolicy(override: PolicyOverride, base: Policy = defaultPolicy): Policy {
  const candidate = {
    ...base,
    ...override,
    visitIntervals: { ...base.visitIntervals, ...override.visitIntervals },
    escalation: { ...base.escalation, ...override.escalation },
  };
  const checked = validatePolicy({ ...candidate, version: 'pending' });
  return { ...checked, version: policyVersionOf(checked) };
}

/**
 * D15: the policies of a deployment: the spec's defaults, with the deployment's overrides (POLICY_OVERRIDES,
 * cdk config `policyOverrides`) over them when it has any. Every path (API, sweeps, import, alerts) builds
 * them here, so the same values carry the same policy id and version everywhere.
 */
export function deploymentPolicies(overrides: Record<string, unknown> | undefined | null): Policy[] {
  if (!overrides || Object.keys(overrides).length === 0) return [defaultPolicy];
  return [
    definePolicy({
      ...(overrides as Partial<PolicyOverride>),
      policyId: 'deployment',
      countyCode: null,
      year: null,
    } as PolicyOverride),
  ];
}

/** policySchema plus the ordering the rules rely on (poverty ≤ monitoring ≤ warning line). */
export function validatePolicy(input: unknown): Policy {
  const parsed = policySchema.safeParse(input);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message }));
    throw new DomainError('validation_failed', 'policy is not valid', details);
  }
  const p = parsed.data;
  if (!(p.povertyLine <= p.monitoringLine && p.monitoringLine <= p.warningLine)) {
    throw new DomainError('validation_failed', 'policy is not valid', [
      { field: 'monitoringLine', message: 'lines must satisfy povertyLine ≤ monitoringLine ≤ warningLine' },
    ]);
  }
  return p;
}

function specificity(p: Policy): number {
  return (p.countyCode !== null ? 2 : 0) + (p.year !== null ? 1 : 0);
}

/**
 * §4: the policy in force for a county in a year. Most specific wins:
 * county + year > county (any year) > year (any county) > national default.
 * Policies for other counties or years are ignored; with none matching, `defaultPolicy`.
 */
export function resolvePolicy(policies: readonly Policy[], countyCode: string, year: number): Policy {
  let best: Policy | null = null;
  for (const p of policies) {
    if (p.countyCode !== null && p.countyCode !== countyCode) continue;
    if (p.year !== null && p.year !== year) continue;
    if (!best || specificity(p) > specificity(best)) best = p;
  }
  return best ?? defaultPolicy;
}

/** Policy values in exact integer units: lines in fen per capita per year, ratios in basis points. */
export interface Thresholds {
  policyId: string;
  policyVersion: string;
  povertyLineFen: Fen;
  monitoringLineFen: Fen;
  warningLineFen: Fen;
  redIncomeMultipleBp: number;
  sharpDropBp: number;
  heavyBurdenBp: number;
  severeBurdenBp: number;
  transferDependenceBp: number;
  eliminationStableMonths: number;
}

/** 1.0 → 10000 basis points (policySchema allows at most 4 decimals, so this is exact). */
export const ratioToBp = (ratio: number): number => Math.round(ratio * 10_000);

const cache = new WeakMap<Policy, Thresholds>();

/** The policy's thresholds in fen and basis points (cached per policy object). */
export function thresholdsOf(policy: Policy): Thresholds {
  let t = cache.get(policy);
  if (!t) {
    t = {
      policyId: policy.policyId,
      policyVersion: policy.version,
      povertyLineFen: policy.povertyLine * 100,
      monitoringLineFen: policy.monitoringLine * 100,
      warningLineFen: policy.warningLine * 100,
      redIncomeMultipleBp: ratioToBp(policy.redIncomeMultiple),
      sharpDropBp: ratioToBp(policy.sharpDropRatio),
      heavyBurdenBp: ratioToBp(policy.heavyBurdenRatio),
      severeBurdenBp: ratioToBp(policy.severeBurdenRatio),
      transferDependenceBp: ratioToBp(policy.transferDependence),
      eliminationStableMonths: policy.eliminationStableMonths,
    };
    cache.set(policy, t);
  }
  return t;
}
