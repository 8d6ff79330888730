// D15: policies as data. One policy per county (and optionally year), loaded by an operator without a
// redeploy (`fanpin policy import`), falling back to the deployment's default; every path (API, sweeps,
// import, alerts) resolves through the same source, so the same values carry the same content-hash version.
import { DomainError } from '../domain/errors';
import type { Instant } from '../domain/model';
import type { Policy } from '../domain/policy';
import {
  definePolicy,
  deploymentPolicies,
  type PolicyOverride,
  resolvePolicy,
} from '../domain/policy-resolution';
import type { StoredPolicy } from '../ports/policy-store';
import type { Store } from '../ports/store';

/** The policies in force: the deployment's, with what operators loaded over them (refreshed per invocation). */
export class PolicySource {
  private current: readonly Policy[];

  constructor(
    private readonly store: Pick<Store, 'policies'>,
    readonly base: readonly Policy[],
  ) {
    this.current = base;
  }

  /** §4: the policy in force for a county in a year (most specific wins). */
  readonly policyFor = (countyCode: string, year: number): Policy =>
    resolvePolicy(this.current, countyCode, year);

  /** Reads the loaded policies (one small query); returns them. */
  async load(): Promise<readonly Policy[]> {
    const loaded = await this.store.policies.loaded();
    this.current = [...this.base, ...loaded.map((p) => p.policy)];
    return this.current;
  }
}

/** Deps fields of the policies: `policyFor` resolves through a source that `refreshPolicies` reloads. */
export function deploymentPolicy(
  store: Pick<Store, 'policies'>,
  overrides: Record<string, unknown> | undefined | null,
): { policyFor: (countyCode: string, year: number) => Policy; policySource: PolicySource } {
  const policySource = new PolicySource(store, deploymentPolicies(overrides));
  return { policyFor: policySource.policyFor, policySource };
}

export async function refreshPolicies(deps: { policySource?: PolicySource }): Promise<void> {
  if (deps.policySource) await deps.policySource.load();
}

const countyPattern = /^\d{6}$/;

/**
 * `fanpin policy import`: a county's policy (and optionally one year's) from a file of the values it
 * changes, over the deployment's default. Every problem is named; nothing is stored unless all is valid.
 */
export async function importPolicy(
  deps: { store: Pick<Store, 'policies'>; policySource: PolicySource },
  input: { file: unknown; loadedBy: string; at: Instant },
): Promise<{ policy: Policy; previousVersion: string; unchanged: boolean }> {
  const file = input.file;
  if (file === null || typeof file !== 'object' || Array.isArray(file)) {
    throw new DomainError('validation_failed', 'a policy file is a JSON object', [
      {
        field: '(file)',
        message: 'expected an object such as {"countyCode": "532931", "monitoringLine": 7200}',
      },
    ]);
  }
  const values = file as Record<string, unknown>;
  const countyCode = values.countyCode;
  const year = values.year ?? null;
  const problems: { field: string; message: string }[] = [];
  if (typeof countyCode !== 'string' || !countyPattern.test(countyCode))
    problems.push({ field: 'countyCode', message: 'a 6-digit county code is required' });
  if (year !== null && (typeof year !== 'number' || !Number.isInteger(year)))
    problems.push({ field: 'year', message: 'a year such as 2027, or absent for every year' });
  for (const field of ['policyId', 'version'])
    if (field in values)
      problems.push({ field, message: 'set by fanpin (the county and year; the values’ hash)' });
  if (problems.length > 0)
    throw new DomainError('validation_failed', 'the policy file is not valid', problems);

  await deps.policySource.load();
  const county = countyCode as string;
  const policyYear = year as number | null;
  const before = deps.policySource.policyFor(county, policyYear ?? new Date(input.at).getUTCFullYear());
  const [base] = deps.policySource.base;
  const policy = definePolicy(
    {
      ...(values as Partial<PolicyOverride>),
      policyId: `${county}-${policyYear ?? 'all'}`,
      countyCode: county,
      year: policyYear,
    } as PolicyOverride,
    base,
  );
  const stored: StoredPolicy = { policy, loadedBy: input.loadedBy, loadedAt: input.at };
  await deps.store.policies.save(stored);
  await deps.policySource.load();
  return { policy, previousVersion: before.version, unchanged: before.version === policy.version };
}

/**
 * D15 replay: the values a version names: a loaded version, or one of the deployment's own policies; null
 * if this deployment never had it.
 */
export async function policyOfVersion(
  deps: { store: Pick<Store, 'policies'>; policySource: PolicySource },
  version: string,
): Promise<Policy | null> {
  const own = deps.policySource.base.find((p) => p.version === version);
  if (own) return own;
  return (await deps.store.policies.version(version))?.policy ?? null;
}
