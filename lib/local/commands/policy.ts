// `fanpin policy import FILE` and `fanpin policy show COUNTY` (D15): the policies of §4 per county and year as
// data, on the local stack or the deployed table (lib/local/target.ts), without a redeploy.
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { refreshCalendar } from '../../app/calendar';
import { deploymentPolicy, importPolicy, type PolicySource, policyOfVersion } from '../../app/policies';
import { DomainError } from '../../domain/errors';
import type { Policy } from '../../domain/policy';
import type { Store } from '../../ports/store';
import { CliError } from '../cli-errors';
import { resolveTarget } from '../target';
import { changeDepsFor } from './import-households';
import { asOfOption, type CommandIo, operatorName, resolveAsOf, withDataDir } from './shared';

type PolicyDeps = { store: Store; policySource: PolicySource };

async function policyDeps(dataDir: string, io: CommandIo, asOf: string): Promise<PolicyDeps> {
  const deps = changeDepsFor(await resolveTarget(dataDir, io), { env: io.env });
  await refreshCalendar(deps, asOf);
  return {
    store: deps.store,
    policySource: deps.policySource ?? deploymentPolicy(deps.store, null).policySource,
  };
}

const summaryOf = (p: Policy) =>
  `${p.policyId} ${p.version}: lines ${p.povertyLine}/${p.monitoringLine}/${p.warningLine} 元, E3 ${p.eliminationStableMonths} months, visits ${Object.entries(
    p.visitIntervals,
  )
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')}`;

export async function runPolicyImport(
  options: { file: string; by: string; asOf: string; dataDir: string },
  io: CommandIo,
): Promise<void> {
  let input: unknown;
  try {
    input = JSON.parse((await readFile(options.file, 'utf8')).replace(/^\uFEFF/, ''));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(
      code
        ? `cannot read ${options.file}: ${code}`
        : `${options.file} is not JSON: ${(e as Error).message} (format: docs/procedures.md "Policies")`,
    );
  }
  const deps = await policyDeps(options.dataDir, io, options.asOf);
  try {
    const result = await importPolicy(deps, { file: input, loadedBy: options.by, at: options.asOf });
    io.out(summaryOf(result.policy));
    io.out(
      result.unchanged
        ? 'the same values as the policy in force: nothing changes'
        : `in force for ${result.policy.countyCode}${result.policy.year ? ` in ${result.policy.year}` : ''} from the next sweep and request (was ${result.previousVersion})`,
    );
    io.out(
      JSON.stringify({
        policyId: result.policy.policyId,
        version: result.policy.version,
        countyCode: result.policy.countyCode,
        year: result.policy.year,
        previousVersion: result.previousVersion,
      }),
    );
  } catch (e) {
    if (e instanceof DomainError && e.code === 'validation_failed') {
      for (const d of e.details) io.err(`  ${d.field}: ${d.message}`);
      throw new CliError(`${options.file}: nothing was loaded, ${e.details.length} problem(s), listed above`);
    }
    throw e;
  }
}

export async function runPolicyShow(
  options: { county?: string; year?: number; version?: string; asOf: string; dataDir: string },
  io: CommandIo,
): Promise<void> {
  const deps = await policyDeps(options.dataDir, io, options.asOf);
  let policy: Policy | null;
  if (options.version) {
    policy = await policyOfVersion(deps, options.version);
    if (!policy) throw new CliError(`this deployment never had a policy of version ${options.version}`);
  } else {
    if (!options.county || !/^\d{6}$/.test(options.county))
      throw new CliError('give a 6-digit county code, e.g. fanpin policy show 532931, or --version v…');
    policy = deps.policySource.policyFor(options.county, options.year ?? Number(options.asOf.slice(0, 4)));
  }
  io.out(summaryOf(policy));
  io.out(JSON.stringify(policy));
}

export function registerPolicy(program: Command, io: CommandIo): void {
  const policy = program
    .command('policy')
    .description(
      'the §4 policy of a county (lines, ratios, visit intervals, windows): show it, or load one (D15)',
    );
  withDataDir(
    policy
      .command('show')
      .description(
        'print the policy in force for a county (and year), or the values a version named; JSON last',
      )
      .argument('[county]', 'the 6-digit county code')
      .option('--year <year>', 'the year (default: the as-of year)')
      .option('--version <version>', 'the values of a version an assessment names (replay)')
      .addOption(asOfOption('resolve the policy')),
  ).action(
    (
      county: string | undefined,
      options: { year?: string; version?: string; asOf?: string; dataDir: string },
    ) => {
      if (options.year !== undefined && !/^\d{4}$/.test(options.year))
        throw new CliError(`"${options.year}" is not a year such as 2027`);
      return runPolicyShow(
        {
          ...(county ? { county } : {}),
          ...(options.year ? { year: Number(options.year) } : {}),
          ...(options.version ? { version: options.version } : {}),
          asOf: resolveAsOf(options.asOf, io.env),
          dataDir: options.dataDir,
        },
        io,
      );
    },
  );
  withDataDir(
    policy
      .command('import')
      .description(
        'load a county’s policy from a JSON file of the values it changes over the deployment’s default ({"countyCode": "532931", "year": 2027, "monitoringLine": 7200}); validated whole, versioned by content hash; in force from the next sweep or request',
      )
      .argument('<file>', 'the policy file')
      .option('--by <name>', 'who loads it (recorded with the policy)')
      .addOption(asOfOption('load the policy')),
  ).action((file: string, options: { by?: string; asOf?: string; dataDir: string }) =>
    runPolicyImport(
      {
        file,
        by: options.by?.trim() || operatorName(io.env),
        asOf: resolveAsOf(options.asOf, io.env),
        dataDir: options.dataDir,
      },
      io,
    ),
  );
}
