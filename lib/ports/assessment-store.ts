// Monthly assessments (§5, §11 E3 reads the last eliminationStableMonths of them).
import type { Assessment } from '../domain/model';

export interface MonthlyAssessment extends Assessment {
  householdId: string;
  /** 'YYYY-MM': the month the assessment stands for. One per household and month (re-runs overwrite). */
  month: string;
}

export interface AssessmentStore {
  /** The latest `count` monthly assessments, newest first. */
  recentMonthly(householdId: string, count: number): Promise<MonthlyAssessment[]>;
  monthly(householdId: string, month: string): Promise<MonthlyAssessment | null>;
}
