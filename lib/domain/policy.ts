// §4 policy: every threshold is a per-county-and-year value; code never hard-codes one.
import { createHash } from 'node:crypto';
import { z } from 'zod';

const isoDuration = z.string().regex(/^P(\d+[YMWD])+$/, 'an ISO-8601 date duration such as P14D, P1M or P3M');

/** Ratios carry at most 4 decimals so that comparisons can be done in integers. */
const ratio = z
  .number()
  .nonnegative()
  .refine((v) => Math.abs(v * 10_000 - Math.round(v * 10_000)) < 1e-9, 'at most 4 decimal places');

const yuanPerYear = z.number().int().nonnegative();

export const policySchema = z.object({
  /** Stable id, e.g. 'default' or '532931-2026'. */
  policyId: z.string().min(1),
  /** D15: derived from the values (policyVersionOf), so every path stamps the same version for the same
   *  values and any change of a value changes it; every assessment and case stores it. */
  version: z.string().min(1),
  /** County code this policy applies to, or null for the national default. */
  countyCode: z
    .string()
    .regex(/^\d{6}$/)
    .nullable(),
  /** Year the policy applies to, or null for every year. */
  year: z.number().int().min(2020).max(2100).nullable(),
  /** Lines are per capita per year, in whole yuan (converted to fen by the rules). */
  povertyLine: yuanPerYear,
  monitoringLine: yuanPerYear,
  warningLine: yuanPerYear,
  redIncomeMultiple: ratio,
  sharpDropRatio: ratio,
  heavyBurdenRatio: ratio,
  severeBurdenRatio: ratio,
  transferDependence: ratio,
  visitIntervals: z.object({
    red: isoDuration,
    yellow: isoDuration,
    blue: isoDuration,
    watch: isoDuration,
  }),
  eliminationStableMonths: z.number().int().min(1).max(24),
  /** D4: the village proposes an elimination within this many calendar days after a home visit (入户核查). */
  eliminationHomeCheckDays: z.number().int().min(0).max(365),
  escalation: z.object({
    /** §8: working days at the village before a case climbs to the township. */
    villageWindowDays: z.number().int().min(0),
    /** §8: working days at the township before a case climbs to the county. */
    townshipWindowDays: z.number().int().min(0),
    /** §8 lead_unverified: 3 working days (000 L583). */
    leadVerifyDays: z.number().int().min(0),
    /** §8 lead_unverified: same day (0 working days) for leads the village raised itself. */
    leadVerifyDaysVillageRaised: z.number().int().min(0),
    /** §8 measures_missing: monitored this long with no measure started (000 L583). */
    measuresStartPeriod: isoDuration,
    /** §8 contact_missing: calendar days after confirmation (000 L267). */
    contactGraceDays: z.number().int().min(0),
    /** §8 contact_missing: working days at the village. */
    contactWindowDays: z.number().int().min(0),
    /** §8 review_overdue: working days a step may wait at one level (000 L945). */
    reviewStepDays: z.number().int().min(0),
    /** §8 report_overdue: day of month M+1 by which a township submits the report for M (003). */
    reportDueDay: z.number().int().min(1).max(28),
  }),
  /** §8 village public notice (村级评议公示): at least this many calendar days. */
  publicNoticeDays: z.number().int().min(0),
  timezone: z.string().min(1),
});

export type Policy = z.infer<typeof policySchema>;

/**
 * D15: a policy's version is a content hash of its values (everything but `policyId` and `version`, keys in a
 * fixed order): the same values give the same version whichever path built the policy.
 */
export function policyVersionOf(policy: Omit<Policy, 'version'> & { version?: string }): string {
  const { policyId: _id, version: _version, ...values } = policy;
  const canonical = (v: unknown): unknown =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v as object)
            .sort()
            .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
        )
      : v;
  return `v${createHash('sha256')
    .update(JSON.stringify(canonical(values)))
    .digest('hex')
    .slice(0, 12)}`;
}

const specDefaults = {
  policyId: 'default',
  countyCode: null,
  year: null,
  povertyLine: 4000,
  monitoringLine: 7000,
  warningLine: 9000,
  redIncomeMultiple: 1.0,
  sharpDropRatio: 0.3,
  heavyBurdenRatio: 0.5,
  severeBurdenRatio: 1.0,
  transferDependence: 0.8,
  visitIntervals: { red: 'P14D', yellow: 'P1M', blue: 'P3M', watch: 'P3M' },
  eliminationStableMonths: 6,
  eliminationHomeCheckDays: 30,
  escalation: {
    villageWindowDays: 3,
    townshipWindowDays: 5,
    leadVerifyDays: 3,
    leadVerifyDaysVillageRaised: 0,
    measuresStartPeriod: 'P1M',
    contactGraceDays: 2,
    contactWindowDays: 2,
    reviewStepDays: 5,
    reportDueDay: 3,
  },
  publicNoticeDays: 5,
  timezone: 'Asia/Shanghai',
};

/** The spec's defaults (§4, §8), with their content-hash version (D15). */
export const defaultPolicy: Policy = policySchema.parse({
  ...specDefaults,
  version: policyVersionOf(specDefaults as Omit<Policy, 'version'>),
});
