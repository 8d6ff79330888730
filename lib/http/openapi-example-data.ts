// The pieces of the OpenAPI examples (lib/http/openapi-examples.ts): answers of the demo county
// (532931 云岭县, lib/local/demo-county.ts) with placeholder names (王某某) and ID numbers masked as
// every answer masks them (no real person), and error bodies made the way the API makes them (the
// domain's own parsers and messages). The monthly report is the domain's real roll-up of two villages.
import type { z } from 'zod';
import { parseAlertInput } from '../domain/alert-input';
import { parseHouseholdInput } from '../domain/household-input';
import {
  caseKinds,
  caseLevels,
  grades,
  householdCategories,
  householdStatuses,
  riskFactorCodes,
  visitClasses,
} from '../domain/model';
import { emptyVillageAggregate, rollUp, type VillageAggregate } from '../domain/monthly-report';
import { detailsOf } from './middleware';
import {
  acknowledgeBodySchema,
  type alertAnswerSchema,
  type caseSchema,
  type errorSchema,
  type householdDetailSchema,
  type reportAnswerSchema,
  type reportRangeSchema,
  type summarySchema,
} from './schemas';

export type ErrorBody = z.infer<typeof errorSchema>;

export const county = '532931';
export const township = '532931101';
export const village = '532931101201';
export const names = { villageName: '后坝村', townshipName: '城关镇' };
export const householdId = 'H532931101201007';

export const counts = <const K extends readonly string[]>(
  keys: K,
  values: Partial<Record<K[number], number>>,
) => Object.fromEntries(keys.map((k) => [k, values[k as K[number]] ?? 0])) as Record<K[number], number>;

export const caseExample: z.infer<typeof caseSchema> = {
  caseId: 'c7f1d2e4-5a9b-4c3e-8f21-3b6a0d9e4c17',
  kind: 'visit_overdue',
  householdId,
  unitCode: township,
  villageCode: village,
  townshipCode: township,
  ...names,
  countyCode: county,
  level: 'township',
  status: 'open',
  openedAt: '2026-11-20T06:00:00.000+08:00',
  lastSeen: '2026-12-07T06:00:00.000+08:00',
  deadline: '2026-12-11T00:00:00.000+08:00',
  workingDaysLeft: 3,
  escalations: [{ level: 'township', at: '2026-11-27T06:00:00.000+08:00' }],
  plannedEscalations: [{ level: 'county', at: '2026-12-11T00:00:00.000+08:00' }],
  acknowledgements: [
    {
      by: 'township:532931101',
      at: '2026-11-27T10:12:00.000+08:00',
      note: '已安排村监测联络员本周内入户走访',
    },
  ],
  acknowledgementCount: 1,
  resolvedAt: null,
  resolution: null,
  subject: {
    dueDate: '2026-11-19',
    visitClass: 'red',
    lastHomeVisit: '2026-10-20',
    lastContact: '2026-10-20',
  },
  version: 3,
};

export const householdExample: z.infer<typeof householdDetailSchema> = {
  householdId,
  villageCode: village,
  townshipCode: township,
  countyCode: county,
  ...names,
  headName: '王某某',
  headIdNumber: '532931********0021',
  category: 'edge',
  status: 'monitored',
  members: 4,
  laborFull: 1,
  laborPartial: 1,
  income: {
    wageIncome: 9600,
    businessIncome: 0,
    propertyIncome: 0,
    transferIncome: 2400,
    priorYearNetIncome: 16800,
    largeExpenditure: 18000,
  },
  guarantees: { food: true, clothing: true, education: true, medical: false, housing: true, water: true },
  riskFactors: ['illness'],
  grade: 'red',
  matchedRules: ['R1'],
  leadRules: [],
  policyVersion: '2026.1',
  policyId: 'default',
  assessedAt: '2026-12-01T02:00:00.000+08:00',
  derived: {
    netIncome: 12000,
    perCapitaIncome: 3000,
    labour: 'partial',
    transferShare: 0.2,
    incomeDrop: 0.2857,
    expenditureBurden: 1.5,
    gap: true,
  },
  watch: false,
  visitClass: 'red',
  classSince: '2026-09-01',
  lastHomeVisit: '2026-10-20',
  lastContact: '2026-10-20',
  nextVisitDue: '2026-11-19',
  daysOverdue: 18,
  monitoredSince: '2026-03-15',
  eliminatedAt: null,
  contact: { name: '李某', phone: null, assignedAt: '2026-03-15T09:30:00.000+08:00' },
  measures: [
    {
      measureId: 'm-3b1c9e',
      type: 'medical',
      startDate: '2026-04-01',
      status: 'active',
      note: '大病医疗救助',
    },
  ],
  openCases: [caseExample],
  lead: null,
  procedure: null,
  elimination: {
    eligible: false,
    conditions: { E1: false, E2: true, E3: false, E4: false, E5: true, E6: true },
  },
  version: 12,
  updatedAt: '2026-12-07T06:00:00.000+08:00',
};

/** The household after a visit that found it better: `lastHomeVisit` today, no longer overdue. */
export const householdAfterVisit: z.infer<typeof householdDetailSchema> = {
  ...householdExample,
  lastHomeVisit: '2026-12-07',
  lastContact: '2026-12-07',
  nextVisitDue: '2027-01-06',
  daysOverdue: 0,
  openCases: [],
  version: 13,
  updatedAt: '2026-12-07T15:20:00.000+08:00',
};

export const summaryExample: z.infer<typeof summarySchema> = {
  unitCode: township,
  level: 'township',
  households: 212,
  byStatus: counts(householdStatuses, { none: 168, candidate: 4, monitored: 36, eliminated: 4 }),
  byCategory: counts(householdCategories, { unstable: 9, edge: 14, sudden: 5, alleviated: 120, general: 64 }),
  byGrade: counts(grades, { red: 6, yellow: 13, blue: 17 }),
  watch: 11,
  overdueByClass: counts(visitClasses, { red: 2, yellow: 1 }),
  openCasesByLevel: counts(caseLevels, { village: 5, township: 2 }),
  openCasesByKind: counts(caseKinds, {
    visit_overdue: 3,
    lead_unverified: 2,
    measures_missing: 1,
    contact_missing: 1,
  }),
  eligibleForElimination: 3,
  lastSweepAt: '2026-12-07T06:00:00.000+08:00',
};

/** A village's month as the sweep aggregates it; the report is the real roll-up (lib/domain/monthly-report.ts). */
export function aggregate(code: string, scale: number): VillageAggregate {
  const a = emptyVillageAggregate(code, '2026-11');
  a.households = {
    total: 40 * scale,
    byCategory: counts(householdCategories, {
      unstable: 2 * scale,
      edge: 3 * scale,
      alleviated: 24 * scale,
      general: 11 * scale,
    }),
    byStatus: counts(householdStatuses, { none: 32 * scale, monitored: 7 * scale, eliminated: scale }),
    byGrade: counts(grades, { red: scale, yellow: 2 * scale, blue: 4 * scale }),
    watch: 2 * scale,
  };
  a.movements = { newInclusions: 1, eliminations: scale - 1, upgraded: 1, downgraded: 0 };
  a.visits.byClass = {
    red: { required: 2 * scale, done: 2 * scale - 1 },
    yellow: { required: 2 * scale, done: 2 * scale },
    blue: { required: scale, done: scale },
    watch: { required: scale, done: scale },
  };
  a.overdue = { total: 1, byClass: counts(visitClasses, { red: 1 }) };
  a.cases.opened.visit_overdue.village = 1;
  a.cases.escalated.visit_overdue.township = 1;
  a.riskFactors = counts(riskFactorCodes, { illness: 3 * scale, disability: scale, education: scale });
  return a;
}

export function reportExample(): z.infer<typeof reportAnswerSchema> {
  const villages = [
    { code: village, name: '后坝村', agg: aggregate(village, 2) },
    { code: '532931101202', name: '西寨村', agg: aggregate('532931101202', 1) },
  ];
  return {
    unitCode: township,
    name: '城关镇',
    month: '2026-11',
    generatedAt: '2026-12-01T02:14:00.000+08:00',
    status: 'submitted',
    submission: {
      submittedAt: '2026-12-02T09:00:00.000+08:00',
      submittedAtLocal: '2026-12-02 09:00',
      submittedBy: 'township:532931101',
    },
    report: rollUp(
      township,
      '2026-11',
      villages.map((v) => v.agg),
    ),
    children: villages.map((v) => ({
      unitCode: v.code,
      name: v.name,
      report: rollUp(v.code, '2026-11', [v.agg]),
      status: null,
      submission: null,
    })),
  };
}

export const alertExample: z.infer<typeof alertAnswerSchema> = {
  department: 'medical_insurance',
  alertId: 'YB-2026-11-0042',
  outcome: 'lead',
  householdId,
  reason: null,
  caseId: '5e2a8c1f-0d4b-4f6a-9b37-c81e2d6f9a05',
};

export const made = (
  code: string,
  message: string,
  details: ErrorBody['error']['details'] = [],
): ErrorBody => ({
  error: { code, message, details },
});
/** The unit of work's answer when another request wrote the same record first (lib/adapters/dynamodb). */
export const changedMeanwhile = (what: string) =>
  made('conflict', `${what} was changed by someone else; read it again and retry`);
export const householdChanged = changedMeanwhile(`household ${householdId}`);
export const resolvedConflict = made('conflict', 'the case is already resolved');

/** What the domain's own parsers answer for one bad field, through the API's mapping (lib/app). */
export function householdRejected(): ErrorBody {
  const parsed = parseHouseholdInput({ members: '0' }, { asOfDate: '2026-12-07', keepIdNumber: true });
  const errors = parsed.ok ? [] : parsed.errors.filter((e) => e.field === 'members');
  return made(
    'validation_failed',
    `the household fails validation (${errors.map((e) => e.field).join(', ')})`,
    errors.map((e) => ({ field: `body.${e.field}`, message: e.message })),
  );
}
export function alertRejected(): ErrorBody {
  const parsed = parseAlertInput({
    department: '医保',
    alertId: 'YB-2026-11-0042',
    type: '大额医疗支出',
    headIdNumber: '53293119750301002',
  });
  const errors = parsed.ok ? [] : parsed.errors;
  return made(
    'validation_failed',
    `the alert fails validation (${errors.map((e) => e.field).join(', ')})`,
    errors.map((e) => ({ field: `body.${e.field}`, message: e.message })),
  );
}
export function noteTooLong(): ErrorBody {
  const r = acknowledgeBodySchema.safeParse({ note: '已联系'.repeat(700) });
  return made('validation_failed', 'the body fails validation', r.success ? [] : detailsOf(r.error, 'body'));
}

/** GET /v1/units/{code}/reports?from&to: the township's reports of two months (trend charts). */
export function reportRangeExample(): z.infer<typeof reportRangeSchema> {
  const month = (m: string, n: number) => ({
    month: m,
    generatedAt: `${m === '2026-10' ? '2026-11-01' : '2026-12-01'}T02:14:00.000+08:00`,
    report: rollUp(township, m, [
      { ...aggregate(village, n), month: m },
      { ...aggregate('532931101202', 1), month: m },
    ]),
  });
  return {
    unitCode: township,
    name: '城关镇',
    from: '2026-10',
    to: '2026-11',
    items: [month('2026-10', 3), month('2026-11', 2)],
  };
}
