// The zod schemas of the HTTP API (interface.md "HTTP API (v1)", "Field names that answers carry"):
// one set of schemas validates path, query and body, types the handlers and generates the OpenAPI
// document (lib/http/openapi.ts). Money is yuan at this edge; Infinity is null (JSON has no Infinity).
import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { dateFormsMessage, parseDateText } from '../domain/measure-input';
import {
  caseKinds,
  caseLevels,
  eliminationConditionIds,
  gradeRuleIds,
  grades,
  householdCategories,
  householdStatuses,
  leadRuleIds,
  measureStatuses,
  measureTypes,
  riskFactorCodes,
  transitionActions,
  unitLevels,
  visitClasses,
} from '../domain/model';
import { monthlyReportSchema } from '../domain/monthly-report';

extendZodWithOpenApi(z);

export { z };

// ---- shared pieces -------------------------------------------------------------------------------

export const unitCodeSchema = z
  .string()
  .regex(/^(\d{6}|\d{9}|\d{12})$/, 'a county (6 digits), township (9) or village (12) division code')
  .openapi({ example: '532931101' });
export const villageCodeSchema = z.string().regex(/^\d{12}$/, 'a village code: 12 digits');
export const townshipCodeSchema = z
  .string()
  .regex(/^\d{9}$/, 'a township code: 9 digits')
  .openapi({ example: '532931101' });
export const householdIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9-]{1,32}$/, '1–32 characters A–Z, a–z, 0–9 or -')
  .openapi({ example: 'H0001' });
export const caseIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9#:._-]{1,128}$/, 'a case id')
  .openapi({ example: '0b7d6a3c-1f43-4a59-9f58-6a1d1f0c2b1e' });
export const monthSchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM')
  .openapi({ example: '2026-11' });
/** Issue 21: a date as the CSV accepts it (2026-12-01, 2026/12/1, 2026-12-1, 2026年12月1日), answered as
 *  YYYY-MM-DD; anything else gets one message saying which forms are accepted. */
export const localDateSchema = z
  .string()
  .transform((text, ctx) => {
    const date = parseDateText(text);
    if (date === null) {
      ctx.addIssue({ code: 'custom', message: dateFormsMessage(text) });
      return z.NEVER;
    }
    return date;
  })
  .openapi({
    type: 'string',
    example: '2026-12-01',
    description:
      'a date: YYYY-MM-DD, or as the CSV accepts it (2026/12/1, 2026年12月1日) · 日期：YYYY-MM-DD，或 CSV 接受的写法（2026/12/1、2026年12月1日）',
  });
export const instantSchema = z.string().openapi({ example: '2026-12-01T02:00:00.000+08:00' });
const unitNameSchema = z.string().nullable().openapi({
  description:
    'the registered name (fanpin import divisions); null when not registered · 已登记的名称（fanpin import divisions）；未登记时为 null',
});

const text = (max: number) => z.string().trim().min(1, 'required').max(max, `at most ${max} characters`);

/** `limit` (1–500, default 50) and the opaque `cursor` of every list. */
export const pageQuerySchema = z.object({
  limit: z.coerce
    .number()
    .int('an integer')
    .min(1, 'from 1 to 500')
    .max(500, 'from 1 to 500')
    .default(50)
    .openapi({ type: 'integer', example: 50 }),
  cursor: z
    .string()
    .min(1)
    .max(2048)
    .optional()
    .openapi({ description: 'the `cursor` of the previous page · 上一页应答中的 `cursor`' }),
});

// ---- requests ------------------------------------------------------------------------------------

export const unitPathSchema = z.object({ code: unitCodeSchema });
export const householdPathSchema = z.object({ id: householdIdSchema });

/** Issue 17 item 11a: the optional `Idempotency-Key` header of the POSTs that record something. */
export const idempotencyHeadersSchema = z.object({
  'Idempotency-Key': z
    .string()
    .regex(/^[\x21-\x7e]{1,255}$/, '1 to 255 visible ASCII characters (e.g. a UUID)')
    .optional()
    .openapi({
      description:
        'A key the client makes for one request (a UUID) and sends again on every retry of it. A repeat with the same key and the same body within 24 h records nothing and gets the first answer’s status with the household as it is now (answer header `idempotent-replayed: true`); the same key with another body is 422, while the first is still running 409, both naming `header.Idempotency-Key`. Keys are the caller’s own: another officer’s key never matches. · 客户端为一次请求生成的键（UUID），重试时原样再发。24 小时内同键同内容的重复请求不再登记，返回首次应答的状态和农户当前情况（应答头 `idempotent-replayed: true`）；同键不同内容为 422，首次请求仍在处理时为 409。键只对本人有效',
      example: '3f0c9a52-8a57-4f34-9d0e-6d1b2c0f7a11',
    }),
});
export const casePathSchema = z.object({ id: caseIdSchema });
export const reportPathSchema = z.object({ unit: unitCodeSchema, month: monthSchema });
export const submitPathSchema = z.object({ township: townshipCodeSchema, month: monthSchema });

export const householdListQuerySchema = pageQuerySchema.extend({
  grade: z.enum(grades).optional(),
  status: z.enum(householdStatuses).optional(),
  category: z.enum(householdCategories).optional(),
  overdue: z
    .enum(['true', 'false'])
    .optional()
    .openapi({ description: '`true`: only households overdue today · `true`：只列今天走访逾期的户' }),
  visitClass: z.enum(visitClasses).optional(),
  eligibleForElimination: z.enum(['true', 'false']).optional().openapi({
    description:
      '`true`: only households eligible for elimination (§11: monitored, E1–E6 hold at their last assessment; the households the summary’s `eligibleForElimination` counts), by village · `true`：只列符合消除风险条件的户（§11：监测中，最近一次评估 E1–E6 均满足，即汇总中 `eligibleForElimination` 所计的户），按村排列',
  }),
});
export type HouseholdListQuery = z.infer<typeof householdListQuerySchema>;

export const historyQuerySchema = pageQuerySchema;

export const childrenQuerySchema = z.object({
  sort: z.enum(['code', 'overdue', 'openCases', 'red']).default('code').openapi({
    description:
      'by code, or by the count, largest first: overdue visits, open cases, red · 按编码，或按数量从多到少：走访逾期、未办结案件、红色',
  }),
});

export const caseListQuerySchema = pageQuerySchema.extend({
  unit: unitCodeSchema
    .optional()
    .openapi({ description: "default: the caller's unit · 默认：调用者所在单位" }),
  kind: z.enum(caseKinds).optional(),
  level: z.enum(caseLevels).optional(),
  status: z.enum(['open', 'resolved']).default('open'),
  resolvedSince: z
    .string()
    .refine(
      (s) => !Number.isNaN(Date.parse(s)) && /T/.test(s),
      'an instant such as 2026-12-01T08:30:00+08:00',
    )
    .optional()
    .openapi({
      description:
        'with `status=resolved`: only the cases resolved at or after this instant (a digest\'s "resolved since the last digest") · 与 `status=resolved` 同用：只列此时刻及以后办结的案件（日报中的“上次日报以来办结”）',
      example: '2026-12-01T08:30:00+08:00',
    }),
});
export type CaseListQuery = z.infer<typeof caseListQuerySchema>;

const moneyInput = z
  .union([z.number(), z.string()])
  .openapi({ description: 'yuan, up to 2 decimals · 元，最多两位小数', example: 12000 });
const guaranteeInput = z
  .union([z.boolean(), z.number(), z.string()])
  .openapi({ description: 'true/1/是 = secure · true/1/是 = 有保障' });

/** The facts a household body and a visit's `updates` both carry (money in yuan, guarantees, risk factors). */
const factFields = {
  wageIncome: moneyInput.optional(),
  businessIncome: moneyInput.optional(),
  propertyIncome: moneyInput.optional(),
  transferIncome: moneyInput.optional(),
  priorYearNetIncome: moneyInput.optional(),
  largeExpenditure: moneyInput.optional(),
  food: guaranteeInput.optional(),
  clothing: guaranteeInput.optional(),
  education: guaranteeInput.optional(),
  medical: guaranteeInput.optional(),
  housing: guaranteeInput.optional(),
  water: guaranteeInput.optional(),
  riskFactors: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .openapi({
      description: `codes (${riskFactorCodes.join(', ')}) or their Chinese names · 编码或中文名称`,
    }),
};

/** PUT /v1/households/{id}: the fields of a CSV row (householdId comes from the path). Checked field by
 *  field by the domain's household input parser, which names every failing field. */
export const householdBodySchema = z
  .object({
    villageCode: villageCodeSchema.optional(),
    headName: z.string().optional(),
    headIdNumber: z.string().optional(),
    category: z
      .string()
      .optional()
      .openapi({ enum: [...householdCategories] }),
    status: z
      .string()
      .optional()
      .openapi({
        enum: ['none', 'candidate', 'monitored', 'eliminated'],
        description:
          'D1: only when the household is created; on an existing one a different status is 409 (use transitions) · D1：只在新建农户时有效；已有农户给出不同状态为 409（请走程序）',
      }),
    members: z.union([z.number(), z.string()]).optional(),
    laborFull: z.union([z.number(), z.string()]).optional(),
    laborPartial: z.union([z.number(), z.string()]).optional(),
    ...factFields,
    monitoredSince: z.string().nullable().optional(),
    contactName: z.string().nullable().optional(),
    lastVisitDate: z.string().nullable().optional().openapi({
      description:
        'D2: history for a household without visit records; one that would move the schedule of a household with visit records is 409 · D2：无走访记录农户的历史走访日期；会改变已有走访记录农户走访计划的为 409',
    }),
    expectedVersion: z.number().int().min(0).optional().openapi({
      description:
        'optimistic lock: the `version` read; a different stored version is 409 · 乐观锁：读到的 `version`；与存储版本不同为 409',
    }),
  })
  .openapi('HouseholdInput');
export type HouseholdBody = z.infer<typeof householdBodySchema>;

export const visitUpdatesSchema = z
  .object({
    ...factFields,
  })
  .strict();

export const visitBodySchema = z
  .object({
    date: localDateSchema,
    method: z.enum(['home', 'phone']),
    visitor: text(64),
    findings: text(2000),
    updates: visitUpdatesSchema
      .optional()
      .openapi({ description: 'updated facts: re-grades the household · 更新的情况：重新评定农户等级' }),
  })
  .openapi('VisitInput');
export type VisitBody = z.infer<typeof visitBodySchema>;

export const measureBodySchema = z
  .object({
    type: z.enum(measureTypes),
    startDate: localDateSchema,
    note: z.string().trim().max(2000, 'at most 2000 characters').default(''),
  })
  .openapi('MeasureInput');
export type MeasureBody = z.infer<typeof measureBodySchema>;

/** D7: a household's own application (农户自主申报). */
export const applicationBodySchema = z
  .object({
    date: localDateSchema,
    note: z.string().trim().max(2000, 'at most 2000 characters').default(''),
  })
  .openapi('ApplicationInput');
export type ApplicationBody = z.infer<typeof applicationBodySchema>;

export const contactBodySchema = z
  .object({
    name: text(64),
    phone: z
      .string()
      .regex(/^\+?[0-9 -]{5,20}$/, 'a phone number')
      .optional(),
  })
  .openapi('ContactInput');
export type ContactBody = z.infer<typeof contactBodySchema>;

export const transitionBodySchema = z
  .object({
    action: z.enum(transitionActions),
    reason: z.string().trim().max(2000, 'at most 2000 characters').optional(),
  })
  .openapi('TransitionInput');
export type TransitionBody = z.infer<typeof transitionBodySchema>;

export const acknowledgeBodySchema = z
  .object({ note: z.string().trim().max(2000).default('') })
  .openapi('AcknowledgeInput');
export const resolveBodySchema = z.object({ reason: text(2000) }).openapi('ResolveInput');

export const alertBodySchema = z
  .object({
    department: z.string().min(1).max(64),
    alertId: z.string().min(1).max(128),
    householdId: z.string().max(32).nullish(),
    headIdNumber: z.string().max(18).nullish(),
    type: z.string().min(1).max(64),
    amount: moneyInput.nullish(),
    date: z.string().max(10).nullish(),
    note: z.string().max(2000).nullish(),
  })
  .openapi('AlertInput');
export type AlertBody = z.infer<typeof alertBodySchema>;

// ---- answers -------------------------------------------------------------------------------------

export const errorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'validation_failed' }),
      message: z.string(),
      details: z.array(z.object({ field: z.string(), message: z.string() })),
      requestId: z
        .string()
        .optional()
        .openapi({ description: 'correlation id (500 answers) · 请求编号（500 应答带此编号）' }),
    }),
  })
  .openapi('Error');

const levelAt = z.object({ level: z.enum(caseLevels), at: instantSchema });

export const caseSchema = z
  .object({
    caseId: z.string(),
    kind: z.enum(caseKinds),
    householdId: z.string().nullable(),
    unitCode: z.string(),
    villageCode: z.string().nullable(),
    townshipCode: z.string(),
    villageName: unitNameSchema,
    townshipName: unitNameSchema,
    countyCode: z.string(),
    level: z.enum(caseLevels),
    status: z.enum(['open', 'resolved']),
    openedAt: instantSchema,
    lastSeen: instantSchema,
    deadline: instantSchema.nullable(),
    workingDaysLeft: z.number().int().min(0).nullable().openapi({
      description:
        'working days from today (the unit’s local date) through the day before the deadline’s date; 0: it escalates at the next sweep; null when resolved or without a deadline · 从今天（单位当地日期）到期限前一天的工作日数；0：下次巡检即上报；已办结或无期限时为 null',
    }),
    escalations: z.array(levelAt),
    plannedEscalations: z.array(levelAt),
    acknowledgements: z.array(z.object({ by: z.string(), at: instantSchema, note: z.string() })).openapi({
      description:
        'the latest acknowledgements (at most 5), oldest first; acknowledgementCount counts them all · 最近的签收（最多 5 条），从早到晚；acknowledgementCount 为全部条数',
    }),
    acknowledgementCount: z.number().int().min(0),
    resolvedAt: instantSchema.nullable(),
    resolution: z.object({ reason: z.string(), by: z.string().nullable(), manual: z.boolean() }).nullable(),
    subject: z.record(z.string(), z.string()),
    version: z.number().int(),
  })
  .openapi('Case');

const counts = <K extends string>(keys: readonly K[]) =>
  z.object(Object.fromEntries(keys.map((k) => [k, z.number().int()])) as Record<K, z.ZodNumber>);

export const summarySchema = z
  .object({
    unitCode: z.string(),
    level: z.enum(unitLevels),
    households: z.number().int(),
    byStatus: counts(householdStatuses),
    byCategory: counts(householdCategories),
    byGrade: counts(grades),
    watch: z.number().int(),
    overdueByClass: counts(visitClasses),
    openCasesByLevel: counts(caseLevels),
    openCasesByKind: counts(caseKinds),
    eligibleForElimination: z.number().int(),
    lastSweepAt: instantSchema.nullable(),
  })
  .openapi('UnitSummary');

export const unitSchema = z
  .object({ code: z.string(), name: unitNameSchema, level: z.enum(unitLevels) })
  .openapi('Unit');

export const childReportSchema = z
  .object({
    month: monthSchema.openapi({ description: 'the last closed month · 上一个已结束的月份' }),
    status: z.enum(['submitted', 'due', 'overdue']),
    dueDate: z
      .string()
      .openapi({ description: 'D13: the local date the report is due · D13：月报截止的当地日期' }),
    submittedAt: instantSchema.nullable(),
    submittedBy: z.string().nullable().openapi({
      description: 'the submitting officer (role:unit or sub) · 报送人（角色:单位，或用户标识）',
    }),
  })
  .openapi('ChildReportStatus');

export const childUnitSchema = summarySchema
  .extend({
    code: z.string().openapi({ description: 'the child unit (same as unitCode) · 下级单位（同 unitCode）' }),
    name: unitNameSchema,
    report: childReportSchema.nullable().openapi({
      description:
        "a township's report of the last closed month; null for a village · 乡镇上月月报的报送情况；村为 null",
    }),
  })
  .openapi('ChildUnit');

export const unitChildrenSchema = z
  .object({
    unitCode: z.string(),
    name: unitNameSchema,
    level: z.enum(unitLevels),
    items: z.array(childUnitSchema).openapi({ description: 'one entry per child unit · 每个下级单位一项' }),
  })
  .openapi('UnitChildren');

export const householdRowSchema = z
  .object({
    householdId: z.string(),
    villageCode: z.string(),
    villageName: unitNameSchema,
    townshipName: unitNameSchema,
    headName: z.string(),
    category: z.enum(householdCategories),
    status: z.enum(householdStatuses),
    grade: z.enum(grades).nullable(),
    visitClass: z.enum(visitClasses).nullable(),
    nextVisitDue: z.string().nullable(),
    daysOverdue: z.number().int().min(0),
  })
  .openapi('HouseholdRow');

export const householdPageSchema = z
  .object({ items: z.array(householdRowSchema), cursor: z.string().nullable() })
  .openapi('HouseholdPage');
export const casePageSchema = z
  .object({ items: z.array(caseSchema), cursor: z.string().nullable() })
  .openapi('CasePage');

export const measureSchema = z.object({
  measureId: z.string(),
  type: z.enum(measureTypes),
  startDate: z.string(),
  status: z.enum(measureStatuses),
  note: z.string().nullable(),
});

export const householdDetailSchema = z
  .object({
    householdId: z.string(),
    villageCode: z.string(),
    townshipCode: z.string(),
    countyCode: z.string(),
    villageName: unitNameSchema,
    townshipName: unitNameSchema,
    headName: z.string(),
    headIdNumber: z.string().openapi({
      description: 'masked: first 6 and last 4 characters · 脱敏：只显示前 6 位和后 4 位',
      example: '532931********1234',
    }),
    category: z.enum(householdCategories),
    status: z.enum(householdStatuses),
    members: z.number().int(),
    laborFull: z.number().int(),
    laborPartial: z.number().int(),
    income: z
      .object({
        wageIncome: z.number(),
        businessIncome: z.number(),
        propertyIncome: z.number(),
        transferIncome: z.number(),
        priorYearNetIncome: z.number(),
        largeExpenditure: z.number(),
      })
      .openapi({ description: 'yuan · 元' }),
    guarantees: z.record(z.string(), z.boolean()),
    riskFactors: z.array(z.enum(riskFactorCodes)),
    grade: z.enum(grades).nullable(),
    matchedRules: z.array(z.enum(gradeRuleIds)),
    leadRules: z.array(z.enum(leadRuleIds)),
    policyVersion: z.string().nullable(),
    policyId: z.string().nullable(),
    assessedAt: instantSchema.nullable(),
    derived: z
      .object({
        netIncome: z.number().openapi({ description: 'yuan · 元' }),
        perCapitaIncome: z.number().openapi({ description: 'P, yuan per person · P，人均元' }),
        labour: z.enum(['none', 'partial', 'full']),
        transferShare: z.number().openapi({ description: 'T · 转移性收入占比' }),
        incomeDrop: z.number().openapi({ description: 'D · 收入降幅' }),
        expenditureBurden: z
          .number()
          .nullable()
          .openapi({ description: 'E; null when infinite · E；无穷大时为 null' }),
        gap: z.boolean(),
      })
      .nullable(),
    watch: z.boolean(),
    visitClass: z.enum(visitClasses).nullable(),
    classSince: z.string().nullable(),
    lastHomeVisit: z.string().nullable(),
    lastContact: z.string().nullable(),
    nextVisitDue: z.string().nullable(),
    daysOverdue: z.number().int().min(0),
    monitoredSince: z.string().nullable(),
    eliminatedAt: z.string().nullable(),
    contact: z
      .object({ name: z.string(), phone: z.string().nullable(), assignedAt: instantSchema })
      .nullable(),
    measures: z.array(measureSchema),
    openCases: z.array(caseSchema),
    lead: z
      .object({
        leadId: z.string(),
        source: z.string(),
        rules: z.array(z.enum(leadRuleIds)),
        proposedCategory: z.enum(householdCategories),
        raisedAt: instantSchema,
      })
      .nullable(),
    procedure: z
      .object({
        kind: z.enum(['identification', 'elimination']),
        awaiting: z.enum(transitionActions),
        role: z.enum(unitLevels).nullable(),
        since: instantSchema,
        publicNoticeFrom: z.string().nullable(),
      })
      .nullable(),
    elimination: z.object({
      eligible: z.boolean(),
      conditions: z.object(
        Object.fromEntries(eliminationConditionIds.map((id) => [id, z.boolean()])) as Record<
          (typeof eliminationConditionIds)[number],
          z.ZodBoolean
        >,
      ),
    }),
    version: z.number().int(),
    updatedAt: instantSchema,
  })
  .openapi('Household');

export const auditEventSchema = z
  .object({
    eventId: z.string(),
    householdId: z.string().nullable(),
    caseId: z.string().nullable(),
    type: z.string(),
    at: instantSchema,
    actor: z.object({
      kind: z.string(),
      role: z.string().optional(),
      unit: z.string().optional(),
      name: z.string().optional(),
    }),
    before: z.unknown().optional(),
    after: z.unknown().optional(),
    data: z.unknown().optional(),
  })
  .openapi('AuditEvent');
export const historyPageSchema = z
  .object({ items: z.array(auditEventSchema), cursor: z.string().nullable() })
  .openapi('HistoryPage');

const reportSubmissionSchema = z
  .object({
    submittedAt: instantSchema,
    submittedAtLocal: z.string().openapi({
      description: 'local time, e.g. 2026-12-02 09:00 · 当地时间，如 2026-12-02 09:00',
      example: '2026-12-02 09:00',
    }),
    submittedBy: z.string().openapi({ description: 'the submitting officer (their id) · 报送人（其标识）' }),
  })
  .openapi('ReportSubmissionView');

export const reportAnswerSchema = z
  .object({
    unitCode: z.string(),
    name: unitNameSchema,
    month: z.string(),
    generatedAt: instantSchema,
    status: z.enum(['submitted', 'not_submitted']).nullable().openapi({
      description:
        "a township's submission status (D13); null for a village or county · 乡镇的报送状态（D13）；村、县为 null",
    }),
    submission: reportSubmissionSchema.nullable(),
    report: monthlyReportSchema,
    children: z
      .array(
        z.object({
          unitCode: z.string(),
          name: unitNameSchema,
          report: monthlyReportSchema
            .nullable()
            .openapi({ description: 'null when the sweep wrote none · 巡检未生成时为 null' }),
          status: z.enum(['submitted', 'not_submitted']).nullable(),
          submission: reportSubmissionSchema.nullable(),
        }),
      )
      .openapi({
        description:
          "a county's townships or a township's villages, each with its own report · 县的各乡镇或乡镇的各村，各带本级月报",
      }),
  })
  .openapi('MonthlyReport');

/** GET /v1/units/{code}/reports: at most this many months in one request. */
export const maxReportRangeMonths = 24;
const monthIndex = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7));
export const reportRangeQuerySchema = z
  .object({
    from: monthSchema.openapi({
      description: 'the first month (YYYY-MM) · 起始月份（YYYY-MM）',
      example: '2026-01',
    }),
    to: monthSchema.openapi({
      description: 'the last month (YYYY-MM), inclusive · 截止月份（YYYY-MM），含该月',
      example: '2026-12',
    }),
  })
  .refine((q) => q.from <= q.to && monthIndex(q.to) - monthIndex(q.from) < maxReportRangeMonths, {
    message: `from no later than to, at most ${maxReportRangeMonths} months`,
    path: ['to'],
  });

export const reportRangeSchema = z
  .object({
    unitCode: z.string(),
    name: unitNameSchema,
    from: z.string(),
    to: z.string(),
    items: z
      .array(z.object({ month: z.string(), generatedAt: instantSchema, report: monthlyReportSchema }))
      .openapi({
        description:
          'the stored reports, oldest first; a month without one is absent · 已生成的月报，从早到晚；没有月报的月份不列出',
      }),
  })
  .openapi('MonthlyReportRange');

export const submissionSchema = z
  .object({ townshipCode: z.string(), month: z.string(), submittedAt: instantSchema, created: z.boolean() })
  .openapi('ReportSubmission');

export const alertAnswerSchema = z
  .object({
    department: z.string(),
    alertId: z.string(),
    outcome: z.enum(['lead', 'matched', 'unmatched', 'duplicate']),
    householdId: z.string().nullable(),
    reason: z.string().nullable(),
    caseId: z.string().nullable().openapi({
      description: 'the lead_unverified case opened with the lead · 随线索开立的 lead_unverified 案件',
    }),
  })
  .openapi('AlertOutcome');
