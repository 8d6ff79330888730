// Builders for case tests: a small household of its own (test/builders/household.ts belongs to grading) and
// cases opened through the real openCase, so a builder never makes a case the domain could not.
import { type OpenCaseInput, openCase } from '../../lib/domain/cases';
import { summarizeMeasures } from '../../lib/domain/measures';
import type { Case, Household } from '../../lib/domain/model';
import { defaultPolicy, type Policy } from '../../lib/domain/policy';
import { WorkingDayCalendar } from '../../lib/domain/working-days';
import type { HouseholdOverrides } from './household';

export const units = {
  village: '532931101201',
  township: '532931101',
  county: '532931',
} as const;

export const officialCalendar = WorkingDayCalendar.chinaOfficial();

/** A monitored blue household with a contact, a started measure and nothing overdue on 2026-09-18. */
export function aCaseHousehold(overrides: HouseholdOverrides = {}): Household {
  const {
    measures = [{ measureId: 'M1', type: 'industry', startDate: '2026-06-05', status: 'active' }],
    ...rest
  } = overrides;
  return {
    householdId: 'H-0001',
    villageCode: units.village,
    headName: '测试户',
    headIdNumber: '53293119800101001X',
    category: 'edge',
    status: 'monitored',
    candidateFrom: null,
    removedReason: null,
    members: 3,
    laborFull: 1,
    laborPartial: 1,
    wageIncome: 1_500_000,
    businessIncome: 0,
    propertyIncome: 0,
    transferIncome: 300_000,
    priorYearNetIncome: 1_800_000,
    largeExpenditure: 0,
    guarantees: { food: true, clothing: true, education: true, medical: true, housing: true, water: true },
    riskFactors: [],
    measureSummary: summarizeMeasures(measures),
    contact: { name: '联系人', assignedAt: '2026-06-01T10:00:00+08:00' },
    monitoredSince: '2026-06-01',
    eliminatedAt: null,
    classSince: '2026-06-01',
    visitClass: 'blue',
    lastHomeVisit: '2026-08-20',
    lastContact: '2026-08-20',
    nextVisitDue: '2026-11-20',
    lead: null,
    procedure: null,
    assessment: null,
    version: 1,
    updatedAt: '2026-08-20T10:00:00+08:00',
    ...rest,
  };
}

const defaultSubjects: Record<Case['kind'], Record<string, string>> = {
  visit_overdue: { dueDate: '2026-09-17', visitClass: 'red' },
  lead_unverified: { leadId: 'L-1', source: 'assessment' },
  measures_missing: { monitoredSince: '2026-08-01' },
  contact_missing: { monitoredSince: '2026-09-15' },
  alert_followup: {
    alertRef: 'medical_insurance:A1',
    alertDate: '2026-09-10',
    department: 'medical_insurance',
  },
  review_overdue: {
    step: 'township_review',
    procedure: 'identification',
    since: '2026-09-10T10:00:00+08:00',
  },
  report_overdue: { month: '2026-08' },
};

/** Opens a case (default: a visit_overdue case opened by the 2026-09-18 06:00 daily sweep). */
export function aCase(
  overrides: Partial<OpenCaseInput> = {},
  policy: Policy = defaultPolicy,
  calendar: WorkingDayCalendar = officialCalendar,
): Case {
  const kind = overrides.kind ?? 'visit_overdue';
  const household = kind === 'report_overdue' ? null : 'H-0001';
  return openCase(
    {
      caseId: 'C-0001',
      kind,
      householdId: household,
      villageCode: household === null ? null : units.village,
      townshipCode: units.township,
      countyCode: units.county,
      subject: defaultSubjects[kind],
      at: '2026-09-18T06:00:00+08:00',
      ...overrides,
    },
    policy,
    calendar,
  );
}
