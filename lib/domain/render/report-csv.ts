// §9 monthly report as a flat CSV: one row per number, columns `section,key,value,label`.
// - section/key are the JSON path of the number (stable English codes, for machines and pivots);
//   label is its Chinese name (for people). value is an integer, a rate with up to 4 decimals,
//   or empty when a rate is null (nothing required).
// - UTF-8 with a BOM (Excel otherwise reads UTF-8 as the local ANSI code page and garbles 中文),
//   CRLF line ends (RFC 4180), fields quoted only when they need it (csv-stringify).
import { stringify } from 'csv-stringify/sync';
import {
  caseKinds,
  caseLevels,
  grades,
  householdCategories,
  householdStatuses,
  riskFactorCodes,
  visitClasses,
} from '../model';
import type { MonthlyReport } from '../monthly-report';
import {
  caseKindLabels,
  caseLevelLabels,
  categoryLabels,
  gradeLabels,
  riskFactorLabels,
  statusLabels,
  visitClassLabels,
} from './labels';

export const REPORT_CSV_HEADER = ['section', 'key', 'value', 'label'] as const;

type Row = [section: string, key: string, value: string | number | null, label: string];

/** The report's rows, in a fixed order (header excluded). */
export function reportRows(r: MonthlyReport): Row[] {
  const rows: Row[] = [
    ['unit', 'code', r.unitCode, '单位代码'],
    ['unit', 'level', r.level, '层级'],
    ['unit', 'month', r.month, '月份'],
    ['unit', 'villages', r.villages, '村数'],
    ['households', 'total', r.households.total, '户数合计'],
  ];
  for (const k of householdCategories)
    rows.push(['households.byCategory', k, r.households.byCategory[k], categoryLabels[k]]);
  for (const k of householdStatuses)
    rows.push(['households.byStatus', k, r.households.byStatus[k], statusLabels[k]]);
  for (const k of grades)
    rows.push(['households.byGrade', k, r.households.byGrade[k], `监测户 ${gradeLabels[k]}`]);
  rows.push(
    ['households', 'watch', r.households.watch, '预警户'],
    ['movements', 'newInclusions', r.movements.newInclusions, '新纳入监测'],
    ['movements', 'eliminations', r.movements.eliminations, '风险消除'],
    ['movements', 'upgraded', r.movements.upgraded, '风险等级上调'],
    ['movements', 'downgraded', r.movements.downgraded, '风险等级下调'],
  );
  const visitRows = (section: string, name: string, v: MonthlyReport['visits']['total']) => {
    rows.push(
      [section, 'required', v.required, `${name} 应走访户数`],
      [section, 'done', v.done, `${name} 已走访户数`],
      [section, 'complianceRate', v.complianceRate, `${name} 走访完成率`],
    );
  };
  for (const c of visitClasses) visitRows(`visits.byClass.${c}`, visitClassLabels[c], r.visits.byClass[c]);
  visitRows('visits.total', '合计', r.visits.total);
  rows.push(['overdue', 'total', r.overdue.total, '走访逾期户数']);
  for (const c of visitClasses)
    rows.push(['overdue.byClass', c, r.overdue.byClass[c], `走访逾期 ${visitClassLabels[c]}`]);
  const caseLabel: Record<'opened' | 'escalated' | 'resolved', (level: string) => string> = {
    opened: (l) => `${l}级新开`,
    escalated: (l) => `升级至${l}`,
    resolved: (l) => `${l}级办结`,
  };
  for (const section of ['opened', 'escalated', 'resolved'] as const) {
    for (const kind of caseKinds) {
      for (const level of caseLevels) {
        const label = `${caseKindLabels[kind]} ${caseLabel[section](caseLevelLabels[level])}`;
        rows.push([`cases.${section}`, `${kind}.${level}`, r.cases[section][kind][level], label]);
      }
    }
  }
  for (const f of riskFactorCodes)
    rows.push(['riskFactors', f, r.riskFactors[f], `风险类型 ${riskFactorLabels[f]}`]);
  return rows;
}

/** The CSV text, starting with a UTF-8 BOM. */
export function renderReportCsv(report: MonthlyReport): string {
  return stringify(reportRows(report), {
    bom: true,
    header: true,
    columns: [...REPORT_CSV_HEADER],
    record_delimiter: 'windows',
    // csv-stringify quotes a field holding the whole record delimiter (CRLF); a lone CR or LF too.
    quoted_match: /[\r\n]/,
  });
}
