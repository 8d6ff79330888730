// What every command shares: its output, --data-dir, --as-of.
import { hostname, userInfo } from 'node:os';
import { type Command, Option } from 'commander';
import { parseInstant } from '../../domain/time';
import { CliError } from '../cli-errors';
import { defaultDataDir } from '../local-file';

export interface CommandIo {
  out(line: string): void;
  err(line: string): void;
  /** True when stdout is a terminal (progress bars). */
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
}

export const processIo: CommandIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  isTTY: Boolean(process.stdout.isTTY),
  env: process.env,
};

export function dataDirOption(): Option {
  return new Option('--data-dir <dir>', 'the local stack’s data directory').default(defaultDataDir);
}

export function asOfOption(what: string): Option {
  return new Option(
    '--as-of <iso>',
    `${what} as of this instant, e.g. 2026-12-01T02:00:00+08:00 (default: $FANPIN_NOW, else now)`,
  );
}

/** --as-of, else FANPIN_NOW, else the current time; checked as an ISO instant. */
export function resolveAsOf(asOf: string | undefined, env: NodeJS.ProcessEnv): string {
  const value = asOf ?? env.FANPIN_NOW ?? new Date().toISOString();
  const source = asOf !== undefined ? '--as-of' : env.FANPIN_NOW !== undefined ? 'FANPIN_NOW' : 'now';
  try {
    parseInstant(value);
  } catch {
    throw new CliError(`${source} "${value}" is not an ISO-8601 time such as 2026-12-01T02:00:00+08:00`);
  }
  return value;
}

/** Registers a subcommand's --data-dir (every command has it). */
export function withDataDir(command: Command): Command {
  return command.addOption(dataDirOption());
}

/** Who runs a loading command when `--by` is not given: the OS user at this host. */
export function operatorName(env: NodeJS.ProcessEnv): string {
  try {
    return `${env.USER ?? userInfo().username}@${hostname()}`;
  } catch {
    return 'operator';
  }
}
