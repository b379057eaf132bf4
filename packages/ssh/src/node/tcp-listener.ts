import { createServer, type Server, type Socket } from 'node:net';
import type { SSHListener } from '../listen.js';

/**
 * Listens on `host:port` (all interfaces for `''`, a free port for 0) and
 * hands each accepted socket to `accept`; aborting `signal` closes the
 * listener (accepted connections stay).
 */
export async function listenTcp(
  accept: (socket: Socket) => void,
  address: { host?: string | undefined; port?: number | undefined; signal?: AbortSignal | undefined },
): Promise<SSHListener> {
  const server = createServer(accept);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    address.signal?.throwIfAborted();
    server.listen(
      { port: address.port ?? 22, host: address.host || undefined, signal: address.signal },
      () => {
        server.off('error', reject);
        resolve();
      },
    );
  });
  return serverListener(server, () => (server.address() as { port: number }).port);
}

/** A listening `net.Server` as an {@link SSHListener}; call it once the server listens. */
export function serverListener(server: Server, getPort: () => number): SSHListener {
  const closed = new Promise<void>((resolve) => server.once('close', () => resolve()));
  return {
    getPort,
    close: () => {
      server.close();
    },
    waitClosed: () => closed,
    async [Symbol.asyncDispose]() {
      server.close();
      await closed;
    },
  };
}
