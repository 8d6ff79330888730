import { readFileSync } from 'node:fs';
import type { SQSEvent } from 'aws-lambda';
import { beforeEach, describe, expect, it } from 'vitest';
import { makeHandler } from '../../functions/sqs-ingest-alert';
import { createMemoryIdVault } from '../../lib/adapters/memory/memory-id-vault';
import { createMemoryStore } from '../../lib/adapters/memory/memory-store';
import { applyHouseholdChange } from '../../lib/app/apply-household-change';
import type { Household } from '../../lib/domain/model';
import { defaultPolicy } from '../../lib/domain/policy';
import { WorkingDayCalendar } from '../../lib/domain/working-days';
import { lambdaContext } from '../../lib/local/lambda-context';
import type { Store } from '../../lib/ports/store';
import { aHousehold } from '../builders/household';

const event = (name: string): SQSEvent =>
  JSON.parse(readFileSync(new URL(`../../events/sqs/${name}`, import.meta.url), 'utf8'));
const context = lambdaContext('sqs-ingest-alert');

let store: Store;
let handler: ReturnType<typeof makeHandler>;

beforeEach(async () => {
  store = createMemoryStore();
  let n = 0;
  const deps = {
    store,
    policyFor: () => defaultPolicy,
    calendar: WorkingDayCalendar.chinaOfficial(),
    newId: () => `id-${++n}`,
    idNumbers: createMemoryIdVault(),
    now: () => new Date('2026-12-01T02:00:00Z'),
  };
  const put = (h: Household) =>
    applyHouseholdChange(deps, {
      before: null,
      after: h,
      at: '2026-11-01T10:00:00+08:00',
      actor: { kind: 'system', name: 'test' },
      auditType: 'household_imported',
    });
  await put(aHousehold({ householdId: 'H0001', headIdNumber: '53293119800101001X' }));
  await put(aHousehold({ householdId: 'H0002', headIdNumber: '532931198001011234' }));
  handler = makeHandler(deps);
});

describe('sqs-ingest-alert', () => {
  it('raises a lead for an alert naming the household id', async () => {
    const result = await handler(event('alert-ingest.by-household-id.json'), context);

    expect(result).toEqual({ batchItemFailures: [] });
    expect((await store.households.get('H0001'))?.lead?.alertRef).toBe('medical_insurance:YB-2026-0001');
  });

  it('raises a lead for an alert naming the head ID number', async () => {
    await handler(event('alert-ingest.by-id-number.json'), context);

    expect((await store.households.get('H0002'))?.lead?.alertRef).toBe('civil_affairs:MZ-2026-0042');
  });

  it('keeps an unmatched alert and reports the message done', async () => {
    const result = await handler(event('alert-ingest.unmatched.json'), context);

    expect(result).toEqual({ batchItemFailures: [] });
    expect((await store.alerts.unmatched()).items.map((a) => a.unmatchedReason)).toEqual([
      'household_not_found',
    ]);
  });

  it('fails only the malformed messages of a batch and ingests the rest', async () => {
    const poison = event('alert-ingest.poison.json');

    const result = await handler(poison, context);

    expect(result).toEqual({
      batchItemFailures: [
        { itemIdentifier: poison.Records[0]!.messageId },
        { itemIdentifier: poison.Records[1]!.messageId },
      ],
    });
    expect((await store.households.get('H0001'))?.status).toBe('candidate');
  });

  it('treats a redelivered alert as done without a second lead case', async () => {
    await handler(event('alert-ingest.by-household-id.json'), context);

    const again = await handler(event('alert-ingest.by-household-id.json'), context);

    expect(again).toEqual({ batchItemFailures: [] });
    expect(await store.cases.openCasesForHousehold('H0001')).toHaveLength(1);
  });
});
