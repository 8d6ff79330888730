// Route implementations, grouped by the handler (Lambda function) that serves them. Each reads like a
// sentence: check scope, call one use case, present the answer.
import { acknowledgeCase } from '../app/acknowledge-case';
import { policyAt, type ScopeGuard, todayAt } from '../app/api-deps';
import type { HouseholdChangeResult } from '../app/apply-household-change';
import { assignContact } from '../app/assign-contact';
import { unitNames } from '../app/divisions';
import { describeHousehold, getHousehold } from '../app/get-household';
import { getReport, getReportRange } from '../app/get-report';
import { householdHistory } from '../app/household-history';
import { listCases } from '../app/list-cases';
import { listHouseholds } from '../app/list-households';
import { postAlert } from '../app/post-alert';
import { putHousehold } from '../app/put-household';
import { recordApplication } from '../app/record-application';
import { recordMeasure } from '../app/record-measure';
import { recordVisit } from '../app/record-visit';
import { resolveCaseByHand } from '../app/resolve-case';
import { submitReport } from '../app/submit-report';
import { takeTransition } from '../app/take-transition';
import { unitChildren } from '../app/unit-children';
import { unitSummary } from '../app/unit-summary';
import { unitLevelOf } from '../domain/division-code';
import { type Binding, bind, type RouteRequest } from './api-handler';
import { actorOf, type Caller, requireRole, requireScope } from './caller';
import type { ApiDeps } from './deps';
import type { Answer } from './middleware';
import { openApiDocument } from './openapi';
import {
  type CaseClock,
  presentAuditEvent,
  presentCase,
  presentChildUnit,
  presentHousehold,
  presentHouseholdRow,
  presentReport,
  presentSummary,
} from './presenters';
import { type RouteSpec, routes } from './routes';

const ok = (body: unknown, status = 200): Answer => ({ status, body });

/** How cases of `unitCode` count their working days left: its policy's timezone and the calendar. */
function clockAt(deps: ApiDeps, unitCode: string): CaseClock {
  const now = deps.now();
  return {
    today: todayAt(deps, unitCode, now),
    timezone: policyAt(deps, unitCode, now).timezone,
    calendar: deps.calendar,
  };
}

/** The names of cases' villages and townships: one batch read. */
const caseNames = (deps: ApiDeps, cases: readonly { villageCode: string | null; townshipCode: string }[]) =>
  unitNames(
    deps.store,
    cases.flatMap((c) => [c.villageCode, c.townshipCode]),
  );

function guardOf(request: RouteRequest<RouteSpec>): ScopeGuard {
  const caller = request.caller as Caller;
  return (unit) => requireScope(caller, unit, { route: request.routeKey, logger: request.logger });
}

/**
 * Issue 17 item 11d (§12, PIPL): every read of a household's full record or its history is logged with who
 * read it: the caller's role, unit and subject, the household id and the route. Never a name or an ID
 * number: the line is for an access review, the record stays in the table.
 */
function logHouseholdRead(request: RouteRequest<RouteSpec>, householdId: string): void {
  const caller = request.caller as Caller;
  request.logger.info('household read', {
    requestId: request.requestId,
    route: request.routeKey,
    role: caller.role,
    unit: caller.unit,
    sub: caller.sub,
    householdId,
  });
}

/** The names of a household's village and township (and of its cases' units): one batch read. */
const householdNames = (deps: ApiDeps, villageCode: string) => unitNames(deps.store, [villageCode]);

async function householdAnswer(
  deps: ApiDeps,
  result: HouseholdChangeResult,
  status: number,
): Promise<Answer> {
  const [view, names] = await Promise.all([
    describeHousehold(deps, result.household, deps.now()),
    householdNames(deps, result.household.villageCode),
  ]);
  return ok(presentHousehold(view, clockAt(deps, result.household.villageCode), names), status);
}

/**
 * Issue 17 item 11a: a POST that records something runs once per `Idempotency-Key` (the caller's own, on
 * this route and household). A repeat gets the first answer's status with the household as it is now
 * (read again, in scope again) and `idempotent-replayed: true`; the key's record holds only the household
 * id, never the answer (no personal data in the idempotency table; ADR 0019). Without the header, as before.
 */
async function recordOnce(
  deps: ApiDeps,
  r: RouteRequest<RouteSpec>,
  record: () => Promise<HouseholdChangeResult>,
): Promise<Answer> {
  const key = r.idempotencyKey;
  if (!key) return householdAnswer(deps, await record(), 201);
  let first: HouseholdChangeResult | undefined;
  const { value } = await deps.idempotency.once(
    {
      key,
      scope: JSON.stringify([(r.caller as Caller).sub, r.routeKey, r.params]),
      payload: r.body,
      remainingMs: r.remainingMs,
    },
    async () => {
      first = await record();
      return { householdId: first.household.householdId };
    },
  );
  if (first) return householdAnswer(deps, first, 201);
  const view = await getHousehold(deps, {
    householdId: value.householdId,
    at: deps.now(),
    guard: guardOf(r),
  });
  const names = await householdNames(deps, view.household.villageCode);
  return {
    ...ok(presentHousehold(view, clockAt(deps, view.household.villageCode), names), 201),
    headers: { 'idempotent-replayed': 'true' },
  };
}

export function metaEndpoints(): Binding[] {
  return [bind(routes.openapi, async () => ok(openApiDocument()))];
}

export function unitEndpoints(deps: ApiDeps): Binding[] {
  return [
    bind(routes.getUnit, async (r) => {
      guardOf(r)(r.params.code);
      const names = await unitNames(deps.store, [r.params.code]);
      return ok({
        code: r.params.code,
        name: names(r.params.code) ?? null,
        level: unitLevelOf(r.params.code) ?? 'village',
      });
    }),
    bind(routes.unitSummary, async (r) => {
      guardOf(r)(r.params.code);
      return ok(presentSummary(await unitSummary(deps.store, r.params.code)));
    }),
    bind(routes.unitChildren, async (r) => {
      guardOf(r)(r.params.code);
      const code = r.params.code;
      const [children, names] = await Promise.all([
        unitChildren(deps.store, code, r.query.sort, {
          today: todayAt(deps, code, deps.now()),
          policy: policyAt(deps, code, deps.now()),
          calendar: deps.calendar,
        }),
        unitNames(deps.store, [code]),
      ]);
      return ok({
        unitCode: code,
        name: names(code) ?? null,
        level: unitLevelOf(code) ?? 'village',
        items: children.map(presentChildUnit),
      });
    }),
    bind(routes.listHouseholds, async (r) => {
      guardOf(r)(r.params.code);
      const today = todayAt(deps, r.params.code, deps.now());
      const page = await listHouseholds(deps.store, {
        unitCode: r.params.code,
        ...(r.query.grade ? { grade: r.query.grade } : {}),
        ...(r.query.status ? { status: r.query.status } : {}),
        ...(r.query.category ? { category: r.query.category } : {}),
        ...(r.query.visitClass ? { visitClass: r.query.visitClass } : {}),
        overdue: r.query.overdue === 'true',
        eligibleForElimination: r.query.eligibleForElimination === 'true',
        today,
        limit: r.query.limit,
        cursor: r.query.cursor ?? null,
      });
      const names = await unitNames(
        deps.store,
        page.items.map((h) => h.villageCode),
      );
      return ok({
        items: page.items.map((h) => presentHouseholdRow(h, today, names)),
        cursor: page.cursor,
      });
    }),
  ];
}

export function householdReadEndpoints(deps: ApiDeps): Binding[] {
  return [
    bind(routes.getHousehold, async (r) => {
      const view = await getHousehold(deps, { householdId: r.params.id, at: deps.now(), guard: guardOf(r) });
      logHouseholdRead(r, view.household.householdId);
      const names = await householdNames(deps, view.household.villageCode);
      return ok(presentHousehold(view, clockAt(deps, view.household.villageCode), names));
    }),
    bind(routes.householdHistory, async (r) => {
      const page = await householdHistory(deps.store, {
        householdId: r.params.id,
        limit: r.query.limit,
        cursor: r.query.cursor ?? null,
        guard: guardOf(r),
      });
      logHouseholdRead(r, r.params.id);
      return ok({ items: page.items.map(presentAuditEvent), cursor: page.cursor });
    }),
  ];
}

export function householdWriteEndpoints(deps: ApiDeps): Binding[] {
  return [
    bind(routes.putHousehold, async (r) => {
      const { expectedVersion, ...fields } = r.body;
      const result = await putHousehold(deps, {
        householdId: r.params.id,
        fields,
        ...(expectedVersion !== undefined ? { expectedVersion } : {}),
        at: deps.now(),
        actor: actorOf(r.caller),
        guard: guardOf(r),
      });
      return householdAnswer(deps, result, result.created ? 201 : 200);
    }),
    bind(routes.recordVisit, async (r) =>
      recordOnce(deps, r, () =>
        recordVisit(deps, {
          householdId: r.params.id,
          date: r.body.date,
          method: r.body.method,
          visitor: r.body.visitor,
          findings: r.body.findings,
          ...(r.body.updates ? { updates: r.body.updates } : {}),
          at: deps.now(),
          actor: actorOf(r.caller),
          guard: guardOf(r),
        }),
      ),
    ),
    bind(routes.recordMeasure, async (r) =>
      recordOnce(deps, r, () =>
        recordMeasure(deps, {
          householdId: r.params.id,
          type: r.body.type,
          startDate: r.body.startDate,
          note: r.body.note,
          at: deps.now(),
          actor: actorOf(r.caller),
          guard: guardOf(r),
        }),
      ),
    ),
    bind(routes.assignContact, async (r) => {
      const result = await assignContact(deps, {
        householdId: r.params.id,
        name: r.body.name,
        ...(r.body.phone ? { phone: r.body.phone } : {}),
        at: deps.now(),
        actor: actorOf(r.caller),
        guard: guardOf(r),
      });
      return householdAnswer(deps, result, 200);
    }),
    bind(routes.recordApplication, async (r) => {
      const result = await recordApplication(deps, {
        householdId: r.params.id,
        date: r.body.date,
        note: r.body.note,
        role: r.caller.role,
        at: deps.now(),
        actor: actorOf(r.caller),
        guard: guardOf(r),
      });
      return householdAnswer(deps, result, 201);
    }),
    bind(routes.takeTransition, async (r) => {
      const result = await takeTransition(deps, {
        householdId: r.params.id,
        action: r.body.action,
        ...(r.body.reason ? { reason: r.body.reason } : {}),
        role: r.caller.role,
        at: deps.now(),
        actor: actorOf(r.caller),
        guard: guardOf(r),
      });
      return householdAnswer(deps, result, 200);
    }),
  ];
}

export function caseReadEndpoints(deps: ApiDeps): Binding[] {
  return [
    bind(routes.listCases, async (r) => {
      const unitCode = r.query.unit ?? r.caller.unit;
      guardOf(r)(unitCode);
      const page = await listCases(deps.store, {
        unitCode,
        ...(r.query.kind ? { kind: r.query.kind } : {}),
        ...(r.query.level ? { level: r.query.level } : {}),
        status: r.query.status,
        ...(r.query.resolvedSince ? { resolvedSince: r.query.resolvedSince } : {}),
        limit: r.query.limit,
        cursor: r.query.cursor ?? null,
      });
      const clock = clockAt(deps, unitCode);
      const names = await caseNames(deps, page.items);
      return ok({ items: page.items.map((c) => presentCase(c, clock, names)), cursor: page.cursor });
    }),
  ];
}

export function caseWriteEndpoints(deps: ApiDeps): Binding[] {
  return [
    bind(routes.acknowledgeCase, async (r) => {
      const kase = await acknowledgeCase(deps, {
        caseId: r.params.id,
        note: r.body.note,
        by: r.caller.sub,
        at: deps.now(),
        actor: actorOf(r.caller),
        guard: guardOf(r),
      });
      return ok(presentCase(kase, clockAt(deps, kase.unitCode), await caseNames(deps, [kase])));
    }),
    bind(routes.resolveCase, async (r) => {
      const kase = await resolveCaseByHand(deps, {
        caseId: r.params.id,
        reason: r.body.reason,
        by: r.caller.sub,
        at: deps.now(),
        actor: actorOf(r.caller),
        guard: guardOf(r),
      });
      return ok(presentCase(kase, clockAt(deps, kase.unitCode), await caseNames(deps, [kase])));
    }),
  ];
}

export function reportReadEndpoints(deps: ApiDeps): Binding[] {
  return [
    bind(routes.getReport, async (r) => {
      guardOf(r)(r.params.unit);
      const view = await getReport(deps.store, { unitCode: r.params.unit, month: r.params.month });
      const timezone = policyAt(deps, r.params.unit, deps.now()).timezone;
      return ok(presentReport(view, timezone));
    }),
    bind(routes.reportRange, async (r) => {
      guardOf(r)(r.params.code);
      const { from, to } = r.query;
      const { name, reports } = await getReportRange(deps.store, { unitCode: r.params.code, from, to });
      return ok({
        unitCode: r.params.code,
        name,
        from,
        to,
        items: reports.map((s) => ({ month: s.month, generatedAt: s.generatedAt, report: s.report })),
      });
    }),
  ];
}

export function reportWriteEndpoints(deps: ApiDeps): Binding[] {
  return [
    bind(routes.submitReport, async (r) => {
      const context = { route: r.routeKey, logger: r.logger, target: r.params.township };
      requireRole(r.caller, 'township', context);
      guardOf(r)(r.params.township);
      const { created, submission } = await submitReport(deps, {
        townshipCode: r.params.township,
        month: r.params.month,
        at: deps.now(),
        actor: actorOf(r.caller),
      });
      return ok({
        townshipCode: submission.townshipCode,
        month: submission.month,
        submittedAt: submission.submittedAt,
        created,
      });
    }),
  ];
}

export function alertEndpoints(deps: ApiDeps): Binding[] {
  return [
    bind(routes.postAlert, async (r) => {
      // D16: county administrators only; the alert is matched within their county only.
      requireRole(r.caller, 'county', { route: r.routeKey, logger: r.logger, target: r.caller.unit });
      const result = await postAlert(deps, {
        fields: r.body as Record<string, unknown>,
        at: deps.now(),
        author: actorOf(r.caller),
        within: r.caller.unit,
      });
      return ok({
        department: r.body.department,
        alertId: r.body.alertId,
        outcome: result.outcome,
        householdId: result.householdId ?? null,
        reason: result.reason ?? null,
        caseId: result.caseId ?? null,
      });
    }),
  ];
}
