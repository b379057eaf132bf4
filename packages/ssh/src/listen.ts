import type { Socket } from 'node:net';
import { UnauthenticatedLimiter } from '@sshkit/ssh-auth';
import { socketDuplex } from '@sshkit/ssh-transport/node';
import { SSHServer } from './handlers.js';
import { listenTcp } from './node/tcp-listener.js';
import type { SSHServerOptions } from './options.js';
import { prepareServer } from './serve.js';
import { serveConnection } from './serve-core.js';
import type { SSHServerConnection } from './server-connection.js';

/** A listening socket (AsyncSSH `SSHListener`). */
export interface SSHListener {
  /** The bound port (useful with port 0). */
  getPort(): number;
  /** Stops accepting; open connections are not touched. */
  close(): void;
  /** Resolves once the listener is closed. */
  waitClosed(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** The listener {@link listen} returns; it also tracks the server connections it accepted. */
export interface SSHAcceptor extends SSHListener {
  /** Connections accepted and not yet closed. */
  readonly connections: ReadonlySet<SSHServerConnection>;
}

/**
 * Starts an SSH server. Each connection gets an `SSHServer` handler from
 * `serverFactory`, authenticates with the configured methods and limits, and
 * then serves sessions.
 * @example
 * ```ts
 * import { listen } from '@sshkit/ssh';
 * const acceptor = await listen({ host: '127.0.0.1', port: 0, serverHostKeys: ['ssh_host_ed25519_key'] });
 * ```
 */
export async function listen(options: SSHServerOptions): Promise<SSHAcceptor> {
  return createServer_(options.serverFactory ?? (() => new SSHServer()), options);
}

/** Like {@link listen}, with the handler factory as the first argument (AsyncSSH `create_server`). */
export function createServer(
  serverFactory: () => SSHServer,
  options: SSHServerOptions,
): Promise<SSHAcceptor> {
  return createServer_(serverFactory, options);
}

async function createServer_(
  serverFactory: () => SSHServer,
  options: SSHServerOptions,
): Promise<SSHAcceptor> {
  const setup = await prepareServer(serverFactory, options);
  const limiter = new UnauthenticatedLimiter(options.maxStartups);
  const connections = new Set<SSHServerConnection>();

  const accept = (socket: Socket) => {
    const slot = limiter.tryAcquire();
    if (!slot) {
      socket.destroy();
      return;
    }
    socket.setNoDelay(true);
    if (options.tcpKeepalive !== false) socket.setKeepAlive(true);
    const { conn, authenticated } = serveConnection(setup, socketDuplex(socket), () => slot.release());
    connections.add(conn);
    void conn.waitClosed().then(() => connections.delete(conn));
    authenticated.catch(() => undefined); // auth already disconnected with the right code
  };

  const listener = await listenTcp(accept, options);
  return { ...listener, connections };
}
