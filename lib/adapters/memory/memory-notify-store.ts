// The in-memory twin of lib/adapters/dynamodb/notify-store.ts.
import { DomainError } from '../../domain/errors';
import { parseInstant } from '../../domain/time';
import { deliveryClaimLeaseMs, type NotifySettings, type NotifyStore } from '../../ports/notify-store';

export function createMemoryNotifyStore(): NotifyStore {
  const versions = new Map<string, NotifySettings[]>();
  const current = (unit: string) => versions.get(unit)?.at(-1);
  const deliveries = new Map<string, { status: 'claimed' | 'sent' | 'released'; claimedAt: string }>();
  return {
    async get(unitCode) {
      const c = current(unitCode);
      return c ? structuredClone(c) : null;
    },
    async list() {
      return [...versions.keys()].sort().map((u) => structuredClone(current(u)!));
    },
    async save(settings, expectedVersion) {
      if ((current(settings.unitCode)?.version ?? 0) !== expectedVersion) {
        throw new DomainError(
          'conflict',
          `the notice channels of ${settings.unitCode} were changed by someone else meanwhile`,
        );
      }
      const stored: NotifySettings = { ...structuredClone(settings), version: expectedVersion + 1 };
      versions.set(settings.unitCode, [...(versions.get(settings.unitCode) ?? []), stored]);
      return structuredClone(stored);
    },
    async versions(unitCode) {
      return structuredClone(versions.get(unitCode) ?? []);
    },
    deliveries: {
      async claim(key, at) {
        const d = deliveries.get(key);
        const stale =
          d?.status === 'claimed' && parseInstant(d.claimedAt) < parseInstant(at) - deliveryClaimLeaseMs;
        if (d && d.status !== 'released' && !stale) return false;
        deliveries.set(key, { status: 'claimed', claimedAt: at });
        return true;
      },
      async complete(key) {
        const d = deliveries.get(key);
        if (d) d.status = 'sent';
      },
      async release(key) {
        const d = deliveries.get(key);
        if (d?.status === 'claimed') d.status = 'released';
      },
    },
  };
}
