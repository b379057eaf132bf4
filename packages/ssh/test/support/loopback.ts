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

class OpenServer extends SSHServer {
  override beginAuth() {
    return false;
  }
}

export interface Loopback {
  readonly acceptor: SSHAcceptor;
  readonly conn: SSHClientConnection;
  close(): Promise<void>;
}

/** Starts `listen()` with `options` (host key and handler supplied) and connects to it. */
export async function loopback(options: Omit<SSHServerOptions, 'serverHostKeys'>): Promise<Loopback> {
  const hostKey = generatePrivateKey('ssh-ed25519');
  const acceptor = await listen({
    host: '127.0.0.1',
    port: 0,
    serverHostKeys: [hostKey],
    serverFactory: () => new OpenServer(),
    ...options,
  });
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
