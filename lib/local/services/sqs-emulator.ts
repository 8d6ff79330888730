// The SQS emulator (fauxqs) in-process: it speaks the real SQS wire protocol on 127.0.0.1.
import { mkdirSync } from 'node:fs';
import { startFauxqs } from 'fauxqs';

export interface SqsEmulator {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

export async function startSqsEmulator(
  options: { port?: number; dataDir?: string } = {},
): Promise<SqsEmulator> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const server = await startFauxqs({
    port: options.port ?? 0,
    host: '127.0.0.1',
    logger: false,
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
  });
  return { endpoint: server.address, port: server.port, stop: () => server.stop() };
}
