// §9 monthly report as a CSV an office opens in Excel: the report table (report-table.ts): Chinese headers,
// a row for the unit itself and one per child unit, compliance as a percentage ("66.7%"), the submission
// columns. UTF-8 with a BOM (Excel otherwise reads UTF-8 as the local ANSI code page and garbles 中文), CRLF
// line ends (RFC 4180), fields quoted only when they need it, a text cell that a spreadsheet would run as a
// formula (`=`, `+`, `-`, `@` first) prefixed with ' (csv-stringify escape_formulas).
import { stringify } from 'csv-stringify/sync';
import { cellText, type ReportTable } from './report-table';

/** The CSV text, starting with a UTF-8 BOM. */
export function renderReportCsv(table: ReportTable): string {
  return stringify(
    [table.headers, ...table.rows.map((row) => row.map((v, i) => cellText(v, table.kinds[i] ?? 'text')))],
    {
      bom: true,
      record_delimiter: 'windows',
      // csv-stringify quotes a field holding the whole record delimiter (CRLF); a lone CR or LF too.
      quoted_match: /[\r\n]/,
      escape_formulas: true,
    },
  );
}
