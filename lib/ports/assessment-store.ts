// Monthly assessments (§5, §11 E3 reads the last eliminationStableMonths of them).
import type { Assessment, Grade, GradeRuleId } from '../domain/model';

export interface MonthlyAssessment extends Assessment {
  householdId: string;
  /** 'YYYY-MM': the month the assessment stands for. One per household and month (re-runs overwrite). */
  month: string;
}

export interface AssessmentStore extends VillageAssessmentStore {
  /** The latest `count` monthly assessments, newest first. */
  recentMonthly(householdId: string, count: number): Promise<MonthlyAssessment[]>;
  monthly(householdId: string, month: string): Promise<MonthlyAssessment | null>;
}

/** One household's line in a village's monthly assessments (what E3 and the monthly report need). */
export interface CompactAssessment {
  /** P ≥ monitoringLine (E3). */
  above: boolean;
  grade: Grade | null;
  rules: GradeRuleId[];
  watch: boolean;
  /** §11 eligibility of a monitored household; null otherwise. */
  eligible: boolean | null;
}

/** The monthly assessments of every household of a village for one month, as ONE record: the monthly
 *  sweep reads a village's last N months in one request (E3) instead of one query per household. */
export interface VillageMonthAssessments {
  villageCode: string;
  /** 'YYYY-MM' */
  month: string;
  assessedAt: string;
  policyVersion: string;
  households: Record<string, CompactAssessment>;
  /** D3: every household's own monthly assessment of this month was written before this record. */
  perHousehold?: boolean;
}

export interface VillageAssessmentStore {
  /** The latest `count` months of a village up to and including `upTo` ('YYYY-MM'), newest first. */
  villageMonths(villageCode: string, count: number, upTo: string): Promise<VillageMonthAssessments[]>;
  /** Writes (or rewrites, on a re-run) a village's month. */
  putVillageMonth(record: VillageMonthAssessments): Promise<void>;
}
