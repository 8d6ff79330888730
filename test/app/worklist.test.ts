// Issue 21: a village's short morning worklist ("今日应走访 5 户，逾期 2 户") on working days, to the channels its
// officers set; a test server on 127.0.0.1 stands in for the WeCom robot.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../lib/adapters/memory/memory-store';
import { createWebhookRobots } from '../../lib/adapters/notify/webhook-robots';
import { sendVillageWorklist } from '../../lib/app/send-worklist';
import { type NotifyMessage, startDigests } from '../../lib/app/start-digests';
import { buildWorklist, worklistHeadline } from '../../lib/domain/worklist';
import type { Store } from '../../lib/ports/store';
import { aHousehold } from '../builders/household';
import { startWebhookServer, type WebhookServer } from '../support/webhook-server';
import { officialCalendar, type RecordingMailer, recordingMailer } from './digest-support';

const village = '532931101201';
let server: WebhookServer;
beforeAll(async () => {
  server = await startWebhookServer();
});
afterAll(() => server.close());

describe('buildWorklist (issue 21)', () => {
  it('counts the households due today or earlier and the overdue ones, most overdue first', () => {
    const w = buildWorklist({
      villageCode: village,
      date: '2026-12-08',
      households: [
        { householdId: 'A', headName: '张三明', grade: 'blue', nextVisitDue: '2026-12-08' },
        { householdId: 'B', headName: '李四', grade: 'red', nextVisitDue: '2026-12-01' },
        { householdId: 'C', headName: '王五', grade: 'yellow', nextVisitDue: '2026-12-09' },
        { householdId: 'D', headName: '赵六', grade: 'red', nextVisitDue: '2026-12-06' },
      ],
    });
    expect(worklistHeadline(w)).toBe('今日应走访 3 户，逾期 2 户');
    expect(w.households.map((h) => [h.householdId, h.daysOverdue, h.headName])).toEqual([
      ['B', 7, '李*'],
      ['D', 2, '赵*'],
      ['A', 0, '张*明'],
    ]);
  });
});

describe('sendVillageWorklist (issue 21)', () => {
  let store: Store;
  let mailer: RecordingMailer;
  beforeEach(async () => {
    server.requests.length = 0;
    store = createMemoryStore();
    mailer = recordingMailer();
    await store.commit({
      households: [
        {
          household: aHousehold({ householdId: 'H1', nextVisitDue: '2026-12-01', visitClass: 'red' }),
          expectedVersion: null,
        },
        {
          household: aHousehold({ householdId: 'H2', nextVisitDue: '2026-12-08', visitClass: 'blue' }),
          expectedVersion: null,
        },
        {
          household: aHousehold({ householdId: 'H3', nextVisitDue: '2026-12-20', visitClass: 'blue' }),
          expectedVersion: null,
        },
      ],
    });
    await store.notify.save(
      {
        unitCode: village,
        channels: [{ kind: 'wecom', webhookUrl: `${server.origin}/cgi-bin/webhook/send?key=village-key` }],
        updatedBy: 'ops',
        updatedAt: '2026-12-07T10:00:00+08:00',
      },
      0,
    );
  });
  const deps = () => ({
    store,
    mailer,
    robots: createWebhookRobots({ retryDelayMs: 1 }),
    calendar: officialCalendar,
  });

  it('posts 今日应走访 2 户，逾期 1 户 to the village’s robot on a working day, once', async () => {
    const request = {
      villageCode: village,
      asOf: '2026-12-08T08:30:00+08:00',
      at: '2026-12-08T08:30:05+08:00',
    };
    const result = await sendVillageWorklist(deps(), request);
    await sendVillageWorklist(deps(), request);

    expect(result).toMatchObject({ outcome: 'sent', worklist: { due: 2, overdue: 1 } });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.body).toMatchObject({
      msgtype: 'markdown',
      markdown: { content: expect.stringContaining('今日应走访 2 户，逾期 1 户') },
    });
    expect(mailer.sent).toHaveLength(0); // no e-mail channel, not the local outbox
  });

  it('sends nothing on a rest day', async () => {
    const result = await sendVillageWorklist(deps(), {
      villageCode: village,
      asOf: '2026-12-06T08:30:00+08:00',
      at: '2026-12-06T08:30:05+08:00',
    });
    expect(result.outcome).toBe('non_working_day');
    expect(server.requests).toHaveLength(0);
  });

  it('is queued by the 08:30 schedule for villages with channels', async () => {
    const queued: NotifyMessage[] = [];
    await startDigests(
      {
        cases: store.cases,
        counters: store.counters,
        notify: store.notify,
        calendar: officialCalendar,
        recipients: {},
        enqueue: async (m) => {
          queued.push(...m);
        },
      },
      '2026-12-08T08:30:00+08:00',
    );
    expect(queued).toContainEqual({
      kind: 'worklist',
      villageCode: village,
      asOf: '2026-12-08T08:30:00+08:00',
    });
  });
});
