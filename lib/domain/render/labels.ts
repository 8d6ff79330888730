// Chinese labels for what digests and reports show (kinds, levels, sections, categories…).
import type {
  CaseKind,
  CaseLevel,
  Grade,
  HouseholdCategory,
  HouseholdStatus,
  RiskFactor,
  VisitClass,
} from '../model';

export const caseKindLabels: Record<CaseKind, string> = {
  visit_overdue: '走访逾期',
  lead_unverified: '线索未核实',
  measures_missing: '帮扶措施未落实',
  contact_missing: '未明确联系人',
  review_overdue: '审核逾期',
  report_overdue: '月报逾期',
  alert_followup: '部门预警待走访',
};

export const caseLevelLabels: Record<CaseLevel, string> = { village: '村', township: '乡镇', county: '县' };

export const digestSectionLabels = {
  newlyEscalated: '新升级',
  stillOpen: '仍未办结',
  resolved: '已办结',
} as const;

export const categoryLabels: Record<HouseholdCategory, string> = {
  unstable: '脱贫不稳定户',
  edge: '边缘易致贫户',
  sudden: '突发严重困难户',
  alleviated: '脱贫户',
  general: '一般农户',
};

export const statusLabels: Record<HouseholdStatus, string> = {
  none: '未纳入',
  candidate: '识别中',
  monitored: '监测中',
  eliminated: '风险已消除',
  removed: '已清退',
};

export const gradeLabels: Record<Grade, string> = {
  red: '红色(Ⅰ级)',
  yellow: '黄色(Ⅱ级)',
  blue: '蓝色(Ⅲ级)',
};

export const visitClassLabels: Record<VisitClass, string> = {
  red: '红色',
  yellow: '黄色',
  blue: '蓝色',
  watch: '预警/回头看',
};

export const riskFactorLabels: Record<RiskFactor, string> = {
  illness: '因病',
  disability: '因残',
  education: '因学',
  disaster: '因灾',
  accident: '因意外',
  business_failure: '因产业失败',
  unstable_employment: '因就业不稳',
  labor_shortage: '缺劳动力',
  housing: '住房',
  epidemic: '因疫',
  other: '其他',
};

/** A grade in one short word, for digest lines. */
export const gradeShortLabels: Record<Grade, string> = { red: '红色', yellow: '黄色', blue: '蓝色' };
