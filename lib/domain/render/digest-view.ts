// §9 what a digest shows, in the order an officer reads it (issue 21): the headline, a summary table per
// township (county digest) or village (township digest), worst first, then the sections, each grouped by
// kind with one short line per case (grade, days overdue, village; month and township for reports) and
// capped at `maxPerGroup` lines with "及另外 N 户" and a link to the web app's list when one is configured.
// Shared by the text, HTML and group-robot (markdown) renderings, so they always say the same thing.
import { type Digest, type DigestCase, type DigestSummaryRow, digestUnit } from '../digest';
import type { CaseKind } from '../model';
import { caseKinds } from '../model';
import { formatInstant, localDateOf, parseInstant } from '../time';
import { caseKindLabels, caseLevelLabels, digestSectionLabels, gradeShortLabels } from './labels';

export interface DigestRenderOptions {
  /** Dates are shown as local dates in this zone (default Asia/Shanghai, spec §4). */
  timeZone?: string;
  /** The web app's origin (e.g. https://fanpin.example.gov.cn): capped groups link to the unit's page. */
  webBaseUrl?: string;
  /** Lines shown per kind in a section before "及另外 N 户" (default 10). */
  maxPerGroup?: number;
}

export const defaultMaxPerGroup = 10;

export type DigestSectionKey =
  | 'newlyEscalated'
  | 'newlyOpened'
  | 'stillOpen'
  | 'resolved'
  | 'escalatedToCounty';

export interface DigestViewGroup {
  kind: CaseKind;
  label: string;
  total: number;
  lines: string[];
  /** Cases not shown ("及另外 N 户"); 0 when all are. */
  more: number;
  /** The word for what is counted: 户 for household cases, 件 otherwise. */
  unitWord: '户' | '件';
}

export interface DigestViewSection {
  key: DigestSectionKey;
  title: string;
  total: number;
  groups: DigestViewGroup[];
  /** Said instead of a list when the section is empty. */
  empty: string;
  /** A line said under the title, before the list. */
  note?: string;
}

export interface DigestView {
  title: string;
  subject: string;
  unitLine: string;
  headline: { label: string; value: number }[];
  summaryTitle: string;
  /** Column heads of the summary table (first: the child unit). */
  summaryHead: string[];
  summaryRows: string[][];
  sections: DigestViewSection[];
  /** The unit's page in the web app, when a base URL is configured. */
  link: string | null;
  footer: string;
}

/** A division shown by name when known, else by level and code (乡镇 532931101). */
export function unitLabel(level: 'county' | 'township' | 'village', code: string, name?: string): string {
  return name ?? `${caseLevelLabels[level]} ${code}`;
}

const sectionTitles: Record<DigestSectionKey, (unitLevel: string) => string> = {
  newlyEscalated: (l) => `新升级至${l}`,
  newlyOpened: (l) => `${l}本级新开`,
  stillOpen: () => digestSectionLabels.stillOpen,
  resolved: () => digestSectionLabels.resolved,
  escalatedToCounty: () => '已上报县级',
};

/** e.g. 防返贫监测日报 县 532931 2026-12-07：新升级 2，仍未办结 5，已办结 1（township: ，已上报县级 3） */
export function digestSubject(digest: Digest): string {
  const unit = digestUnit(digest);
  const c = digest.counts;
  const who = digest.unitName ?? `${caseLevelLabels[unit.level]}${unit.code}`;
  const moved = unit.level === 'township' && c.openAtCounty > 0 ? `，已上报县级 ${c.openAtCounty}` : '';
  return (
    `防返贫监测日报 ${who} ${digest.date}：` +
    `${digestSectionLabels.newlyEscalated} ${c.newlyEscalated}，${digestSectionLabels.stillOpen} ${c.stillOpen}，` +
    `${digestSectionLabels.resolved} ${c.resolved}${moved}`
  );
}

/** "2026-11" → "2026年11月" */
const monthLabel = (month: string): string => `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;

/** One case on one line, e.g. H001 张*明 · 红色 · 逾期 12 天 · 乡镇 532931101 村 532931101201 · 到本级 3 个工作日 */
export function describeCase(c: DigestCase, digestLevel: 'county' | 'township', timeZone: string): string {
  const parts: string[] = [];
  const township = unitLabel('township', c.townshipCode, c.townshipName);
  if (c.kind === 'report_overdue') {
    parts.push(`${township} ${c.month ? monthLabel(c.month) : ''}月报未报`.replace('  ', ' '));
  } else {
    if (c.householdId !== null) parts.push(`${c.householdId}${c.headName ? ` ${c.headName}` : ''}`);
    if (c.grade) parts.push(gradeShortLabels[c.grade]);
    if (c.daysOverdue !== null) parts.push(`逾期 ${c.daysOverdue} 天`);
    const where: string[] = [];
    if (digestLevel === 'county') where.push(township);
    if (c.villageCode !== null) where.push(unitLabel('village', c.villageCode, c.villageName));
    if (where.length) parts.push(where.join(' '));
  }
  if (c.resolvedAt !== null) parts.push(`${localDateOf(c.resolvedAt, timeZone)} 办结`);
  else parts.push(`已 ${c.ageInWorkingDays} 个工作日`);
  return parts.join(' · ');
}

const gradeRank = (c: DigestCase) =>
  c.grade === 'red' ? 0 : c.grade === 'yellow' ? 1 : c.grade === 'blue' ? 2 : 3;

/** Worst first within a kind: new cases by grade, then days overdue; open ones oldest first (§9), then grade. */
function worstFirst(oldestFirst: boolean) {
  return (a: DigestCase, b: DigestCase): number =>
    (oldestFirst ? b.ageInWorkingDays - a.ageInWorkingDays : 0) ||
    gradeRank(a) - gradeRank(b) ||
    (b.daysOverdue ?? -1) - (a.daysOverdue ?? -1) ||
    b.ageInWorkingDays - a.ageInWorkingDays ||
    (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0);
}

function groupsOf(
  cases: DigestCase[],
  digestLevel: 'county' | 'township',
  timeZone: string,
  max: number,
  oldestFirst = false,
): DigestViewGroup[] {
  const byKind = new Map<CaseKind, DigestCase[]>();
  for (const c of [...cases].sort(worstFirst(oldestFirst)))
    byKind.set(c.kind, [...(byKind.get(c.kind) ?? []), c]);
  return caseKinds
    .filter((k) => byKind.has(k))
    .map((kind) => {
      const list = byKind.get(kind)!;
      return {
        kind,
        label: caseKindLabels[kind],
        total: list.length,
        lines: list.slice(0, max).map((c) => describeCase(c, digestLevel, timeZone)),
        more: Math.max(0, list.length - max),
        unitWord: kind === 'report_overdue' ? '件' : '户',
      };
    });
}

function summaryCells(row: DigestSummaryRow, childLevel: 'township' | 'village', unitCode: string): string[] {
  const label = row.code === unitCode ? '乡镇本级' : unitLabel(childLevel, row.code, row.name);
  return [label, String(row.newlyEscalated), String(row.stillOpen), String(row.resolved)];
}

/** The digest as an officer reads it: see the file comment. */
export function digestView(digest: Digest, options: DigestRenderOptions = {}): DigestView {
  const timeZone = options.timeZone ?? 'Asia/Shanghai';
  const max = options.maxPerGroup ?? defaultMaxPerGroup;
  const unit = digestUnit(digest);
  const levelWord = caseLevelLabels[unit.level];
  const childLevel = unit.level === 'county' ? 'township' : 'village';
  const escalated = digest.newlyEscalated.filter((c) => !c.openedHere);
  const opened = digest.newlyEscalated.filter((c) => c.openedHere);
  const c = digest.counts;

  const section = (key: DigestSectionKey, cases: DigestCase[], empty = '无'): DigestViewSection => ({
    key,
    title: sectionTitles[key](levelWord),
    total: cases.length,
    groups: groupsOf(cases, unit.level, timeZone, max, key === 'stillOpen'),
    empty,
  });
  const sections: DigestViewSection[] = [section('newlyEscalated', escalated)];
  if (opened.length > 0) sections.push(section('newlyOpened', opened));
  sections.push(
    section(
      'stillOpen',
      digest.stillOpen,
      unit.level === 'township' && c.openAtCounty > 0
        ? `本级无；另有 ${c.openAtCounty} 件已上报县级，仍未办结`
        : '无',
    ),
    section('resolved', digest.resolved),
  );
  if (unit.level === 'township' && (c.openAtCounty > 0 || digest.escalatedToCounty.length > 0)) {
    const s = section('escalatedToCounty', digest.escalatedToCounty, '今日无新上报');
    s.note = `自上次日报以来上报 ${digest.escalatedToCounty.length} 件；本乡镇在县级仍未办结共 ${c.openAtCounty} 件`;
    sections.push(s);
  }

  const headline = [
    { label: `新升级至${levelWord}`, value: escalated.length },
    ...(unit.level === 'township' ? [{ label: '本级新开', value: opened.length }] : []),
    { label: digestSectionLabels.stillOpen, value: c.stillOpen },
    { label: digestSectionLabels.resolved, value: c.resolved },
    ...(unit.level === 'township' ? [{ label: '已上报县级', value: c.openAtCounty }] : []),
  ];
  const base = options.webBaseUrl?.replace(/\/+$/, '');
  return {
    title: '防返贫监测日报',
    subject: digestSubject(digest),
    unitLine: `${unitLabel(unit.level, unit.code, digest.unitName)}${digest.unitName ? `（${unit.code}）` : ''} · ${digest.date}`,
    headline,
    summaryTitle: unit.level === 'county' ? '各乡镇概况（问题多的在前）' : '各村概况（问题多的在前）',
    summaryHead: [unit.level === 'county' ? '乡镇' : '村', '新升级', '未办结', '已办结'],
    summaryRows: digest.summary.map((r) => summaryCells(r, childLevel, unit.code)),
    sections,
    link: base ? `${base}/#/units/${unit.code}` : null,
    footer: `截至 ${formatInstant(parseInstant(digest.asOf), timeZone).slice(0, 16).replace('T', ' ')}（${timeZone === 'Asia/Shanghai' ? '北京时间' : timeZone}）。户主姓名已脱敏，不含身份证号。`,
  };
}

/** "及另外 N 户" (with where to see them all when a link is configured). */
export function moreLine(group: DigestViewGroup, link: string | null): string {
  return `及另外 ${group.more} ${group.unitWord}${link ? `，全部见 ${link}` : ''}`;
}
