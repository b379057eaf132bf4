import { createServer as createNetServer, type Server, type Socket } from 'node:net';
import { AuthServer, DEFAULT_LOGIN_TIMEOUT_MS, UnauthenticatedLimiter } from '@sshkit/ssh-auth';
import { DISC_CONNECTION_LOST } from '@sshkit/ssh-codes';
import { checkChannelOptions } from '@sshkit/ssh-connection';
import type { SSHAuthorizedKeys } from '@sshkit/ssh-keys';
import { readAuthorizedKeys } from '@sshkit/ssh-keys/node';
import { ConnectionLost, type HostKey, runTransport, type TransportOptions } from '@sshkit/ssh-transport';
import { socketDuplex } from '@sshkit/ssh-transport/node';
import { SSHServer } from './handlers.js';
import { loadHostKeys } from './node/host-keys.js';
import type { SSHServerOptions } from './options.js';
import { SSHServerConnection } from './server-connection.js';

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

async function loadAuthorizedKeys(
  spec: SSHServerOptions['authorizedClientKeys'],
): Promise<SSHAuthorizedKeys | undefined> {
  return typeof spec === 'string' ? readAuthorizedKeys(spec) : spec;
}

function transportOptions(o: SSHServerOptions, hostKeys: HostKey[]): TransportOptions {
  return {
    role: 'server',
    hostKeys,
    ...(o.kexAlgs !== undefined && { kexAlgs: o.kexAlgs }),
    ...(o.encryptionAlgs !== undefined && { encryptionAlgs: o.encryptionAlgs }),
    ...(o.macAlgs !== undefined && { macAlgs: o.macAlgs }),
    ...(o.compressionAlgs !== undefined && { compressionAlgs: o.compressionAlgs }),
    ...(o.serverHostKeyAlgs !== undefined && { serverHostKeyAlgs: o.serverHostKeyAlgs }),
    ...(o.rekeyBytes !== undefined && { rekeyBytes: o.rekeyBytes }),
    ...(o.rekeySeconds !== undefined && { rekeySeconds: o.rekeySeconds }),
  };
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
  checkChannelOptions(options);
  const hostKeys = await loadHostKeys(options.serverHostKeys ?? []);
  const authorizedClientKeys = await loadAuthorizedKeys(options.authorizedClientKeys);
  const tOptions = transportOptions(options, hostKeys);
  const limiter = new UnauthenticatedLimiter(options.maxStartups);
  const connections = new Set<SSHServerConnection>();

  const accept = (socket: Socket) => {
    const slot = limiter.tryAcquire();
    if (!slot) {
      socket.destroy();
      return;
    }
    socket.setNoDelay(true);
    const handler = serverFactory();
    const transport = runTransport(socketDuplex(socket), tOptions, {
      debug: (m, l, a) => handler.debugMsgReceived?.(m, l, a),
      closed: (error) => {
        slot.release();
        handler.connectionLost?.(error);
      },
    });
    const auth = new AuthServer(transport, handler, {
      ...(authorizedClientKeys && { authorizedClientKeys }),
      ...(options.publicKeyAuth !== undefined && { publicKeyAuth: options.publicKeyAuth }),
      ...(options.passwordAuth !== undefined && { passwordAuth: options.passwordAuth }),
      ...(options.kbdintAuth !== undefined && { kbdintAuth: options.kbdintAuth }),
      ...(options.authenticationMethods && { authenticationMethods: options.authenticationMethods }),
      ...(options.maxAuthTries !== undefined && { maxAuthTries: options.maxAuthTries }),
      // The grace timer below runs from accept and covers authentication too: one timer, not two.
      loginTimeout: 0,
      ...(options.banner !== undefined && { banner: options.banner }),
      ...(socket.remoteAddress && { clientAddress: socket.remoteAddress }),
    });
    const conn = new SSHServerConnection(transport, auth, {
      peername: [socket.remoteAddress, socket.remotePort],
      sockname: [socket.localAddress, socket.localPort],
    });
    connections.add(conn);
    void transport.closed.then((e) => {
      connections.delete(conn);
      auth.connectionLost(e ?? new ConnectionLost('connection closed'));
    });
    handler.connectionMade?.(conn);
    // sshd's LoginGraceTime: from accept to authenticated, whatever stage a slow client stalls in.
    const grace = setTimeout(
      () => transport.disconnect(DISC_CONNECTION_LOST, 'login grace time exceeded'),
      options.loginTimeout ?? DEFAULT_LOGIN_TIMEOUT_MS,
    );
    grace.unref();
    void transport.closed.then(() => clearTimeout(grace));
    transport.ready
      .then(() => auth.run())
      .then(
        (result) => {
          clearTimeout(grace);
          slot.release();
          conn.startConnectionProtocol(handler, options, result.permissions, hostKeys);
        },
        () => undefined, // auth already disconnected with the right code
      );
  };

  const server: Server = createNetServer(accept);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    options.signal?.throwIfAborted();
    // Node's own listen option: aborting closes the server (accepted connections stay).
    server.listen(
      { port: options.port ?? 22, host: options.host || undefined, signal: options.signal },
      () => {
        server.off('error', reject);
        resolve();
      },
    );
  });
  const closed = new Promise<void>((resolve) => server.once('close', () => resolve()));
  return {
    connections,
    getPort: () => (server.address() as { port: number }).port,
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
