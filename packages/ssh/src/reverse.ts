import type { Socket } from 'node:net';
import { connectTcp, socketDuplex } from '@sshkit/ssh-transport/node';
import type { SSHClientConnection } from './client-connection.js';
import { createConnection, tcpOptions } from './connect.js';
import { SSHClient } from './handlers.js';
import { DEFAULT_CONNECT_TIMEOUT } from './handshake.js';
import type { SSHListener } from './listen.js';
import { listenTcp } from './node/tcp-listener.js';
import type { SSHClientOptions, SSHServerOptions } from './options.js';
import { runServer } from './serve.js';
import type { SSHServerConnection } from './server-connection.js';
import { withTimeout } from './timeout.js';

/** Options of {@link connectReverse}: the server's, and connect()'s for reaching the waiting client. */
export interface ReverseConnectOptions
  extends SSHServerOptions,
    Pick<SSHClientOptions, 'localAddr' | 'family' | 'connectTimeout'> {}

/**
 * Opens a TCP connection to a client waiting in {@link listenReverse} and
 * serves it as an SSH *server* (AsyncSSH `connect_reverse`): for hosts that
 * can reach out but cannot be reached, the same way as `ssh -R` but with the
 * roles of the whole SSH connection turned around.
 * @example
 * ```ts
 * import { connectReverse } from '@sshkit/ssh';
 * const conn = await connectReverse('control.example.com', {
 *   port: 2200, serverHostKeys: ['ssh_host_ed25519_key'], authorizedClientKeys: 'authorized_keys',
 *   processFactory: (proc) => { proc.stdout.write('hello\n'); proc.exit(0); },
 * });
 * ```
 * @returns the connection once the client authenticated
 * @throws the TCP error, or the DisconnectError that ended the handshake
 */
export async function connectReverse(
  options: ReverseConnectOptions & { host: string },
): Promise<SSHServerConnection>;
export async function connectReverse(
  host: string,
  options: ReverseConnectOptions,
): Promise<SSHServerConnection>;
export async function connectReverse(
  hostOrOptions: string | (ReverseConnectOptions & { host: string }),
  maybeOptions: ReverseConnectOptions = {} as ReverseConnectOptions,
): Promise<SSHServerConnection> {
  const options =
    typeof hostOrOptions === 'string' ? { ...maybeOptions, host: hostOrOptions } : hostOrOptions;
  options.signal?.throwIfAborted();
  const timeout = options.connectTimeout ?? DEFAULT_CONNECT_TIMEOUT;
  const duplex = await withTimeout(
    connectTcp(options.host, options.port ?? 22, tcpOptions(options)),
    timeout,
    'TCP connect',
  );
  return runServer(duplex, options);
}

/** Options of {@link listenReverse}: the client's, and what to do with each server that connects. */
export interface ReverseListenOptions extends SSHClientOptions {
  /** Receives each authenticated connection (AsyncSSH `acceptor`). */
  acceptor?: (conn: SSHClientConnection) => unknown;
  /** Receives the error of each connection that failed before it was handed to `acceptor`. */
  errorHandler?: (error: Error) => void;
}

/** The listener {@link listenReverse} returns; it also tracks the client connections it made. */
export interface SSHReverseListener extends SSHListener {
  /** Connections authenticated and not yet closed. */
  readonly connections: ReadonlySet<SSHClientConnection>;
}

/**
 * Listens for SSH servers that connect with {@link connectReverse} (or any
 * server over a socket someone connects here) and runs an SSH *client* on
 * each (AsyncSSH `listen_reverse`): the host key is checked, the client
 * authenticates with `options` as connect() would, then `acceptor` gets the
 * connection. `host` and `port` are where to listen; host keys are looked up
 * under the connecting address (port 22's form: `addr`, not `[addr]:port`,
 * since the peer's port is ephemeral) unless `hostKeyAlias` names one.
 * @example
 * ```ts
 * import { listenReverse } from '@sshkit/ssh';
 * await listenReverse({
 *   port: 2200, username: 'ops', knownHosts: 'fleet_known_hosts',
 *   acceptor: async (conn) => console.log((await conn.run('uptime')).stdout),
 * });
 * ```
 */
export async function listenReverse(options: ReverseListenOptions): Promise<SSHReverseListener> {
  const { acceptor, errorHandler, host, port, ...clientOptions } = options;
  const clientFactory = clientOptions.clientFactory ?? (() => new SSHClient());
  const connections = new Set<SSHClientConnection>();
  const accept = (socket: Socket) => {
    const address = socket.remoteAddress ?? 'localhost';
    if (options.tcpKeepalive !== false) socket.setKeepAlive(true);
    socket.setNoDelay(true);
    const started = createConnection(clientFactory, {
      ...clientOptions,
      host: address,
      port: 22,
      sock: socketDuplex(socket),
    });
    started.then(
      ([conn]) => {
        connections.add(conn);
        void conn.waitClosed().then(() => connections.delete(conn));
        acceptor?.(conn);
      },
      (e: unknown) => {
        socket.destroy();
        errorHandler?.(e as Error);
      },
    );
  };
  const listener = await listenTcp(accept, { host, port, signal: options.signal });
  return { ...listener, connections };
}
