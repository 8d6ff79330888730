// `fanpin import template households|measures [--format xlsx|csv] [--out FILE]`: writes an import template
// (Chinese headers, one example row, and the explanation of each column: a second sheet 填写说明, or
// NAME.说明.csv beside a CSV). Needs no stack. The last line is JSON {file, explanation?}.
import { existsSync } from 'node:fs';
import { writeTemplateCsv, writeTemplateXlsx } from '../../adapters/xlsx/template-writer';
import { importTemplate, type TemplateKind } from '../../app/import-template';
import { CliError } from '../cli-errors';
import type { CommandIo } from './shared';

export interface ImportTemplateOptions {
  kind: string;
  format: string;
  out?: string;
  force?: boolean;
}

export async function importTemplateCommand(options: ImportTemplateOptions, io: CommandIo): Promise<void> {
  if (options.kind !== 'households' && options.kind !== 'measures')
    throw new CliError(`template: "${options.kind}" is not households or measures`);
  if (options.format !== 'xlsx' && options.format !== 'csv')
    throw new CliError(`template: --format must be xlsx or csv (got "${options.format}")`);
  const kind: TemplateKind = options.kind;
  const file = options.out ?? `${kind}-template.${options.format}`;
  if (existsSync(file) && !options.force)
    throw new CliError(`${file} already exists (--force to replace it)`);
  const template = importTemplate(kind);
  if (options.format === 'xlsx') {
    await writeTemplateXlsx(file, template);
    io.err(
      `wrote ${file}: sheet "${template.sheetName}" with the headers and an example row, sheet "填写说明" explaining each column`,
    );
    io.out(JSON.stringify({ file }));
  } else {
    const explanation = await writeTemplateCsv(file, template);
    io.err(`wrote ${file} (headers and an example row) and ${explanation} (what each column takes)`);
    io.out(JSON.stringify({ file, explanation }));
  }
}
