// Issue 17 item 11a through the real visit and measure handlers: the same behaviour on the memory twin
// (test/functions/idempotency.test.ts) and on DynamoDB Local (test/integration/idempotency.test.ts).
import { describe, expect, it } from 'vitest';
import { makeHandler } from '../../functions/api-change-household';
import type { ApiDeps } from '../../lib/http/deps';
import { aMonitoredHousehold } from '../builders/household';
import { apiEvent, call, claimsOf, seed } from '../http/support';

const visit = { date: '2026-12-01', method: 'home', visitor: 'officer-7', findings: 'crops recovered' };
const measure = { type: 'employment', startDate: '2026-12-01', note: 'county job fair' };

export function idempotencyContract(name: string, makeDeps: () => Promise<ApiDeps>): void {
  describe(`${name}: 17-11a Idempotency-Key on the visit and measure POSTs`, () => {
    const household = async (deps: ApiDeps, householdId: string) => {
      await seed(deps, aMonitoredHousehold({ householdId }));
      return householdId;
    };
    const postVisit = (
      deps: ApiDeps,
      id: string,
      key: string | null,
      body: unknown = visit,
      claims?: object,
    ) =>
      call(
        makeHandler(deps),
        apiEvent('household-visit.post', {
          params: { id },
          body,
          ...(key ? { headers: { 'idempotency-key': key } } : {}),
          ...(claims ? { claims: claims as Record<string, string> } : {}),
        }),
      );
    const visitsOf = async (deps: ApiDeps, id: string) => (await deps.store.households.visits(id)).items;

    it('records one visit for two POSTs with the same key and body, and answers the repeat as the first', async () => {
      const deps = await makeDeps();
      const id = await household(deps, 'HIDEM-V1');

      const first = await postVisit(deps, id, 'key-v1');
      const repeat = await postVisit(deps, id, 'key-v1');

      expect(first.status).toBe(201);
      expect(repeat.status).toBe(201);
      expect(repeat.body).toEqual(first.body);
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      expect(repeat.headers['idempotent-replayed']).toBe('true');
      expect(await visitsOf(deps, id)).toHaveLength(1);
    });

    it('refuses the same key with another body (422 naming the header) and records nothing more', async () => {
      const deps = await makeDeps();
      const id = await household(deps, 'HIDEM-V2');
      await postVisit(deps, id, 'key-v2');

      const other = await postVisit(deps, id, 'key-v2', { ...visit, findings: 'roof leaking' });

      expect(other.status).toBe(422);
      expect(other.body.error).toMatchObject({
        code: 'validation_failed',
        details: [{ field: 'header.Idempotency-Key', message: expect.stringContaining('another body') }],
      });
      expect(await visitsOf(deps, id)).toHaveLength(1);
    });

    it('records each request without a key, or with another key, as before', async () => {
      const deps = await makeDeps();
      const id = await household(deps, 'HIDEM-V3');
      // Each a day later: a visit that changes nothing is not stored (apply-household-change).
      const on = (date: string) => ({ ...visit, date });

      const answers = [
        await postVisit(deps, id, null, on('2026-11-27')),
        await postVisit(deps, id, null, on('2026-11-28')),
        await postVisit(deps, id, 'key-v3a', on('2026-11-29')),
        await postVisit(deps, id, 'key-v3b', on('2026-11-30')),
      ];

      expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201]);
      expect(await visitsOf(deps, id)).toHaveLength(4);
    });

    it('keeps keys apart per caller and per household: another officer’s or household’s key never matches', async () => {
      const deps = await makeDeps();
      const id = await household(deps, 'HIDEM-V4');
      const other = await household(deps, 'HIDEM-V5');

      await postVisit(deps, id, 'shared-key', { ...visit, date: '2026-11-30' });
      const otherOfficer = await postVisit(deps, id, 'shared-key', visit, {
        ...claimsOf('village', '532931101201'),
        sub: 'village-officer-2',
      });
      const otherHousehold = await postVisit(deps, other, 'shared-key', { ...visit, date: '2026-11-30' });

      expect([otherOfficer.status, otherHousehold.status]).toEqual([201, 201]);
      expect(otherOfficer.headers['idempotent-replayed']).toBeUndefined();
      expect(otherHousehold.headers['idempotent-replayed']).toBeUndefined();
      expect(await visitsOf(deps, id)).toHaveLength(2);
      expect(await visitsOf(deps, other)).toHaveLength(1);
    });

    it('releases the key of a request that failed: the retry with it records the visit once', async () => {
      const deps = await makeDeps();
      const id = await household(deps, 'HIDEM-V6');
      const get = deps.store.households.get;
      let failures = 1;
      deps.store.households.get = async (householdId) => {
        if (failures-- > 0) throw new Error('connection reset');
        return get(householdId);
      };

      const failed = await postVisit(deps, id, 'key-v6');
      const retry = await postVisit(deps, id, 'key-v6');

      expect(failed.status).toBe(500);
      expect(retry.status).toBe(201);
      expect(retry.headers['idempotent-replayed']).toBeUndefined();
      expect(await visitsOf(deps, id)).toHaveLength(1);
    });

    it('answers 409 naming the header while the first request with the key is still running', async () => {
      const deps = await makeDeps();
      const id = await household(deps, 'HIDEM-V7');
      const get = deps.store.households.get;
      let release: () => void = () => {};
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let entered: () => void = () => {};
      const inside = new Promise<void>((resolve) => {
        entered = resolve;
      });
      deps.store.households.get = async (householdId) => {
        entered();
        await held;
        return get(householdId);
      };

      const first = postVisit(deps, id, 'key-v7');
      await inside;
      const concurrent = await postVisit(deps, id, 'key-v7');
      release();

      expect(concurrent.status).toBe(409);
      expect(concurrent.body.error.details[0].field).toBe('header.Idempotency-Key');
      expect((await first).status).toBe(201);
      deps.store.households.get = get;
      expect(await visitsOf(deps, id)).toHaveLength(1);
    });

    it('records one measure for two POSTs with the same key (without one, a retry adds a second)', async () => {
      const deps = await makeDeps();
      const id = await household(deps, 'HIDEM-M1');
      const without = await household(deps, 'HIDEM-M2');
      const post = (householdId: string, headers: Record<string, string>) =>
        call(
          makeHandler(deps),
          apiEvent('household-measure.post', { params: { id: householdId }, body: measure, headers }),
        );

      const first = await post(id, { 'Idempotency-Key': 'key-m1' });
      const repeat = await post(id, { 'Idempotency-Key': 'key-m1' });
      await post(without, {});
      await post(without, {});

      expect(first.status).toBe(201);
      expect(repeat.status).toBe(201);
      expect(repeat.headers['idempotent-replayed']).toBe('true');
      expect(repeat.body.measures).toEqual(first.body.measures);
      expect(first.body.measures).toHaveLength(1);
      expect(await deps.store.households.measures(without)).toHaveLength(2);
    });

    it('is 400 naming the header for a key that is not 1 to 255 visible characters', async () => {
      const deps = await makeDeps();
      const id = await household(deps, 'HIDEM-V8');

      const answer = await postVisit(deps, id, 'x'.repeat(256));

      expect(answer.status).toBe(400);
      expect(answer.body.error.details[0].field).toBe('header.Idempotency-Key');
      expect(await visitsOf(deps, id)).toHaveLength(0);
    });
  });
}
