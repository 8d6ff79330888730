import { describe, expect, it } from 'vitest';
import { buildDigest, isEmpty } from '../../lib/domain/digest';
import type { Case } from '../../lib/domain/model';
import { escapeHtml, renderDigestHtml } from '../../lib/domain/render/digest-html';
import { digestSubject, renderDigestText } from '../../lib/domain/render/digest-text';

const ID_NUMBER = /\d{17}[\dXx]/;

function aCase(id: string, overrides: Partial<Case>): Case {
  return {
    caseId: id,
    kind: 'visit_overdue',
    dedupKey: `k#${id}`,
    householdId: `H-${id}`,
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
    subject: {},
    version: 1,
    ...overrides,
  };
}

const cases = [
  aCase('new1', {
    kind: 'lead_unverified',
    levelSince: '2026-12-07T06:00:00+08:00',
    escalations: [{ level: 'county', at: '2026-12-07T06:00:00+08:00' }],
  }),
  aCase('old1', { townshipCode: '532931102', villageCode: '532931102203' }),
  aCase('old2', { kind: 'measures_missing' }),
  aCase('done1', { kind: 'contact_missing', status: 'resolved', resolvedAt: '2026-12-05T09:00:00+08:00' }),
  aCase('rep1', { kind: 'report_overdue', householdId: null, villageCode: null }),
  aCase('rev1', { kind: 'review_overdue' }),
];

// A head name that looks like HTML, and an 18-character ID number that must never reach the mail.
const names = new Map([
  ['H-new1', '张三明'],
  ['H-old1', '<王五>'],
  ['H-old2', '李四'],
]);

const digest = buildDigest({
  unit: { level: 'county', code: '532931' },
  date: '2026-12-07',
  asOf: '2026-12-07T08:30:00+08:00',
  since: '2026-12-04T08:30:00+08:00',
  cases,
  ageInWorkingDays: (c) => (c.caseId === 'old1' ? 9 : 3),
  householdNames: names,
});

describe('renderDigestHtml', () => {
  const html = renderDigestHtml(digest);

  it('labels the sections in Chinese with their counts', () => {
    expect(html).toContain('新升级至县（1）');
    expect(html).toContain('仍未办结（4）');
    expect(html).toContain('已办结（1）');
  });

  it('labels every kind in Chinese', () => {
    for (const label of [
      '走访逾期',
      '线索未核实',
      '帮扶措施未落实',
      '未明确联系人',
      '审核逾期',
      '月报逾期',
    ]) {
      expect(html).toContain(label);
    }
  });

  it('shows masked names and never the full name', () => {
    expect(html).toContain('张*明');
    expect(html).toContain('李*');
    expect(html).not.toContain('张三明');
    expect(html).not.toContain('李四');
  });

  it('escapes HTML in values', () => {
    expect(html).not.toContain('<**>');
    expect(html).toContain('&lt;**&gt;');
  });

  it('contains no ID number', () => {
    expect(ID_NUMBER.test(html)).toBe(false);
  });

  it('is a single phone-width column with inline styles only, its one table at full width', () => {
    expect(html).toContain('name="viewport"');
    expect(html).toContain('max-width:600px');
    expect(html).not.toContain('<style');
    expect(html.match(/<table/g)).toHaveLength(1);
    expect(html).toContain('<table role="presentation" style="width:100%;');
  });

  it('shows the age in working days', () => {
    expect(html).toContain('已 9 个工作日');
  });

  it('says 无 for an empty section', () => {
    const empty = renderDigestHtml({
      ...digest,
      newlyEscalated: [],
      counts: { ...digest.counts, newlyEscalated: 0 },
    });
    expect(empty).toContain('新升级至县（0）</h2>\n<p style="margin:0;color:#888888;">无</p>');
  });
});

describe('renderDigestText', () => {
  const text = renderDigestText(digest);

  it('groups each section by kind, each line naming township and village', () => {
    expect(text).toContain(
      '【仍未办结】4\n  走访逾期（1）\n    - H-old1 <**> · 乡镇 532931102 村 532931102203',
    );
  });

  it('masks names and contains no ID number', () => {
    expect(text).toContain('H-new1 张*明');
    expect(text).not.toContain('张三明');
    expect(ID_NUMBER.test(text)).toBe(false);
  });

  it('shows the resolution date of resolved cases', () => {
    expect(text).toContain('2026-12-05 办结');
  });
});

describe('digestSubject', () => {
  it('names the unit, the day and the section counts', () => {
    expect(digestSubject(digest)).toBe('防返贫监测日报 县532931 2026-12-07：新升级 1，仍未办结 4，已办结 1');
  });
});

describe('escapeHtml', () => {
  it('escapes the five significant characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});

// Issue 21: digests an office can act on.
describe('digest summary table (issue 21)', () => {
  const many = [
    ...Array.from({ length: 3 }, (_, i) =>
      aCase(`a${i}`, { townshipCode: '532931102', villageCode: '532931102203' }),
    ),
    aCase('b0', { householdId: 'H-red' }),
    aCase('c0', {
      townshipCode: '532931103',
      villageCode: '532931103201',
      status: 'resolved',
      resolvedAt: '2026-12-06T09:00:00+08:00',
    }),
  ];
  const d = buildDigest({
    unit: { level: 'county', code: '532931' },
    date: '2026-12-07',
    asOf: '2026-12-07T08:30:00+08:00',
    since: '2026-12-04T08:30:00+08:00',
    cases: many,
    ageInWorkingDays: () => 2,
    households: new Map([['H-red', { grade: 'red' }]]),
    unitName: (code) => ({ '532931102': '勐往乡', '532931102203': '勐往村' })[code],
  });

  it('puts one row per township first, worst first, with names where the registry knows them', () => {
    expect(d.summary.map((r) => [r.code, r.name, r.newlyEscalated, r.stillOpen, r.resolved])).toEqual([
      ['532931102', '勐往乡', 0, 3, 0],
      ['532931101', undefined, 0, 1, 0],
      ['532931103', undefined, 0, 0, 1],
    ]);
    const text = renderDigestText(d);
    expect(text.indexOf('【各乡镇概况')).toBeLessThan(text.indexOf('【新升级至县】'));
    expect(text).toMatch(/勐往乡\s+0\s+3\s+0\n\s+乡镇 532931101\s+0\s+1\s+0/);
  });

  it('shows the unit code where the registry has no name (undefined → code)', () => {
    expect(renderDigestText(d)).toContain('勐往乡 勐往村');
    expect(renderDigestText(d)).toContain('乡镇 532931101 村 532931101201');
  });

  it('puts the names in the JSON entries beside the codes', () => {
    const row = d.stillOpen.find((c) => c.townshipCode === '532931102')!;
    expect(row).toMatchObject({ townshipName: '勐往乡', villageName: '勐往村' });
    expect(d.stillOpen.find((c) => c.townshipCode === '532931101')).not.toHaveProperty('townshipName');
  });

  it('ranks a township with more red households first when the open counts tie', () => {
    const tie = buildDigest({
      unit: { level: 'county', code: '532931' },
      date: '2026-12-07',
      asOf: '2026-12-07T08:30:00+08:00',
      since: null,
      cases: [
        aCase('x', { townshipCode: '532931101' }),
        aCase('y', { householdId: 'H-y', townshipCode: '532931109', villageCode: '532931109201' }),
      ],
      ageInWorkingDays: () => 1,
      households: new Map([['H-y', { grade: 'red' }]]),
    });
    expect(tie.summary.map((r) => r.code)).toEqual(['532931109', '532931101']);
  });
});

describe('digest lines (issue 21)', () => {
  it('show the grade and the days overdue of a visit_overdue case', () => {
    const c = aCase('v', { subject: { dueDate: '2026-11-25' } });
    const d = buildDigest({
      unit: { level: 'county', code: '532931' },
      date: '2026-12-07',
      asOf: '2026-12-07T08:30:00+08:00',
      since: null,
      cases: [c],
      ageInWorkingDays: () => 3,
      households: new Map([['H-v', { headName: '张三明', grade: 'red' }]]),
    });
    expect(d.newlyEscalated[0]).toMatchObject({ grade: 'red', daysOverdue: 12, headName: '张*明' });
    expect(renderDigestText(d)).toContain(
      'H-v 张*明 · 红色 · 逾期 12 天 · 乡镇 532931101 村 532931101201 · 已 3 个工作日',
    );
  });

  it('name the month and the township of a report_overdue case', () => {
    const c = aCase('r', {
      kind: 'report_overdue',
      householdId: null,
      villageCode: null,
      subject: { month: '2026-11' },
    });
    const d = buildDigest({
      unit: { level: 'county', code: '532931' },
      date: '2026-12-07',
      asOf: '2026-12-07T08:30:00+08:00',
      since: null,
      cases: [c],
      ageInWorkingDays: () => 1,
      unitName: (code) => (code === '532931101' ? '勐往乡' : undefined),
    });
    expect(d.newlyEscalated[0]!.month).toBe('2026-11');
    expect(renderDigestText(d)).toContain('勐往乡 2026年11月月报未报 · 已 1 个工作日');
  });

  it('are capped per kind with 及另外 N 户 and the link to the unit page when a base URL is configured', () => {
    const cases = Array.from({ length: 14 }, (_, i) => aCase(`m${String(i).padStart(2, '0')}`, {}));
    const d = buildDigest({
      unit: { level: 'county', code: '532931' },
      date: '2026-12-07',
      asOf: '2026-12-07T08:30:00+08:00',
      since: null,
      cases,
      ageInWorkingDays: () => 1,
    });
    const capped = renderDigestText(d, { maxPerGroup: 10, webBaseUrl: 'https://fanpin.example.cn/' });
    expect(capped.match(/^ {4}- /gm)).toHaveLength(10);
    expect(capped).toContain('及另外 4 户，全部见 https://fanpin.example.cn/#/units/532931');
    const html = renderDigestHtml(d, { maxPerGroup: 10, webBaseUrl: 'https://fanpin.example.cn' });
    expect(html).toContain('及另外 4 户，<a href="https://fanpin.example.cn/#/units/532931">全部查看</a>');
    const unlinked = renderDigestText(d, { maxPerGroup: 10 });
    expect(unlinked).toContain('及另外 4 户\n');
    expect(unlinked).not.toContain('http');
    expect(d.newlyEscalated).toHaveLength(14); // the JSON keeps every case
  });
});

describe('township digest (issue 21)', () => {
  const township = { level: 'township' as const, code: '532931101' };
  const ownReport = aCase('own', {
    kind: 'report_overdue',
    householdId: null,
    villageCode: null,
    level: 'township',
    unitCode: '532931101',
    escalations: [],
    levelSince: '2026-12-07T06:00:00+08:00',
    openedAt: '2026-12-07T06:00:00+08:00',
    subject: { month: '2026-11' },
  });
  const arrived = aCase('arr', {
    level: 'township',
    unitCode: '532931101',
    levelSince: '2026-12-07T06:00:00+08:00',
    escalations: [{ level: 'township', at: '2026-12-07T06:00:00+08:00' }],
  });
  const movedUp = aCase('up', {
    level: 'county',
    escalations: [
      { level: 'township', at: '2026-11-26T06:00:00+08:00' },
      { level: 'county', at: '2026-12-07T06:00:00+08:00' },
    ],
    levelSince: '2026-12-07T06:00:00+08:00',
  });
  const movedEarlier = aCase('up-old', {});
  const build = (cases: Case[]) =>
    buildDigest({
      unit: township,
      date: '2026-12-07',
      asOf: '2026-12-07T08:30:00+08:00',
      since: '2026-12-04T08:30:00+08:00',
      cases,
      ageInWorkingDays: () => 1,
    });

  it('tells a case opened here apart from one escalated to it', () => {
    const d = build([ownReport, arrived]);
    expect(d.newlyEscalated.map((c) => [c.caseId, c.openedHere])).toEqual([
      ['arr', false],
      ['own', true],
    ]);
    expect(d.counts.newlyOpened).toBe(1);
    const text = renderDigestText(d);
    expect(text).toContain('【新升级至乡镇】1\n  走访逾期（1）');
    expect(text).toContain('【乡镇本级新开】1\n  月报逾期（1）');
  });

  it('lists what left it for the county (已上报县级) and does not say only 仍未办结 0', () => {
    const d = build([movedUp, movedEarlier]);
    expect(d.escalatedToCounty.map((c) => c.caseId)).toEqual(['up']);
    expect(d.counts).toMatchObject({ stillOpen: 0, escalatedToCounty: 1, openAtCounty: 2 });
    const text = renderDigestText(d);
    expect(text).toContain('【仍未办结】0\n  本级无；另有 2 件已上报县级，仍未办结');
    expect(text).toContain(
      '【已上报县级】1\n  自上次日报以来上报 1 件；本乡镇在县级仍未办结共 2 件\n  走访逾期（1）\n    - H-up',
    );
    expect(digestSubject(d)).toContain('已上报县级 2');
  });

  it('is not empty when its only news is a case that moved up', () => {
    expect(isEmpty(build([movedUp]))).toBe(false);
  });

  it('summarises per village, with the township’s own cases as 乡镇本级', () => {
    const d = build([ownReport, arrived]);
    expect(d.summary.map((r) => r.code).sort()).toEqual(['532931101', '532931101201']);
    expect(renderDigestText(d)).toContain('乡镇本级');
  });
});
