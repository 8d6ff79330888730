// Every route of the HTTP API (interface.md "HTTP API (v1)") as data: its schemas, its answer and
// whether it sits behind the JWT authorizer. Handlers bind an implementation to a spec
// (lib/http/api-handler.ts), the OpenAPI document is generated from the same specs (lib/http/openapi.ts).
import type { z } from 'zod';
import {
  acknowledgeBodySchema,
  alertAnswerSchema,
  alertBodySchema,
  applicationBodySchema,
  caseListQuerySchema,
  casePageSchema,
  casePathSchema,
  caseSchema,
  childrenQuerySchema,
  contactBodySchema,
  historyPageSchema,
  historyQuerySchema,
  householdBodySchema,
  householdDetailSchema,
  householdListQuerySchema,
  householdPageSchema,
  householdPathSchema,
  measureBodySchema,
  reportAnswerSchema,
  reportPathSchema,
  reportRangeQuerySchema,
  reportRangeSchema,
  resolveBodySchema,
  submissionSchema,
  submitPathSchema,
  summarySchema,
  transitionBodySchema,
  unitChildrenSchema,
  unitPathSchema,
  unitSchema,
  visitBodySchema,
} from './schemas';

export type Method = 'GET' | 'POST' | 'PUT';
type AnyObject = z.ZodObject<z.ZodRawShape>;

export interface RouteSpec<
  P extends AnyObject | undefined = AnyObject | undefined,
  Q extends AnyObject | undefined = AnyObject | undefined,
  B extends z.ZodType | undefined = z.ZodType | undefined,
> {
  method: Method;
  /** API Gateway route path, e.g. `/v1/households/{id}`. */
  path: string;
  summary: string;
  tag: string;
  auth: 'jwt' | 'none';
  params?: P;
  query?: Q;
  body?: B;
  /** Issue 17 item 11a: the route takes an `Idempotency-Key` header (idempotencyHeadersSchema). */
  idempotent?: true;
  ok: { status: 200 | 201; description: string; schema?: z.ZodType; contentType?: string };
  /** The error statuses this route can answer besides 500. */
  errors: readonly number[];
}

export const routeKeyOf = (spec: RouteSpec): string => `${spec.method} ${spec.path}`;

const define = <
  P extends AnyObject | undefined,
  Q extends AnyObject | undefined,
  B extends z.ZodType | undefined,
>(
  spec: RouteSpec<P, Q, B>,
) => spec;

// D16: a household or case id that does not exist is 403 like one outside the caller's scope, never 404.
const read = [400, 401, 403] as const;
const write = [400, 401, 403, 409, 422] as const;

export const routes = {
  getUnit: define({
    method: 'GET',
    path: '/v1/units/{code}',
    summary: 'A unit: its code, registered name and level',
    tag: 'units',
    auth: 'jwt',
    params: unitPathSchema,
    query: undefined,
    body: undefined,
    ok: { status: 200, description: 'the unit (name null when not registered)', schema: unitSchema },
    errors: [400, 401, 403],
  }),
  unitSummary: define({
    method: 'GET',
    path: '/v1/units/{code}/summary',
    summary: 'Households by status, category and grade, watch, overdue visits, open cases of a unit',
    tag: 'units',
    auth: 'jwt',
    params: unitPathSchema,
    query: undefined,
    body: undefined,
    ok: {
      status: 200,
      description: 'the unit summary (from counters: a handful of reads)',
      schema: summarySchema,
    },
    errors: [400, 401, 403],
  }),
  unitChildren: define({
    method: 'GET',
    path: '/v1/units/{code}/children',
    summary:
      "A township's villages or a county's townships side by side, each with its name, summary counts and (townships) report status",
    tag: 'units',
    auth: 'jwt',
    params: unitPathSchema,
    query: childrenQuerySchema,
    body: undefined,
    ok: {
      status: 200,
      description:
        'the child units (registered, or with households) from one query of the counters; none for a village',
      schema: unitChildrenSchema,
    },
    errors: [400, 401, 403],
  }),
  listHouseholds: define({
    method: 'GET',
    path: '/v1/units/{code}/households',
    summary: 'Households of a unit, filtered and paginated',
    tag: 'units',
    auth: 'jwt',
    params: unitPathSchema,
    query: householdListQuerySchema,
    body: undefined,
    ok: { status: 200, description: 'one page of households', schema: householdPageSchema },
    errors: [400, 401, 403],
  }),
  getHousehold: define({
    method: 'GET',
    path: '/v1/households/{id}',
    summary: 'A household with the explanation of its grade, visit schedule, cases and elimination check',
    tag: 'households',
    auth: 'jwt',
    params: householdPathSchema,
    query: undefined,
    body: undefined,
    ok: { status: 200, description: 'the household', schema: householdDetailSchema },
    errors: read,
  }),
  householdHistory: define({
    method: 'GET',
    path: '/v1/households/{id}/history',
    summary: 'The audit events of a household, newest first',
    tag: 'households',
    auth: 'jwt',
    params: householdPathSchema,
    query: historyQuerySchema,
    body: undefined,
    ok: { status: 200, description: 'one page of audit events', schema: historyPageSchema },
    errors: read,
  }),
  putHousehold: define({
    method: 'PUT',
    path: '/v1/households/{id}',
    summary: 'Create or update one household (the fields of a CSV row); re-grades it',
    tag: 'households',
    auth: 'jwt',
    params: householdPathSchema,
    query: undefined,
    body: householdBodySchema,
    ok: { status: 200, description: 'the household after the change', schema: householdDetailSchema },
    errors: write,
  }),
  recordVisit: define({
    method: 'POST',
    path: '/v1/households/{id}/visits',
    summary: 'Record a visit (home or phone); updated facts re-grade the household',
    tag: 'households',
    auth: 'jwt',
    params: householdPathSchema,
    query: undefined,
    body: visitBodySchema,
    idempotent: true,
    ok: { status: 201, description: 'the household after the visit', schema: householdDetailSchema },
    errors: write,
  }),
  recordMeasure: define({
    method: 'POST',
    path: '/v1/households/{id}/measures',
    summary: 'Record an assistance measure',
    tag: 'households',
    auth: 'jwt',
    params: householdPathSchema,
    query: undefined,
    body: measureBodySchema,
    idempotent: true,
    ok: { status: 201, description: 'the household after the change', schema: householdDetailSchema },
    errors: write,
  }),
  assignContact: define({
    method: 'PUT',
    path: '/v1/households/{id}/contact',
    summary: 'Assign the monitoring contact',
    tag: 'households',
    auth: 'jwt',
    params: householdPathSchema,
    query: undefined,
    body: contactBodySchema,
    ok: { status: 200, description: 'the household after the change', schema: householdDetailSchema },
    errors: write,
  }),
  recordApplication: define({
    method: 'POST',
    path: '/v1/households/{id}/applications',
    summary:
      'D7 record a household’s own application (农户自主申报; village): raises a lead to verify in 3 working days',
    tag: 'households',
    auth: 'jwt',
    params: householdPathSchema,
    query: undefined,
    body: applicationBodySchema,
    ok: {
      status: 201,
      description: 'the household after the change (candidate, awaiting verification)',
      schema: householdDetailSchema,
    },
    errors: write,
  }),
  takeTransition: define({
    method: 'POST',
    path: '/v1/households/{id}/transitions',
    summary: 'Take an identification or elimination step (only the role at that step)',
    tag: 'households',
    auth: 'jwt',
    params: householdPathSchema,
    query: undefined,
    body: transitionBodySchema,
    ok: { status: 200, description: 'the household after the step', schema: householdDetailSchema },
    errors: write,
  }),
  listCases: define({
    method: 'GET',
    path: '/v1/cases',
    summary: 'Cases of a unit (default: the caller’s), by kind, level and status (default open)',
    tag: 'cases',
    auth: 'jwt',
    params: undefined,
    query: caseListQuerySchema,
    body: undefined,
    ok: { status: 200, description: 'one page of cases', schema: casePageSchema },
    errors: [400, 401, 403],
  }),
  acknowledgeCase: define({
    method: 'POST',
    path: '/v1/cases/{id}/acknowledge',
    summary: 'Record who handles a case (does not stop escalation)',
    tag: 'cases',
    auth: 'jwt',
    params: casePathSchema,
    query: undefined,
    body: acknowledgeBodySchema,
    ok: { status: 200, description: 'the case', schema: caseSchema },
    errors: write,
  }),
  resolveCase: define({
    method: 'POST',
    path: '/v1/cases/{id}/resolve',
    summary: 'Resolve a case by hand with a reason (measures_missing and review_overdue only)',
    tag: 'cases',
    auth: 'jwt',
    params: casePathSchema,
    query: undefined,
    body: resolveBodySchema,
    ok: { status: 200, description: 'the resolved case', schema: caseSchema },
    errors: write,
  }),
  getReport: define({
    method: 'GET',
    path: '/v1/reports/{unit}/{month}',
    summary: 'The monthly report of a unit',
    tag: 'reports',
    auth: 'jwt',
    params: reportPathSchema,
    query: undefined,
    body: undefined,
    ok: { status: 200, description: 'the report', schema: reportAnswerSchema },
    errors: [400, 401, 403, 404],
  }),
  reportRange: define({
    method: 'GET',
    path: '/v1/units/{code}/reports',
    summary: 'The monthly reports of a unit for a range of months (at most 24), in one request: trend charts',
    tag: 'reports',
    auth: 'jwt',
    params: unitPathSchema,
    query: reportRangeQuerySchema,
    body: undefined,
    ok: {
      status: 200,
      description: 'the stored reports of the months, oldest first (one query)',
      schema: reportRangeSchema,
    },
    errors: [400, 401, 403],
  }),
  submitReport: define({
    method: 'POST',
    path: '/v1/reports/{township}/{month}/submit',
    summary:
      'A township submits its monthly report of a closed month (D13: 422 for a month not yet closed or without a report); resolves its report_overdue case',
    tag: 'reports',
    auth: 'jwt',
    params: submitPathSchema,
    query: undefined,
    body: undefined,
    ok: { status: 200, description: 'the submission (the first one wins)', schema: submissionSchema },
    errors: [400, 401, 403, 409, 422],
  }),
  postAlert: define({
    method: 'POST',
    path: '/v1/alerts',
    summary:
      'A department alert (county administrators only, D16): matched within their county, it raises a lead',
    tag: 'alerts',
    auth: 'jwt',
    params: undefined,
    query: undefined,
    body: alertBodySchema,
    ok: { status: 200, description: 'what became of the alert', schema: alertAnswerSchema },
    errors: [400, 401, 403, 409, 422],
  }),
  openapi: define({
    method: 'GET',
    path: '/v1/openapi.json',
    summary: 'This OpenAPI 3.1 document',
    tag: 'meta',
    auth: 'none',
    params: undefined,
    query: undefined,
    body: undefined,
    ok: { status: 200, description: 'the OpenAPI document' },
    errors: [],
  }),
} as const;

export type RouteName = keyof typeof routes;
