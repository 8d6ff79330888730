import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type BuildDigestInput,
  buildDigest,
  digestIdempotencyKey,
  digestOutboxName,
  groupByTownshipAndKind,
  isEmpty,
  maskName,
} from '../../lib/domain/digest';
import { type Case, caseKinds } from '../../lib/domain/model';

// A small case factory local to this file (test/builders/case.ts belongs to the escalation work).
let seq = 0;
function aCountyCase(overrides: Partial<Case> = {}): Case {
  seq += 1;
  const id = overrides.caseId ?? `C${String(seq).padStart(3, '0')}`;
  return {
    caseId: id,
    kind: 'visit_overdue',
    dedupKey: `visit_overdue#H${seq}#2026-11-20`,
    householdId: `H${seq}`,
    villageCode: '532931101201',
    townshipCode: '532931101',
    countyCode: '532931',
    unitCode: '532931',
    level: 'county',
    status: 'open',
    openedAt: '2026-11-23T06:00:00+08:00',
    lastSeen: '2026-12-07T06:00:00+08:00',
    levelSince: '2026-12-03T06:00:00+08:00',
    deadline: null,
    escalations: [
      { level: 'township', at: '2026-11-26T06:00:00+08:00' },
      { level: 'county', at: '2026-12-03T06:00:00+08:00' },
    ],
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
    subject: { dueDate: '2026-11-20' },
    version: 1,
    ...overrides,
  };
}

function escalatedToCountyAt(at: string, overrides: Partial<Case> = {}): Case {
  return aCountyCase({
    levelSince: at,
    escalations: [
      { level: 'township', at: '2026-11-26T06:00:00+08:00' },
      { level: 'county', at },
    ],
    ...overrides,
  });
}

const SINCE = '2026-12-04T08:30:00+08:00';
const AS_OF = '2026-12-07T08:30:00+08:00';

function digestOf(cases: Case[], extra: Partial<BuildDigestInput> = {}) {
  return buildDigest({
    unit: { level: 'county', code: '532931' },
    date: '2026-12-07',
    asOf: AS_OF,
    since: SINCE,
    cases,
    ageInWorkingDays: () => 4,
    ...extra,
  });
}

const ids = (list: { caseId: string }[]) => list.map((c) => c.caseId);

describe('buildDigest sections', () => {
  it('puts a case escalated to the county after the last digest in newlyEscalated', () => {
    const c = escalatedToCountyAt('2026-12-07T06:00:00+08:00');
    const d = digestOf([c]);
    expect(ids(d.newlyEscalated)).toEqual([c.caseId]);
    expect(d.stillOpen).toEqual([]);
  });

  it('puts a case escalated exactly at the last digest in stillOpen, not newlyEscalated', () => {
    const c = escalatedToCountyAt(SINCE);
    const d = digestOf([c]);
    expect(d.newlyEscalated).toEqual([]);
    expect(ids(d.stillOpen)).toEqual([c.caseId]);
  });

  it('treats every open case as newly escalated when there was no earlier digest', () => {
    const c = escalatedToCountyAt('2026-11-01T06:00:00+08:00');
    const d = digestOf([c], { since: null });
    expect(ids(d.newlyEscalated)).toEqual([c.caseId]);
  });

  it('lists a case resolved after the last digest as resolved', () => {
    const c = escalatedToCountyAt('2026-12-03T06:00:00+08:00', {
      status: 'resolved',
      resolvedAt: '2026-12-05T10:00:00+08:00',
    });
    const d = digestOf([c]);
    expect(ids(d.resolved)).toEqual([c.caseId]);
    expect(d.resolved[0]!.resolvedAt).toBe('2026-12-05T10:00:00+08:00');
    expect(d.stillOpen).toEqual([]);
  });

  it('leaves out a case resolved before or exactly at the last digest', () => {
    const before = escalatedToCountyAt('2026-12-01T06:00:00+08:00', {
      status: 'resolved',
      resolvedAt: '2026-12-03T10:00:00+08:00',
    });
    const atSince = escalatedToCountyAt('2026-12-01T06:00:00+08:00', {
      status: 'resolved',
      resolvedAt: SINCE,
    });
    const d = digestOf([before, atSince]);
    expect(isEmpty(d)).toBe(true);
  });

  it('reports a case escalated and resolved between two digests as resolved only', () => {
    const c = escalatedToCountyAt('2026-12-07T06:00:00+08:00', {
      status: 'resolved',
      resolvedAt: '2026-12-07T07:00:00+08:00',
    });
    const d = digestOf([c]);
    expect(ids(d.resolved)).toEqual([c.caseId]);
    expect(d.newlyEscalated).toEqual([]);
  });

  it('ignores cases at another level or in another county', () => {
    const township = aCountyCase({ level: 'township', unitCode: '532931101' });
    const elsewhere = aCountyCase({ countyCode: '532932', townshipCode: '532932101', unitCode: '532932' });
    expect(isEmpty(digestOf([township, elsewhere]))).toBe(true);
  });

  it('shows a case resolved after asOf as still open when replaying an earlier day', () => {
    const c = escalatedToCountyAt('2026-12-01T06:00:00+08:00', {
      status: 'resolved',
      resolvedAt: '2026-12-09T10:00:00+08:00',
    });
    const d = digestOf([c]);
    expect(ids(d.stillOpen)).toEqual([c.caseId]);
    expect(d.stillOpen[0]!.resolvedAt).toBeNull();
  });

  it('builds a township digest from cases at township level, counting their opening as arrival', () => {
    const report = aCountyCase({
      kind: 'report_overdue',
      householdId: null,
      villageCode: null,
      level: 'township',
      unitCode: '532931101',
      openedAt: '2026-12-04T06:00:00+08:00',
      levelSince: '2026-12-04T06:00:00+08:00',
      escalations: [],
    });
    const d = buildDigest({
      unit: { level: 'township', code: '532931101' },
      date: '2026-12-07',
      asOf: AS_OF,
      since: '2026-12-03T08:30:00+08:00',
      cases: [report],
      ageInWorkingDays: () => 1,
    });
    expect(d.township).toBe('532931101');
    expect(d.county).toBeUndefined();
    expect(ids(d.newlyEscalated)).toEqual([report.caseId]);
  });
});

describe('buildDigest shape and ordering', () => {
  it('carries exactly the interface fields for each case, and issue 21’s beside them', () => {
    const c = escalatedToCountyAt('2026-12-07T06:00:00+08:00');
    const [row] = digestOf([c], { ageInWorkingDays: () => 11 }).newlyEscalated;
    expect(row).toEqual({
      caseId: c.caseId,
      kind: 'visit_overdue',
      householdId: c.householdId,
      townshipCode: '532931101',
      villageCode: '532931101201',
      level: 'county',
      openedAt: c.openedAt,
      escalations: c.escalations,
      reachedLevelAt: '2026-12-07T06:00:00+08:00',
      resolvedAt: null,
      ageInWorkingDays: 11,
      grade: null,
      daysOverdue: 17,
      month: null,
      openedHere: false,
    });
  });

  it('names the unit, date and asOf at the top level', () => {
    const d = digestOf([]);
    expect(d).toMatchObject({ county: '532931', date: '2026-12-07', asOf: AS_OF, since: SINCE });
  });

  it('sorts stillOpen oldest first, ties by case id', () => {
    const young = escalatedToCountyAt('2026-12-01T06:00:00+08:00', {
      caseId: 'C-young',
      openedAt: '2026-11-25T06:00:00+08:00',
    });
    const oldB = escalatedToCountyAt('2026-12-01T06:00:00+08:00', {
      caseId: 'C-old-b',
      openedAt: '2026-11-10T06:00:00+08:00',
    });
    const oldA = escalatedToCountyAt('2026-12-01T06:00:00+08:00', {
      caseId: 'C-old-a',
      openedAt: '2026-11-10T06:00:00+08:00',
    });
    expect(ids(digestOf([young, oldB, oldA]).stillOpen)).toEqual(['C-old-a', 'C-old-b', 'C-young']);
  });

  it('does not depend on the order the cases arrive in', () => {
    const cases = [
      escalatedToCountyAt('2026-12-07T06:00:00+08:00', { caseId: 'N1' }),
      escalatedToCountyAt('2026-12-05T06:00:00+08:00', { caseId: 'N2' }),
      escalatedToCountyAt('2026-12-01T06:00:00+08:00', {
        caseId: 'S1',
        openedAt: '2026-11-20T06:00:00+08:00',
      }),
      escalatedToCountyAt('2026-12-01T06:00:00+08:00', {
        caseId: 'S2',
        openedAt: '2026-11-19T06:00:00+08:00',
      }),
    ];
    expect(digestOf([...cases].reverse())).toEqual(digestOf(cases));
  });

  it('counts each section, open cases by kind and by township', () => {
    const cases = [
      escalatedToCountyAt('2026-12-07T06:00:00+08:00', { kind: 'lead_unverified' }),
      escalatedToCountyAt('2026-12-01T06:00:00+08:00'),
      escalatedToCountyAt('2026-12-01T06:00:00+08:00', { townshipCode: '532931102' }),
      escalatedToCountyAt('2026-12-01T06:00:00+08:00', {
        status: 'resolved',
        resolvedAt: '2026-12-06T06:00:00+08:00',
      }),
    ];
    const { counts } = digestOf(cases);
    expect(counts).toMatchObject({ newlyEscalated: 1, stillOpen: 2, resolved: 1, open: 3 });
    expect(counts.openByKind).toEqual({
      visit_overdue: 2,
      lead_unverified: 1,
      measures_missing: 0,
      contact_missing: 0,
      review_overdue: 0,
      report_overdue: 0,
      alert_followup: 0,
    });
    expect(counts.openByTownship).toEqual({ '532931101': 2, '532931102': 1 });
  });

  it('is empty when nothing is new, open or resolved', () => {
    expect(isEmpty(digestOf([]))).toBe(true);
  });

  it('is not empty when only old open cases remain (they repeat in every digest)', () => {
    expect(isEmpty(digestOf([escalatedToCountyAt('2026-11-01T06:00:00+08:00')]))).toBe(false);
  });

  it('names its outbox files and idempotency key by unit and day', () => {
    const d = digestOf([]);
    expect(digestOutboxName(d)).toBe('2026-12-07-county-532931');
    expect(digestIdempotencyKey(d)).toBe('digest#county#532931#2026-12-07');
  });

  it('groups cases by township ascending, then kind in the spec order', () => {
    const cases = digestOf([
      escalatedToCountyAt('2026-12-01T06:00:00+08:00', { townshipCode: '532931102', kind: 'review_overdue' }),
      escalatedToCountyAt('2026-12-01T06:00:00+08:00', { kind: 'contact_missing' }),
      escalatedToCountyAt('2026-12-01T06:00:00+08:00', { kind: 'visit_overdue' }),
    ]).stillOpen;
    const groups = groupByTownshipAndKind(cases);
    expect(groups.map((g) => [g.townshipCode, g.kinds.map((k) => k.kind)])).toEqual([
      ['532931101', ['visit_overdue', 'contact_missing']],
      ['532931102', ['review_overdue']],
    ]);
  });
});

describe('maskName (§12)', () => {
  it.each([
    ['张三明', '张*明'],
    ['张三', '张*'],
    ['欧阳娜娜', '欧**娜'],
    ['张', '*'],
    ['', ''],
  ])('masks %s as %s', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  it('adds the masked head name when names are given', () => {
    const c = escalatedToCountyAt('2026-12-07T06:00:00+08:00', { householdId: 'H-name' });
    const d = digestOf([c], { householdNames: new Map([['H-name', '李小龙']]) });
    expect(d.newlyEscalated[0]!.headName).toBe('李*龙');
  });
});

describe('buildDigest properties', () => {
  const base = Date.parse('2026-12-01T00:00:00+08:00');
  const hour = 3_600_000;
  const at = (h: number) => new Date(base + h * hour).toISOString();
  const sinceH = 80;
  const asOfH = 150;

  const arbCase = fc.record({
    reachedH: fc.integer({ min: 0, max: 200 }),
    openedBeforeH: fc.integer({ min: 0, max: 300 }),
    resolvedAfterH: fc.option(fc.integer({ min: 0, max: 200 }), { nil: null }),
    kind: fc.constantFrom(...caseKinds),
    township: fc.constantFrom('532931101', '532931102', '532931103'),
  });

  it('puts each eligible case in exactly one section, sorted, with matching counts', () => {
    fc.assert(
      fc.property(fc.array(arbCase, { maxLength: 30 }), (specs) => {
        const cases = specs.map((s, i) =>
          escalatedToCountyAt(at(s.reachedH), {
            caseId: `P${String(i).padStart(2, '0')}`,
            kind: s.kind,
            townshipCode: s.township,
            openedAt: at(s.reachedH - s.openedBeforeH),
            status: s.resolvedAfterH === null ? 'open' : 'resolved',
            resolvedAt: s.resolvedAfterH === null ? null : at(s.reachedH + s.resolvedAfterH),
          }),
        );
        const d = digestOf(cases, { since: at(sinceH), asOf: at(asOfH) });
        const all = [...d.newlyEscalated, ...d.stillOpen, ...d.resolved].map((c) => c.caseId);
        expect(new Set(all).size).toBe(all.length);

        const expected = specs.flatMap((s, i) => {
          if (s.reachedH > asOfH) return [];
          const resolvedH = s.resolvedAfterH === null ? null : s.reachedH + s.resolvedAfterH;
          if (resolvedH !== null && resolvedH <= sinceH) return [];
          return [`P${String(i).padStart(2, '0')}`];
        });
        expect([...all].sort()).toEqual(expected.sort());

        const opened = d.stillOpen.map((c) => Date.parse(c.openedAt));
        expect(opened).toEqual([...opened].sort((a, b) => a - b));
        expect(d.counts.open).toBe(d.newlyEscalated.length + d.stillOpen.length);
        expect(Object.values(d.counts.openByKind).reduce((a, b) => a + b, 0)).toBe(d.counts.open);
        expect(isEmpty(d)).toBe(all.length === 0);
      }),
    );
  });
});
