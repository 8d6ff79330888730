// Issue 21: a village's morning worklist ("今日应走访 5 户，逾期 2 户") on working days, to the channels its
// officers set (`fanpin notify set --unit <village>`): the 08:30 schedule queues one per such village beside the
// digests, and the notify queue's consumer delivers it, each channel at most once a day.
import { escapeHtml } from '../domain/render/digest-html';
import { addDays, localDateOf } from '../domain/time';
import type { WorkingDayCalendar } from '../domain/working-days';
import {
  buildWorklist,
  renderWorklistMarkdown,
  renderWorklistText,
  type VillageWorklist,
  worklistSubject,
} from '../domain/worklist';
import type { GroupRobots } from '../ports/group-robot';
import type { HouseholdSummary } from '../ports/household-store';
import type { Mailer } from '../ports/mailer';
import type { Store } from '../ports/store';
import { type ChannelOutcome, deliverOnChannels, deliveryPlan } from './deliver-digest';

export interface SendWorklistDeps {
  store: Pick<Store, 'households'> & Partial<Pick<Store, 'notify'>>;
  mailer: Mailer;
  robots?: GroupRobots;
  calendar: WorkingDayCalendar;
  /** True when the mailer is the local outbox: the worklist is written there even without an e-mail channel
   *  (elsewhere mail goes only to stored addresses: a deployment's SNS topic belongs to the county). */
  localOutbox?: boolean;
  unitName?: (code: string) => string | undefined;
  timeZone?: string;
}

export type WorklistOutcome = 'sent' | 'non_working_day' | 'no_channels' | 'nothing_due';

/** The village's households due on or before `date` (§7), all pages. */
async function dueHouseholds(store: SendWorklistDeps['store'], village: string, date: string) {
  const out: HouseholdSummary[] = [];
  let cursor: string | null = null;
  do {
    const page = await store.households.listByUnit(
      village,
      { overdueAsOf: addDays(date, 1) },
      { limit: 500, cursor },
    );
    out.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return out;
}

export async function sendVillageWorklist(
  deps: SendWorklistDeps,
  request: { villageCode: string; asOf: string; at: string },
): Promise<{
  outcome: WorklistOutcome;
  date: string;
  worklist?: VillageWorklist;
  channels?: { kind: string; outcome: ChannelOutcome }[];
}> {
  const date = localDateOf(request.asOf, deps.timeZone ?? 'Asia/Shanghai');
  if (!deps.calendar.isWorkingDay(date)) return { outcome: 'non_working_day', date };
  const notify = deps.store.notify;
  const settings = await notify?.get(request.villageCode);
  if (!notify || !settings || settings.channels.length === 0) return { outcome: 'no_channels', date };
  const name = deps.unitName?.(request.villageCode);
  const worklist = buildWorklist({
    villageCode: request.villageCode,
    date,
    households: await dueHouseholds(deps.store, request.villageCode, date),
    ...(name !== undefined ? { villageName: name } : {}),
  });
  if (worklist.due === 0) return { outcome: 'nothing_due', date, worklist };
  const plan = await deliveryPlan(
    { notify: deps.store.notify, recipients: {}, requireRecipients: true },
    request.villageCode,
  );
  const text = renderWorklistText(worklist);
  const channels = await deliverOnChannels(
    { ...deps, notify, recipients: {} },
    plan,
    {
      key: `worklist#village#${request.villageCode}#${date}`,
      subject: worklistSubject(worklist),
      html: `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"></head><body><pre style="font-family:sans-serif;white-space:pre-wrap;">${escapeHtml(text)}</pre></body></html>\n`,
      text,
      outboxName: `${date}-village-${request.villageCode}-worklist`,
      json: worklist,
      robot: () => renderWorklistMarkdown(worklist),
    },
    request.at,
  );
  return { outcome: 'sent', date, worklist, channels };
}
