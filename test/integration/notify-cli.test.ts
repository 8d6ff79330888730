// Issue 21: `fanpin notify set|list|remove` in deployed mode against DynamoDB Local: channels are data in the
// table, changed without a redeploy, every change a version; webhooks are never printed in full.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoStore } from '../../lib/adapters/dynamodb/dynamo-store';
import { ensureTables } from '../../lib/adapters/dynamodb/table-definition';
import { testDynamoClient, uniqueName, useDeployedEnvironment } from '../support/aws';
import { runFanpin } from '../support/cli';

const client = testDynamoClient();
const tableName = uniqueName('notify');
const secret = 'notify-test-secret-0123';
let restoreEnvironment: () => void;

async function fanpin(argv: string[]) {
  const { code, out, err } = await runFanpin(argv);
  return { code, out: out.join('\n'), err: err.join('\n'), json: () => JSON.parse(out.at(-1) ?? 'null') };
}

beforeAll(async () => {
  await ensureTables(client, tableName);
  restoreEnvironment = useDeployedEnvironment(tableName, { ID_HASH_SECRET: secret });
}, 60_000);

afterAll(() => restoreEnvironment());

describe('fanpin notify (issue 21)', () => {
  it('sets, lists and removes a unit’s channels in the table, masking the webhook and the secret', async () => {
    const wecom = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7aaa-4bc4-97a0-0ec2sifa5aaa';
    const set = await fanpin(['notify', 'set', '--unit', '532931', '--wecom', wecom, '--by', 'ops']);
    expect(set.code).toBe(0);
    const ding = await fanpin([
      'notify',
      'set',
      '--unit',
      '532931',
      '--by',
      'ops',
      '--dingtalk',
      'https://oapi.dingtalk.com/robot/send?access_token=abcdef123456',
      '--secret',
      'SECfedcba9876543210',
    ]);
    expect(ding.json()).toMatchObject({ unit: '532931', version: 2 });

    const list = await fanpin(['notify', 'list']);
    expect(list.code).toBe(0);
    expect(list.json()).toEqual([
      {
        unit: '532931',
        version: 2,
        channels: [
          { kind: 'wecom', webhook: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…5aaa' },
          {
            kind: 'dingtalk',
            webhook: 'https://oapi.dingtalk.com/robot/send?access_token=…3456',
            signed: true,
          },
        ],
      },
    ]);
    const printed = [set, ding, list].map((r) => r.out + r.err).join('\n');
    expect(printed).not.toContain('693a91f6-7aaa');
    expect(printed).not.toContain('abcdef123456');
    expect(printed).not.toContain('SECfedcba');

    const removed = await fanpin(['notify', 'remove', '--unit', '532931', '--channel', 'wecom']);
    expect(removed.json()).toMatchObject({ version: 3, channels: [{ kind: 'dingtalk' }] });

    const store = createDynamoStore({ client, tableName });
    expect((await store.notify.versions('532931')).map((v) => v.channels.map((c) => c.kind))).toEqual([
      ['wecom'],
      ['wecom', 'dingtalk'],
      ['dingtalk'],
    ]);
    expect((await store.notify.get('532931'))?.channels[0]).toMatchObject({ secret: 'SECfedcba9876543210' });
  });

  it('refuses a bad webhook in one line naming the problem, and removing what is not there', async () => {
    const bad = await fanpin([
      'notify',
      'set',
      '--unit',
      '532931101',
      '--wecom',
      'http://example.org/hook?key=x',
    ]);
    expect(bad.code).not.toBe(0);
    expect(bad.err).toContain('must be an https:// address');

    const none = await fanpin(['notify', 'remove', '--unit', '532931102']);
    expect(none.code).not.toBe(0);
    expect(none.err).toContain('has no notice channel to remove');
  });
});
