// A household as it arrives from a CSV row or a PUT /v1/households/{id} body (interface.md
// "Household CSV"): ONE schema for both. CSV cells are text; JSON may give numbers and booleans.
// Yuan become integer fen here; English codes and Chinese names become codes.
import { z } from 'zod';
import { isVillageCode } from './division-code';
import { headerKey, householdHeaderSynonyms, withoutUnit } from './household-headers';
import { type MeasureEntry, parseDateText, parseMeasuresCell } from './measure-input';
import type {
  Guarantees,
  HouseholdCategory,
  HouseholdFacts,
  HouseholdStatus,
  LocalDate,
  RiskFactor,
} from './model';
import { guaranteeKeys } from './model';
import { tryParseYuan } from './money';
import { residentIdProblem } from './resident-id';

/** Every column: English field name and Chinese header (interface.md). */
export const householdFields = [
  { field: 'householdId', zh: '户编号' },
  { field: 'villageCode', zh: '村级区划代码' },
  { field: 'headName', zh: '户主姓名' },
  { field: 'headIdNumber', zh: '户主身份证号' },
  { field: 'category', zh: '监测对象类别' },
  { field: 'status', zh: '监测状态' },
  { field: 'members', zh: '家庭人口数' },
  { field: 'laborFull', zh: '普通劳动力人数' },
  { field: 'laborPartial', zh: '弱劳动力人数' },
  { field: 'wageIncome', zh: '工资性收入' },
  { field: 'businessIncome', zh: '生产经营性收入' },
  { field: 'propertyIncome', zh: '财产性收入' },
  { field: 'transferIncome', zh: '转移性收入' },
  { field: 'priorYearNetIncome', zh: '上年家庭纯收入' },
  { field: 'largeExpenditure', zh: '合规大额支出' },
  { field: 'food', zh: '吃' },
  { field: 'clothing', zh: '穿' },
  { field: 'education', zh: '义务教育' },
  { field: 'medical', zh: '基本医疗' },
  { field: 'housing', zh: '住房安全' },
  { field: 'water', zh: '饮水安全' },
  { field: 'riskFactors', zh: '风险类型' },
  { field: 'monitoredSince', zh: '纳入监测日期' },
  { field: 'contactName', zh: '监测联系人' },
  { field: 'lastVisitDate', zh: '最近走访日期' },
  { field: 'measures', zh: '帮扶措施' },
] as const;

export type HouseholdInputField = (typeof householdFields)[number]['field'];

/** Header text (lower-cased English, Chinese, or a synonym: household-headers.ts) → field. */
export const headerAliases: Readonly<Record<string, HouseholdInputField>> = Object.fromEntries(
  householdFields.flatMap(({ field, zh }) => [
    [field.toLowerCase(), field],
    [zh, field],
    ...(householdHeaderSynonyms[field] ?? []).map((name) => [name, field]),
  ]),
);

/**
 * Maps a header cell to its field: drops a BOM, spaces and line breaks, English case-insensitive, Chinese
 * names and their synonyms, with or without a unit in brackets (工资性收入（元）); null if unknown.
 */
export function normaliseHeader(header: string): HouseholdInputField | null {
  const key = headerKey(header);
  const bare = withoutUnit(key);
  return headerAliases[key.toLowerCase()] ?? headerAliases[key] ?? headerAliases[bare] ?? null;
}

export const categoryAliases: Readonly<Record<string, HouseholdCategory>> = {
  unstable: 'unstable',
  edge: 'edge',
  sudden: 'sudden',
  alleviated: 'alleviated',
  general: 'general',
  脱贫不稳定户: 'unstable',
  边缘易致贫户: 'edge',
  突发严重困难户: 'sudden',
  脱贫户: 'alleviated',
  一般农户: 'general',
};

/** `removed` is not accepted from input: it needs a reason and goes through its own route. */
export const statusAliases: Readonly<Record<string, Exclude<HouseholdStatus, 'removed'>>> = {
  none: 'none',
  candidate: 'candidate',
  monitored: 'monitored',
  eliminated: 'eliminated',
  未纳入: 'none',
  识别中: 'candidate',
  监测中: 'monitored',
  风险已消除: 'eliminated',
};

export const riskFactorAliases: Readonly<Record<string, RiskFactor>> = {
  illness: 'illness',
  disability: 'disability',
  education: 'education',
  disaster: 'disaster',
  accident: 'accident',
  business_failure: 'business_failure',
  unstable_employment: 'unstable_employment',
  labor_shortage: 'labor_shortage',
  housing: 'housing',
  epidemic: 'epidemic',
  other: 'other',
  因病: 'illness',
  因残: 'disability',
  因学: 'education',
  因灾: 'disaster',
  因意外: 'accident',
  因产业失败: 'business_failure',
  因就业不稳: 'unstable_employment',
  缺劳动力: 'labor_shortage',
  住房: 'housing',
  因疫: 'epidemic',
  其他: 'other',
};

/** 1 = secure. */
export const guaranteeValueAliases: Readonly<Record<string, boolean>> = {
  '1': true,
  '0': false,
  是: true,
  否: false,
  true: true,
  false: false,
};

/** Separators between risk factors in one cell. */
export const RISK_FACTOR_SEPARATORS = /[;；、]/;

// ——— one field at a time ———

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };
const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(message: string): Parsed<T> => ({ ok: false, message });

/** What a cell or JSON value can be. */
const raw = z.union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.null(), z.undefined()], {
  error: 'must be text, a number or a boolean',
});
type Raw = z.infer<typeof raw>;

const isBlank = (v: Raw): v is null | undefined | '' =>
  v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

function asText(v: Raw): string | null {
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return null;
}

function field<T>(parse: (v: Raw) => Parsed<T>) {
  return raw.transform((v, ctx): T => {
    const r = parse(v);
    if (!r.ok) {
      ctx.addIssue({ code: 'custom', message: r.message });
      return z.NEVER;
    }
    return r.value;
  });
}

const required =
  <T>(parse: (text: string) => Parsed<T>) =>
  (v: Raw): Parsed<T> => {
    if (isBlank(v)) return fail('is required');
    const t = asText(v);
    return t === null ? fail('must be text or a number') : parse(t);
  };

const optional =
  <T>(fallback: T, parse: (text: string) => Parsed<T>) =>
  (v: Raw): Parsed<T> => {
    if (isBlank(v)) return ok(fallback);
    const t = asText(v);
    return t === null ? fail('must be text or a number') : parse(t);
  };

const integer = (min: number, max: number) => (t: string) => {
  if (!/^\d+$/.test(t)) return fail<number>(`"${t}" is not a whole number`);
  const n = Number(t);
  if (n < min) return fail<number>(`must be at least ${min} (got ${n})`);
  if (n > max) return fail<number>(`must be at most ${max} (got ${n})`);
  return ok(n);
};

const yuan = (allowNegative: boolean) => (t: string) => {
  const r = tryParseYuan(t, { allowNegative });
  return r.ok ? ok(r.fen) : fail<number>(r.message);
};

/** 'YYYY-MM-DD' (also 'YYYY/M/D', 'YYYY-M-D' and 'YYYY年M月D日' as Excel shows them) → 'YYYY-MM-DD'. */
const localDate = (t: string): Parsed<LocalDate> => {
  const date = parseDateText(t);
  return date ? ok(date) : fail(`"${t}" is not a date as YYYY-MM-DD`);
};

const oneOf =
  <T>(aliases: Readonly<Record<string, T>>, what: string) =>
  (t: string): Parsed<T> => {
    const hit = aliases[t] ?? aliases[t.toLowerCase()];
    return hit !== undefined
      ? ok(hit)
      : fail(`"${t}" is not a ${what} (one of ${[...new Set(Object.keys(aliases))].join(', ')})`);
  };

function guarantee(v: Raw): Parsed<boolean> {
  if (isBlank(v)) return ok(true); // empty = secure
  if (typeof v === 'boolean') return ok(v);
  const t = asText(v);
  const hit = t === null ? undefined : guaranteeValueAliases[t.toLowerCase()];
  return hit !== undefined ? ok(hit) : fail(`"${String(v)}" is not 1/0, 是/否 or true/false`);
}

function riskFactors(v: Raw): Parsed<RiskFactor[]> {
  if (isBlank(v)) return ok([]);
  const parts = Array.isArray(v) ? v : typeof v === 'string' ? v.split(RISK_FACTOR_SEPARATORS) : null;
  if (!parts) return fail('must be risk factor codes separated by ; ； or 、');
  const out: RiskFactor[] = [];
  const unknown: string[] = [];
  for (const p of parts.map((s) => s.trim()).filter((s) => s !== '')) {
    const hit = riskFactorAliases[p] ?? riskFactorAliases[p.toLowerCase()];
    if (!hit) unknown.push(p);
    else if (!out.includes(hit)) out.push(hit);
  }
  if (unknown.length > 0) {
    return fail(
      `unknown risk factor ${unknown.map((u) => `"${u}"`).join(', ')} (codes: ${Object.keys(riskFactorAliases).slice(0, 11).join(', ')}, or their Chinese names)`,
    );
  }
  return ok(out);
}

const fieldSchemas = {
  householdId: field(
    required<string>((t) =>
      /^[A-Za-z0-9-]{1,32}$/.test(t) ? ok(t) : fail('must be 1–32 characters of A–Z, a–z, 0–9 or -'),
    ),
  ),
  villageCode: field(
    required<string>((t) => (isVillageCode(t) ? ok(t) : fail(`"${t}" is not a 12-digit village code`))),
  ),
  headName: field(required<string>((t) => (t.length <= 64 ? ok(t) : fail('must be at most 64 characters')))),
  headIdNumber: field(
    required<string>((t) => {
      const id = t.toUpperCase();
      const problem = residentIdProblem(id);
      return problem ? fail(problem) : ok(id);
    }),
  ),
  category: field(optional<HouseholdCategory>('general', oneOf(categoryAliases, 'category'))),
  status: field(optional<Exclude<HouseholdStatus, 'removed'>>('none', oneOf(statusAliases, 'status'))),
  members: field(required(integer(1, 99))),
  laborFull: field(optional(0, integer(0, 99))),
  laborPartial: field(optional(0, integer(0, 99))),
  wageIncome: field(optional(0, yuan(false))),
  businessIncome: field(optional(0, yuan(true))),
  propertyIncome: field(optional(0, yuan(false))),
  transferIncome: field(optional(0, yuan(false))),
  priorYearNetIncome: field(optional(0, yuan(true))),
  largeExpenditure: field(optional(0, yuan(false))),
  food: field(guarantee),
  clothing: field(guarantee),
  education: field(guarantee),
  medical: field(guarantee),
  housing: field(guarantee),
  water: field(guarantee),
  riskFactors: field(riskFactors),
  monitoredSince: field(optional<LocalDate | null>(null, localDate)),
  contactName: field(
    optional<string | null>(null, (t) => (t.length <= 64 ? ok(t) : fail('must be at most 64 characters'))),
  ),
  lastVisitDate: field(optional<LocalDate | null>(null, localDate)),
  measures: field(optional<MeasureEntry[]>([], parseMeasuresCell)),
} satisfies Record<HouseholdInputField, z.ZodType>;

type Flat = { [K in HouseholdInputField]: z.output<(typeof fieldSchemas)[K]> };

export interface HouseholdInputError {
  field: HouseholdInputField;
  message: string;
}

/** Rules across fields; `asOfDate` adds the "not after the as-of date" checks. */
function crossFieldProblems(v: Partial<Flat>, asOfDate: LocalDate | null): HouseholdInputError[] {
  const out: HouseholdInputError[] = [];
  if (v.members !== undefined && v.laborFull !== undefined && v.laborPartial !== undefined) {
    if (v.laborFull + v.laborPartial > v.members) {
      out.push({
        field: 'laborPartial',
        message: `laborFull + laborPartial (${v.laborFull + v.laborPartial}) is more than members (${v.members})`,
      });
    }
  }
  if (v.status === 'monitored' && v.monitoredSince === null) {
    out.push({ field: 'monitoredSince', message: 'is required when status is monitored' });
  }
  if (v.measures?.some((m) => m.startDate === null) && v.monitoredSince === null) {
    out.push({
      field: 'measures',
      message: 'a measure without a date needs monitoredSince (or type:YYYY-MM-DD)',
    });
  }
  if (asOfDate) {
    const late = v.measures?.find((m) => m.startDate !== null && m.startDate > asOfDate);
    if (late)
      out.push({ field: 'measures', message: `${late.startDate} is after the as-of date ${asOfDate}` });
    if (v.monitoredSince && v.monitoredSince > asOfDate) {
      out.push({
        field: 'monitoredSince',
        message: `${v.monitoredSince} is after the as-of date ${asOfDate}`,
      });
    }
    if (v.lastVisitDate && v.lastVisitDate > asOfDate) {
      out.push({ field: 'lastVisitDate', message: `${v.lastVisitDate} is after the as-of date ${asOfDate}` });
    }
  }
  return out;
}

/** A parsed household input: identity, classification and facts (money in fen). */
export interface HouseholdInput extends HouseholdFacts {
  householdId: string;
  villageCode: string;
  headName: string;
  /** The full number as given; null when an update keeps the stored one (parseHouseholdInput `keepIdNumber`).
   *  D16: never stored as such: the use case seals it (lib/app/seal-id-number.ts). */
  headIdNumber: string | null;
  category: HouseholdCategory;
  /** What a row or body may set is one of the CSV values; an update that gives none keeps the stored
   *  status, which may be `removed` (D1, statusOfUpsert). */
  status: HouseholdStatus;
  monitoredSince: LocalDate | null;
  contactName: string | null;
  lastVisitDate: LocalDate | null;
  /** The `measures` column: added to the household's measures when new (measure-input.ts). */
  measures?: MeasureEntry[];
}

function toInput(v: Flat): HouseholdInput {
  const guarantees = Object.fromEntries(guaranteeKeys.map((k) => [k, v[k]])) as Guarantees;
  return {
    householdId: v.householdId,
    villageCode: v.villageCode,
    headName: v.headName,
    headIdNumber: v.headIdNumber,
    category: v.category,
    status: v.status,
    members: v.members,
    laborFull: v.laborFull,
    laborPartial: v.laborPartial,
    wageIncome: v.wageIncome,
    businessIncome: v.businessIncome,
    propertyIncome: v.propertyIncome,
    transferIncome: v.transferIncome,
    priorYearNetIncome: v.priorYearNetIncome,
    largeExpenditure: v.largeExpenditure,
    guarantees,
    riskFactors: v.riskFactors,
    monitoredSince: v.monitoredSince,
    contactName: v.contactName,
    lastVisitDate: v.lastVisitDate,
    ...(v.measures.length > 0 ? { measures: v.measures } : {}),
  };
}

/**
 * The household input schema (CSV row or JSON body → HouseholdInput). Unknown keys are dropped.
 * It checks everything except the as-of date; parseHouseholdInput adds that and reports every
 * failing field at once (an object refinement would be skipped when a field fails).
 */
export const householdInputSchema = z
  // The measures column came later (December 2026): a body or row without it is still whole.
  .object({ ...fieldSchemas, measures: fieldSchemas.measures.optional().transform((m) => m ?? []) })
  .superRefine((v, ctx) => {
    for (const p of crossFieldProblems(v, null))
      ctx.addIssue({ code: 'custom', path: [p.field], message: p.message });
  })
  .transform(toInput);

export type HouseholdInputResult =
  | { ok: true; value: HouseholdInput }
  | { ok: false; errors: HouseholdInputError[] };

/** Parses one CSV row (header-mapped) or API body, reporting every failing field with its reason. */
export function parseHouseholdInput(
  raw: Record<string, unknown>,
  /** `keepIdNumber`: an update of a stored household that does not give `headIdNumber` keeps the stored
   *  one (D16: the stored one is sealed, so it cannot be merged in and checked again). */
  ctx: { asOfDate: LocalDate; keepIdNumber?: boolean },
): HouseholdInputResult {
  const errors: HouseholdInputError[] = [];
  const values: Partial<Flat> = {};
  const kept = ctx.keepIdNumber === true && (raw.headIdNumber === undefined || raw.headIdNumber === null);
  for (const { field: name } of householdFields) {
    if (kept && name === 'headIdNumber') continue;
    const r = fieldSchemas[name].safeParse(raw[name]);
    if (r.success) (values as Record<string, unknown>)[name] = r.data;
    else errors.push({ field: name, message: r.error.issues[0]?.message ?? 'is not valid' });
  }
  for (const p of crossFieldProblems(values, ctx.asOfDate)) {
    if (!errors.some((e) => e.field === p.field)) errors.push(p);
  }
  if (errors.length > 0) return { ok: false, errors };
  const value = toInput(values as Flat);
  return { ok: true, value: kept ? { ...value, headIdNumber: null } : value };
}

/** "headIdNumber: check digit is wrong (expected 7)". */
export const formatInputError = (e: HouseholdInputError): string => `${e.field}: ${e.message}`;
