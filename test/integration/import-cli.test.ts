// `fanpin import households` as a user runs it: the real command in a child process against a local
// stack (started here, in-process, without the demo), checking its exit code, its last line and the
// errors file.
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { residentIdCheckDigit } from '../../lib/domain/resident-id';
import { healthHandler, route } from '../../lib/local/handlers';
import { type RunningLocalStack, startLocalStack } from '../../lib/local/stack';
import { mixedAsOf, mixedSummary } from '../fixtures/import/mixed-expected';
import { writeWorkbook } from '../support/workbooks';

const bin = path.resolve('bin/fanpin.mjs');
const fixtures = path.join(import.meta.dirname, '../fixtures/import');
const work = mkdtempSync(path.join(tmpdir(), 'fanpin-import-cli-'));
const dataDir = path.join(work, 'data');
let stack: RunningLocalStack;

function fanpin(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { env: withoutNow }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const { FANPIN_NOW: _now, ...withoutNow } = process.env;

const lastLine = (text: string) => text.trim().split('\n').at(-1) ?? '';

beforeAll(async () => {
  stack = await startLocalStack({
    dataDir,
    port: 0,
    demo: false,
    schedules: false,
    handlers: {
      routes: [route('GET /v1/health', async () => ({ handler: healthHandler }), { auth: 'none' })],
      queues: {},
      schedules: {},
    },
  });
});

afterAll(async () => {
  await stack?.stop();
});

describe('fanpin import households', () => {
  it('imports the mixed file, writes the errors file and prints the summary last, with exit code 0', async () => {
    const file = path.join(work, 'mixed.csv');
    copyFileSync(path.join(fixtures, 'mixed.csv'), file);

    const { code, stdout } = await fanpin(
      'import',
      'households',
      file,
      '--as-of',
      mixedAsOf,
      '--data-dir',
      dataDir,
    );

    expect(code).toBe(0);
    expect(JSON.parse(lastLine(stdout))).toEqual(mixedSummary);
    const errors = readFileSync(path.join(work, 'mixed.errors.csv'), 'utf8');
    expect(errors.startsWith('\uFEFFrow,column,reason,code,detail\r\n')).toBe(true);
    expect(errors).toContain('5,members,不能小于 1（填的是 0）,too_small,must be at least 1 (got 0)\r\n');
    expect(errors).toContain(
      '16,householdId,户编号与第 2 行重复,duplicate_row,householdId repeats row 2\r\n',
    );
    expect(errors.trim().split('\r\n')).toHaveLength(1 + mixedSummary.rejected);
  });

  it('removes a stale errors file when no row is rejected', async () => {
    const file = path.join(work, 'good.csv');
    copyFileSync(path.join(fixtures, 'good-utf8-bom.csv'), file);
    writeFileSync(path.join(work, 'good.errors.csv'), 'stale');

    const { code, stdout } = await fanpin(
      'import',
      'households',
      file,
      '--as-of',
      mixedAsOf,
      '--data-dir',
      dataDir,
    );

    expect(code).toBe(0);
    expect(JSON.parse(lastLine(stdout))).toMatchObject({ read: 4, rejected: 0 });
    expect(existsSync(path.join(work, 'good.errors.csv'))).toBe(false);
  });

  it('fails with one clear line when the file cannot be read', async () => {
    const { code, stderr } = await fanpin(
      'import',
      'households',
      path.join(work, 'missing.csv'),
      '--data-dir',
      dataDir,
    );

    expect(code).not.toBe(0);
    expect(
      stderr
        .trim()
        .split('\n')
        .filter((l) => !l.startsWith('npm warn')),
    ).toEqual([expect.stringMatching(/^fanpin: cannot read .*missing\.csv: ENOENT$/)]);
  });

  it('imports an .xlsx sheet by name and names the sheet and the cell of each rejected field', async () => {
    const file = path.join(work, 'county.xlsx');
    const s17 = '53293119750312077';
    await writeWorkbook(file, [
      { name: '说明', rows: [['填表说明']] },
      {
        name: '监测对象',
        rows: [
          ['XX县防止返贫监测对象信息表'],
          ['户编号', '村级区划代码', '户主姓名', '户主身份证号', '家庭人口数'],
          ['XL-1', '532931101201', '张三', s17 + residentIdCheckDigit(s17), 3],
          ['XL-2', '532931101201', '李四', Number(`${s17}1`), 0],
        ],
        merges: ['A1:E1'],
      },
    ]);

    const { code, stdout } = await fanpin(
      'import',
      'households',
      file,
      '--sheet',
      '监测对象',
      '--as-of',
      mixedAsOf,
      '--data-dir',
      dataDir,
    );

    expect(code).toBe(0);
    expect(JSON.parse(lastLine(stdout))).toEqual({
      read: 2,
      created: 1,
      updated: 0,
      unchanged: 0,
      rejected: 1,
    });
    const errors = readFileSync(path.join(work, 'county.errors.csv'), 'utf8').trimEnd().split('\r\n');
    expect(errors[0]).toBe('\uFEFFrow,column,reason,code,detail,sheet,cell');
    expect(errors[1]).toMatch(
      /^4,户主身份证号,Excel 把它存成了数字（显示为 5\.32931E\+17）.*,id_stored_as_number,.*,监测对象,D4$/,
    );
    expect(errors[2]).toBe(
      '4,家庭人口数,不能小于 1（填的是 0）,too_small,must be at least 1 (got 0),监测对象,E4',
    );
  });

  it('refuses a corrupt workbook with one clear line, a non-zero exit and no errors file', async () => {
    const file = path.join(work, 'corrupt.xlsx');
    writeFileSync(file, 'PK\u0003\u0004 this archive was cut short');

    const { code, stdout, stderr } = await fanpin('import', 'households', file, '--data-dir', dataDir);

    expect(code).not.toBe(0);
    expect(stdout).toBe('');
    expect(
      stderr
        .trim()
        .split('\n')
        .filter((l) => !l.startsWith('npm warn')),
    ).toEqual([
      expect.stringMatching(/^fanpin: .*corrupt\.xlsx is corrupt: the workbook is cut short \(truncated\)$/),
    ]);
    expect(existsSync(path.join(work, 'corrupt.errors.csv'))).toBe(false);
  });

  it('reads a county’s own header names from --columns map.json, and refuses a map naming no column', async () => {
    const s17 = '53293119750312088';
    const file = path.join(work, 'own-names.csv');
    writeFileSync(
      file,
      `户编号,所在村编码,户主姓名,户主证件号码,人口数\n\nOW-1,532931101201,王五,${s17}${residentIdCheckDigit(s17)},2\n`,
    );
    const map = path.join(work, 'map.json');
    writeFileSync(map, JSON.stringify({ 所在村编码: 'villageCode' }));
    const badMap = path.join(work, 'bad-map.json');
    writeFileSync(badMap, JSON.stringify({ 所在村编码: '村' }));

    const ok = await fanpin(
      'import',
      'households',
      file,
      '--columns',
      map,
      '--as-of',
      mixedAsOf,
      '--data-dir',
      dataDir,
    );
    const bad = await fanpin('import', 'households', file, '--columns', badMap, '--data-dir', dataDir);

    expect(ok.code).toBe(0);
    expect(JSON.parse(lastLine(ok.stdout))).toMatchObject({ read: 1, created: 1, rejected: 0 });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(
      /^fanpin: column map .*bad-map\.json: "所在村编码": "村" is not a household column$/m,
    );
  });
});

describe('fanpin import measures', () => {
  it('adds the measures of a CSV to imported households, writes the errors file and prints the summary last', async () => {
    const s17 = '53293119750312099';
    const households = path.join(work, 'for-measures.csv');
    writeFileSync(
      households,
      `户编号,村级区划代码,户主姓名,户主身份证号,家庭人口数,监测状态,纳入监测日期\nME-1,532931101201,赵六,${s17}${residentIdCheckDigit(s17)},2,监测中,2026-09-01\n`,
    );
    const measures = path.join(work, 'measures.csv');
    writeFileSync(
      measures,
      '户编号,措施类型,开始日期,措施状态,备注\nME-1,产业帮扶,2026-09-10,,\nME-404,就业帮扶,2026-09-10,,\n',
    );

    await fanpin('import', 'households', households, '--as-of', mixedAsOf, '--data-dir', dataDir);
    const { code, stdout } = await fanpin(
      'import',
      'measures',
      measures,
      '--as-of',
      mixedAsOf,
      '--data-dir',
      dataDir,
    );

    expect(code).toBe(0);
    expect(JSON.parse(lastLine(stdout))).toEqual({
      read: 2,
      created: 1,
      updated: 0,
      unchanged: 0,
      rejected: 1,
    });
    expect(readFileSync(path.join(work, 'measures.errors.csv'), 'utf8')).toBe(
      '\uFEFFrow,column,reason,code,detail\r\n3,户编号,没有户编号为 ME-404 的农户（请先导入农户）,household_not_found,no household ME-404 (import the household first)\r\n',
    );
  });
});
