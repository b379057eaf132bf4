// Our client connected to our server on 127.0.0.1 with no authentication:
// the setup of suites about sessions and streams rather than about logging in.
import {
  connect,
  generatePrivateKey,
  listen,
  type SSHAcceptor,
  type SSHClientConnection,
  SSHServer,
  type SSHServerOptions,
} from '../../src/index.js';

/** A server that lets everyone in without authentication (beginAuth false). */
export class OpenServer extends SSHServer {
  override beginAuth() {
    return false;
  }
}

export interface Loopback {
  readonly acceptor: SSHAcceptor;
  readonly conn: SSHClientConnection;
  close(): Promise<void>;
}

/**
 * `listen()` on 127.0.0.1 with a free port and `hostKey`, letting everyone in
 * (OpenServer) unless `options` names another handler (or other host keys).
 */
export function listenOpen(
  hostKey: SSHServerOptions['serverHostKeys'][number],
  options: Partial<SSHServerOptions> = {},
): Promise<SSHAcceptor> {
  return listen({
    host: '127.0.0.1',
    port: 0,
    serverHostKeys: [hostKey],
    serverFactory: () => new OpenServer(),
    ...options,
  });
}

/** Starts `listen()` with `options` (host key and handler supplied) and connects to it. */
export async function loopback(options: Omit<SSHServerOptions, 'serverHostKeys'>): Promise<Loopback> {
  const hostKey = generatePrivateKey('ssh-ed25519');
  const acceptor = await listenOpen(hostKey, options);
  const conn = await connect('127.0.0.1', {
    port: acceptor.getPort(),
    username: 'u',
    clientKeys: [],
    knownHosts: [[hostKey.convertToPublic()], [], []],
  });
  return {
    acceptor,
    conn,
    async close() {
      conn.close();
      acceptor.close();
      await acceptor.waitClosed();
    },
  };
}
