import { beforeEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../lib/adapters/memory/memory-store';
import { type SendDigestDeps, sendDigest } from '../../lib/app/send-digest';
import type { Digest } from '../../lib/domain/digest';
import { MailDeliveryError } from '../../lib/ports/mailer';
import type { Store } from '../../lib/ports/store';
import { units } from '../builders/case';
import {
  aCaseAt,
  aCaseHousehold,
  given,
  officialCalendar,
  type RecordingMailer,
  recordingMailer,
  resolveStored,
} from './digest-support';

// aCase opens on Fri 2026-09-18 06:00: township on Tue 09-22 06:00 (Sun 09-20 is a working day), county on Wed 09-30 (Fri 09-25 is 中秋).
const county = { level: 'county', code: units.county } as const;
const township = { level: 'township', code: units.township } as const;
const digestTime = (date: string) => `${date}T08:30:00+08:00`;
const at = (date: string) => `${date}T08:30:05+08:00`;

let store: Store;
let mailer: RecordingMailer;
let deps: SendDigestDeps;

beforeEach(() => {
  store = createMemoryStore();
  mailer = recordingMailer();
  deps = {
    store,
    mailer,
    calendar: officialCalendar,
    recipients: { [units.county]: ['county@example.org'] },
  };
});

const run = (unit: typeof county | typeof township, date: string) =>
  sendDigest(deps, { unit, asOf: digestTime(date), at: at(date) });

const lastDigest = () => mailer.sent.at(-1)!.json as Digest;

describe('sendDigest', () => {
  it('mails a county-level case as newly escalated on the day it reached the county', async () => {
    await given(store, [aCaseHousehold()], [aCaseAt('county')]);

    const result = await run(county, '2026-09-30');

    expect(result).toMatchObject({
      outcome: 'sent',
      date: '2026-09-30',
      outboxName: '2026-09-30-county-532931',
    });
    expect(mailer.sent).toHaveLength(1);
    expect(mailer.sent[0]!.to).toEqual(['county@example.org']);
    expect(mailer.sent[0]!.idempotencyKey).toBe('digest#county#532931#2026-09-30');
    expect(lastDigest().newlyEscalated.map((c) => c.caseId)).toEqual(['C-0001']);
    expect(lastDigest().since).toBeNull();
  });

  it('sends nothing the second time the same day and the log says sent', async () => {
    await given(store, [aCaseHousehold()], [aCaseAt('county')]);
    await run(county, '2026-09-30');

    const again = await run(county, '2026-09-30');

    expect(again.outcome).toBe('already_done');
    expect(mailer.sent).toHaveLength(1);
    expect(await store.digests.get(units.county, '2026-09-30')).toMatchObject({ status: 'sent' });
  });

  it('sends no mail and logs skipped when nothing is new, open or resolved', async () => {
    await given(store, [aCaseHousehold()], [aCaseAt('township')]);

    const result = await run(county, '2026-09-30');

    expect(result.outcome).toBe('skipped');
    expect(mailer.sent).toHaveLength(0);
    expect(await store.digests.get(units.county, '2026-09-30')).toMatchObject({ status: 'skipped' });
  });

  it('lists a case reported yesterday as still open with its age in working days', async () => {
    await given(store, [aCaseHousehold()], [aCaseAt('county')]);
    await run(county, '2026-09-30');

    await run(county, '2026-10-08');

    expect(lastDigest().since).toBe(digestTime('2026-09-30'));
    expect(lastDigest().newlyEscalated).toEqual([]);
    // opened Fri 09-18; working days 09-20, 21, 22, 23, 24, 28, 29, 30, 10-08
    expect(lastDigest().stillOpen.map((c) => [c.caseId, c.ageInWorkingDays])).toEqual([['C-0001', 9]]);
  });

  it('lists a case resolved since the last digest as resolved, once', async () => {
    const kase = aCaseAt('county');
    await given(store, [aCaseHousehold()], [kase]);
    await run(county, '2026-09-30');
    await resolveStored(store, kase, '2026-09-30T15:00:00+08:00');

    await run(county, '2026-10-08');
    const resolvedDay = lastDigest();
    const third = await run(county, '2026-10-09');

    expect(resolvedDay.resolved.map((c) => c.caseId)).toEqual(['C-0001']);
    expect(resolvedDay.stillOpen).toEqual([]);
    expect(third.outcome).toBe('skipped');
  });

  it('masks the head name and never carries the ID number', async () => {
    const household = aCaseHousehold({ headName: '张三明', headIdNumber: '53293119800101001X' });
    await given(store, [household], [aCaseAt('county')]);

    await run(county, '2026-09-30');

    const message = mailer.sent[0]!;
    const everything = [message.subject, message.html, message.text, JSON.stringify(message.json)].join('\n');
    expect(everything).toContain('张*明');
    expect(everything).not.toContain('张三明');
    expect(everything).not.toContain('53293119800101001X');
  });

  it('builds a township digest from the township-level cases of that township only', async () => {
    const here = aCaseAt('township', { caseId: 'C-here' });
    const elsewhere = aCaseAt('township', {
      caseId: 'C-elsewhere',
      householdId: 'H-0002',
      villageCode: '532931102201',
      townshipCode: '532931102',
    });
    await given(store, [aCaseHousehold(), aCaseHousehold({ householdId: 'H-0002' })], [here, elsewhere]);

    const result = await run(township, '2026-09-22');

    expect(result).toMatchObject({ outcome: 'sent', outboxName: '2026-09-22-township-532931101' });
    expect(lastDigest().township).toBe(units.township);
    expect(lastDigest().newlyEscalated.map((c) => c.caseId)).toEqual(['C-here']);
  });

  it('mails nothing to a unit without recipients when the mailer needs addresses', async () => {
    await given(store, [aCaseHousehold()], [aCaseAt('county')]);
    deps = { ...deps, recipients: {}, requireRecipients: true };

    const result = await run(county, '2026-09-30');

    expect(result.outcome).toBe('no_recipients');
    expect(mailer.sent).toHaveLength(0);
  });

  it('gives the claim back when the mail fails, so a retry delivers', async () => {
    await given(store, [aCaseHousehold()], [aCaseAt('county')]);
    mailer.failNext = new MailDeliveryError('throttled', true, 'TooManyRequestsException');

    await expect(run(county, '2026-09-30')).rejects.toThrow('throttled');
    const retry = await run(county, '2026-09-30');

    expect(retry.outcome).toBe('sent');
    expect(mailer.sent).toHaveLength(1);
  });

  it('issue 21: lists in the township digest its case that reached the county (已上报县级)', async () => {
    await given(store, [aCaseHousehold()], [aCaseAt('county')]);

    await run(township, '2026-09-30');

    const d = lastDigest();
    expect(d.stillOpen).toEqual([]);
    expect(d.escalatedToCounty.map((c) => c.caseId)).toEqual(['C-0001']);
    expect(d.counts).toMatchObject({ openAtCounty: 1, escalatedToCounty: 1 });
    expect(mailer.sent.at(-1)!.text).toContain('已上报县级');
  });

  it('issue 21: names units through unitName and links long sections to the web app', async () => {
    deps.unitName = (code) => (code === units.township ? '勐往乡' : undefined);
    deps.webBaseUrl = 'https://fanpin.example.cn';
    await given(store, [aCaseHousehold()], [aCaseAt('county')]);

    await run(county, '2026-09-30');

    expect(lastDigest().newlyEscalated[0]).toMatchObject({ townshipName: '勐往乡', grade: null });
    expect(mailer.sent.at(-1)!.text).toContain('勐往乡 村 532931101201');
    expect(mailer.sent.at(-1)!.text).toContain('在线查看：https://fanpin.example.cn/#/units/532931');
  });

  it('issue 21: names units from the county’s registered divisions by default', async () => {
    await store.divisions.putMany([
      { code: units.township, name: '勐往乡', level: 'township', parentCode: units.county },
      { code: '532931101201', name: '坝卡村', level: 'village', parentCode: units.township },
    ]);
    await given(store, [aCaseHousehold()], [aCaseAt('county')]);

    await run(county, '2026-09-30');

    expect(lastDigest().newlyEscalated[0]).toMatchObject({ townshipName: '勐往乡', villageName: '坝卡村' });
    expect(mailer.sent.at(-1)!.text).toContain('勐往乡');
    expect(mailer.sent.at(-1)!.text).toContain('坝卡村');
  });
});
