// What `fanpin import template households|measures` writes (interface.md "Additions of December 2026";
// issue 19): the Chinese headers, one example row that imports as it is, and a line per column saying what
// to fill in — for the officer who fills the file, so in Chinese.
import { householdFields } from '../domain/household-input';
import { measureFields } from '../domain/measure-input';
import { residentIdCheckDigit } from '../domain/resident-id';

export type TemplateKind = 'households' | 'measures';

export interface TemplateColumn {
  header: string;
  field: string;
  required: boolean;
  /** 填写说明. */
  explain: string;
  example: string;
  /** Stored as text in a workbook (ID numbers, codes: never as numbers). */
  text?: boolean;
}

export interface Template {
  sheetName: string;
  columns: TemplateColumn[];
}

const exampleId = (() => {
  const first17 = '53293119750312001';
  return first17 + residentIdCheckDigit(first17);
})();

const householdColumns: Record<
  (typeof householdFields)[number]['field'],
  Omit<TemplateColumn, 'header' | 'field'>
> = {
  householdId: {
    required: true,
    example: 'H532931101201001',
    text: true,
    explain: '户编号，1–32位字母、数字或“-”；导入按户编号更新',
  },
  villageCode: { required: true, example: '532931101201', text: true, explain: '12位村级行政区划代码' },
  headName: { required: true, example: '张建国', explain: '户主姓名，最多64字' },
  headIdNumber: {
    required: true,
    example: exampleId,
    text: true,
    explain: '18位身份证号（末位x可小写）；请设为文本格式，勿存为数字',
  },
  category: {
    required: false,
    example: '脱贫不稳定户',
    explain: '脱贫不稳定户、边缘易致贫户、突发严重困难户、脱贫户、一般农户；空为一般农户',
  },
  status: { required: false, example: '监测中', explain: '未纳入、识别中、监测中、风险已消除；空为未纳入' },
  members: { required: true, example: '4', explain: '家庭人口数，整数≥1' },
  laborFull: { required: false, example: '2', explain: '普通劳动力人数，整数≥0' },
  laborPartial: { required: false, example: '1', explain: '弱劳动力人数；普通+弱劳动力不超过家庭人口数' },
  wageIncome: { required: false, example: '12000', explain: '元，最多两位小数' },
  businessIncome: { required: false, example: '3000', explain: '元，可为负数' },
  propertyIncome: { required: false, example: '0', explain: '元' },
  transferIncome: { required: false, example: '2400', explain: '元' },
  priorYearNetIncome: { required: false, example: '15600', explain: '上年家庭纯收入，元，可为负数' },
  largeExpenditure: { required: false, example: '0', explain: '合规大额支出，元，≥0' },
  food: { required: false, example: '是', explain: '吃穿不愁：是/否（或1/0）；空为“是”' },
  clothing: { required: false, example: '是', explain: '是/否；空为“是”' },
  education: { required: false, example: '是', explain: '义务教育有保障：是/否；空为“是”' },
  medical: { required: false, example: '是', explain: '基本医疗有保障：是/否；空为“是”' },
  housing: { required: false, example: '是', explain: '住房安全有保障：是/否；空为“是”' },
  water: { required: false, example: '是', explain: '饮水安全有保障：是/否；空为“是”' },
  riskFactors: {
    required: false,
    example: '因病、因学',
    explain:
      '因病、因残、因学、因灾、因意外、因产业失败、因就业不稳、缺劳动力、住房、因疫、其他；用“、”或“；”分隔',
  },
  monitoredSince: {
    required: false,
    example: '2026-03-15',
    explain: '纳入监测日期，监测中必填；如 2026-03-15、2026/3/15、2026年3月15日',
  },
  contactName: { required: false, example: '李秀英', explain: '监测联系人（帮扶干部）姓名' },
  lastVisitDate: { required: false, example: '2026-11-20', explain: '导入前最近一次入户走访日期' },
  measures: {
    required: false,
    example: '就业帮扶:2026-04-01；教育帮扶',
    explain:
      '帮扶措施：类型或“类型:开始日期”，用“；”或“、”分隔；类型为产业帮扶、就业帮扶、综合保障、教育帮扶、健康帮扶、住房保障、饮水安全、防贫保险、社会帮扶、扶志扶智、其他；无日期时为纳入监测日期',
  },
};

const measureColumns: Record<
  (typeof measureFields)[number]['field'],
  Omit<TemplateColumn, 'header' | 'field'>
> = {
  householdId: { required: true, example: 'H532931101201001', text: true, explain: '已导入农户的户编号' },
  type: {
    required: true,
    example: '产业帮扶',
    explain:
      '产业帮扶、就业帮扶、综合保障、教育帮扶、健康帮扶、住房保障、饮水安全、防贫保险、社会帮扶、扶志扶智、其他',
  },
  startDate: {
    required: true,
    example: '2026-04-01',
    explain: '开始日期，如 2026-04-01、2026/4/1、2026年4月1日；同一户同类型同日期的措施只记一次',
  },
  status: {
    required: false,
    example: '实施中',
    explain: '计划、实施中、已完成；空时按开始日期：已开始为实施中，未开始为计划',
  },
  note: { required: false, example: '发展肉牛养殖', explain: '备注，最多200字' },
};

export function importTemplate(kind: TemplateKind): Template {
  if (kind === 'households') {
    return {
      sheetName: '监测户信息',
      columns: householdFields.map(({ field, zh }) => ({ header: zh, field, ...householdColumns[field] })),
    };
  }
  return {
    sheetName: '帮扶措施',
    columns: measureFields.map(({ field, zh }) => ({ header: zh, field, ...measureColumns[field] })),
  };
}

/** The explanation sheet's rows: header row first. */
export function templateExplanation(template: Template): string[][] {
  return [
    ['列名', '字段', '是否必填', '填写说明', '示例'],
    ...template.columns.map((c) => [c.header, c.field, c.required ? '必填' : '选填', c.explain, c.example]),
  ];
}
