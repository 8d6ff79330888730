// In-memory DeliveryLedger: for tests and single-process use. The deployed twin is a conditional
// put in DynamoDB (see docs/decisions/0006-digest-mail.md).
import type { DeliveryLedger } from '../../ports/mailer';

export function createMemoryDeliveryLedger(): DeliveryLedger & { keys(): string[] } {
  const claimed = new Set<string>();
  return {
    async claim(key) {
      if (claimed.has(key)) return false;
      claimed.add(key);
      return true;
    },
    async release(key) {
      claimed.delete(key);
    },
    keys: () => [...claimed].sort(),
  };
}
