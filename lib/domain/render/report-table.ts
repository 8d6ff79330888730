// §9 the monthly report as an office files it: one table, a row for the unit itself and one per child unit
// (a township's villages, a county's townships) with the same measures, Chinese headers, compliance as a
// percentage, only the case cells that can happen (possibleCaseLevels), and the township submission
// (status, who, when in local time). The CSV (report-csv.ts) and the workbook (lib/adapters/xlsx/
// report-writer.ts) both render this table. Pure.
import {
  caseKinds,
  grades,
  householdCategories,
  householdStatuses,
  type Instant,
  riskFactorCodes,
  visitClasses,
} from '../model';
import { type MonthlyReport, possibleCaseLevels } from '../monthly-report';
import { toLocal } from '../time';
import {
  caseKindLabels,
  caseLevelLabels,
  categoryLabels,
  gradeLabels,
  riskFactorLabels,
  statusLabels,
  visitClassLabels,
} from './labels';

export type CellKind = 'text' | 'count' | 'percent';

export interface ReportColumn {
  /** The Chinese header. */
  header: string;
  kind: CellKind;
  value: (r: MonthlyReport) => number | null;
}

/** The measures of a report, in a fixed order: what every row of the table has. */
export function reportMeasures(): ReportColumn[] {
  const count = (header: string, value: (r: MonthlyReport) => number): ReportColumn => ({
    header,
    kind: 'count',
    value,
  });
  const cols: ReportColumn[] = [
    count('村数', (r) => r.villages),
    count('户数合计', (r) => r.households.total),
  ];
  for (const k of householdCategories) cols.push(count(categoryLabels[k], (r) => r.households.byCategory[k]));
  for (const k of householdStatuses)
    cols.push(count(`状态 ${statusLabels[k]}`, (r) => r.households.byStatus[k]));
  for (const k of grades) cols.push(count(`监测户 ${gradeLabels[k]}`, (r) => r.households.byGrade[k]));
  cols.push(
    count('预警户', (r) => r.households.watch),
    count('新纳入监测', (r) => r.movements.newInclusions),
    count('风险消除', (r) => r.movements.eliminations),
    count('风险等级上调', (r) => r.movements.upgraded),
    count('风险等级下调', (r) => r.movements.downgraded),
  );
  const visits = (name: string, v: (r: MonthlyReport) => MonthlyReport['visits']['total']) => {
    cols.push(
      count(`${name} 应走访户数`, (r) => v(r).required),
      count(`${name} 已走访户数`, (r) => v(r).done),
      { header: `${name} 走访完成率`, kind: 'percent', value: (r) => v(r).complianceRate },
    );
  };
  visits('合计', (r) => r.visits.total);
  for (const c of visitClasses) visits(visitClassLabels[c], (r) => r.visits.byClass[c]);
  cols.push(count('走访逾期户数', (r) => r.overdue.total));
  for (const c of visitClasses)
    cols.push(count(`走访逾期 ${visitClassLabels[c]}`, (r) => r.overdue.byClass[c]));
  const label = {
    opened: (l: string) => `${l}级新开`,
    escalated: (l: string) => `升级至${l}`,
    resolved: (l: string) => `${l}级办结`,
  };
  for (const section of ['opened', 'escalated', 'resolved'] as const) {
    for (const kind of caseKinds) {
      for (const level of possibleCaseLevels(section, kind)) {
        cols.push(
          count(
            `${caseKindLabels[kind]} ${label[section](caseLevelLabels[level])}`,
            (r) => r.cases[section][kind][level],
          ),
        );
      }
    }
  }
  for (const f of riskFactorCodes)
    cols.push(count(`风险类型 ${riskFactorLabels[f]}`, (r) => r.riskFactors[f]));
  return cols;
}

export interface ReportSubmissionView {
  submittedAt: Instant;
  /** Who submitted (the officer's id, e.g. township:532931101). */
  by: string;
}

/** A unit of the table: the report's own unit or one of its children. */
export interface ReportUnit {
  code: string;
  name: string | null;
  /** Null when the sweep wrote no report for this unit and month (a unit with no households). */
  report: MonthlyReport | null;
  /** Townships only: their submission, or null while not submitted; undefined for other levels. */
  submission?: ReportSubmissionView | null;
}

export interface ReportTable {
  title: string;
  /** 报送状态 of the report's own unit when it is a township ("已报送 … 于 2026-12-02 09:00"). */
  status: string | null;
  headers: string[];
  kinds: CellKind[];
  rows: (string | number | null)[][];
}

/** An instant as the office reads it: local date and time to the minute, e.g. 2026-12-02 09:00. */
export function localTime(instant: Instant, timeZone: string): string {
  const { date, timeOfDayMs } = toLocal(instant, timeZone);
  const minutes = Math.floor(timeOfDayMs / 60_000);
  return `${date} ${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

const levelNames = { county: '县', township: '乡镇', village: '村' } as const;

function submissionCells(
  s: ReportSubmissionView | null | undefined,
  timeZone: string,
): [string | null, string | null, string | null] {
  if (s === undefined) return [null, null, null];
  if (s === null) return ['未报送', null, null];
  return ['已报送', s.by, localTime(s.submittedAt, timeZone)];
}

/** The table of a unit's report and its children's (children in the given order). */
export function reportTable(input: {
  unit: ReportUnit & { report: MonthlyReport };
  children: readonly ReportUnit[];
  timeZone: string;
}): ReportTable {
  const { unit, timeZone } = input;
  const measures = reportMeasures();
  const [y, m] = unit.report.month.split('-');
  const unitName = unit.name ?? `${levelNames[unit.report.level]} ${unit.code}`;
  const headers = [
    '单位代码',
    '单位名称',
    ...measures.map((c) => c.header),
    '报送状态',
    '报送人',
    '报送时间',
  ];
  const kinds: CellKind[] = ['text', 'text', ...measures.map((c) => c.kind), 'text', 'text', 'text'];
  const rowOf = (u: ReportUnit, nameFallback: string) => [
    u.code,
    u.name ?? nameFallback,
    ...measures.map((c) => (u.report ? c.value(u.report) : null)),
    ...submissionCells(u.submission, timeZone),
  ];
  const [state, by, at] = submissionCells(unit.submission, timeZone);
  return {
    title: `${unitName} ${y}年${Number(m)}月 防止返贫动态监测月报`,
    status:
      state === null ? null : state === '未报送' ? '报送状态：未报送' : `报送状态：已报送（${by}，${at}）`,
    headers,
    kinds,
    rows: [rowOf(unit, '本级合计'), ...input.children.map((c) => rowOf(c, ''))],
  };
}

/** A cell as text (CSV): a rate as a percentage with one decimal, an empty cell for null. */
export function cellText(value: string | number | null, kind: CellKind): string {
  if (value === null) return '';
  if (kind === 'percent' && typeof value === 'number') return `${(value * 100).toFixed(1)}%`;
  return String(value);
}
