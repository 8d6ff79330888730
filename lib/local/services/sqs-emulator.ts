// The SQS emulator (fauxqs) in-process: it speaks the real SQS wire protocol, on 127.0.0.1 only.
import { chmodSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import { startFauxqs } from 'fauxqs';

export interface SqsEmulator {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * fauxqs listens on 0.0.0.0 whatever its `host` option says (that one only names queue URLs). While it
 * starts, a listen on 0.0.0.0 (or every interface) in this process is held to 127.0.0.1 instead
 * (interface.md "Readiness": every local listener binds to 127.0.0.1); anything else listens as asked.
 */
async function onLoopback<T>(start: () => Promise<T>): Promise<T> {
  const listen = net.Server.prototype.listen;
  net.Server.prototype.listen = function (this: net.Server, ...args: unknown[]) {
    const [first] = args;
    if (typeof first === 'object' && first !== null && !Array.isArray(first)) {
      const host = (first as net.ListenOptions).host;
      if (host === undefined || host === '0.0.0.0' || host === '::') {
        args[0] = { ...(first as net.ListenOptions), host: '127.0.0.1' };
      }
    }
    return (listen as (...a: unknown[]) => net.Server).apply(this, args);
  } as typeof listen;
  try {
    return await start();
  } finally {
    net.Server.prototype.listen = listen;
  }
}

export async function startSqsEmulator(
  options: { port?: number; dataDir?: string } = {},
): Promise<SqsEmulator> {
  if (options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
    chmodSync(options.dataDir, 0o700);
  }
  const server = await onLoopback(() =>
    startFauxqs({
      port: options.port ?? 0,
      host: '127.0.0.1',
      logger: false,
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    }),
  );
  return { endpoint: server.address, port: server.port, stop: () => server.stop() };
}
