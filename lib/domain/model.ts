// The records fanpin reasons about (spec: ../shared/spec/domain.md §2, §8, §12).
// Pure types and enumerations only: no AWS, no process.env, no clock.
//
// Conventions:
// - Money is integer fen (分) everywhere inside lib/: `Fen`. Yuan appear only at the edges
//   (CSV, API, reports), converted by lib/domain/money.ts.
// - `LocalDate` is 'YYYY-MM-DD' in the policy's timezone (Asia/Shanghai by default).
// - `Instant` is an ISO-8601 timestamp with an offset, e.g. '2026-12-01T02:00:00+08:00'
//   or '2026-11-30T18:00:00.000Z'. Compare instants with Date.parse, never as strings.

import type { MeasureSummary } from './measures';

/** Integer fen (1 yuan = 100 fen). */
export type Fen = number;
/** 'YYYY-MM-DD' local date. */
export type LocalDate = string;
/** ISO-8601 instant with offset. */
export type Instant = string;

// §1 administrative hierarchy
export const unitLevels = ['county', 'township', 'village'] as const;
export type UnitLevel = (typeof unitLevels)[number];

// §2 household record
export const householdCategories = ['unstable', 'edge', 'sudden', 'alleviated', 'general'] as const;
export type HouseholdCategory = (typeof householdCategories)[number];

export const householdStatuses = ['none', 'candidate', 'monitored', 'eliminated', 'removed'] as const;
export type HouseholdStatus = (typeof householdStatuses)[number];

export const guaranteeKeys = ['food', 'clothing', 'education', 'medical', 'housing', 'water'] as const;
export type GuaranteeKey = (typeof guaranteeKeys)[number];
/** true = secure (两不愁三保障 + 饮水安全). */
export type Guarantees = Record<GuaranteeKey, boolean>;

export const riskFactorCodes = [
  'illness',
  'disability',
  'education',
  'disaster',
  'accident',
  'business_failure',
  'unstable_employment',
  'labor_shortage',
  'housing',
  'epidemic',
  'other',
] as const;
export type RiskFactor = (typeof riskFactorCodes)[number];

export const measureTypes = [
  'industry',
  'employment',
  'social_security',
  'education',
  'medical',
  'housing',
  'water',
  'insurance',
  'social',
  'motivation',
  'other',
] as const;
export type MeasureType = (typeof measureTypes)[number];

export const measureStatuses = ['planned', 'active', 'completed'] as const;
export type MeasureStatus = (typeof measureStatuses)[number];

export interface Measure {
  measureId: string;
  type: MeasureType;
  startDate: LocalDate;
  status: MeasureStatus;
  note?: string;
}

export interface Contact {
  name: string;
  phone?: string;
  assignedAt: Instant;
}

/** The facts an assessment reads (spec §2, §3). Money in fen. */
export interface HouseholdFacts {
  members: number;
  laborFull: number;
  laborPartial: number;
  wageIncome: Fen;
  businessIncome: Fen;
  propertyIncome: Fen;
  transferIncome: Fen;
  priorYearNetIncome: Fen;
  largeExpenditure: Fen;
  guarantees: Guarantees;
  riskFactors: RiskFactor[];
}

export const grades = ['red', 'yellow', 'blue'] as const;
export type Grade = (typeof grades)[number];

export const visitClasses = ['red', 'yellow', 'blue', 'watch'] as const;
export type VisitClass = (typeof visitClasses)[number];

export const gradeRuleIds = ['R1', 'R2', 'R3', 'R4', 'R5', 'Y1', 'Y2', 'B0'] as const;
export type GradeRuleId = (typeof gradeRuleIds)[number];

export const leadRuleIds = ['L1', 'L2', 'L3'] as const;
export type LeadRuleId = (typeof leadRuleIds)[number];

export const eliminationConditionIds = ['E1', 'E2', 'E3', 'E4', 'E5', 'E6'] as const;
export type EliminationConditionId = (typeof eliminationConditionIds)[number];

export type Labour = 'none' | 'partial' | 'full';

/** §3 derived quantities. Ratios are plain numbers; `expenditureBurden` may be Infinity. */
export interface Derived {
  netIncome: Fen;
  /** (netIncome − largeExpenditure) / members, in fen, not rounded. */
  perCapitaIncome: number;
  labour: Labour;
  transferShare: number;
  incomeDrop: number;
  expenditureBurden: number;
  gap: boolean;
}

/** D8: `village` (an officer through the API: same day); `import`, `assessment` (a sweep or a change of facts),
 *  `alert`, `application`: 3 working days. */
export type LeadSource = 'assessment' | 'alert' | 'application' | 'village' | 'import';

/** D5: a lead the village verified and rejected, with a fingerprint of the facts L1–L3 read then. */
export interface RejectedLead {
  leadId: string;
  source: LeadSource;
  reason: string;
  at: Instant;
  /** lib/domain/leads.ts leadFactsFingerprint: no new lead from the same facts. */
  fingerprint: string;
}

/** §6 identification lead (线索). */
export interface Lead {
  leadId: string;
  source: LeadSource;
  /** Rule ids for assessment leads; empty for alerts/applications. */
  rules: LeadRuleId[];
  proposedCategory: HouseholdCategory;
  raisedAt: Instant;
  /** For alert leads: `${department}:${alertId}`. */
  alertRef?: string;
}

/** §6 / §11 identification and elimination procedure steps. */
export const transitionActions = [
  'verify',
  'reject',
  'village_review',
  'township_review',
  'county_confirm',
  'propose_elimination',
  'township_elimination_review',
  'county_elimination_approve',
  // D6 清退: the county removes a household from monitoring (reason required); kept, never deleted.
  'remove',
] as const;
export type TransitionAction = (typeof transitionActions)[number];

export type ProcedureKind = 'identification' | 'elimination';

/** Where a household stands in a procedure: the step that waits to be decided. */
export interface ProcedureState {
  kind: ProcedureKind;
  /** The action that is awaited next, e.g. 'verify' right after a lead. */
  awaiting: TransitionAction;
  /** When the household reached this step (review_overdue counts from here). */
  since: Instant;
  /** §6 village review: the local date the public notice (村级评议公示) started. */
  publicNoticeFrom?: LocalDate;
}

/** The outcome of one assessment (§5–§7, §11), stored on the household and as a monthly record. */
export interface Assessment {
  assessedAt: Instant;
  policyId: string;
  policyVersion: string;
  derived: Derived;
  grade: Grade | null;
  matchedRules: GradeRuleId[];
  leadRules: LeadRuleId[];
  watch: boolean;
  /** P ≥ monitoringLine at this assessment (E3 reads the last N monthly ones). */
  aboveMonitoringLine: boolean;
  /** §11 elimination eligibility of a monitored household at this assessment; null otherwise. */
  elimination?: { eligible: boolean; conditions: Record<EliminationConditionId, boolean> } | null;
}

export interface Household extends HouseholdFacts {
  householdId: string;
  villageCode: string;
  headName: string;
  headIdNumber: string;
  category: HouseholdCategory;
  status: HouseholdStatus;
  /** The status a candidate came from; a rejection returns it there (§6). */
  candidateFrom: HouseholdStatus | null;
  removedReason: string | null;
  /** What grading, detection and elimination need of the household's measures (bounded); the measures
   *  themselves are records of their own (measures.ts, issue 17 item 7). */
  measureSummary: MeasureSummary;
  /** Measures a household item held inside itself before they were records of their own: read as they
   *  are, never grown; the next change of the household's measures moves them to records. */
  legacyMeasures?: Measure[];
  contact: Contact | null;
  monitoredSince: LocalDate | null;
  eliminatedAt: LocalDate | null;
  /** The local date the household entered its current visit class (§7). */
  classSince: LocalDate | null;
  visitClass: VisitClass | null;
  /** Last qualifying home visit (入户走访). */
  lastHomeVisit: LocalDate | null;
  /** Last home visit or phone contact (watch class accepts either). */
  lastContact: LocalDate | null;
  nextVisitDue: LocalDate | null;
  lead: Lead | null;
  /** D5: the last rejected lead; absent or null when none was rejected. */
  rejectedLead?: RejectedLead | null;
  procedure: ProcedureState | null;
  assessment: Assessment | null;
  /** Optimistic-lock version, incremented by every write (owned by the store). */
  version: number;
  updatedAt: Instant;
}

export interface Visit {
  visitId: string;
  householdId: string;
  date: LocalDate;
  method: 'home' | 'phone';
  visitor: string;
  findings: string;
  recordedAt: Instant;
}

// §8 cases and escalation
export const caseKinds = [
  'visit_overdue',
  'lead_unverified',
  'measures_missing',
  'contact_missing',
  'review_overdue',
  'report_overdue',
  // D11: a department alert about a household already candidate or monitored.
  'alert_followup',
] as const;
export type CaseKind = (typeof caseKinds)[number];

export const caseLevels = ['village', 'township', 'county'] as const;
export type CaseLevel = (typeof caseLevels)[number];

export interface LevelAt {
  level: CaseLevel;
  at: Instant;
}

/** The escalation windows copied onto a case when it opens (§8: later policy edits don't apply). */
export interface CasePolicySnapshot {
  policyId: string;
  policyVersion: string;
  timezone: string;
  /** Working days allowed at each level before escalating; null = stays (county). */
  windows: Record<CaseLevel, number | null>;
}

export interface Acknowledgement {
  by: string;
  at: Instant;
  note: string;
}

/** An acknowledgement as its own record: `ordinal` is its place among the case's (1 = first). */
export interface CaseAcknowledgement extends Acknowledgement {
  caseId: string;
  ordinal: number;
}

/** A measure as its own record. */
export interface HouseholdMeasure extends Measure {
  householdId: string;
}

export interface Case {
  caseId: string;
  kind: CaseKind;
  /** One open case per dedup key (§8), e.g. 'visit_overdue#H1' (D10), 'lead_unverified#H1#<lead id>'. */
  dedupKey: string;
  householdId: string | null;
  villageCode: string | null;
  townshipCode: string;
  countyCode: string;
  /** The unit that holds the case at its current level. */
  unitCode: string;
  level: CaseLevel;
  status: 'open' | 'resolved';
  openedAt: Instant;
  lastSeen: Instant;
  /** When the case reached its current level. */
  levelSince: Instant;
  /** Deadline at the current level; null at county. */
  deadline: Instant | null;
  escalations: LevelAt[];
  plannedEscalations: LevelAt[];
  /** The latest acknowledgements (at most `recentAcknowledgementsKept`, oldest first); every one is also a
   *  record of its own (CaseStore.acknowledgements), so the case stays small (issue 17 item 7). */
  acknowledgements: Acknowledgement[];
  /** How many acknowledgements the case has had; absent on cases written before (= acknowledgements.length). */
  acknowledgementCount?: number;
  resolvedAt: Instant | null;
  resolution: { reason: string; by: string | null; manual: boolean } | null;
  policy: CasePolicySnapshot;
  /** Kind-specific detail: dueDate (visit_overdue), leadId, step, month. */
  subject: Record<string, string>;
  version: number;
}

// §12 audit
export type Actor =
  | { kind: 'user'; role: UnitLevel; unit: string; sub: string }
  | { kind: 'system'; name: string };

export interface AuditEvent {
  eventId: string;
  householdId: string | null;
  caseId?: string;
  /** A unit's own event (a division registered or renamed): no household, no case. */
  unitCode?: string;
  type: string;
  at: Instant;
  actor: Actor;
  before?: unknown;
  after?: unknown;
  data?: unknown;
}
