// Header names of the household file beyond the English field and the Chinese header of interface.md
// ("Household CSV"): the synonyms national-system exports and county spreadsheets use (interface.md
// "Additions of December 2026": 户主证件号码, 村代码, 人口数 at least), listed in docs/import.md, and a
// county's own names from a mapping file (`--columns map.json`).
import type { HouseholdInputField } from './household-input';

/** Field → other Chinese names for its column. */
export const householdHeaderSynonyms: Readonly<Partial<Record<HouseholdInputField, readonly string[]>>> = {
  householdId: ['户码', '户编码', '家庭编号', '户ID'],
  villageCode: ['村代码', '村编码', '村区划代码', '村级行政区划代码', '行政区划代码'],
  headName: ['户主', '户主名', '户主名称'],
  headIdNumber: ['户主证件号码', '户主身份证号码', '户主身份证', '身份证号码', '证件号码'],
  category: ['监测对象类型', '监测类型', '对象类别', '户类型'],
  status: ['监测对象状态'],
  members: ['人口数', '家庭人口', '家庭人数', '户人口数', '家庭成员数'],
  laborFull: ['劳动力人数', '普通劳动力'],
  laborPartial: ['弱劳动力', '弱劳动力或半劳动力人数', '半劳动力人数'],
  wageIncome: ['工资性净收入'],
  businessIncome: ['经营性收入', '生产经营性净收入', '经营净收入'],
  propertyIncome: ['财产性净收入'],
  transferIncome: ['转移性净收入'],
  priorYearNetIncome: ['家庭纯收入', '上年度家庭纯收入', '家庭年纯收入'],
  largeExpenditure: ['大额支出', '合规自付大额支出'],
  riskFactors: ['致贫返贫风险', '返贫致贫风险', '主要风险类型', '风险类别'],
  monitoredSince: ['纳入监测时间', '识别纳入时间', '纳入时间'],
  contactName: ['联系人', '监测责任人'],
  lastVisitDate: ['最近走访时间', '最近一次走访日期', '走访日期'],
  measures: ['落实帮扶措施', '已落实帮扶措施', '帮扶措施落实情况'],
};

/** The national export's 乡镇/村 name columns (not household fields: they register division names). */
export type DivisionNameField = 'townshipName' | 'villageName';

const divisionNameHeaders: Readonly<Record<string, DivisionNameField>> = Object.fromEntries([
  ...[
    'townshipname',
    '乡镇',
    '乡镇名称',
    '乡（镇）',
    '乡(镇)',
    '乡镇（街道）',
    '乡镇(街道)',
    '所属乡镇',
    '镇',
  ].map((h) => [h, 'townshipName' as const]),
  ...['villagename', '村', '村名称', '村名', '行政村', '村（社区）', '村(社区)', '所属村', '村级名称'].map(
    (h) => [h, 'villageName' as const],
  ),
]);

/** 乡镇 → townshipName, 村 → villageName (and their usual spellings); null for any other header. */
export function divisionNameHeader(header: string): DivisionNameField | null {
  const key = header.replace(/^\uFEFF/, '').replace(/\s+/g, '');
  return divisionNameHeaders[key.toLowerCase()] ?? divisionNameHeaders[key] ?? null;
}

/** The header text compared with names: no BOM, no spaces or line breaks (Alt+Enter in a header cell). */
export const headerKey = (header: string): string => header.replace(/^\uFEFF/, '').replace(/\s+/g, '');

/** "工资性收入（元）" → "工资性收入": a unit in brackets at the end of a header. */
export const withoutUnit = (key: string): string => key.replace(/[（(][^（）()]*[）)]$/, '');

export type ColumnMapResult =
  | { ok: true; value: ReadonlyMap<string, HouseholdInputField> }
  | { ok: false; message: string };

/**
 * A mapping file's content: `{ "header as in the file": "field or its Chinese header" }`. Each value must
 * name a household column (`normalise` maps it); a field may be named once.
 */
export function resolveColumnMap(
  raw: unknown,
  normalise: (header: string) => HouseholdInputField | null,
): ColumnMapResult {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return { ok: false, message: 'must be a JSON object: {"header in the file": "householdId", …}' };
  const out = new Map<string, HouseholdInputField>();
  const named = new Map<HouseholdInputField, string>();
  for (const [header, target] of Object.entries(raw)) {
    if (typeof target !== 'string')
      return { ok: false, message: `"${header}": the value must be a column name` };
    const field = normalise(target);
    if (!field) return { ok: false, message: `"${header}": "${target}" is not a household column` };
    const before = named.get(field);
    if (before !== undefined)
      return { ok: false, message: `"${header}" and "${before}" both map to ${field}` };
    named.set(field, header);
    out.set(headerKey(header), field);
  }
  return { ok: true, value: out };
}
