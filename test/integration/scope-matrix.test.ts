// §12 / D16 scope and abuse matrix, through the real route handlers on a DynamoDB store in the test run's
// DynamoDB Local: every route × every role × (own unit, sibling, parent, child, other county) × (the
// household, case or report exists / does not), and POST /v1/alerts with every combination of
// `householdId` and `headIdNumber`. Inside the caller's scope the request succeeds. Outside it the answer
// is the one refusal, 403 naming nothing of the other scope, which is also the answer for an id that does
// not exist (so no answer tells whether an id exists elsewhere), and not one write request reaches
// DynamoDB. Every answer is scanned: no division code outside the caller's scope (other than the
// caller's own parents), no household of another scope.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoStore } from '../../lib/adapters/dynamodb/dynamo-store';
import { ensureTables } from '../../lib/adapters/dynamodb/table-definition';
import { isWithin } from '../../lib/domain/division-code';
import type { Household, UnitLevel } from '../../lib/domain/model';
import { residentIdCheckDigit } from '../../lib/domain/resident-id';
import type { ApiDeps } from '../../lib/http/deps';
import type { LogLine } from '../../lib/http/logger';
import type { ApiEvent } from '../../lib/http/middleware';
import { aCase } from '../builders/case';
import { aHousehold, aMonitoredHousehold } from '../builders/household';
import { allRoutes } from '../http/all-routes';
import { type Answered, apiEvent, apiTestDeps, call, claimsOf, seed } from '../http/support';
import { testDynamoClient, uniqueName } from '../support/aws';

const own: Record<UnitLevel, string> = { village: '532931101201', township: '532931101', county: '532931' };
type Relation = 'own' | 'sibling' | 'parent' | 'child' | 'otherCounty';
/** The unit a request is about, per caller role and relation (null: no such unit for that role). */
const targets: Record<UnitLevel, Record<Relation, string | null>> = {
  village: {
    own: '532931101201',
    sibling: '532931101202',
    parent: '532931101',
    child: null,
    otherCounty: '532932101201',
  },
  township: {
    own: '532931101',
    sibling: '532931102',
    parent: '532931',
    child: '532931101201',
    otherCounty: '532932101',
  },
  county: { own: '532931', sibling: '532932', parent: null, child: '532931101', otherCounty: '533001' },
};
/** A village inside a unit, away from the caller's own village when the unit is a parent. */
const villageIn = (unit: string, role: UnitLevel, relation: Relation): string => {
  if (unit.length === 12) return unit;
  if (relation === 'parent') return role === 'village' ? '532931101202' : '532931102201';
  return unit.length === 9 ? `${unit}201` : `${unit}101201`;
};
const allowed = (relation: Relation) => relation === 'own' || relation === 'child';
/** Every village the matrix touches: each holds a decoy household with an open case from the start. */
const villages = ['532931101201', '532931101202', '532931102201', '532932101201', '533001101201'];

/** D16: the one answer outside the scope, and for an id that does not exist. */
const refusal = { error: { code: 'forbidden', message: 'outside your scope, or not found', details: [] } };

const awaitingFor: Record<UnitLevel, 'verify' | 'township_review' | 'county_confirm'> = {
  village: 'verify',
  township: 'township_review',
  county: 'county_confirm',
};

let deps: ApiDeps;
let logs: LogLine[];
let handler: ReturnType<typeof allRoutes>;
/** The write requests (PutItem, UpdateItem, TransactWriteItems…) DynamoDB received, in order. */
const writes: string[] = [];
const isWrite = (command: string) => /^(Put|Update|Delete|BatchWrite|TransactWrite)/.test(command);
let serial = 0;
/** Unique per row: the table is shared by the whole file. */
const nextId = (prefix: string) => `${prefix}${++serial}`;
/** A valid resident ID number nobody else in the table has (birth date and sequence from a counter). */
const nextIdNumber = () => {
  const n = ++serial;
  const two = (v: number) => String(v).padStart(2, '0');
  const birth = `1980${two(1 + (Math.floor(n / 28_000) % 12))}${two(1 + (Math.floor(n / 1000) % 28))}`;
  const first17 = `532931${birth}${String(n % 1000).padStart(3, '0')}`;
  return `${first17}${residentIdCheckDigit(first17)}`;
};
let months = 0;
/** A closed month no other row uses (reports are keyed by unit and month). */
const nextMonth = () => {
  const n = months++;
  return `${2000 + Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;
};

beforeAll(async () => {
  const client = testDynamoClient();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = String(context.commandName ?? '');
      if (isWrite(command)) writes.push(command);
      return next(args);
    },
    { step: 'initialize', name: 'recordWrites' },
  );
  const tableName = uniqueName('scope');
  await ensureTables(client, tableName);
  const store = createDynamoStore({ client, tableName });
  const test = apiTestDeps({ store, newId: randomUUID });
  deps = test.deps;
  logs = test.logger.lines;
  handler = allRoutes(deps);
  for (const village of villages) {
    const id = `DECOY-${village}`;
    await seed(
      deps,
      aMonitoredHousehold({ householdId: id, villageCode: village, headIdNumber: nextIdNumber() }),
    );
    await openCase(village, id, `CDECOY-${village}`, 'measures_missing');
  }
});

afterAll(() => {
  writes.length = 0;
});

interface Scenario {
  unit: string;
  village: string;
  role: UnitLevel;
  /** The household and case ids of this row (unique in the table). */
  id: string;
  caseId: string;
  /** Whether the household / case / report the request names exists. */
  present: boolean;
}

interface RouteCase {
  name: string;
  /** Arranges the store (only what `present` asks for) and returns the request. */
  request(s: Scenario): Promise<ApiEvent>;
  /** Only some roles may use the route at all (e.g. a township submits its report). */
  roles?: UnitLevel[];
  /** Inside the scope but nothing there: the status (default: the refusal, as for an id elsewhere). */
  missing?: number;
  /** How the route answers outside the caller's scope when it is not the refusal (nothing of the other
   *  scope, and the same as when nothing is there). */
  outside?: (answer: Answered, missing: Answered) => void;
}

const household = (s: Scenario, overrides: Partial<Household> = {}) =>
  aMonitoredHousehold({
    householdId: s.id,
    villageCode: s.village,
    headIdNumber: nextIdNumber(),
    ...overrides,
  });

async function openCase(
  village: string,
  householdId: string,
  caseId: string,
  kind: 'visit_overdue' | 'measures_missing',
) {
  const c = aCase({
    caseId,
    kind,
    householdId,
    villageCode: village,
    townshipCode: village.slice(0, 9),
    countyCode: village.slice(0, 6),
  });
  const outcome = await deps.store.commit({ openCases: [c] });
  if (!outcome.committed) throw new Error(`case ${caseId} not opened`);
}

async function householdWithCase(s: Scenario, kind: 'visit_overdue' | 'measures_missing') {
  if (!s.present) return;
  await seed(deps, household(s));
  await openCase(s.village, s.id, s.caseId, kind);
}

const withHousehold = async (s: Scenario, overrides: Partial<Household> = {}) => {
  if (s.present) await seed(deps, household(s, overrides));
};

const report = async (unitCode: string, month: string) =>
  deps.store.reports.putMonthly({
    unitCode,
    month,
    generatedAt: '2026-12-01T02:00:00+08:00',
    report: {},
  });

const routeCases: RouteCase[] = [
  {
    name: 'GET unit',
    missing: 200,
    request: async (s) => {
      await withHousehold(s);
      return apiEvent('unit.get', { params: { code: s.unit } });
    },
  },
  {
    name: 'GET summary',
    missing: 200,
    request: async (s) => {
      await withHousehold(s);
      return apiEvent('unit-summary.get', { params: { code: s.unit } });
    },
  },
  {
    name: 'GET children',
    missing: 200,
    request: async (s) => {
      await withHousehold(s);
      return apiEvent('unit-children.get', { params: { code: s.unit } });
    },
  },
  {
    name: 'GET households',
    missing: 200,
    request: async (s) => {
      await withHousehold(s);
      return apiEvent('unit-households.get', { params: { code: s.unit } });
    },
  },
  {
    name: 'GET households eligible for elimination',
    missing: 200,
    request: async (s) => {
      await withHousehold(s);
      return apiEvent('unit-households.get', {
        params: { code: s.unit },
        query: { eligibleForElimination: 'true' },
      });
    },
  },
  {
    name: 'GET household',
    request: async (s) => {
      await withHousehold(s);
      return apiEvent('household.get', { params: { id: s.id } });
    },
  },
  {
    name: 'GET history',
    request: async (s) => {
      await withHousehold(s);
      return apiEvent('household-history.get', { params: { id: s.id } });
    },
  },
  {
    name: 'PUT household',
    // A new id inside the scope creates the household (ids are unique nationally: see the closing note).
    missing: 201,
    request: async (s) => {
      await withHousehold(s);
      const body = s.present
        ? { wageIncome: 1000 }
        : {
            villageCode: s.village,
            headName: '张三明',
            headIdNumber: nextIdNumber(),
            members: 4,
            laborFull: 2,
            wageIncome: 40000,
            priorYearNetIncome: 40000,
          };
      return apiEvent('household.put', { params: { id: s.id }, body });
    },
  },
  {
    name: 'POST visit',
    request: async (s) => {
      await withHousehold(s);
      return apiEvent('household-visit.post', { params: { id: s.id } });
    },
  },
  {
    name: 'POST measure',
    request: async (s) => {
      await withHousehold(s);
      return apiEvent('household-measure.post', { params: { id: s.id } });
    },
  },
  {
    // D7: a village officer records a household's own application (status none → candidate).
    name: 'POST application',
    roles: ['village'],
    request: async (s) => {
      await withHousehold(s, { status: 'none' });
      return apiEvent('household-application.post', { params: { id: s.id } });
    },
  },
  {
    name: 'PUT contact',
    request: async (s) => {
      await withHousehold(s);
      return apiEvent('household-contact.put', { params: { id: s.id } });
    },
  },
  {
    name: 'POST transition',
    request: async (s) => {
      const action = awaitingFor[s.role];
      if (s.present) {
        await seed(
          deps,
          aHousehold({
            householdId: s.id,
            villageCode: s.village,
            headIdNumber: nextIdNumber(),
            status: 'candidate',
            candidateFrom: 'none',
            lead: {
              leadId: `L-${s.id}`,
              source: 'assessment',
              rules: ['L1'],
              proposedCategory: 'edge',
              raisedAt: '2026-10-01T09:00:00+08:00',
            },
            procedure: { kind: 'identification', awaiting: action, since: '2026-10-01T09:00:00+08:00' },
          }),
        );
      }
      return apiEvent('household-transition.post', { params: { id: s.id }, body: { action } });
    },
  },
  {
    name: 'GET cases',
    missing: 200,
    request: async (s) => {
      await householdWithCase(s, 'visit_overdue');
      return apiEvent('cases.get', { query: { unit: s.unit } });
    },
  },
  {
    name: 'POST acknowledge',
    request: async (s) => {
      await householdWithCase(s, 'visit_overdue');
      return apiEvent('case-acknowledge.post', { params: { id: s.caseId } });
    },
  },
  {
    name: 'POST resolve',
    request: async (s) => {
      await householdWithCase(s, 'measures_missing');
      return apiEvent('case-resolve.post', { params: { id: s.caseId } });
    },
  },
  {
    name: 'GET report',
    // A unit in scope whose report the sweep has not written: 404 (the unit is the caller's to know).
    missing: 404,
    request: async (s) => {
      const month = nextMonth();
      if (s.present) await report(s.unit, month);
      return apiEvent('report.get', { params: { unit: s.unit, month } });
    },
  },
  {
    name: 'GET reports of a range of months',
    missing: 200,
    request: async (s) => {
      const month = nextMonth();
      if (s.present) await report(s.unit, month);
      return apiEvent('unit-reports.get', { params: { code: s.unit }, query: { from: month, to: month } });
    },
  },
  {
    name: 'POST report submit',
    roles: ['township'],
    // D13: no report to submit is 422.
    missing: 422,
    // The township of the target unit (a child village's is the caller's own).
    request: async (s) => {
      const month = nextMonth();
      if (s.present) await report(s.village.slice(0, 9), month);
      return apiEvent('report-submit.post', {
        params: { township: s.village.slice(0, 9), month },
      });
    },
  },
  {
    name: 'POST alert',
    // D16: county administrators only; a household outside their county is not matched: the answer (and
    // the unmatched record) are those for an id nobody has.
    roles: ['county'],
    missing: 200,
    outside: (answer, missing) => {
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ outcome: 'unmatched', householdId: null, caseId: null });
      expect({ ...answer.body, alertId: null }).toEqual({ ...missing.body, alertId: null });
    },
    request: async (s) => {
      if (s.present) await seed(deps, aHousehold({ householdId: s.id, villageCode: s.village }));
      return apiEvent('alert.post', {
        body: {
          department: 'medical_insurance',
          alertId: nextId('YB-'),
          householdId: s.id,
          type: 'large_medical_expense',
        },
      });
    },
  },
];

const relations: Relation[] = ['own', 'sibling', 'parent', 'child', 'otherCounty'];
const roles: UnitLevel[] = ['village', 'township', 'county'];

const asCaller = (event: ApiEvent, role: UnitLevel) => {
  event.requestContext.authorizer = {
    principalId: '',
    integrationLatency: 0,
    jwt: { claims: { sub: `${role}-officer`, ...claimsOf(role, own[role]) }, scopes: [] },
  };
  return event;
};

/** Sends the request as an officer of `role`; returns the answer, the write requests and log lines it caused. */
async function send(
  event: ApiEvent,
  role: UnitLevel,
): Promise<{ answer: Answered; wrote: string[]; logged: LogLine[] }> {
  const from = writes.length;
  const lines = logs.length;
  const answer = await call(handler, asCaller(event, role));
  return { answer, wrote: writes.slice(from), logged: logs.slice(lines) };
}

/** No division code outside the caller's scope (its own parents aside), and no decoy of another scope. */
function expectNoLeak(answer: Answered, role: UnitLevel) {
  const text = JSON.stringify(answer.body);
  const mine = own[role];
  for (const [, code] of text.matchAll(/"(\d{6}|\d{9}|\d{12})"/g)) {
    expect(isWithin(mine, code!) || mine.startsWith(code!), `${code} leaks to a ${role} officer`).toBe(true);
  }
  for (const [decoy] of text.matchAll(/DECOY-\d{12}/g)) {
    expect(isWithin(mine, decoy!.slice(6)), `${decoy} leaks to a ${role} officer`).toBe(true);
  }
}

describe.each(routeCases)('$name', (route) => {
  const rows = roles.flatMap((role) =>
    relations.flatMap((relation) => {
      const unit = targets[role][relation];
      return unit === null
        ? []
        : [true, false].map((present) => ({
            role,
            relation,
            unit,
            present,
            ids: present ? 'existing' : 'missing',
          }));
    }),
  );
  it.each(rows)('$role officer, $relation unit ($unit), $ids', async ({ role, relation, unit, present }) => {
    const s: Scenario = {
      unit,
      village: villageIn(unit, role, relation),
      role,
      id: nextId('H'),
      caseId: nextId('C'),
      present,
    };
    const event = await route.request(s);
    const { answer, wrote, logged } = await send(event, role);
    const body = JSON.stringify(answer.body);
    expectNoLeak(answer, role);
    const roleMay = !route.roles || route.roles.includes(role);
    if (!roleMay) {
      // Another role's route: refused before anything is read, whatever the scope.
      expect(answer.status, body).toBe(403);
      expect(answer.body.error.code).toBe('forbidden');
      expect(body).not.toMatch(/\d{6}/);
      expect(wrote).toEqual([]);
      return;
    }
    if (allowed(relation)) {
      const expected = present ? undefined : (route.missing ?? 403);
      if (expected === undefined) {
        expect(answer.status, body).toBeLessThan(300);
        // The write recorder sees the writes an allowed change makes (so its "none" below means none).
        if (event.requestContext.http.method !== 'GET') expect(wrote.length).toBeGreaterThan(0);
      } else expect(answer.status, body).toBe(expected);
      if (expected === 403) {
        // D16: an id nobody has is answered as one outside the scope, and nothing is written.
        expect(answer.body).toEqual(refusal);
        expect(wrote).toEqual([]);
      }
      return;
    }
    if (route.outside) {
      const missing = await route.request({ ...s, id: nextId('H'), caseId: nextId('C'), present: false });
      route.outside(answer, (await send(missing, role)).answer);
      return;
    }
    // Outside the scope: the one refusal, the same as for an id nobody has, and not one write request.
    expect(answer.status, body).toBe(403);
    expect(answer.body).toEqual(refusal);
    expect(wrote).toEqual([]);
    // §12: an existing record outside the scope is logged (role, unit, route, target unit; no PII).
    if (present) {
      expect(logged).toMatchObject([
        { level: 'warn', message: 'request outside the caller scope', extra: { role, unit: own[role] } },
      ]);
      expect(JSON.stringify(logged)).not.toMatch(/张|\d{17}[\dX]/);
    }
  });
});

// POST /v1/alerts with every combination of householdId and headIdNumber: absent, a household of the
// caller's county, a household of another county, an id / ID number nobody has.
type IdPart = 'absent' | 'inScope' | 'outOfScope' | 'nobody';
const parts: IdPart[] = ['absent', 'inScope', 'outOfScope', 'nobody'];

describe('POST /v1/alerts: every combination of householdId and headIdNumber', () => {
  const combos = roles.flatMap((role) =>
    parts.flatMap((householdId) => parts.map((headIdNumber) => ({ role, householdId, headIdNumber }))),
  );

  /** Seeds a household in the county and one in another county, and posts the alert as `role`. */
  async function post(role: UnitLevel, householdId: IdPart, headIdNumber: IdPart) {
    const mine = { id: nextId('HIN'), idNumber: nextIdNumber(), village: '532931101201' };
    const other = { id: nextId('HOUT'), idNumber: nextIdNumber(), village: '533001101201' };
    for (const h of [mine, other]) {
      await seed(deps, aHousehold({ householdId: h.id, villageCode: h.village, headIdNumber: h.idNumber }));
    }
    const pick = (part: IdPart, key: 'id' | 'idNumber') =>
      part === 'absent'
        ? undefined
        : part === 'inScope'
          ? mine[key]
          : part === 'outOfScope'
            ? other[key]
            : key === 'id'
              ? nextId('HNONE')
              : nextIdNumber();
    const alertId = nextId('YB-');
    const snapshot = async () =>
      JSON.stringify([
        await deps.store.households.get(other.id),
        await deps.store.audit.history(other.id),
        await deps.store.cases.openCasesForHousehold(other.id),
      ]);
    const before = await snapshot();
    const { answer, wrote } = await send(
      apiEvent('alert.post', {
        body: {
          department: 'medical_insurance',
          alertId,
          type: 'large_medical_expense',
          ...(householdId === 'absent' ? {} : { householdId: pick(householdId, 'id') }),
          ...(headIdNumber === 'absent' ? {} : { headIdNumber: pick(headIdNumber, 'idNumber') }),
        },
      }),
      role,
    );
    // Nothing of the other county is written, read into the answer or matched.
    expect(await snapshot()).toBe(before);
    expect(JSON.stringify(answer.body)).not.toContain(other.id);
    expectNoLeak(answer, role);
    const record = await deps.store.alerts.get('medical_insurance', alertId);
    expect([mine.id, null, undefined]).toContain(record?.matchedHouseholdId);
    // Comparable across runs: this run's ids replaced by their part.
    const normal = JSON.parse(
      JSON.stringify(answer.body)
        .replaceAll(alertId, '<alert>')
        .replaceAll(mine.id, '<inScope>')
        .replace(/"caseId":"[^"]+"/, '"caseId":"<case>"'),
    );
    return { answer, wrote, normal, mine };
  }

  it.each(combos)('$role officer: householdId $householdId, headIdNumber $headIdNumber', async (combo) => {
    const { answer, wrote, normal, mine } = await post(combo.role, combo.householdId, combo.headIdNumber);
    if (combo.role !== 'county') {
      // D16: only county administrators post alerts.
      expect(answer.status).toBe(403);
      expect(wrote).toEqual([]);
      return;
    }
    if (combo.householdId === 'absent' && combo.headIdNumber === 'absent') {
      expect(answer.status).toBe(422);
      expect(wrote).toEqual([]);
      return;
    }
    expect(answer.status).toBe(200);
    const matched = combo.householdId === 'inScope' || combo.headIdNumber === 'inScope';
    if (matched) {
      expect(answer.body).toMatchObject({ outcome: 'lead', householdId: mine.id });
    } else {
      expect(answer.body).toMatchObject({
        outcome: 'unmatched',
        householdId: null,
        reason: combo.householdId === 'absent' ? 'id_number_not_found' : 'household_not_found',
        caseId: null,
      });
    }
    // Identical answers, and as many writes, for a household elsewhere and for one nobody has.
    if (combo.householdId === 'outOfScope' || combo.headIdNumber === 'outOfScope') {
      const swap = (p: IdPart): IdPart => (p === 'outOfScope' ? 'nobody' : p);
      const nobody = await post('county', swap(combo.householdId), swap(combo.headIdNumber));
      expect(normal).toEqual(nobody.normal);
      expect(wrote).toEqual(nobody.wrote);
    }
  });
});
