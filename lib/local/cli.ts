// The `fanpin` command line (bin/fanpin.mjs calls main). One file per command in ./commands.
import { Command, CommanderError } from 'commander';
import { CliError } from './cli-errors';
import { registerCalendar } from './commands/calendar';
import { registerDigest } from './commands/digest';
import { registerImport } from './commands/import';
import { registerLocal } from './commands/local';
import { registerPolicy } from './commands/policy';
import { registerReport } from './commands/report';
import { type CommandIo, processIo } from './commands/shared';
import { registerSweep } from './commands/sweep';
import { registerToken } from './commands/token';

export function buildProgram(io: CommandIo = processIo): Command {
  const program = new Command('fanpin')
    .description(
      'fanpin: monitoring and escalation for 防止返贫动态监测和帮扶 — the local stack and its tools',
    )
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .exitOverride();
  registerLocal(program, io);
  registerImport(program, io);
  registerSweep(program, io);
  registerDigest(program, io);
  registerReport(program, io);
  registerToken(program, io);
  registerCalendar(program, io);
  registerPolicy(program, io);
  for (const command of allCommands(program))
    command.exitOverride().configureOutput(program.configureOutput());
  return program;
}

function allCommands(command: Command): Command[] {
  return command.commands.flatMap((c) => [c, ...allCommands(c)]);
}

/** Runs the CLI; resolves to the exit code. Errors print as one line, without a stack. */
export async function run(argv: string[], io: CommandIo = processIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode; // commander already printed it (or the help)
    // CliError, JavaMissingError, PortInUseError and the rest: their message, one line.
    const message = (e as Error)?.message ?? String(e);
    io.err(`fanpin: ${message.split('\n')[0]}`);
    return e instanceof CliError ? e.exitCode : 1;
  }
}

export async function main(argv = process.argv.slice(2)): Promise<void> {
  // Exit explicitly: SDK clients may keep sockets open after a command is done.
  process.exit(await run(argv));
}
