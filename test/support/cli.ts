// The `fanpin` CLI run in-process, as an operator would run it: its output lines captured, nothing printed.
import { run } from '../../lib/local/cli';
import type { CommandIo } from '../../lib/local/commands/shared';

export interface CliRun {
  code: number;
  out: string[];
  err: string[];
}

export async function runFanpin(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIo = { out: (l) => out.push(l), err: (l) => err.push(l), isTTY: false, env };
  const code = await run(argv, io);
  return { code, out, err };
}
