// Writes an import template (lib/app/import-template.ts): an .xlsx with the data sheet (Chinese headers,
// the example row, ID and code columns formatted as text so Excel keeps every digit) and a second sheet
// 填写说明 explaining each column; or a UTF-8 CSV (with a BOM, so Excel shows Chinese) and the explanation
// beside it as NAME.说明.csv, since a CSV has one sheet.
import { writeFile } from 'node:fs/promises';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { type Template, templateExplanation } from '../../app/import-template';
import { errorsCsvOptions } from '../csv/errors-file';

export async function writeTemplateXlsx(file: string, template: Template): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const data = workbook.addWorksheet(template.sheetName);
  data.addRow(template.columns.map((c) => c.header)).font = { bold: true };
  data.addRow(template.columns.map((c) => c.example));
  template.columns.forEach((c, i) => {
    const column = data.getColumn(i + 1);
    column.width = Math.max(10, Math.min(40, c.example.length * 1.6 + 4, c.header.length * 2.2 + 4));
    if (c.text) column.numFmt = '@';
  });
  data.views = [{ state: 'frozen', ySplit: 1 }];
  const explain = workbook.addWorksheet('填写说明');
  for (const row of templateExplanation(template)) explain.addRow(row);
  explain.getRow(1).font = { bold: true };
  explain.columns = [{ width: 16 }, { width: 20 }, { width: 10 }, { width: 80 }, { width: 24 }];
  await workbook.xlsx.writeFile(file);
}

const csvText = (rows: string[][]) => stringify(rows, { ...errorsCsvOptions, bom: true });

/** Writes FILE and its explanation; returns the explanation's path. */
export async function writeTemplateCsv(file: string, template: Template): Promise<string> {
  await writeFile(
    file,
    csvText([template.columns.map((c) => c.header), template.columns.map((c) => c.example)]),
  );
  const explanation = file.replace(/(\.csv)?$/i, '.说明.csv');
  await writeFile(explanation, csvText(templateExplanation(template)));
  return explanation;
}
