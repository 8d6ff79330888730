// Whether a local listener can be reached other than through 127.0.0.1 (interface.md "Readiness":
// every local listener binds to 127.0.0.1 only).
import net from 'node:net';
import { networkInterfaces } from 'node:os';

/** This machine's first non-loopback IPv4 address, or null when it has none (then nothing to check). */
export function offLoopbackAddress(): string | null {
  const found = Object.values(networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal);
  return found?.address ?? null;
}

/** Tries to connect to `port` on `address`: 'connected', or the error code (ECONNREFUSED…). */
export function connectTo(address: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: address, port, timeout: 2_000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve('ETIMEDOUT');
    });
    socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
  });
}

export const portOf = (endpoint: string): number => Number(new URL(endpoint).port);
