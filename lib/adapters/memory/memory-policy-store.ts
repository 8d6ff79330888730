// The in-memory twin of lib/adapters/dynamodb/policy-store.ts.
import type { PolicyStore, StoredPolicy } from '../../ports/policy-store';

export function createMemoryPolicyStore(): PolicyStore {
  const current = new Map<string, StoredPolicy>();
  const versions = new Map<string, StoredPolicy>();
  return {
    async loaded() {
      return [...current.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, p]) => structuredClone(p));
    },
    async save(stored) {
      const { countyCode, year, version } = stored.policy;
      current.set(`${countyCode}#${year ?? '*'}`, structuredClone(stored));
      if (!versions.has(version)) versions.set(version, structuredClone(stored));
    },
    async version(version) {
      const p = versions.get(version);
      return p ? structuredClone(p) : null;
    },
  };
}
