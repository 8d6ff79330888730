import { describe, expect, it } from 'vitest';
import { buildDigest } from '../../lib/domain/digest';
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

  it('labels the three sections in Chinese with their counts', () => {
    expect(html).toContain('新升级（1）');
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

  it('is a single phone-width column with inline styles only', () => {
    expect(html).toContain('name="viewport"');
    expect(html).toContain('max-width:600px');
    expect(html).not.toContain('<style');
    expect(html).not.toContain('<table');
  });

  it('shows the levels of escalation and the age in working days', () => {
    expect(html).toContain('升级 乡镇 2026-11-26 → 县 2026-12-03');
    expect(html).toContain('9 个工作日');
  });

  it('says 无 for an empty section', () => {
    const empty = renderDigestHtml({
      ...digest,
      newlyEscalated: [],
      counts: { ...digest.counts, newlyEscalated: 0 },
    });
    expect(empty).toContain('新升级（0）</h2>\n<p style="margin:0;color:#888888;">无</p>');
  });
});

describe('renderDigestText', () => {
  const text = renderDigestText(digest);

  it('groups by section, township and kind', () => {
    expect(text).toContain('【仍未办结】4\n  乡镇 532931101\n    帮扶措施未落实（1）');
    expect(text).toContain('  乡镇 532931102\n    走访逾期（1）\n      - 户 H-old1 <**> · 村 532931102203');
  });

  it('masks names and contains no ID number', () => {
    expect(text).toContain('户 H-new1 张*明');
    expect(text).not.toContain('张三明');
    expect(ID_NUMBER.test(text)).toBe(false);
  });

  it('shows the resolution date of resolved cases', () => {
    expect(text).toContain('办结 2026-12-05');
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
