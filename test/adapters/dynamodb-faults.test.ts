// What DynamoDB Local can't produce on demand: throttling, unprocessed batch items, transaction conflicts.
import {
  DynamoDBClient,
  ProvisionedThroughputExceededException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createDynamoStore } from '../../lib/adapters/dynamodb/dynamo-store';
import { auditTableOf } from '../../lib/adapters/dynamodb/table-definition';
import { capacityMeter } from '../../lib/ports/capacity-meter';
import { aHousehold } from '../builders/household';
import { anEvent, anOpenCase } from '../support/store-contract';

const mock = mockClient(DynamoDBDocumentClient);
afterEach(() => mock.reset());
afterAll(() => mock.restore());

const throttled = () =>
  new ProvisionedThroughputExceededException({
    message: 'Rate of requests exceeds the allowed throughput',
    $metadata: {},
  });
const throttling = () => Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

function storeWith(options: { maxAttempts?: number; meter?: ReturnType<typeof capacityMeter> } = {}) {
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'cn-north-1' }));
  return createDynamoStore({
    client,
    tableName: 't',
    meter: options.meter,
    retry: { maxAttempts: options.maxAttempts ?? 5, baseDelayMs: 1, maxDelayMs: 2 },
  });
}

// Issue 17 item 9: the store retries only what the AWS SDK does not (lib/adapters/dynamodb/retry.ts).
// aws-sdk-client-mock replaces the client's send, so these count this layer's sends alone.
describe('DynamoDB store under throttling', () => {
  it('leaves a throttled read to the SDK: this layer sends it once and surfaces the error', async () => {
    mock.on(GetCommand).rejects(throttled());

    await expect(storeWith().households.get('H1')).rejects.toBeInstanceOf(
      ProvisionedThroughputExceededException,
    );
    expect(mock.commandCalls(GetCommand)).toHaveLength(1);
  });

  it('leaves a transaction refused with ThrottlingException to the SDK: sent once', async () => {
    mock.on(TransactWriteCommand).rejects(throttling());

    await expect(storeWith().commit({ audit: [anEvent()] })).rejects.toMatchObject({
      name: 'ThrottlingException',
    });
    expect(mock.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it('retries a transaction cancelled only by a transaction conflict', async () => {
    mock.on(TransactWriteCommand).rejectsOnce(cancelled('TransactionConflict', 'None')).resolves({});

    const outcome = await storeWith().commit({ openCases: [anOpenCase()] });

    expect(outcome).toEqual({ committed: true });
    expect(mock.commandCalls(TransactWriteCommand)).toHaveLength(2);
  });

  it('gives up on a conflict that persists after the bound and surfaces it', async () => {
    mock.on(TransactWriteCommand).rejects(cancelled('TransactionConflict', 'None'));

    await expect(storeWith({ maxAttempts: 3 }).commit({ openCases: [anOpenCase()] })).rejects.toThrow();
    expect(mock.commandCalls(TransactWriteCommand)).toHaveLength(3);
  });
});

describe('DynamoDB store transaction cancellations', () => {
  it('maps a failed version condition to a conflict', async () => {
    mock.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None'));

    const commit = storeWith().commit({
      households: [{ household: aHousehold({ householdId: 'H1' }), expectedVersion: 3 }],
      audit: [anEvent()],
    });

    await expect(commit).rejects.toMatchObject({ code: 'conflict' });
    expect(mock.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it('reports a held dedup key as already open instead of failing', async () => {
    // Items: case put, dedup take, audit event.
    mock.on(TransactWriteCommand).rejects(cancelled('None', 'ConditionalCheckFailed', 'None'));

    const outcome = await storeWith().commit({ openCases: [anOpenCase()], audit: [anEvent()] });

    expect(outcome).toEqual({ committed: false, alreadyOpen: [anOpenCase().dedupKey], duplicateAlerts: [] });
  });
});

describe('DynamoDB store packed transactions (ADR 0008)', () => {
  const twoChanges = () =>
    ['H1', 'H2'].map((id, i) => ({
      households: [{ household: aHousehold({ householdId: id }), expectedVersion: 1 }],
      audit: [anEvent({ eventId: `E${i}`, householdId: id })],
    }));

  it('commits a pack refused by a condition again change by change', async () => {
    mock.on(TransactWriteCommand).rejectsOnce(cancelled('None', 'ConditionalCheckFailed')).resolves({});

    const outcomes = await storeWith().commitMany(twoChanges());

    expect(outcomes).toEqual([{ committed: true }, { committed: true }]);
    expect(mock.commandCalls(TransactWriteCommand)).toHaveLength(3);
  });

  it('does not send again, one by one, a pack whose outcome is unknown: each change gets the error', async () => {
    const unknown = Object.assign(new Error('We encountered an internal error'), {
      name: 'InternalServerError',
    });
    mock.on(TransactWriteCommand).rejects(unknown);

    const outcomes = await storeWith().commitMany(twoChanges());

    expect(outcomes).toEqual([unknown, unknown]);
    expect(mock.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });
});

describe('DynamoDB store bulk writes', () => {
  // Audit events go to the audit table beside table `t` (ADR 0009).
  const audit = auditTableOf('t');
  // Events at distinct instants are distinct items (events of one instant share one).
  const eventAt = (i: number) =>
    anEvent({ eventId: `E${i}`, at: new Date(Date.UTC(2026, 11, 1, 0, 0, i)).toISOString() });
  const events = Array.from({ length: 3 }, (_, i) => eventAt(i));

  it('retries UnprocessedItems until none are left', async () => {
    let calls = 0;
    mock.on(BatchWriteCommand).callsFake((input) => {
      calls += 1;
      const requests = input.RequestItems[audit] as unknown[];
      // Leave the last item unprocessed on the first two calls.
      return calls <= 2 ? { UnprocessedItems: { [audit]: requests.slice(-1) } } : { UnprocessedItems: {} };
    });

    await storeWith().append({ audit: events });

    const sent = mock
      .commandCalls(BatchWriteCommand)
      .map((c) => (c.args[0].input.RequestItems?.[audit] ?? []).length);
    expect(sent).toEqual([3, 1, 1]);
  });

  it('gives up with a clear error when items stay unprocessed past the bound', async () => {
    mock
      .on(BatchWriteCommand)
      .callsFake((input) => ({ UnprocessedItems: { [audit]: input.RequestItems[audit] } }));

    await expect(storeWith({ maxAttempts: 4 }).append({ audit: events })).rejects.toThrow(
      'BatchWriteItem left 3 items unprocessed after 4 attempts',
    );
    expect(mock.commandCalls(BatchWriteCommand)).toHaveLength(4);
  });

  it('writes in batches of at most 25 items', async () => {
    mock.on(BatchWriteCommand).resolves({ UnprocessedItems: {} });

    await storeWith().append({ audit: Array.from({ length: 60 }, (_, i) => eventAt(i)) });

    const sizes = mock
      .commandCalls(BatchWriteCommand)
      .map((c) => (c.args[0].input.RequestItems?.[audit] ?? []).length);
    expect(sizes.sort((a, b) => b - a)).toEqual([25, 25, 10]);
  });
});

describe('DynamoDB store capacity meter', () => {
  it('adds the consumed read and write capacity of each request', async () => {
    const meter = capacityMeter();
    mock.on(GetCommand).resolves({ ConsumedCapacity: { TableName: 't', CapacityUnits: 1 } });
    mock.on(TransactWriteCommand).resolves({ ConsumedCapacity: [{ TableName: 't', CapacityUnits: 6 }] });
    const store = storeWith({ meter });

    await store.households.get('H1');
    await store.commit({ audit: [anEvent()] });

    expect(meter).toEqual({ readUnits: 1, writeUnits: 6, requests: 2 });
    expect(mock.commandCalls(GetCommand)[0]?.args[0].input.ReturnConsumedCapacity).toBe('TOTAL');
  });
});
