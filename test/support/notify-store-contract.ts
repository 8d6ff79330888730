// The NotifyStore contract (issue 21), run against the memory twin and DynamoDB Local.
import { describe, expect, it } from 'vitest';
import type { Store } from '../../lib/ports/store';

const at = '2026-12-07T09:00:00+08:00';
const wecom = {
  kind: 'wecom' as const,
  webhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abcd-1234',
};

export function notifyStoreContract(name: string, makeStore: () => Promise<Store>): void {
  describe(`${name}: notice channels (issue 21)`, () => {
    it('stores a unit’s channels as versions, lists the current ones and refuses a stale version', async () => {
      const { notify } = await makeStore();
      expect(await notify.get('532931')).toBeNull();

      await notify.save({ unitCode: '532931', channels: [wecom], updatedBy: 'ops', updatedAt: at }, 0);
      const second = await notify.save(
        { unitCode: '532931', channels: [], updatedBy: 'ops2', updatedAt: at },
        1,
      );
      await notify.save({ unitCode: '532931101', channels: [wecom], updatedBy: 'ops', updatedAt: at }, 0);

      expect(second.version).toBe(2);
      expect(await notify.get('532931')).toMatchObject({ version: 2, channels: [], updatedBy: 'ops2' });
      expect((await notify.list()).map((s) => [s.unitCode, s.version])).toEqual([
        ['532931', 2],
        ['532931101', 1],
      ]);
      expect((await notify.versions('532931')).map((v) => v.channels.length)).toEqual([1, 0]);
      await expect(
        notify.save({ unitCode: '532931', channels: [wecom], updatedBy: 'x', updatedAt: at }, 1),
      ).rejects.toMatchObject({ code: 'conflict' });
    });

    it('claims a delivery once, again after a release or a stale claim, never after completion', async () => {
      const { notify } = await makeStore();
      const key = 'digest#county#532931#2026-12-07#wecom';
      expect(await notify.deliveries.claim(key, at)).toBe(true);
      expect(await notify.deliveries.claim(key, at)).toBe(false);
      await notify.deliveries.release(key);
      expect(await notify.deliveries.claim(key, at)).toBe(true);
      expect(await notify.deliveries.claim(key, '2026-12-07T09:20:00+08:00')).toBe(true); // lease of 15 min passed
      await notify.deliveries.complete(key, at);
      await notify.deliveries.release(key);
      expect(await notify.deliveries.claim(key, '2026-12-08T09:00:00+08:00')).toBe(false);
    });
  });
}
