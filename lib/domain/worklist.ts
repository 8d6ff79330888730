// Issue 21: a village's short morning worklist on working days ("今日应走访 5 户，逾期 2 户"), for villages whose
// officers set a channel (`fanpin notify set --unit <village>`). Pure: the households due come in.
// §7: a household is due when its next visit is due today or earlier; overdue when today > next due.
import { maskName } from './digest';
import type { Grade, LocalDate } from './model';
import { gradeShortLabels } from './render/labels';
import { daysBetween } from './time';

export interface WorklistInput {
  villageCode: string;
  date: LocalDate;
  /** Households whose next visit is due on or before `date` (others are ignored). */
  households: {
    householdId: string;
    headName: string;
    grade: Grade | null;
    nextVisitDue: LocalDate | null;
  }[];
  villageName?: string;
}

export interface WorklistEntry {
  householdId: string;
  /** Masked (§12). */
  headName: string;
  grade: Grade | null;
  nextVisitDue: LocalDate;
  daysOverdue: number;
}

export interface VillageWorklist {
  village: string;
  villageName?: string;
  date: LocalDate;
  due: number;
  overdue: number;
  /** Most overdue first, then red before yellow before blue. */
  households: WorklistEntry[];
}

const rank = (g: Grade | null) => (g === 'red' ? 0 : g === 'yellow' ? 1 : g === 'blue' ? 2 : 3);

export function buildWorklist(input: WorklistInput): VillageWorklist {
  const households = input.households
    .filter(
      (h): h is typeof h & { nextVisitDue: LocalDate } =>
        h.nextVisitDue !== null && h.nextVisitDue <= input.date,
    )
    .map((h) => ({
      householdId: h.householdId,
      headName: maskName(h.headName),
      grade: h.grade,
      nextVisitDue: h.nextVisitDue,
      daysOverdue: Math.max(0, daysBetween(h.nextVisitDue, input.date)),
    }))
    .sort(
      (a, b) =>
        b.daysOverdue - a.daysOverdue ||
        rank(a.grade) - rank(b.grade) ||
        (a.householdId < b.householdId ? -1 : 1),
    );
  return {
    village: input.villageCode,
    ...(input.villageName !== undefined ? { villageName: input.villageName } : {}),
    date: input.date,
    due: households.length,
    overdue: households.filter((h) => h.daysOverdue > 0).length,
    households,
  };
}

export const worklistHeadline = (w: VillageWorklist): string =>
  `今日应走访 ${w.due} 户，逾期 ${w.overdue} 户`;

export function worklistSubject(w: VillageWorklist): string {
  return `走访提醒 ${w.villageName ?? `村${w.village}`} ${w.date}：${worklistHeadline(w)}`;
}

function lines(w: VillageWorklist, max: number): string[] {
  const out = w.households
    .slice(0, max)
    .map(
      (h) =>
        `${h.householdId} ${h.headName}${h.grade ? ` · ${gradeShortLabels[h.grade]}` : ''} · ${h.daysOverdue > 0 ? `逾期 ${h.daysOverdue} 天` : '今日到期'}`,
    );
  if (w.households.length > max) out.push(`及另外 ${w.households.length - max} 户`);
  return out;
}

export function renderWorklistText(w: VillageWorklist, max = 20): string {
  return `${[worklistSubject(w), '', ...lines(w, max).map((l) => `- ${l}`), '', '户主姓名已脱敏，不含身份证号。'].join('\n')}\n`;
}

export function renderWorklistMarkdown(w: VillageWorklist, max = 10): { title: string; markdown: string } {
  return {
    title: worklistSubject(w),
    markdown: [
      `### 走访提醒 ${w.date}`,
      `**${worklistHeadline(w)}**`,
      '',
      ...lines(w, max).map((l) => `- ${l}`),
    ].join('\n'),
  };
}
