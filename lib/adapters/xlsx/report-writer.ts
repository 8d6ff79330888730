// The monthly report as a workbook an office files (`fanpin report --format xlsx`), written with exceljs,
// the library the Excel import reads with: sheet 汇总 with the title, the submission status, a header row
// and the table (the unit's own row, then one per child unit; rates as percentages), then one sheet per
// child unit with its measures (项目, 数值) under the same title.
import ExcelJS from 'exceljs';
import type { ReportTable } from '../../domain/render/report-table';

/** Excel's sheet names: at most 31 characters, none of []:*?/\ , unique in the workbook. */
function sheetName(wanted: string, taken: Set<string>): string {
  const base = wanted.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || 'sheet';
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base.slice(0, 31 - String(i).length - 1)}-${i}`;
  taken.add(name);
  return name;
}

const percentFormat = '0.0%';

export async function reportWorkbook(table: ReportTable): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  const taken = new Set<string>();
  const summary = workbook.addWorksheet(sheetName('汇总', taken));
  summary.addRow([table.title]).font = { bold: true, size: 14 };
  summary.mergeCells(1, 1, 1, Math.min(table.headers.length, 12));
  summary.addRow([table.status ?? '']);
  const headerRow = summary.addRow(table.headers);
  headerRow.font = { bold: true };
  headerRow.alignment = { wrapText: true, vertical: 'middle' };
  for (const row of table.rows) summary.addRow(row);
  table.kinds.forEach((kind, i) => {
    const column = summary.getColumn(i + 1);
    if (kind === 'percent') column.numFmt = percentFormat;
    if (i === 0) column.numFmt = '@';
    column.width = i < 2 ? 16 : 10;
  });
  summary.views = [{ state: 'frozen', xSplit: 2, ySplit: 3 }];

  // One sheet per child unit: the same measures, as rows.
  for (const row of table.rows.slice(1)) {
    const [code, name] = row as [string, string | null];
    const sheet = workbook.addWorksheet(sheetName(name || code, taken));
    sheet.addRow([`${name || code}（${code}） ${table.title.split(' ').slice(1).join(' ')}`]).font = {
      bold: true,
      size: 13,
    };
    sheet.addRow(['项目', '数值']).font = { bold: true };
    table.headers.forEach((header, i) => {
      if (i < 2) return;
      const added = sheet.addRow([header, row[i] ?? null]);
      if (table.kinds[i] === 'percent') added.getCell(2).numFmt = percentFormat;
    });
    sheet.columns = [{ width: 28 }, { width: 18 }];
  }
  return workbook;
}

export async function writeReportXlsx(file: string, table: ReportTable): Promise<void> {
  await (await reportWorkbook(table)).xlsx.writeFile(file);
}
