import { describe, expect, it } from 'vitest';
import { DomainError } from '../../lib/domain/errors';
import { noMeasures } from '../../lib/domain/measures';
import { type Assessment, type Case, caseKinds, caseLevels, type Household } from '../../lib/domain/model';
import {
  complianceRate,
  emptyCaseActivity,
  emptyVillageAggregate,
  monthlyReportSchema,
  possibleCaseLevels,
  rollUp,
  tallyCaseActivity,
  type VillageAggregate,
  villageAggregate,
  villageAggregateSchema,
} from '../../lib/domain/monthly-report';
import { renderReportCsv } from '../../lib/domain/render/report-csv';
import { reportTable } from '../../lib/domain/render/report-table';

// Small local factories (the shared builders belong to other engineers).
function anAssessment(overrides: Partial<Assessment> = {}): Assessment {
  return {
    assessedAt: '2026-11-01T02:00:00+08:00',
    policyId: 'default',
    policyVersion: '2026.1',
    derived: {
      netIncome: 2_000_000,
      perCapitaIncome: 500_000,
      labour: 'full',
      transferShare: 0.1,
      incomeDrop: 0,
      expenditureBurden: 0,
      gap: false,
    },
    grade: null,
    matchedRules: [],
    leadRules: [],
    watch: false,
    aboveMonitoringLine: false,
    ...overrides,
  };
}

let seq = 0;
function aHousehold(overrides: Partial<Household> = {}): Household {
  seq += 1;
  return {
    householdId: `H${seq}`,
    villageCode: '532931101201',
    headName: '张三明',
    headIdNumber: '53293119800101001X',
    category: 'unstable',
    status: 'monitored',
    candidateFrom: null,
    removedReason: null,
    members: 4,
    laborFull: 2,
    laborPartial: 0,
    wageIncome: 1_500_000,
    businessIncome: 500_000,
    propertyIncome: 0,
    transferIncome: 0,
    priorYearNetIncome: 2_000_000,
    largeExpenditure: 0,
    guarantees: { food: true, clothing: true, education: true, medical: true, housing: true, water: true },
    riskFactors: [],
    measureSummary: noMeasures(),
    contact: null,
    monitoredSince: '2026-01-10',
    eliminatedAt: null,
    classSince: '2026-01-10',
    visitClass: 'blue',
    lastHomeVisit: null,
    lastContact: null,
    nextVisitDue: '2026-12-15',
    lead: null,
    procedure: null,
    assessment: anAssessment({ grade: 'blue', matchedRules: ['B0'] }),
    version: 1,
    updatedAt: '2026-11-01T02:00:00+08:00',
    ...overrides,
  };
}

const MONTH = '2026-11';
const END = '2026-11-30';

describe('villageAggregate', () => {
  it('counts households by category, status and grade of monitored households', () => {
    const agg = villageAggregate({
      villageCode: '532931101201',
      month: MONTH,
      overdueOn: END,
      households: [
        aHousehold({ assessment: anAssessment({ grade: 'red' }), visitClass: 'red' }),
        aHousehold({ category: 'edge', assessment: anAssessment({ grade: 'yellow' }), visitClass: 'yellow' }),
        aHousehold({ category: 'general', status: 'none', visitClass: null, assessment: anAssessment() }),
        aHousehold({
          category: 'alleviated',
          status: 'eliminated',
          visitClass: 'watch',
          assessment: anAssessment(),
        }),
      ],
    });
    expect(agg.households.total).toBe(4);
    expect(agg.households.byCategory).toEqual({ unstable: 1, edge: 1, sudden: 0, alleviated: 1, general: 1 });
    expect(agg.households.byStatus).toEqual({
      none: 1,
      candidate: 0,
      monitored: 2,
      eliminated: 1,
      removed: 0,
    });
    expect(agg.households.byGrade).toEqual({ red: 1, yellow: 1, blue: 0 });
  });

  it('counts watch households among households not monitored', () => {
    const agg = villageAggregate({
      villageCode: '532931101201',
      month: MONTH,
      overdueOn: END,
      households: [
        aHousehold({ status: 'none', visitClass: 'watch', assessment: anAssessment({ watch: true }) }),
      ],
    });
    expect(agg.households.watch).toBe(1);
  });

  it('counts a household overdue only when the date is after its next due date', () => {
    const agg = villageAggregate({
      villageCode: '532931101201',
      month: MONTH,
      overdueOn: END,
      households: [
        aHousehold({ visitClass: 'red', nextVisitDue: '2026-11-29' }),
        aHousehold({ visitClass: 'red', nextVisitDue: END }),
        aHousehold({ visitClass: 'watch', status: 'eliminated', nextVisitDue: '2026-10-01' }),
      ],
    });
    expect(agg.overdue.total).toBe(2);
    expect(agg.overdue.byClass).toEqual({ red: 1, yellow: 0, blue: 0, watch: 1 });
  });

  it('counts risk factors of monitored households once per household', () => {
    const agg = villageAggregate({
      villageCode: '532931101201',
      month: MONTH,
      overdueOn: END,
      households: [
        aHousehold({ riskFactors: ['illness', 'illness', 'disability'] }),
        aHousehold({ riskFactors: ['illness'] }),
        aHousehold({ status: 'none', riskFactors: ['illness'] }),
      ],
    });
    expect(agg.riskFactors).toMatchObject({ illness: 2, disability: 1, accident: 0 });
  });

  it('takes the month activity the sweep gathered', () => {
    const cases = emptyCaseActivity();
    cases.opened.visit_overdue.village = 3;
    const agg = villageAggregate({
      villageCode: '532931101201',
      month: MONTH,
      overdueOn: END,
      households: [],
      activity: {
        movements: { newInclusions: 2, upgraded: 1 },
        visits: { red: { required: 4, done: 3 } },
        cases,
      },
    });
    expect(agg.movements).toEqual({ newInclusions: 2, eliminations: 0, upgraded: 1, downgraded: 0 });
    expect(agg.visits.byClass.red).toEqual({ required: 4, done: 3 });
    expect(agg.cases.opened.visit_overdue.village).toBe(3);
    expect(villageAggregateSchema.parse(agg)).toEqual(agg);
  });
});

function aCase(overrides: Partial<Case>): Case {
  return {
    caseId: 'C1',
    kind: 'visit_overdue',
    dedupKey: 'k',
    householdId: 'H1',
    villageCode: '532931101201',
    townshipCode: '532931101',
    countyCode: '532931',
    unitCode: '532931101201',
    level: 'village',
    status: 'open',
    openedAt: '2026-11-02T06:00:00+08:00',
    lastSeen: '2026-11-02T06:00:00+08:00',
    levelSince: '2026-11-02T06:00:00+08:00',
    deadline: null,
    escalations: [],
    plannedEscalations: [],
    acknowledgements: [],
    resolvedAt: null,
    resolution: null,
    policy: {
      policyId: 'default',
      policyVersion: '2026.1',
      timezone: 'Asia/Shanghai',
      windows: { village: 3, township: 5, county: null },
    },
    subject: {},
    version: 1,
    ...overrides,
  };
}

describe('tallyCaseActivity', () => {
  it('counts openings at their opening level, escalations at the level reached, resolutions at the level held', () => {
    const c = aCase({
      level: 'county',
      status: 'resolved',
      escalations: [
        { level: 'township', at: '2026-11-05T06:00:00+08:00' },
        { level: 'county', at: '2026-11-12T06:00:00+08:00' },
      ],
      resolvedAt: '2026-11-20T10:00:00+08:00',
    });
    const t = tallyCaseActivity([c], MONTH, 'Asia/Shanghai');
    expect(t.opened.visit_overdue).toEqual({ village: 1, township: 0, county: 0 });
    expect(t.escalated.visit_overdue).toEqual({ village: 0, township: 1, county: 1 });
    expect(t.resolved.visit_overdue).toEqual({ village: 0, township: 0, county: 1 });
  });

  it('judges the month by local date (00:30 on 1 Dec in Shanghai is December)', () => {
    const c = aCase({ openedAt: '2026-11-30T16:30:00Z' });
    expect(tallyCaseActivity([c], MONTH, 'Asia/Shanghai').opened.visit_overdue.village).toBe(0);
    expect(tallyCaseActivity([c], '2026-12', 'Asia/Shanghai').opened.visit_overdue.village).toBe(1);
  });
});

function aggregate(code: string, fill: (a: VillageAggregate) => void): VillageAggregate {
  const a = emptyVillageAggregate(code, MONTH);
  fill(a);
  return a;
}

describe('rollUp', () => {
  const v1 = aggregate('532931101201', (a) => {
    a.households.total = 10;
    a.households.byGrade.red = 2;
    a.visits.byClass.red = { required: 4, done: 3 };
    a.cases.escalated.lead_unverified.county = 1;
    a.riskFactors.illness = 5;
  });
  const v2 = aggregate('532931101202', (a) => {
    a.households.total = 7;
    a.households.byGrade.red = 1;
    a.visits.byClass.red = { required: 2, done: 2 };
    a.visits.byClass.blue = { required: 3, done: 0 };
    a.riskFactors.illness = 1;
  });
  const otherTownship = aggregate('532931102301', (a) => {
    a.households.total = 5;
  });
  const townshipOnly = aggregate('532931101', (a) => {
    a.cases.opened.report_overdue.township = 1;
  });

  it('sums the villages of a township', () => {
    const r = rollUp('532931101', MONTH, [v1, v2, townshipOnly]);
    expect(r).toMatchObject({ unitCode: '532931101', level: 'township', month: MONTH, villages: 2 });
    expect(r.households.total).toBe(17);
    expect(r.households.byGrade.red).toBe(3);
    expect(r.riskFactors.illness).toBe(6);
    expect(r.cases.escalated.lead_unverified.county).toBe(1);
    expect(r.cases.opened.report_overdue.township).toBe(1);
  });

  it('sums every township into the county', () => {
    const r = rollUp('532931', MONTH, [v1, v2, otherTownship, townshipOnly]);
    expect(r.level).toBe('county');
    expect(r.villages).toBe(3);
    expect(r.households.total).toBe(22);
  });

  it('computes compliance rate per class and in total as done / required', () => {
    const r = rollUp('532931101', MONTH, [v1, v2]);
    expect(r.visits.byClass.red).toEqual({ required: 6, done: 5, complianceRate: 0.8333 });
    expect(r.visits.byClass.blue.complianceRate).toBe(0);
    expect(r.visits.total).toEqual({ required: 9, done: 5, complianceRate: 0.5556 });
  });

  it('gives a null compliance rate when nothing was required', () => {
    expect(rollUp('532931101', MONTH, [v1]).visits.byClass.yellow.complianceRate).toBeNull();
    expect(complianceRate(0, 0)).toBeNull();
  });

  it("makes a village's report from its own aggregate", () => {
    const r = rollUp('532931101201', MONTH, [v1]);
    expect(r.level).toBe('village');
    expect(r.villages).toBe(1);
    expect(r.households.total).toBe(10);
  });

  it('does not change the aggregates it sums', () => {
    const before = structuredClone(v1);
    rollUp('532931', MONTH, [v1, v2]);
    expect(v1).toEqual(before);
  });

  it('refuses an aggregate outside the unit or of another month', () => {
    expect(() => rollUp('532931101', MONTH, [otherTownship])).toThrow(DomainError);
    expect(() => rollUp('532931101', '2026-10', [v1])).toThrow(DomainError);
  });

  it('refuses a code that is not a division code', () => {
    expect(() => rollUp('5329', MONTH, [])).toThrow(DomainError);
  });

  it('produces a report the schema accepts', () => {
    const r = rollUp('532931', MONTH, [v1, v2, otherTownship]);
    expect(monthlyReportSchema.parse(r)).toEqual(r);
  });
});

describe('reports: the table an office files (renderReportCsv)', () => {
  const villageA = aggregate('532931101201', (a) => {
    a.households.total = 10;
    a.households.byCategory.edge = 4;
    a.visits.byClass.red = { required: 3, done: 2 };
    a.cases.escalated.visit_overdue.county = 2;
    a.riskFactors.illness = 5;
  });
  const villageB = aggregate('532931101202', (a) => {
    a.households.total = 6;
    a.visits.byClass.red = { required: 1, done: 1 };
  });
  const report = rollUp('532931101', MONTH, [villageA, villageB]);
  const table = reportTable({
    unit: {
      code: '532931101',
      name: '城关镇',
      report,
      submission: { submittedAt: '2026-12-02T01:05:00Z', by: 'township:532931101' },
    },
    children: [
      { code: '532931101201', name: '上坝村', report: rollUp('532931101201', MONTH, [villageA]) },
      { code: '532931101202', name: '下坝村', report: rollUp('532931101202', MONTH, [villageB]) },
      { code: '532931101203', name: '新村', report: null },
    ],
    timeZone: 'Asia/Shanghai',
  });
  const csv = renderReportCsv(table);
  const lines = csv.split('\r\n');
  const cells = lines.map((l) => l.split(','));
  const column = (header: string) => (cells[0] as string[]).indexOf(header);

  it('reports: starts with a UTF-8 BOM and Chinese headers; the unit then one row per child with the same measures', () => {
    expect(csv.startsWith('\uFEFF单位代码,单位名称,村数,户数合计,')).toBe(true);
    expect(cells.slice(1, -1).map((r) => [r[0], r[1], r[column('户数合计')]])).toEqual([
      ['532931101', '城关镇', '16'],
      ['532931101201', '上坝村', '10'],
      ['532931101202', '下坝村', '6'],
      ['532931101203', '新村', ''],
    ]);
    for (const row of cells.slice(1, -1)) expect(row).toHaveLength(cells[0]!.length);
  });

  it('reports: compliance is a percentage; empty when nothing was required', () => {
    expect(cells[1]![column('红色 走访完成率')]).toBe('75.0%');
    expect(cells[2]![column('红色 走访完成率')]).toBe('66.7%');
    expect(cells[1]![column('黄色 走访完成率')]).toBe('');
  });

  it('reports: only case cells that can happen (nothing escalates to the village; report_overdue opens at the township)', () => {
    const headers = cells[0] as string[];
    expect(headers).toContain('走访逾期 升级至县');
    expect(headers).not.toContain('走访逾期 升级至村');
    expect(headers.filter((h) => h.includes('升级至村'))).toEqual([]);
    expect(headers).toContain('月报逾期 乡镇级新开');
    expect(headers).not.toContain('月报逾期 村级新开');
    expect(headers).toContain('审核逾期 县级新开');
    expect(cells[1]![column('走访逾期 升级至县')]).toBe('2');
    for (const kind of caseKinds) {
      expect(possibleCaseLevels('escalated', kind)).not.toContain('village');
      for (const level of possibleCaseLevels('resolved', kind))
        expect(
          possibleCaseLevels('opened', kind).some((o) => caseLevels.indexOf(o) <= caseLevels.indexOf(level)),
        ).toBe(true);
    }
  });

  it('reports: the submission with submitter and local time; the title names the unit and month', () => {
    expect(cells[1]!.slice(-3)).toEqual(['已报送', 'township:532931101', '2026-12-02 09:05']);
    expect(cells[2]!.slice(-3)).toEqual(['', '', '']);
    expect(table.title).toBe('城关镇 2026年11月 防止返贫动态监测月报');
    expect(table.status).toBe('报送状态：已报送（township:532931101，2026-12-02 09:05）');
  });

  it('reports: CRLF line ends; a name a spreadsheet would run as a formula is escaped', () => {
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replaceAll('\r\n', '').includes('\n')).toBe(false);
    const odd = renderReportCsv({
      ...table,
      rows: [['532931101', '=HYPERLINK("x")', ...table.rows[0]!.slice(2)]],
    });
    expect(odd).toContain(`\r\n532931101,"'=HYPERLINK(""x"")",`);
  });
});
