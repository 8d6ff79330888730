// What the OpenAPI document says beside the route specs (issue 22, ADR 0020): the Chinese summary of
// every operation and of its answers, and an example of each answer, success and error. Keyed by route
// name, so a new route adds one entry here (tsc refuses a route without one) and
// test/http/openapi-examples.test.ts parses every example with the answer's own zod schema. The
// example answers themselves are in lib/http/openapi-example-data.ts.

import { detailsOf } from './middleware';
import {
  alertExample,
  alertRejected,
  caseExample,
  changedMeanwhile,
  county,
  type ErrorBody,
  householdAfterVisit,
  householdChanged,
  householdExample,
  householdId,
  householdRejected,
  made,
  names,
  noteTooLong,
  reportExample,
  reportRangeExample,
  resolvedConflict,
  summaryExample,
  township,
  village,
} from './openapi-example-data';
import type { RouteName, RouteSpec } from './routes';
import { reportRangeQuerySchema } from './schemas';
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 422;

export interface OperationDocs {
  /** 中文摘要, shown after the English summary. */
  zh: string;
  /** 成功应答的中文说明, after the English description of the 2xx answer. */
  okZh: string;
  /** The 2xx answer's example (none for an answer without a JSON schema). */
  ok?: unknown;
  /** This route's own error examples, where the common one (`errorExample`) would not be what it says. */
  errors?: Partial<Record<ErrorStatus, ErrorBody>>;
}

/** The Chinese of each status's description (lib/http/openapi.ts has the English). */
export const statusZh: Record<number, string> = {
  400: '请求格式错误（JSON、路径或查询参数有误）',
  401: '令牌已验证但缺少有效的 role 或 unit 声明（未带令牌或令牌无法验证时，由网关直接应答 401 {"message": "Unauthorized"}）',
  403: '超出调用者的管辖范围，或该角色不能执行此步骤',
  404: '未找到',
  409: '冲突（版本已变，或当前状态不允许此操作）',
  422: '未通过校验（details 逐项列出字段）',
  500: '内部错误（应答带请求编号）',
};

/** Tags with their descriptions in both languages. */
export const tagDocs: Record<string, string> = {
  units:
    'Counties, townships and villages: summaries, child units, households · 县、乡镇、村：汇总、下级单位、农户',
  households: 'A household, its history and the changes officers record · 农户详情、历史记录和干部登记的变更',
  cases: 'Cases that escalate village → township → county · 逐级升级（村→乡镇→县）的案件',
  reports: 'Monthly reports and their submission · 月报及报送',
  alerts: 'Department alerts · 部门预警',
  meta: 'This document · 本文档',
};

// ---- every operation ---------------------------------------------------------------------------

export const operationDocs: Record<RouteName, OperationDocs> = {
  getUnit: {
    zh: '单位信息：区划代码、登记名称和级别',
    okZh: '单位（未登记时 name 为 null）',
    ok: { code: township, name: '城关镇', level: 'township' },
  },
  unitSummary: {
    zh: '单位汇总：按状态、类别、等级统计的农户，预警户、逾期走访和未结案件',
    okZh: '单位汇总（读计数器：几次读取）',
    ok: summaryExample,
  },
  unitChildren: {
    zh: '下级单位并列：乡镇的各村或县的各乡镇，各自名称、汇总数和（乡镇）月报状态',
    okZh: '下级单位（已登记或有农户的），一次查询计数器；村没有下级',
    ok: {
      unitCode: county,
      name: '云岭县',
      level: 'county',
      items: [
        {
          ...summaryExample,
          code: township,
          name: '城关镇',
          report: {
            month: '2026-11',
            status: 'submitted',
            dueDate: '2026-12-07',
            submittedAt: '2026-12-02T09:00:00.000+08:00',
            submittedBy: 'township:532931101',
          },
        },
      ],
    },
  },
  listHouseholds: {
    zh: '单位的农户，可筛选、分页',
    okZh: '一页农户',
    ok: {
      items: [
        {
          householdId,
          villageCode: village,
          ...names,
          headName: '王某某',
          category: 'edge',
          status: 'monitored',
          grade: 'red',
          visitClass: 'red',
          nextVisitDue: '2026-11-19',
          daysOverdue: 18,
        },
      ],
      cursor: 'eyJrIjoiSDUzMjkzMTEwMTIwMTAwNyJ9',
    },
  },
  getHousehold: {
    zh: '农户详情：等级及其依据、走访计划、案件和风险消除条件',
    okZh: '农户',
    ok: householdExample,
  },
  householdHistory: {
    zh: '农户的审计记录，最新的在前',
    okZh: '一页审计记录',
    ok: {
      items: [
        {
          eventId: '9d3e7b20-4c1a-4e8f-a6b2-0f5c8d1e3a74',
          householdId,
          caseId: null,
          type: 'visit_recorded',
          at: '2026-12-07T15:20:00.000+08:00',
          actor: { kind: 'user', role: 'village', unit: village },
          data: { date: '2026-12-07', method: 'home' },
        },
      ],
      cursor: null,
    },
  },
  putHousehold: {
    zh: '新建或更新一户（字段同 CSV 的一行），并重新评定等级',
    okZh: '变更后的农户',
    ok: householdExample,
    errors: {
      409: made('conflict', `household ${householdId} is at version 12, not 11`),
      422: householdRejected(),
    },
  },
  recordVisit: {
    zh: '登记走访（入户或电话）；更新的情况会重新评定等级',
    okZh: '走访后的农户',
    ok: householdAfterVisit,
    errors: {
      409: made('conflict', 'a request with this Idempotency-Key is still being processed', [
        {
          field: 'header.Idempotency-Key',
          message: 'the first request with this key has not finished; retry shortly',
        },
      ]),
    },
  },
  recordMeasure: {
    zh: '登记帮扶措施',
    okZh: '变更后的农户',
    ok: {
      ...householdExample,
      measures: [
        ...householdExample.measures,
        {
          measureId: 'm-7f20aa',
          type: 'employment',
          startDate: '2026-12-07',
          status: 'active',
          note: '公益性岗位',
        },
      ],
      version: 13,
    },
    errors: { 409: householdChanged },
  },
  assignContact: {
    zh: '指定监测联络员',
    okZh: '变更后的农户',
    ok: {
      ...householdExample,
      contact: { name: '李某', phone: '0870-5551234', assignedAt: '2026-12-07T10:00:00.000+08:00' },
      version: 13,
    },
    errors: { 409: householdChanged },
  },
  recordApplication: {
    zh: 'D7 登记农户自主申报（村级）：产生一条线索，须在 3 个工作日内核实',
    okZh: '变更后的农户（候选，待核实）',
    ok: {
      ...householdExample,
      status: 'candidate',
      grade: null,
      matchedRules: [],
      visitClass: null,
      nextVisitDue: null,
      daysOverdue: 0,
      monitoredSince: null,
      measures: [],
      openCases: [
        {
          ...caseExample,
          caseId: '1a6f0c93-7e2d-4b58-a4c1-92d7e03b5f18',
          kind: 'lead_unverified',
          unitCode: village,
          level: 'village',
          openedAt: '2026-12-07T11:00:00.000+08:00',
          lastSeen: '2026-12-07T11:00:00.000+08:00',
          deadline: '2026-12-10T00:00:00.000+08:00',
          escalations: [],
          plannedEscalations: [{ level: 'township', at: '2026-12-10T00:00:00.000+08:00' }],
          acknowledgements: [],
          acknowledgementCount: 0,
          subject: { leadId: 'lead-8c21f4', source: 'application' },
          version: 1,
        },
      ],
      lead: {
        leadId: 'lead-8c21f4',
        source: 'application',
        rules: [],
        proposedCategory: 'sudden',
        raisedAt: '2026-12-07T11:00:00.000+08:00',
      },
      procedure: {
        kind: 'identification',
        awaiting: 'verify',
        role: 'village',
        since: '2026-12-07T11:00:00.000+08:00',
        publicNoticeFrom: null,
      },
    },
    errors: {
      403: made('forbidden', 'a village officer records a household’s application'),
      409: made(
        'transition_not_allowed',
        'an application raises a lead only for a household with status none or eliminated (this one is monitored)',
      ),
      422: made('validation_failed', 'the application date is in the future', [
        { field: 'body.date', message: 'after today (2026-12-07)' },
      ]),
    },
  },
  takeTransition: {
    zh: '识别或风险消除程序的一步（仅限该步骤对应的角色）',
    okZh: '这一步之后的农户',
    ok: {
      ...householdExample,
      procedure: {
        kind: 'elimination',
        awaiting: 'township_elimination_review',
        role: 'township',
        since: '2026-12-07T16:00:00.000+08:00',
        publicNoticeFrom: null,
      },
      elimination: {
        eligible: true,
        conditions: { E1: true, E2: true, E3: true, E4: true, E5: true, E6: true },
      },
      version: 13,
    },
    errors: {
      403: { error: { code: 'forbidden', message: 'only a township officer may do this', details: [] } },
      409: {
        error: {
          code: 'transition_not_allowed',
          message: 'the household is already in the elimination procedure',
          details: [],
        },
      },
      422: {
        error: {
          code: 'not_eligible',
          message: 'the household is not eligible for elimination (fails E1, E3)',
          details: [
            { field: 'E1', message: 'E1 does not hold' },
            { field: 'E3', message: 'E3 does not hold' },
          ],
        },
      },
    },
  },
  listCases: {
    zh: '单位的案件（默认调用者本单位），按类型、层级和状态（默认未结）筛选',
    okZh: '一页案件',
    ok: { items: [caseExample], cursor: null },
  },
  acknowledgeCase: {
    zh: '登记案件由谁承办（不会停止升级）',
    okZh: '案件',
    ok: {
      ...caseExample,
      acknowledgements: [
        ...caseExample.acknowledgements,
        { by: 'township:532931101', at: '2026-12-07T09:40:00.000+08:00', note: '乡镇包村干部已电话联系' },
      ],
      acknowledgementCount: 2,
      version: 4,
    },
    errors: { 409: resolvedConflict, 422: noteTooLong() },
  },
  resolveCase: {
    zh: '填写理由手动办结案件（仅限 measures_missing 和 review_overdue）',
    okZh: '已办结的案件',
    ok: {
      ...caseExample,
      kind: 'measures_missing',
      status: 'resolved',
      deadline: null,
      workingDaysLeft: null,
      plannedEscalations: [],
      resolvedAt: '2026-12-07T14:05:00.000+08:00',
      resolution: { reason: '已落实产业帮扶措施，台账已补录', by: 'township:532931101', manual: true },
      subject: {},
      version: 4,
    },
    errors: {
      409: {
        error: {
          code: 'transition_not_allowed',
          message: 'a visit_overdue case resolves only when its condition clears, not by hand',
          details: [],
        },
      },
    },
  },
  getReport: {
    zh: '单位月报',
    okZh: '月报',
    ok: reportExample(),
    errors: {
      404: {
        error: {
          code: 'not_found',
          message: 'no report for 532931101 in 2026-11 (the monthly sweep writes it)',
          details: [],
        },
      },
    },
  },
  reportRange: {
    zh: '单位若干月份的月报（最多 24 个月，一次请求，用于趋势图）',
    okZh: '已生成的各月月报，按月份从早到晚；没有月报的月份不列出',
    ok: reportRangeExample(),
    errors: { 400: rangeTooLong() },
  },
  submitReport: {
    zh: '乡镇报送已结束月份的月报（D13：月份未结束或没有月报时为 422）；同时办结其 report_overdue 案件',
    okZh: '报送记录（以第一次为准）',
    ok: {
      townshipCode: township,
      month: '2026-11',
      submittedAt: '2026-12-02T09:00:00.000+08:00',
      created: true,
    },
    errors: {
      409: changedMeanwhile(`case ${caseExample.caseId}`),
      422: {
        error: {
          code: 'validation_failed',
          message: '2026-12 has not closed yet: a report is submitted once its month is over',
          details: [
            {
              field: 'path.month',
              message: '2026-12 has not closed yet: a report is submitted once its month is over',
            },
          ],
        },
      },
    },
  },
  postAlert: {
    zh: '部门预警（仅县级管理员，D16）：在本县内匹配到农户即产生线索',
    okZh: '预警的处理结果',
    ok: alertExample,
    errors: {
      409: householdChanged,
      422: alertRejected(),
    },
  },
  openapi: {
    zh: '本 OpenAPI 3.1 文档',
    okZh: 'OpenAPI 文档',
  },
};

/** A range of 25 months, refused by the route's own query schema (its `details` as the API answers). */
function rangeTooLong(): ErrorBody {
  const r = reportRangeQuerySchema.safeParse({ from: '2024-11', to: '2026-11' });
  if (r.success) throw new Error('reportRange: a 25-month range must not parse');
  return made('malformed', 'the query is not valid', detailsOf(r.error, 'query'));
}

/**
 * The example of an error answer: the route's own, else one made the way the API makes it. A path,
 * query or body that does not parse is parsed here by the route's own schema, so its `details` are
 * what the API would answer.
 */
export function errorExample(name: RouteName, spec: RouteSpec, status: number): ErrorBody {
  const own = operationDocs[name].errors?.[status as ErrorStatus];
  if (own) return own;
  switch (status) {
    case 400: {
      if (spec.params) {
        const bad = Object.fromEntries(Object.keys(spec.params.shape).map((k) => [k, '12 34']));
        const r = spec.params.safeParse(bad);
        if (!r.success)
          return made('malformed', 'the path is not valid', detailsOf(r.error, 'path').slice(0, 1));
      }
      if (spec.query && 'limit' in spec.query.shape) {
        const r = spec.query.safeParse({ limit: '0' });
        if (!r.success) return made('malformed', 'the query is not valid', detailsOf(r.error, 'query'));
      }
      return made('malformed', 'the body is not valid JSON', [{ field: 'body', message: 'not valid JSON' }]);
    }
    case 401:
      return made('unauthorized', 'the token carries no valid role claim', [
        { field: 'role', message: 'one of county, township, village' },
      ]);
    case 403:
      return made('forbidden', 'outside your scope, or not found');
    case 422: {
      const r = spec.body?.safeParse({});
      if (r && !r.success)
        return made('validation_failed', 'the body fails validation', detailsOf(r.error, 'body'));
      throw new Error(`${name}: give its own 422 example in lib/http/openapi-examples.ts`);
    }
    case 500: {
      const requestId = '8f14e45f-ceea-4672-9b1d-35a2c1e0b7d3';
      const body = made('internal', `internal error: quote request id ${requestId} when reporting it`);
      return { error: { ...body.error, requestId } };
    }
    default:
      throw new Error(`${name}: give its own ${status} example in lib/http/openapi-examples.ts`);
  }
}
