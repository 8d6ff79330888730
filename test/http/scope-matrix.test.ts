// §12 scope: every route × every role × (own unit, sibling, parent, child, other county). Inside the
// caller's unit the request succeeds; outside it is 403 and nothing is written.
import { describe, expect, it } from 'vitest';
import type { Household, UnitLevel } from '../../lib/domain/model';
import type { ApiDeps } from '../../lib/http/deps';
import { aCase } from '../builders/case';
import { aHousehold, aMonitoredHousehold } from '../builders/household';
import { allRoutes } from './all-routes';
import { apiEvent, apiTestDeps, call, claimsOf, seed } from './support';

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

const awaitingFor: Record<UnitLevel, 'verify' | 'township_review' | 'county_confirm'> = {
  village: 'verify',
  township: 'township_review',
  county: 'county_confirm',
};

interface Scenario {
  deps: ApiDeps;
  unit: string;
  village: string;
  role: UnitLevel;
}

interface RouteCase {
  name: string;
  /** Arranges the store and returns the request. */
  request(s: Scenario): Promise<ReturnType<typeof apiEvent>>;
  /** Only some roles may use the route at all (e.g. a township submits its report). */
  roles?: UnitLevel[];
}

const household = (village: string, overrides: Partial<Household> = {}) =>
  aMonitoredHousehold({ householdId: 'H-0001', villageCode: village, ...overrides });

const routeCases: RouteCase[] = [
  { name: 'GET summary', request: async (s) => apiEvent('unit-summary.get', { params: { code: s.unit } }) },
  { name: 'GET children', request: async (s) => apiEvent('unit-children.get', { params: { code: s.unit } }) },
  {
    name: 'GET households',
    request: async (s) => apiEvent('unit-households.get', { params: { code: s.unit } }),
  },
  {
    name: 'GET household',
    request: async (s) => {
      await seed(s.deps, household(s.village));
      return apiEvent('household.get', { params: { id: 'H-0001' } });
    },
  },
  {
    name: 'GET history',
    request: async (s) => {
      await seed(s.deps, household(s.village));
      return apiEvent('household-history.get', { params: { id: 'H-0001' } });
    },
  },
  {
    name: 'PUT household',
    request: async (s) => {
      await seed(s.deps, household(s.village));
      return apiEvent('household.put', { params: { id: 'H-0001' }, body: { wageIncome: 1000 } });
    },
  },
  {
    name: 'POST visit',
    request: async (s) => {
      await seed(s.deps, household(s.village));
      return apiEvent('household-visit.post', { params: { id: 'H-0001' } });
    },
  },
  {
    name: 'POST measure',
    request: async (s) => {
      await seed(s.deps, household(s.village));
      return apiEvent('household-measure.post', { params: { id: 'H-0001' } });
    },
  },
  {
    name: 'PUT contact',
    request: async (s) => {
      await seed(s.deps, household(s.village));
      return apiEvent('household-contact.put', { params: { id: 'H-0001' } });
    },
  },
  {
    name: 'POST transition',
    request: async (s) => {
      const action = awaitingFor[s.role];
      await seed(
        s.deps,
        aHousehold({
          householdId: 'H-0001',
          villageCode: s.village,
          status: 'candidate',
          candidateFrom: 'none',
          lead: {
            leadId: 'L1',
            source: 'assessment',
            rules: ['L1'],
            proposedCategory: 'edge',
            raisedAt: '2026-10-01T09:00:00+08:00',
          },
          procedure: { kind: 'identification', awaiting: action, since: '2026-10-01T09:00:00+08:00' },
        }),
      );
      return apiEvent('household-transition.post', { params: { id: 'H-0001' }, body: { action } });
    },
  },
  { name: 'GET cases', request: async (s) => apiEvent('cases.get', { query: { unit: s.unit } }) },
  {
    name: 'POST acknowledge',
    request: async (s) => {
      await openCaseIn(s, 'visit_overdue');
      return apiEvent('case-acknowledge.post', { params: { id: 'C-0001' } });
    },
  },
  {
    name: 'POST resolve',
    request: async (s) => {
      await openCaseIn(s, 'measures_missing');
      return apiEvent('case-resolve.post', { params: { id: 'C-0001' } });
    },
  },
  {
    name: 'GET report',
    request: async (s) => {
      await s.deps.store.reports.putMonthly({
        unitCode: s.unit,
        month: '2026-11',
        generatedAt: '2026-12-01T02:00:00+08:00',
        report: {},
      });
      return apiEvent('report.get', { params: { unit: s.unit, month: '2026-11' } });
    },
  },
  {
    name: 'POST report submit',
    roles: ['township'],
    // The township of the target unit (a child village's is the caller's own).
    request: async (s) =>
      apiEvent('report-submit.post', { params: { township: s.village.slice(0, 9), month: '2026-11' } }),
  },
  {
    name: 'POST alert',
    request: async (s) => {
      await seed(s.deps, aHousehold({ householdId: 'H-0001', villageCode: s.village }));
      return apiEvent('alert.post', {
        body: {
          department: 'medical_insurance',
          alertId: 'YB-1',
          householdId: 'H-0001',
          type: 'large_medical_expense',
        },
      });
    },
  },
];

async function openCaseIn(s: Scenario, kind: 'visit_overdue' | 'measures_missing') {
  await seed(s.deps, household(s.village));
  const c = aCase({
    kind,
    householdId: 'H-0001',
    villageCode: s.village,
    townshipCode: s.village.slice(0, 9),
    countyCode: s.village.slice(0, 6),
  });
  await s.deps.store.commit({ openCases: [c] });
}

const relations: Relation[] = ['own', 'sibling', 'parent', 'child', 'otherCounty'];
const roles: UnitLevel[] = ['village', 'township', 'county'];

describe.each(routeCases)('$name', (route) => {
  const rows = roles.flatMap((role) =>
    relations.flatMap((relation) => {
      const unit = targets[role][relation];
      return unit === null ? [] : [{ role, relation, unit }];
    }),
  );
  it.each(rows)('$role officer, $relation unit ($unit)', async ({ role, relation, unit }) => {
    const { deps } = apiTestDeps();
    const village = villageIn(unit, role, relation);
    const event = await route.request({ deps, unit, village, role });
    event.requestContext.authorizer = {
      principalId: '',
      integrationLatency: 0,
      jwt: { claims: { sub: `${role}-officer`, ...claimsOf(role, own[role]) }, scopes: [] },
    };
    const before = JSON.stringify(await deps.store.households.get('H-0001'));
    const answer = await call(allRoutes(deps), event);
    const may = allowed(relation) && (!route.roles || route.roles.includes(role));
    if (may) expect(answer.status, JSON.stringify(answer.body)).toBeLessThan(300);
    else {
      expect(answer.status, JSON.stringify(answer.body)).toBe(403);
      expect(JSON.stringify(await deps.store.households.get('H-0001'))).toBe(before);
    }
  });
});
