// Department alerts through the SQS emulator into DynamoDB Local: matching by household id and by head ID
// number (the keyed hash index), a duplicate ignored, an unmatched alert kept, and a poison message moved to
// the DLQ after its retries without holding back the good messages of its batch.
import { randomUUID } from 'node:crypto';
import { CreateQueueCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { afterEach, describe, expect, it } from 'vitest';
import { makeHandler } from '../../functions/sqs-ingest-alert';
import { createDynamoStore } from '../../lib/adapters/dynamodb/dynamo-store';
import { ensureTables } from '../../lib/adapters/dynamodb/table-definition';
import { applyHouseholdChange, type HouseholdChangeDeps } from '../../lib/app/apply-household-change';
import { defaultPolicy } from '../../lib/domain/policy';
import { WorkingDayCalendar } from '../../lib/domain/working-days';
import { queueAttributes, queues } from '../../lib/infra/queues';
import {
  messagesInQueue,
  queueArn,
  type SqsEventSource,
  startSqsEventSource,
} from '../../lib/local/sqs-event-source';
import { aHousehold, aMonitoredHousehold } from '../builders/household';
import { testDynamoClient, testSqsClient, uniqueName } from '../support/aws';

process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';

const sources: SqsEventSource[] = [];
afterEach(async () => {
  await Promise.all(sources.splice(0).map((s) => s.stop()));
});

async function stack() {
  const dynamo = testDynamoClient();
  const sqs = testSqsClient();
  const tableName = uniqueName('alerts');
  await ensureTables(dynamo, tableName);
  const store = createDynamoStore({
    client: dynamo,
    tableName,
    idHashSecret: 'test-secret',
    retry: { baseDelayMs: 5 },
  });
  const deps: HouseholdChangeDeps = {
    store,
    policyFor: () => defaultPolicy,
    calendar: WorkingDayCalendar.chinaOfficial(),
    newId: randomUUID,
  };
  for (const h of [
    aHousehold({ householdId: 'H0001', headIdNumber: '53293119800101001X' }),
    aHousehold({ householdId: 'H0002', headIdNumber: '532931198001011234' }),
    aMonitoredHousehold({ householdId: 'H0003', headIdNumber: '110101199003077571' }),
  ]) {
    await applyHouseholdChange(deps, {
      before: null,
      after: h,
      at: '2026-11-01T10:00:00+08:00',
      actor: { kind: 'system', name: 'test' },
      auditType: 'household_imported',
    });
  }
  const { QueueUrl: dlqUrl } = await sqs.send(
    new CreateQueueCommand({ QueueName: uniqueName('alerts-dlq') }),
  );
  const { QueueUrl: queueUrl } = await sqs.send(
    new CreateQueueCommand({
      QueueName: uniqueName('alerts'),
      Attributes: queueAttributes(queues.alerts, await queueArn(sqs, dlqUrl!), {
        visibilityTimeoutSeconds: 1,
      }),
    }),
  );
  const handler = makeHandler({ ...deps, now: () => new Date('2026-12-01T02:00:00Z') });
  const source = await startSqsEventSource({
    sqs,
    queueUrl: queueUrl!,
    handler,
    batchSize: queues.alerts.batchSize,
    waitTimeSeconds: 1,
  });
  sources.push(source);
  const send = async (bodies: unknown[]) => {
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl!,
        Entries: bodies.map((b, i) => ({
          Id: String(i),
          MessageBody: typeof b === 'string' ? b : JSON.stringify(b),
        })),
      }),
    );
    await source.drain({ timeoutMs: 60_000 });
  };
  return { store, sqs, dlqUrl: dlqUrl!, send };
}

const alert = (overrides: Record<string, unknown>) => ({
  department: 'medical_insurance',
  type: 'large_medical_expense',
  amount: '35000',
  date: '2026-11-28',
  ...overrides,
});

describe('alerts queue on DynamoDB Local', () => {
  it('ingests a batch, keeps the unmatched one, and sends only the poison message to the DLQ', async () => {
    const s = await stack();

    await s.send([
      alert({ alertId: 'A1', householdId: 'H0001' }),
      alert({ alertId: 'A2', headIdNumber: '532931198001011234' }),
      alert({ alertId: 'A3', headIdNumber: '110101199003077571' }),
      alert({ alertId: 'A4', householdId: 'H9999' }),
      '{"department":"police"',
    ]);

    expect((await s.store.households.get('H0001'))?.lead?.alertRef).toBe('medical_insurance:A1');
    expect((await s.store.households.get('H0002'))?.lead?.alertRef).toBe('medical_insurance:A2');
    expect((await s.store.households.get('H0003'))?.status).toBe('monitored');
    expect(await s.store.alerts.get('medical_insurance', 'A3')).toMatchObject({
      matchedHouseholdId: 'H0003',
    });
    expect((await s.store.alerts.unmatched()).items).toMatchObject([
      { alertId: 'A4', unmatchedReason: 'household_not_found' },
    ]);
    expect(await messagesInQueue(s.sqs, s.dlqUrl)).toBe(1);
  }, 60_000);

  it('opens one lead case however often the same alert arrives', async () => {
    const s = await stack();

    await s.send([
      alert({ alertId: 'A1', householdId: 'H0001' }),
      alert({ alertId: 'A1', householdId: 'H0001' }),
    ]);
    await s.send([alert({ alertId: 'A1', householdId: 'H0001' })]);

    const cases = await s.store.cases.openCasesForHousehold('H0001');
    expect(cases.map((c) => c.kind)).toEqual(['lead_unverified']);
    expect(await messagesInQueue(s.sqs, s.dlqUrl)).toBe(0);
  }, 60_000);

  it('D11 opens an alert_followup case at the village for an alert about a monitored household (queue path)', async () => {
    const s = await stack();

    await s.send([alert({ alertId: 'A7', headIdNumber: '110101199003077571' })]);

    const h = await s.store.households.get('H0003');
    expect(h).toMatchObject({ status: 'monitored', lead: null });
    const cases = await s.store.cases.openCasesForHousehold('H0003');
    expect(cases.filter((c) => c.kind === 'alert_followup')).toEqual([
      expect.objectContaining({ level: 'village', unitCode: h!.villageCode, status: 'open' }),
    ]);
  }, 60_000);
});
