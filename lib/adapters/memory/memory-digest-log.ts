// The in-memory twin of lib/adapters/dynamodb/digest-log.ts.
import { DomainError } from '../../domain/errors';
import type { DigestLog } from '../../ports/digest-log';
import { digestClaimLeaseMs } from '../../ports/digest-log';
import { clone, type MemoryState } from './memory-state';

export function createMemoryDigestLog(s: MemoryState): DigestLog {
  const { digests } = s;

  return {
    async claim(unitCode, kind, date, asOf, at) {
      const key = `${unitCode}#${date}`;
      const existing = digests.get(key);
      const stale =
        existing?.status === 'claimed' &&
        Date.parse(existing.claimedAt) < Date.parse(at) - digestClaimLeaseMs;
      if (existing && existing.status !== 'released' && !stale) return false;
      digests.set(key, { unitCode, kind, date, asOf, status: 'claimed', claimedAt: at, completedAt: null });
      return true;
    },
    async complete(unitCode, date, outcome) {
      const key = `${unitCode}#${date}`;
      const existing = digests.get(key);
      if (!existing) throw new DomainError('not_found', `no digest of ${unitCode} on ${date} was claimed`);
      digests.set(key, {
        ...existing,
        status: outcome.status,
        completedAt: outcome.at,
        counts: outcome.counts ?? {},
      });
    },
    async release(unitCode, date) {
      const key = `${unitCode}#${date}`;
      const existing = digests.get(key);
      if (existing?.status === 'claimed') digests.set(key, { ...existing, status: 'released' });
    },
    async get(unitCode, date) {
      const d = digests.get(`${unitCode}#${date}`);
      return d ? clone(d) : null;
    },
    async lastSent(unitCode, before) {
      const sent = [...digests.values()]
        .filter((d) => d.unitCode === unitCode && d.date < before && d.status === 'sent')
        .sort((a, b) => (a.date < b.date ? 1 : -1));
      return sent[0] ? clone(sent[0]) : null;
    },
  };
}
