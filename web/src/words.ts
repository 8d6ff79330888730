// What the app says: Chinese labels for the API's codes, and plain sentences for numbers.
import type { components } from './api-types';

export type Case = components['schemas']['Case'];
export type Household = components['schemas']['Household'];
export type HouseholdRow = components['schemas']['HouseholdRow'];
export type Summary = components['schemas']['UnitSummary'];
type Level = Case['level'];

export const levelName: Record<Level, string> = { village: '村', township: '乡镇', county: '县' };
export const gradeName: Record<string, string> = { red: '红色', yellow: '黄色', blue: '蓝色', watch: '预警' };
export const caseKindName: Record<Case['kind'], string> = {
  visit_overdue: '走访逾期',
  lead_unverified: '线索待核实',
  measures_missing: '帮扶措施未落实',
  contact_missing: '未明确帮扶联系人',
  review_overdue: '审核逾期',
  report_overdue: '月报逾期未报',
  alert_followup: '部门预警待走访',
};
export const categoryName: Record<Household['category'], string> = {
  unstable: '脱贫不稳定户',
  edge: '边缘易致贫户',
  sudden: '突发严重困难户',
  alleviated: '脱贫户',
  general: '一般农户',
};
export const statusName: Record<Household['status'], string> = {
  none: '未纳入监测',
  candidate: '待识别',
  monitored: '监测中',
  eliminated: '已消除风险',
  removed: '已移出',
};
export const actionName: Record<string, string> = {
  verify: '村级核实',
  reject: '不予纳入',
  village_review: '村级评议',
  township_review: '乡镇审核',
  county_confirm: '县级确认纳入',
  propose_elimination: '提出风险消除',
  township_elimination_review: '乡镇审核风险消除',
  county_elimination_approve: '县级批准风险消除',
  remove: '清退',
};
export const measureName: Record<string, string> = {
  industry: '产业帮扶',
  employment: '就业帮扶',
  social_security: '社会保障',
  education: '教育帮扶',
  medical: '医疗保障',
  housing: '住房保障',
  water: '饮水保障',
  insurance: '保险',
  social: '社会帮扶',
  motivation: '扶志扶智',
  other: '其他',
};
export const guaranteeName: Record<string, string> = {
  food: '吃',
  clothing: '穿',
  education: '义务教育',
  medical: '基本医疗',
  housing: '住房安全',
  water: '饮水安全',
};
export const eventName: Record<string, string> = {
  household_created: '建档',
  household_updated: '信息更新',
  household_imported: '导入',
  visit_recorded: '走访',
  measure_recorded: '帮扶措施',
  contact_assigned: '指定联系人',
  transition: '程序办理',
  lead_raised: '产生线索',
  alert_received: '部门预警',
  assessed: '评估',
  grade_changed: '等级变化',
  visit_class_changed: '走访频次变化',
  case_opened: '案件产生',
  case_escalated: '案件上报',
  case_rescheduled: '案件期限调整',
  case_resolved: '案件解决',
  case_acknowledged: '案件确认',
};

export const yuan = (n: number): string => `${Math.round(n).toLocaleString('en-US')} 元`;
const percent = (x: number): string => `${Math.round(x * 100)}%`;

/** 张三明 → 张*明, 王五 → 王*: lists show the head's name masked. */
export function maskName(name: string): string {
  const chars = Array.from(name);
  if (chars.length <= 1) return name;
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars.at(-1)}`;
}

/** "还剩2个工作日，之后上报乡镇": when the case escalates, and where to. */
export function deadlineWords(c: Case): string {
  if (c.status !== 'open') return '已解决';
  const next = c.plannedEscalations[0]?.level;
  if (!next) return `已上报至${levelName[c.level]}，须尽快办结`;
  const n = c.workingDaysLeft;
  if (n === null) return `之后上报${levelName[next]}`;
  if (n === 0) return `今日到期，下次巡查将上报${levelName[next]}`;
  return `还剩${n}个工作日，之后上报${levelName[next]}`;
}

/** Each matched grade rule as a sentence with the household's numbers. */
export function ruleSentences(h: Household): string[] {
  const d = h.derived;
  if (!d) return [];
  const gaps = Object.entries(h.guarantees)
    .filter(([, ok]) => !ok)
    .map(([k]) => guaranteeName[k] ?? k);
  const p = yuan(d.perCapitaIncome);
  const sentences: Record<string, string> = {
    R1: `人均纯收入 ${p}，低于收入红线（一级/红色标准）`,
    R2: `“两不愁三保障”及饮水安全有缺口：${gaps.join('、') || '—'}未保障`,
    R3: `家中无劳动力，且人均纯收入 ${p} 低于监测线`,
    R4: `刚性支出负担过重（支出为收入的 ${d.expenditureBurden === null ? '无穷' : percent(d.expenditureBurden)}），且有因病、因残或因意外风险`,
    R5: `收入较上年下降 ${percent(d.incomeDrop)}，且人均纯收入 ${p} 低于监测线`,
    Y1: '家中无劳动力',
    Y2: `转移性收入占 ${percent(d.transferShare)}，收入主要依靠帮扶资金`,
    B0: `未触发红色、黄色条件（人均纯收入 ${p}），按蓝色监测`,
  };
  return h.matchedRules.map((r) => `${r}：${sentences[r] ?? r}`);
}

export function dateTime(instant: string): string {
  return instant.slice(0, 16).replace('T', ' ');
}
