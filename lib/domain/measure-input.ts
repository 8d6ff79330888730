// Assistance measures (帮扶措施) as an import gives them (interface.md "Additions of December 2026"): the
// `measures` column of the household file — entries separated by ; ； or 、, each `type` or
// `type:YYYY-MM-DD` (the start date; without one, monitoredSince) — and the rows of the measures file
// (householdId, type, startDate, status, note). Types by code or Chinese name (domain.md "measures").
// Dedup key of a measure: (householdId, type, startDate).
import type { LocalDate, Measure, MeasureStatus, MeasureType } from './model';
import { isLocalDate } from './time';

export const measureTypeAliases: Readonly<Record<string, MeasureType>> = {
  industry: 'industry',
  employment: 'employment',
  social_security: 'social_security',
  education: 'education',
  medical: 'medical',
  housing: 'housing',
  water: 'water',
  insurance: 'insurance',
  social: 'social',
  motivation: 'motivation',
  other: 'other',
  产业帮扶: 'industry',
  产业: 'industry',
  就业帮扶: 'employment',
  就业: 'employment',
  综合保障: 'social_security',
  兜底保障: 'social_security',
  '综合保障(兜底保障)': 'social_security',
  '综合保障（兜底保障）': 'social_security',
  教育帮扶: 'education',
  健康帮扶: 'medical',
  医疗: 'medical',
  医疗帮扶: 'medical',
  '健康帮扶(医疗)': 'medical',
  '健康帮扶（医疗）': 'medical',
  住房保障: 'housing',
  饮水安全: 'water',
  防贫保险: 'insurance',
  社会帮扶: 'social',
  扶志扶智: 'motivation',
  其他: 'other',
};

export const measureStatusAliases: Readonly<Record<string, MeasureStatus>> = {
  planned: 'planned',
  active: 'active',
  completed: 'completed',
  计划: 'planned',
  未开始: 'planned',
  实施中: 'active',
  进行中: 'active',
  已启动: 'active',
  已完成: 'completed',
  已结束: 'completed',
};

export const MEASURE_SEPARATORS = /[;；、]/;

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** 'YYYY-MM-DD', 'YYYY/M/D', 'YYYY-M-D' or 'YYYY年M月D日' → 'YYYY-MM-DD'; null if not a date. */
export function parseDateText(text: string): LocalDate | null {
  const m = /^(\d{4})(?:[-/](\d{1,2})[-/](\d{1,2})|年(\d{1,2})月(\d{1,2})日)$/.exec(text.trim());
  if (!m) return null;
  const date = `${m[1]}-${(m[2] ?? m[4])!.padStart(2, '0')}-${(m[3] ?? m[5])!.padStart(2, '0')}`;
  return isLocalDate(date) ? date : null;
}

export function parseMeasureType(text: string): Parsed<MeasureType> {
  const t = text.trim();
  const hit = measureTypeAliases[t] ?? measureTypeAliases[t.toLowerCase()];
  return hit
    ? { ok: true, value: hit }
    : {
        ok: false,
        message: `"${t}" is not a measure type (产业帮扶 就业帮扶 综合保障 教育帮扶 健康帮扶 住房保障 饮水安全 防贫保险 社会帮扶 扶志扶智 其他, or industry employment social_security education medical housing water insurance social motivation other)`,
      };
}

/** One entry of the `measures` column: its type and start date (null: monitoredSince). */
export interface MeasureEntry {
  type: MeasureType;
  startDate: LocalDate | null;
}

/** The `measures` cell: `产业帮扶:2026-09-01；就业帮扶`. Repeated (type, date) entries count once. */
export function parseMeasuresCell(text: string): Parsed<MeasureEntry[]> {
  const out: MeasureEntry[] = [];
  for (const part of text
    .split(MEASURE_SEPARATORS)
    .map((s) => s.trim())
    .filter((s) => s !== '')) {
    const colon = part.search(/[:：]/);
    const typeText = colon < 0 ? part : part.slice(0, colon);
    const type = parseMeasureType(typeText);
    if (!type.ok) return type;
    let startDate: LocalDate | null = null;
    if (colon >= 0) {
      startDate = parseDateText(part.slice(colon + 1));
      if (!startDate)
        return {
          ok: false,
          message: `"${part}": the start date after the colon is not a date as YYYY-MM-DD`,
        };
    }
    if (!out.some((e) => e.type === type.value && e.startDate === startDate))
      out.push({ type: type.value, startDate });
  }
  return { ok: true, value: out };
}

/** The id of an imported measure: its dedup key within the household. */
export const importedMeasureId = (type: MeasureType, startDate: LocalDate): string => `${type}:${startDate}`;

export const sameMeasure = (
  m: Pick<Measure, 'type' | 'startDate'>,
  type: MeasureType,
  startDate: LocalDate,
) => m.type === type && m.startDate === startDate;

/**
 * The entries a household does not have yet (by type and start date), as started measures: what to add.
 * Empty when nothing is new (re-import writes nothing).
 */
export function newMeasuresOf(
  measures: readonly Measure[],
  entries: readonly MeasureEntry[],
  monitoredSince: LocalDate | null,
): Measure[] {
  const added: Measure[] = [];
  for (const e of entries) {
    const startDate = e.startDate ?? monitoredSince;
    if (startDate === null) continue; // refused by the input checks (no date and no monitoredSince)
    if ([...measures, ...added].some((m) => sameMeasure(m, e.type, startDate))) continue;
    added.push({
      measureId: importedMeasureId(e.type, startDate),
      type: e.type,
      startDate,
      status: 'active',
    });
  }
  return added;
}

// ——— the measures file: one measure per row ———

/** Columns of `fanpin import measures FILE`: English field and Chinese header, then synonyms. */
export const measureFields = [
  { field: 'householdId', zh: '户编号', synonyms: ['户码', '户编码', '家庭编号'] },
  { field: 'type', zh: '措施类型', synonyms: ['帮扶措施', '帮扶措施类型', '措施类别', '帮扶类型'] },
  { field: 'startDate', zh: '开始日期', synonyms: ['帮扶开始日期', '启动日期', '实施日期', '开始时间'] },
  { field: 'status', zh: '措施状态', synonyms: ['状态', '实施状态'] },
  { field: 'note', zh: '备注', synonyms: ['说明', '措施内容', '帮扶内容'] },
] as const;

export type MeasureInputField = (typeof measureFields)[number]['field'];

const measureHeaderAliases: Readonly<Record<string, MeasureInputField>> = Object.fromEntries(
  measureFields.flatMap(({ field, zh, synonyms }) => [
    [field.toLowerCase(), field],
    [zh, field],
    ...synonyms.map((s) => [s, field]),
  ]),
);

/** A measures file header cell → field (BOM, spaces, line breaks and a unit in brackets ignored). */
export function normaliseMeasureHeader(header: string): MeasureInputField | null {
  const key = header.replace(/^\uFEFF/, '').replace(/\s+/g, '');
  return (
    measureHeaderAliases[key.toLowerCase()] ??
    measureHeaderAliases[key] ??
    measureHeaderAliases[key.replace(/[（(][^（）()]*[）)]$/, '')] ??
    null
  );
}

export interface MeasureRowInput {
  householdId: string;
  type: MeasureType;
  startDate: LocalDate;
  status: MeasureStatus;
  note: string | null;
}

export interface MeasureInputError {
  field: MeasureInputField;
  message: string;
}

/**
 * One row of the measures file. Status defaults by the date: started (`active`) on or before the as-of
 * date, else `planned`; a measure that starts after the as-of date can only be planned.
 */
export function parseMeasureRow(
  record: Partial<Record<string, string>>,
  ctx: { asOfDate: LocalDate },
): { ok: true; value: MeasureRowInput } | { ok: false; errors: MeasureInputError[] } {
  const errors: MeasureInputError[] = [];
  const text = (f: MeasureInputField) => (record[f] ?? '').trim();
  const householdId = text('householdId');
  if (householdId === '') errors.push({ field: 'householdId', message: 'is required' });
  else if (!/^[A-Za-z0-9-]{1,32}$/.test(householdId))
    errors.push({ field: 'householdId', message: 'must be 1–32 characters of A–Z, a–z, 0–9 or -' });
  let type: MeasureType | null = null;
  if (text('type') === '') errors.push({ field: 'type', message: 'is required' });
  else {
    const t = parseMeasureType(text('type'));
    if (t.ok) type = t.value;
    else errors.push({ field: 'type', message: t.message });
  }
  const startDate = parseDateText(text('startDate'));
  if (text('startDate') === '') errors.push({ field: 'startDate', message: 'is required' });
  else if (!startDate)
    errors.push({ field: 'startDate', message: `"${text('startDate')}" is not a date as YYYY-MM-DD` });
  let status: MeasureStatus | null = null;
  if (text('status') !== '') {
    const s = measureStatusAliases[text('status')] ?? measureStatusAliases[text('status').toLowerCase()];
    if (s) status = s;
    else
      errors.push({
        field: 'status',
        message: `"${text('status')}" is not a measure status (planned 计划, active 实施中, completed 已完成)`,
      });
  }
  if (startDate && startDate > ctx.asOfDate && status !== null && status !== 'planned')
    errors.push({
      field: 'status',
      message: `a measure starting ${startDate}, after the as-of date, can only be planned`,
    });
  const note = text('note');
  if (note.length > 200) errors.push({ field: 'note', message: 'must be at most 200 characters' });
  if (errors.length > 0 || type === null || startDate === null) return { ok: false, errors };
  return {
    ok: true,
    value: {
      householdId,
      type,
      startDate,
      status: status ?? (startDate <= ctx.asOfDate ? 'active' : 'planned'),
      note: note === '' ? null : note,
    },
  };
}
