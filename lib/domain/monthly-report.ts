// §9 monthly report for month M of a village, township or county.
//
// Design: the monthly sweep fills one **aggregate** per village (its households as they stand,
// plus the month's activity counts), and `rollUp` sums aggregates into the report of any unit
// whose code prefixes theirs (§1: scope is a prefix check). A village's report is the roll-up of
// its one aggregate. Cases held by a township with no village (report_overdue) go in an aggregate
// keyed by the township's code: it adds to the township's and county's case counts and is not
// counted as a village.
// Pure: no clock, no store. The zod schemas type the report and generate its OpenAPI description.
import { z } from 'zod';
import { DomainError } from './errors';
import {
  type Case,
  type CaseKind,
  type CaseLevel,
  caseKinds,
  caseLevels,
  grades,
  type Household,
  householdCategories,
  householdStatuses,
  type LocalDate,
  riskFactorCodes,
  unitLevels,
  type VisitClass,
  visitClasses,
} from './model';
import { localDateOf } from './time';

const count = z.number().int().nonnegative();

function countsOf<const K extends readonly string[]>(keys: K) {
  return z.object(Object.fromEntries(keys.map((k) => [k, count])) as { [P in K[number]]: typeof count });
}

function zeros<const K extends readonly string[]>(keys: K): { [P in K[number]]: number } {
  return Object.fromEntries(keys.map((k) => [k, 0])) as { [P in K[number]]: number };
}

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM');

const householdsSection = z.object({
  total: count,
  byCategory: countsOf(householdCategories),
  byStatus: countsOf(householdStatuses),
  /** Monitored households by grade. */
  byGrade: countsOf(grades),
  /** Watch households (预警户, §6): not monitored, monitoringLine ≤ P < warningLine. */
  watch: count,
});

const movementsSection = z.object({
  /** Households confirmed by the county (status → monitored) during M. */
  newInclusions: count,
  /** Households whose risk was eliminated (status → eliminated) during M. */
  eliminations: count,
  /** Grade changes during M (§5: re-assessed monthly and on every change). */
  upgraded: count,
  downgraded: count,
});

const visitTally = z.object({
  /** Households of the class whose visit fell due in M (or was already overdue). */
  required: count,
  /** Of those, the households that had a qualifying visit (§7) by the end of M. */
  done: count,
});

const overdueSection = z.object({
  /** Households overdue for a visit at the end of M. */
  total: count,
  byClass: countsOf(visitClasses),
});

const kindByLevel = z.object(
  Object.fromEntries(caseKinds.map((k) => [k, countsOf(caseLevels)])) as {
    [K in CaseKind]: ReturnType<typeof countsOf<typeof caseLevels>>;
  },
);

const casesSection = z.object({
  /** Cases opened during M, by kind and the level they opened at. */
  opened: kindByLevel,
  /** Escalations during M, by kind and the level escalated to. */
  escalated: kindByLevel,
  /** Cases resolved during M, by kind and the level that held them. */
  resolved: kindByLevel,
});

export const villageAggregateSchema = z.object({
  /** A 12-digit village code; or a 9-digit township code for township-held cases only. */
  unitCode: z.string().regex(/^(\d{9}|\d{12})$/),
  month,
  households: householdsSection,
  movements: movementsSection,
  visits: z.object({
    byClass: z.object({ red: visitTally, yellow: visitTally, blue: visitTally, watch: visitTally }),
  }),
  overdue: overdueSection,
  cases: casesSection,
  /** Risk factors of monitored households (a household counts once per factor). */
  riskFactors: countsOf(riskFactorCodes),
});

export type VillageAggregate = z.infer<typeof villageAggregateSchema>;

const visitCompliance = visitTally.extend({
  /** done / required, rounded to 4 decimals; null when nothing was required. */
  complianceRate: z.number().min(0).nullable(),
});

export const monthlyReportSchema = z.object({
  unitCode: z.string().regex(/^(\d{6}|\d{9}|\d{12})$/),
  level: z.enum(unitLevels),
  month,
  /** Villages summed into this report. */
  villages: count,
  households: householdsSection,
  movements: movementsSection,
  visits: z.object({
    byClass: z.object({
      red: visitCompliance,
      yellow: visitCompliance,
      blue: visitCompliance,
      watch: visitCompliance,
    }),
    total: visitCompliance,
  }),
  overdue: overdueSection,
  cases: casesSection,
  riskFactors: countsOf(riskFactorCodes),
});

export type MonthlyReport = z.infer<typeof monthlyReportSchema>;
export type CaseActivity = VillageAggregate['cases'];
export type VisitTallies = VillageAggregate['visits']['byClass'];

function emptyKindByLevel(): CaseActivity['opened'] {
  return Object.fromEntries(caseKinds.map((k) => [k, zeros(caseLevels)])) as CaseActivity['opened'];
}

export function emptyCaseActivity(): CaseActivity {
  return { opened: emptyKindByLevel(), escalated: emptyKindByLevel(), resolved: emptyKindByLevel() };
}

export function emptyVillageAggregate(unitCode: string, m: string): VillageAggregate {
  return {
    unitCode,
    month: m,
    households: {
      total: 0,
      byCategory: zeros(householdCategories),
      byStatus: zeros(householdStatuses),
      byGrade: zeros(grades),
      watch: 0,
    },
    movements: { newInclusions: 0, eliminations: 0, upgraded: 0, downgraded: 0 },
    visits: {
      byClass: Object.fromEntries(visitClasses.map((c) => [c, { required: 0, done: 0 }])) as VisitTallies,
    },
    overdue: { total: 0, byClass: zeros(visitClasses) },
    cases: emptyCaseActivity(),
    riskFactors: zeros(riskFactorCodes),
  };
}

/** The level of a unit from its code length (§1: 6 county, 9 township, 12 village). */
export function unitLevelOf(code: string): 'county' | 'township' | 'village' {
  if (/^\d{6}$/.test(code)) return 'county';
  if (/^\d{9}$/.test(code)) return 'township';
  if (/^\d{12}$/.test(code)) return 'village';
  throw new DomainError('validation_failed', `"${code}" is not a 6, 9 or 12 digit division code`, [
    { field: 'unit', message: 'a 6, 9 or 12 digit division code' },
  ]);
}

/** §7: overdue when the date is after next due; only households with a visit class. */
function isOverdue(h: Household, on: LocalDate): h is Household & { visitClass: VisitClass } {
  return h.visitClass !== null && h.nextVisitDue !== null && on > h.nextVisitDue;
}

export interface VillageActivity {
  movements?: Partial<VillageAggregate['movements']>;
  visits?: Partial<VisitTallies>;
  cases?: CaseActivity;
}

/**
 * §9: a village's aggregate for month M from its households as they stand at the end of M
 * (`overdueOn` is the date overdue is judged on, normally the last day of M) and the month's
 * activity counts, which the sweep gathers.
 */
export function villageAggregate(input: {
  villageCode: string;
  month: string;
  households: Household[];
  overdueOn: LocalDate;
  activity?: VillageActivity;
}): VillageAggregate {
  const agg = emptyVillageAggregate(input.villageCode, input.month);
  const hs = agg.households;
  for (const h of input.households) {
    hs.total += 1;
    hs.byCategory[h.category] += 1;
    hs.byStatus[h.status] += 1;
    if (h.status === 'monitored') {
      if (h.assessment?.grade) hs.byGrade[h.assessment.grade] += 1;
      for (const f of new Set(h.riskFactors)) agg.riskFactors[f] += 1;
    } else if (h.status === 'none' && h.assessment?.watch) {
      hs.watch += 1;
    }
    if (isOverdue(h, input.overdueOn)) {
      agg.overdue.total += 1;
      agg.overdue.byClass[h.visitClass] += 1;
    }
  }
  const a = input.activity ?? {};
  agg.movements = { ...agg.movements, ...a.movements };
  for (const c of visitClasses) {
    const v = a.visits?.[c];
    if (v) agg.visits.byClass[c] = { required: v.required, done: v.done };
  }
  if (a.cases) agg.cases = a.cases;
  return agg;
}

/**
 * §9 cases opened, escalated and resolved during M by kind and level, from the cases touched in M.
 * `month` is judged by local date in `timeZone` (§4).
 */
export function tallyCaseActivity(cases: Case[], m: string, timeZone: string): CaseActivity {
  const tally = emptyCaseActivity();
  const inMonth = (at: string) => localDateOf(at, timeZone).slice(0, 7) === m;
  for (const c of cases) {
    const openedLevel: CaseLevel = c.escalations.length > 0 ? openingLevel(c) : c.level;
    if (inMonth(c.openedAt)) tally.opened[c.kind][openedLevel] += 1;
    for (const e of c.escalations) if (inMonth(e.at)) tally.escalated[c.kind][e.level] += 1;
    if (c.status === 'resolved' && c.resolvedAt !== null && inMonth(c.resolvedAt)) {
      tally.resolved[c.kind][c.level] += 1;
    }
  }
  return tally;
}

/** The level a case opened at: one below its first escalation. */
function openingLevel(c: Case): CaseLevel {
  const first = c.escalations[0]!.level;
  const i = caseLevels.indexOf(first);
  return caseLevels[Math.max(0, i - 1)]!;
}

/**
 * The levels a kind's cases can have in each case section (§8): a case opens at its kind's opening level
 * (review_overdue at the level of the step it waits for; report_overdue at the township), escalates only
 * upwards (never *to* the village), and is resolved at its opening level or above. A report shows only
 * these cells: `走访逾期 升级至村` cannot happen and is not a row.
 */
export function possibleCaseLevels(
  section: 'opened' | 'escalated' | 'resolved',
  kind: CaseKind,
): readonly CaseLevel[] {
  const opening: readonly CaseLevel[] =
    kind === 'report_overdue' ? ['township'] : kind === 'review_overdue' ? caseLevels : ['village'];
  const lowest = caseLevels.indexOf(opening[0] as CaseLevel);
  if (section === 'opened') return opening;
  if (section === 'escalated') return caseLevels.slice(lowest + 1);
  return caseLevels.slice(lowest);
}

/** done / required rounded to 4 decimals; null when nothing was required. */
export function complianceRate(done: number, required: number): number | null {
  if (required === 0) return null;
  return Math.round((done / required) * 10_000) / 10_000;
}

type Tree = { [k: string]: number | Tree };

function addInto(target: Tree, source: Tree): void {
  for (const [k, v] of Object.entries(source)) {
    if (typeof v === 'number') target[k] = ((target[k] as number | undefined) ?? 0) + v;
    else addInto(target[k] as Tree, v);
  }
}

/**
 * §9: sum village aggregates of month M into the report of `unitCode` (a county, township or
 * village). Every aggregate must be of month M and inside the unit; anything else is a caller bug.
 */
export function rollUp(unitCode: string, m: string, aggregates: VillageAggregate[]): MonthlyReport {
  const level = unitLevelOf(unitCode);
  const sum = emptyVillageAggregate(unitCode, m);
  let villages = 0;
  for (const agg of aggregates) {
    if (agg.month !== m || !agg.unitCode.startsWith(unitCode)) {
      throw new DomainError(
        'validation_failed',
        `aggregate ${agg.unitCode} ${agg.month} is not in ${unitCode} ${m}`,
      );
    }
    if (agg.unitCode.length === 12) villages += 1;
    const { unitCode: _u, month: _m, ...counts } = agg;
    addInto(sum as unknown as Tree, counts as unknown as Tree);
  }
  const withRate = (t: { required: number; done: number }) => ({
    ...t,
    complianceRate: complianceRate(t.done, t.required),
  });
  const byClass = sum.visits.byClass;
  const total = visitClasses.reduce(
    (acc, c) => ({ required: acc.required + byClass[c].required, done: acc.done + byClass[c].done }),
    { required: 0, done: 0 },
  );
  return {
    unitCode,
    level,
    month: m,
    villages,
    households: sum.households,
    movements: sum.movements,
    visits: {
      byClass: {
        red: withRate(byClass.red),
        yellow: withRate(byClass.yellow),
        blue: withRate(byClass.blue),
        watch: withRate(byClass.watch),
      },
      total: withRate(total),
    },
    overdue: sum.overdue,
    cases: sum.cases,
    riskFactors: sum.riskFactors,
  };
}
