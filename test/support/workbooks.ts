// Workbooks the tests build with exceljs, as the national system's export or an officer's re-saved file
// would have them: title rows, merged cells, cells typed as numbers, dates or text.
import ExcelJS from 'exceljs';

export interface SheetSpec {
  name: string;
  /** Row 1 first; a Date is written as a date cell, a number as a number cell, a string as text. */
  rows: unknown[][];
  /** e.g. 'A1:H1'. */
  merges?: string[];
  /** Number format of date cells (default yyyy-mm-dd). */
  dateFormat?: string;
}

export async function writeWorkbook(file: string, sheets: SheetSpec[]): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  for (const spec of sheets) {
    const sheet = workbook.addWorksheet(spec.name);
    for (const values of spec.rows) {
      const row = sheet.addRow(values);
      values.forEach((v, i) => {
        if (v instanceof Date) row.getCell(i + 1).numFmt = spec.dateFormat ?? 'yyyy-mm-dd';
      });
    }
    for (const m of spec.merges ?? []) sheet.mergeCells(m);
  }
  await workbook.xlsx.writeFile(file);
}

/** A large one-sheet workbook written as a stream (the test's own memory stays flat too). */
export async function writeLargeWorkbook(
  file: string,
  header: string[],
  count: number,
  rowOf: (i: number) => unknown[],
  title?: string,
): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
  const sheet = workbook.addWorksheet('监测对象');
  if (title) sheet.addRow([title]).commit();
  sheet.addRow(header).commit();
  for (let i = 0; i < count; i++) sheet.addRow(rowOf(i)).commit();
  sheet.commit();
  await workbook.commit();
}

/** A date cell's value for a local date (Excel dates have no zone: exceljs reads them as UTC midnight). */
export const dateCell = (iso: string) => new Date(`${iso}T00:00:00Z`);
