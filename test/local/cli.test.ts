import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { localTokens } from '../../lib/local/tokens';
import { runFanpin } from '../support/cli';

async function cli(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const { code, out, err } = await runFanpin(argv, env);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const dataDir = () => mkdtempSync(path.join(tmpdir(), 'fanpin-cli-'));

describe('the fanpin CLI', () => {
  it.each([
    [['local'], ['--port <n>', '--data-dir <dir>', '--no-demo', '--no-schedules']],
    [
      ['import', 'households'],
      ['<file>', '--as-of <iso>', '--recount', '--data-dir <dir>'],
    ],
    [
      ['import', 'alerts'],
      ['<file>', '--data-dir <dir>'],
    ],
    [['sweep'], ['<kind>', '--as-of <iso>', '--data-dir <dir>']],
    [['digest'], ['--county <code>', '--township <code>', '--as-of <iso>', '--data-dir <dir>']],
    [['report'], ['--unit <code>', '--month <YYYY-MM>', '--format <format>', '--data-dir <dir>']],
    [['token'], ['--role <role>', '--unit <code>', '--data-dir <dir>']],
    [
      ['notify', 'set'],
      [
        '--unit <code>',
        '--email <addresses>',
        '--wecom <url>',
        '--dingtalk <url>',
        '--secret',
        '--data-dir <dir>',
      ],
    ],
    [
      ['notify', 'list'],
      ['--unit <code>', '--data-dir <dir>'],
    ],
    [
      ['notify', 'remove'],
      ['--unit <code>', '--channel <kind>', '--data-dir <dir>'],
    ],
  ])('`fanpin %s --help` lists its options', async (command, options) => {
    const { code, out } = await cli([...command, '--help']);

    expect(code).toBe(0);
    for (const option of options) expect(out).toContain(option);
  });

  it('`fanpin token` prints a token the data directory’s key verifies', async () => {
    const dir = dataDir();

    const { code, out } = await cli([
      'token',
      '--role',
      'township',
      '--unit',
      '532931101',
      '--data-dir',
      dir,
    ]);

    expect(code).toBe(0);
    await expect((await localTokens(dir)).verifyToken(out.trim())).resolves.toMatchObject({
      role: 'township',
      unit: '532931101',
    });
  });

  it('`fanpin token` refuses a unit code of the wrong length in one line, exit 1', async () => {
    const { code, err } = await cli([
      'token',
      '--role',
      'village',
      '--unit',
      '532931101',
      '--data-dir',
      dataDir(),
    ]);

    expect(code).toBe(1);
    expect(err).toBe('fanpin: a village unit code is 12 digits, not "532931101"');
  });

  it.each([
    [['import', 'households', 'x.csv']],
    [['import', 'divisions', 'x.csv']],
    [['import', 'alerts', 'x.csv']],
    [['sweep', 'monthly', '--as-of', '2026-12-01T02:00:00+08:00']],
    [['digest', '--county', '532931']],
    [['report', '--unit', '532931', '--month', '2026-11']],
  ])('`fanpin %s` without a running stack says so in one line naming the data dir, exit 1', async (argv) => {
    const dir = dataDir();

    const { code, out, err } = await cli([...argv, '--data-dir', dir]);

    expect(code).toBe(1);
    expect(out).toBe('');
    // Issue 21: the hint repeats --data-dir.
    expect(err).toBe(
      `fanpin: no local stack is running for ${dir}: start it with \`npm start -- --data-dir ${dir}\``,
    );
  });

  it('rejects an --as-of that is not an ISO time, naming where it came from', async () => {
    expect((await cli(['sweep', 'daily', '--as-of', 'tomorrow'])).err).toContain(
      '--as-of "tomorrow" is not an ISO-8601 time',
    );
    expect((await cli(['sweep', 'daily'], { FANPIN_NOW: 'soon' })).err).toContain('FANPIN_NOW "soon" is not');
  });

  it('`fanpin digest` wants exactly one of --county and --township', async () => {
    const { code, err } = await cli(['digest', '--county', '532931', '--township', '532931101']);

    expect(code).toBe(1);
    expect(err).toBe('fanpin: give exactly one of --county CODE and --township CODE');
  });

  it('divisions: `fanpin import divisions --help` names the columns and the checks', async () => {
    const { code, out } = await cli(['import', 'divisions', '--help']);

    expect(code).toBe(0);
    expect(out).toContain('区划代码');
    expect(out).toContain('unknown parent');
    expect(out).toContain('--county <code>');
  });

  it('an unknown sweep kind is a usage error', async () => {
    expect((await cli(['sweep', 'weekly'])).code).not.toBe(0);
  });
});
