// `fanpin token`: a bearer token the local stack accepts.
import { type Command, Option } from 'commander';
import { unitLevels } from '../../domain/model';
import { CliError } from '../cli-errors';
import { refuseDeployed } from '../target';
import { checkSubject, localTokens, TokenError } from '../tokens';
import { type CommandIo, withDataDir } from './shared';

export interface TokenCommandOptions {
  role: string;
  unit: string;
  dataDir: string;
}

export async function runToken(options: TokenCommandOptions, io: CommandIo): Promise<void> {
  refuseDeployed(
    'token',
    'a deployed stack accepts tokens from its OIDC provider (docs/deploy.md §5)',
    io.env,
  );
  try {
    checkSubject(options);
    const tokens = await localTokens(options.dataDir);
    io.out(await tokens.issueToken(options));
  } catch (e) {
    if (e instanceof TokenError) throw new CliError(e.message);
    throw e;
  }
}

export function registerToken(program: Command, io: CommandIo): void {
  withDataDir(
    program
      .command('token')
      .description(
        'print a bearer token the local stack accepts (signed with the data directory’s key, valid 7 days)',
      )
      .addOption(new Option('--role <role>', 'the caller’s role').choices(unitLevels).makeOptionMandatory())
      .requiredOption('--unit <code>', 'the caller’s division code: county 6 digits, township 9, village 12'),
  ).action((options: TokenCommandOptions) => runToken(options, io));
}
