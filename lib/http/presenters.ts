// Records → the field names answers carry (interface.md "Field names that answers carry"). Money in
// yuan, Infinity as null, the head's ID number masked for every role (§12).

import { type ReportView, submitterOf } from '../app/get-report';
import type { ChildUnit } from '../app/unit-children';
import { daysOverdue } from '../domain/assess';
import { acknowledgementCountOf } from '../domain/cases';
import { countyOf, townshipOf, unitLevelOf } from '../domain/division-code';
import type { UnitNameLookup } from '../domain/divisions';
import type { EliminationCheck } from '../domain/elimination';
import type { AuditEvent, Case, Household, LocalDate, Measure } from '../domain/model';
import { fenToYuanNumber } from '../domain/money';
import { localTime } from '../domain/render/report-table';
import { maskIdNumber } from '../domain/resident-id';
import { addDays, localDateOf } from '../domain/time';
import { roleAwaited } from '../domain/transitions';
import type { UnitSummary } from '../ports/counter-store';
import type { HouseholdSummary } from '../ports/household-store';
import type { ReportSubmission } from '../ports/report-store';
import type {
  auditEventSchema,
  caseSchema,
  childUnitSchema,
  householdDetailSchema,
  householdRowSchema,
  reportAnswerSchema,
  summarySchema,
  z,
} from './schemas';

/** `villageName`, `townshipName` beside the codes (null when the division is not registered). */
function namesBeside(
  names: UnitNameLookup | undefined,
  villageCode: string | null,
  townshipCode: string | null,
): { villageName: string | null; townshipName: string | null } {
  return {
    villageName: (villageCode && names?.(villageCode)) || null,
    townshipName: (townshipCode && names?.(townshipCode)) || null,
  };
}

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);
/** A ratio rounded to 4 decimals (enough to explain a threshold in basis points). */
const ratio = (x: number): number | null => (Number.isFinite(x) ? Math.round(x * 10_000) / 10_000 : null);
/** Fen that may be fractional (P = net / members) → yuan with 2 decimals. */
const yuan = (fen: number): number => Math.round(fen) / 100;

/** What a case's `workingDaysLeft` is counted with: the unit's local date and the working-day calendar. */
export interface CaseClock {
  today: LocalDate;
  timezone: string;
  calendar: { workingDaysBetween(a: LocalDate, b: LocalDate): number };
}

/** Working days from today through the day before the deadline's date (the case escalates on that date's
 *  sweep): 0 = it escalates at the next sweep. Null without a clock, a deadline, or once resolved. */
function workingDaysLeft(c: Case, clock: CaseClock | undefined): number | null {
  if (!clock || !c.deadline || c.status !== 'open') return null;
  const last = addDays(localDateOf(c.deadline, clock.timezone), -1);
  return Math.max(0, clock.calendar.workingDaysBetween(addDays(clock.today, -1), last));
}

export function presentCase(c: Case, clock?: CaseClock, names?: UnitNameLookup): z.infer<typeof caseSchema> {
  return {
    caseId: c.caseId,
    kind: c.kind,
    householdId: c.householdId,
    unitCode: c.unitCode,
    villageCode: c.villageCode,
    townshipCode: c.townshipCode,
    ...namesBeside(names, c.villageCode, c.townshipCode),
    countyCode: c.countyCode,
    level: c.level,
    status: c.status,
    openedAt: c.openedAt,
    lastSeen: c.lastSeen,
    deadline: c.deadline,
    workingDaysLeft: workingDaysLeft(c, clock),
    escalations: c.escalations,
    plannedEscalations: c.plannedEscalations,
    acknowledgements: c.acknowledgements,
    acknowledgementCount: acknowledgementCountOf(c),
    resolvedAt: c.resolvedAt,
    resolution: c.resolution,
    subject: c.subject,
    version: c.version,
  };
}

export interface HouseholdView {
  household: Household;
  measures: readonly Measure[];
  openCases: readonly Case[];
  /** §11 as checked today (E3 needs the monthly assessments). */
  elimination: Pick<EliminationCheck, 'eligible' | 'conditions'>;
  today: LocalDate;
}

export function presentHousehold(
  view: HouseholdView,
  clock?: Omit<CaseClock, 'today'>,
  names?: UnitNameLookup,
): z.infer<typeof householdDetailSchema> {
  const { household: h, today } = view;
  const a = h.assessment;
  const d = a?.derived;
  return {
    householdId: h.householdId,
    villageCode: h.villageCode,
    townshipCode: townshipOf(h.villageCode),
    countyCode: countyOf(h.villageCode),
    ...namesBeside(names, h.villageCode, townshipOf(h.villageCode)),
    headName: h.headName,
    headIdNumber: maskIdNumber(h.headIdNumber),
    category: h.category,
    status: h.status,
    members: h.members,
    laborFull: h.laborFull,
    laborPartial: h.laborPartial,
    income: {
      wageIncome: fenToYuanNumber(h.wageIncome),
      businessIncome: fenToYuanNumber(h.businessIncome),
      propertyIncome: fenToYuanNumber(h.propertyIncome),
      transferIncome: fenToYuanNumber(h.transferIncome),
      priorYearNetIncome: fenToYuanNumber(h.priorYearNetIncome),
      largeExpenditure: fenToYuanNumber(h.largeExpenditure),
    },
    guarantees: { ...h.guarantees },
    riskFactors: [...h.riskFactors],
    grade: h.status === 'monitored' ? (a?.grade ?? null) : null,
    matchedRules: a ? [...a.matchedRules] : [],
    leadRules: a ? [...a.leadRules] : [],
    policyVersion: a?.policyVersion ?? null,
    policyId: a?.policyId ?? null,
    assessedAt: a?.assessedAt ?? null,
    derived: d
      ? {
          netIncome: fenToYuanNumber(d.netIncome),
          perCapitaIncome: yuan(d.perCapitaIncome),
          labour: d.labour,
          transferShare: ratio(d.transferShare) ?? 0,
          incomeDrop: ratio(d.incomeDrop) ?? 0,
          expenditureBurden: ratio(d.expenditureBurden),
          gap: d.gap,
        }
      : null,
    watch: h.status === 'none' && (a?.watch ?? false),
    visitClass: h.visitClass,
    classSince: h.classSince,
    lastHomeVisit: h.lastHomeVisit,
    lastContact: h.lastContact,
    nextVisitDue: h.nextVisitDue,
    daysOverdue: h.visitClass ? daysOverdue(h, today) : 0,
    monitoredSince: h.monitoredSince,
    eliminatedAt: h.eliminatedAt,
    contact: h.contact
      ? { name: h.contact.name, phone: h.contact.phone ?? null, assignedAt: h.contact.assignedAt }
      : null,
    measures: view.measures.map((m) => ({
      measureId: m.measureId,
      type: m.type,
      startDate: m.startDate,
      status: m.status,
      note: m.note ?? null,
    })),
    openCases: view.openCases
      .filter((c) => c.status === 'open')
      .map((c) => presentCase(c, clock && { ...clock, today }, names)),
    lead: h.lead
      ? {
          leadId: h.lead.leadId,
          source: h.lead.source,
          rules: [...h.lead.rules],
          proposedCategory: h.lead.proposedCategory,
          raisedAt: h.lead.raisedAt,
        }
      : null,
    procedure: h.procedure
      ? {
          kind: h.procedure.kind,
          awaiting: h.procedure.awaiting,
          role: roleAwaited(h),
          since: h.procedure.since,
          publicNoticeFrom: h.procedure.publicNoticeFrom ?? null,
        }
      : null,
    elimination: { eligible: view.elimination.eligible, conditions: { ...view.elimination.conditions } },
    version: h.version,
    updatedAt: h.updatedAt,
  };
}

export function presentHouseholdRow(
  row: HouseholdSummary,
  today: LocalDate,
  names?: UnitNameLookup,
): z.infer<typeof householdRowSchema> {
  return {
    householdId: row.householdId,
    villageCode: row.villageCode,
    ...namesBeside(names, row.villageCode, townshipOf(row.villageCode)),
    headName: row.headName,
    category: row.category,
    status: row.status,
    grade: row.status === 'monitored' ? row.grade : null,
    visitClass: row.visitClass,
    nextVisitDue: row.nextVisitDue,
    daysOverdue: row.visitClass ? daysOverdue(row, today) : 0,
  };
}

export function presentSummary(s: UnitSummary): z.infer<typeof summarySchema> {
  return {
    unitCode: s.unitCode,
    level: unitLevelOf(s.unitCode) ?? 'village',
    households: s.households,
    byStatus: s.byStatus,
    byCategory: s.byCategory,
    byGrade: s.byGrade,
    watch: s.watch,
    overdueByClass: s.overdueByClass,
    openCasesByLevel: s.openCasesByLevel,
    openCasesByKind: s.openCasesByKind,
    eligibleForElimination: s.eligibleForElimination,
    lastSweepAt: s.lastSweepAt,
  };
}

export function presentChildUnit(c: ChildUnit): z.infer<typeof childUnitSchema> {
  const r = c.report;
  const by = r?.submission?.by;
  return {
    ...presentSummary(c.summary),
    code: c.summary.unitCode,
    name: c.name,
    report: r
      ? {
          month: r.month,
          status: r.status,
          dueDate: r.dueDate,
          submittedAt: r.submission?.submittedAt ?? null,
          submittedBy: by ? (by.kind === 'user' ? by.sub : by.name) : null,
        }
      : null,
  };
}

function presentSubmission(s: ReportSubmission | null | undefined, timezone: string) {
  return s
    ? {
        submittedAt: s.submittedAt,
        submittedAtLocal: localTime(s.submittedAt, timezone),
        submittedBy: submitterOf(s),
      }
    : null;
}

const submissionStatus = (s: ReportSubmission | null | undefined) =>
  s === undefined ? null : s ? ('submitted' as const) : ('not_submitted' as const);

export function presentReport(view: ReportView, timezone: string): z.infer<typeof reportAnswerSchema> {
  const { stored } = view;
  const township = stored.unitCode.length === 9;
  return {
    unitCode: stored.unitCode,
    name: view.name,
    month: stored.month,
    generatedAt: stored.generatedAt,
    status: township ? submissionStatus(view.submission) : null,
    submission: presentSubmission(view.submission, timezone),
    report: stored.report,
    children: view.children.map((c) => ({
      unitCode: c.unitCode,
      name: c.name,
      report: c.report,
      status: submissionStatus(c.submission),
      submission: presentSubmission(c.submission, timezone),
    })),
  };
}

/** §12: audit payloads may hold whole records: every `headIdNumber` in them is masked. Infinity → null. */
export function maskPii(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskPii);
  if (typeof value === 'number') return finiteOrNull(value);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = k === 'headIdNumber' && typeof v === 'string' ? maskIdNumber(v) : maskPii(v);
  }
  return out;
}

export function presentAuditEvent(e: AuditEvent): z.infer<typeof auditEventSchema> {
  const actor =
    e.actor.kind === 'user'
      ? { kind: 'user', role: e.actor.role, unit: e.actor.unit }
      : { kind: 'system', name: e.actor.name };
  return {
    eventId: e.eventId,
    householdId: e.householdId,
    caseId: e.caseId ?? null,
    type: e.type,
    at: e.at,
    actor,
    ...(e.before !== undefined ? { before: maskPii(e.before) } : {}),
    ...(e.after !== undefined ? { after: maskPii(e.after) } : {}),
    ...(e.data !== undefined ? { data: maskPii(e.data) } : {}),
  };
}
