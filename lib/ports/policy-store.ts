// D15: the policies operators load per county (and year) with `fanpin policy import`, and every version any
// of them ever had, so that a grade can be replayed with the version it names. The deployment's default
// (the spec's values, or its `policyOverrides`) is not stored: it follows from code and configuration.
import type { Instant } from '../domain/model';
import type { Policy } from '../domain/policy';

export interface StoredPolicy {
  /** Complete and validated; `countyCode` set; `version` its content hash. */
  policy: Policy;
  loadedBy: string;
  loadedAt: Instant;
}

export interface PolicyStore {
  /** The current policy of every county (and year) loaded, one small read. */
  loaded(): Promise<StoredPolicy[]>;
  /** Makes `policy` the current one of its county and year, and keeps its version for replay. */
  save(policy: StoredPolicy): Promise<void>;
  /** The values a version named, if it was ever loaded; null otherwise. */
  version(version: string): Promise<StoredPolicy | null>;
}
