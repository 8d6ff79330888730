// §10 department alerts (行业部门数据比对): one schema for a CSV row, a queue message and a POST /v1/alerts body.
// Every failing field is reported at once, like the household input. Money arrives in yuan and leaves in fen.
import { z } from 'zod';
import type { Fen, LocalDate } from './model';
import { tryParseYuan } from './money';
import { residentIdProblem } from './resident-id';
import { isLocalDate } from './time';

// §10: the departments that push data.
export const departments = [
  'medical_insurance',
  'civil_affairs',
  'education',
  'housing',
  'water',
  'health',
  'disabled_federation',
  'emergency',
  'human_resources',
  'agriculture',
] as const;
export type Department = (typeof departments)[number];

/** §10 the departments' Chinese names (short and long forms seen in exports). */
export const departmentAliases: Readonly<Record<string, Department>> = {
  医保: 'medical_insurance',
  医保局: 'medical_insurance',
  民政: 'civil_affairs',
  民政局: 'civil_affairs',
  教育: 'education',
  教育局: 'education',
  住建: 'housing',
  住建局: 'housing',
  水利: 'water',
  水利局: 'water',
  卫健: 'health',
  卫健委: 'health',
  残联: 'disabled_federation',
  应急: 'emergency',
  应急局: 'emergency',
  人社: 'human_resources',
  人社局: 'human_resources',
  农业农村: 'agriculture',
  农业农村局: 'agriculture',
};

/** The alert columns (interface.md `fanpin import alerts`), with their Chinese headers. */
export const alertFields = [
  { field: 'department', zh: '部门' },
  { field: 'alertId', zh: '预警编号' },
  { field: 'householdId', zh: '户编号' },
  { field: 'headIdNumber', zh: '户主身份证号' },
  { field: 'type', zh: '预警类型' },
  { field: 'amount', zh: '金额' },
  { field: 'date', zh: '日期' },
  { field: 'note', zh: '备注' },
] as const;
export type AlertInputField = (typeof alertFields)[number]['field'];

const headerAliases: Readonly<Record<string, AlertInputField>> = Object.fromEntries(
  alertFields.flatMap(({ field, zh }) => [
    [field.toLowerCase(), field],
    [zh, field],
  ]),
);
Object.assign(headerAliases, { 类型: 'type', 部门名称: 'department', 预警日期: 'date' });

/** A CSV header (English in any case, or Chinese) → the field; null when unknown. */
export function normaliseAlertHeader(header: string): AlertInputField | null {
  const h = header.replace(/^\uFEFF/, '').trim();
  return headerAliases[h] ?? headerAliases[h.toLowerCase()] ?? null;
}

export interface AlertInput {
  department: Department;
  alertId: string;
  householdId: string | null;
  /** PII: upper-cased; never logged. */
  headIdNumber: string | null;
  type: string;
  amount: Fen | null;
  date: LocalDate | null;
  note: string | null;
}

export interface AlertInputError {
  field: AlertInputField;
  message: string;
}

const text = (v: unknown): string | null => {
  if (v === undefined || v === null) return null;
  const s = String(v).trim();
  return s === '' ? null : s;
};

type FieldParse<T> = { ok: true; value: T } | { ok: false; message: string };
const ok = <T>(value: T): FieldParse<T> => ({ ok: true, value });
const fail = (message: string): FieldParse<never> => ({ ok: false, message });

const fieldParsers: { [K in keyof AlertInput]: (raw: unknown) => FieldParse<AlertInput[K]> } = {
  department: (raw) => {
    const t = text(raw);
    if (t === null) return fail('is required');
    const d = (departments as readonly string[]).includes(t) ? (t as Department) : departmentAliases[t];
    return d ? ok(d) : fail(`"${t}" is not a department (${departments.join(', ')}, or 医保 民政 …)`);
  },
  alertId: (raw) => {
    const t = text(raw);
    if (t === null) return fail('is required');
    return t.length <= 100 ? ok(t) : fail('must be at most 100 characters');
  },
  householdId: (raw) => {
    const t = text(raw);
    return t === null || t.length <= 64 ? ok(t) : fail('must be at most 64 characters');
  },
  headIdNumber: (raw) => {
    const t = text(raw)?.toUpperCase() ?? null;
    if (t === null) return ok(null);
    const problem = residentIdProblem(t);
    return problem === null ? ok(t) : fail(problem);
  },
  type: (raw) => {
    const t = text(raw);
    if (t === null) return fail('is required');
    return t.length <= 64 ? ok(t) : fail('must be at most 64 characters');
  },
  amount: (raw) => {
    if (typeof raw === 'number') {
      const r = tryParseYuan(raw);
      return r.ok ? ok(r.fen) : fail(r.message);
    }
    const t = text(raw);
    if (t === null) return ok(null);
    const r = tryParseYuan(t);
    return r.ok ? ok(r.fen) : fail(r.message);
  },
  date: (raw) => {
    const t = text(raw);
    if (t === null) return ok(null);
    return isLocalDate(t) ? ok(t) : fail(`"${t}" is not a date such as 2026-12-01`);
  },
  note: (raw) => {
    const t = text(raw);
    return t === null || t.length <= 500 ? ok(t) : fail('must be at most 500 characters');
  },
};

export type AlertInputResult = { ok: true; value: AlertInput } | { ok: false; errors: AlertInputError[] };

/** §10: parses one alert (CSV row keyed by field, queue message or API body), reporting every failing field. */
export function parseAlertInput(raw: Record<string, unknown>): AlertInputResult {
  const errors: AlertInputError[] = [];
  const value: Partial<Record<AlertInputField, unknown>> = {};
  for (const { field } of alertFields) {
    const r = fieldParsers[field](raw[field]);
    if (r.ok) value[field] = r.value;
    else errors.push({ field, message: r.message });
  }
  // §10: an alert names the household by its id or by the head's ID number.
  const idError = errors.some((e) => e.field === 'householdId' || e.field === 'headIdNumber');
  if (!idError && value.householdId === null && value.headIdNumber === null) {
    errors.push({ field: 'householdId', message: 'give householdId or headIdNumber' });
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: value as unknown as AlertInput };
}

/** The same rules as a zod schema (API bodies and OpenAPI); issues name each failing field. */
export const alertInputSchema = z
  .object({
    department: z.string(),
    alertId: z.string(),
    householdId: z.string().nullish(),
    headIdNumber: z.string().nullish(),
    type: z.string(),
    amount: z.union([z.string(), z.number()]).nullish(),
    date: z.string().nullish(),
    note: z.string().nullish(),
  })
  .transform((raw, ctx): AlertInput => {
    const r = parseAlertInput(raw);
    if (r.ok) return r.value;
    for (const e of r.errors) ctx.addIssue({ code: 'custom', path: [e.field], message: e.message });
    return z.NEVER;
  });

/** `${department}:${alertId}`: the lead's alertRef (§6 Lead.alertRef). */
export const alertRef = (a: Pick<AlertInput, 'department' | 'alertId'>): string =>
  `${a.department}:${a.alertId}`;
