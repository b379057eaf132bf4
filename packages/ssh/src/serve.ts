import { AuthServer, DEFAULT_LOGIN_TIMEOUT_MS } from '@sshkit/ssh-auth';
import { DISC_CONNECTION_LOST } from '@sshkit/ssh-codes';
import { checkChannelOptions } from '@sshkit/ssh-connection';
import type { SSHAuthorizedKeys, SSHKnownHosts } from '@sshkit/ssh-keys';
import { readAuthorizedKeys, readKnownHosts } from '@sshkit/ssh-keys/node';
import {
  type ByteDuplex,
  ConnectionLost,
  type HostKey,
  runTransport,
  type TransportOptions,
} from '@sshkit/ssh-transport';
import { SSHServer } from './handlers.js';
import { connectionLogs } from './log.js';
import { loadHostKeys } from './node/host-keys.js';
import { reverseLookup } from './node/reverse-lookup.js';
import type { SSHServerOptions } from './options.js';
import { SSHServerConnection } from './server-connection.js';

async function loadAuthorizedKeys(
  spec: SSHServerOptions['authorizedClientKeys'],
): Promise<SSHAuthorizedKeys | undefined> {
  return typeof spec === 'string' ? readAuthorizedKeys(spec) : spec;
}

async function loadKnownClientHosts(
  spec: SSHServerOptions['knownClientHosts'],
): Promise<SSHKnownHosts | undefined> {
  return typeof spec === 'string' ? readKnownHosts(spec) : spec;
}

function transportOptions(o: SSHServerOptions, hostKeys: HostKey[]): TransportOptions {
  return {
    role: 'server',
    hostKeys,
    ...(o.serverVersion !== undefined && { softwareVersion: o.serverVersion }),
    ...(o.kexAlgs !== undefined && { kexAlgs: o.kexAlgs }),
    ...(o.encryptionAlgs !== undefined && { encryptionAlgs: o.encryptionAlgs }),
    ...(o.macAlgs !== undefined && { macAlgs: o.macAlgs }),
    ...(o.compressionAlgs !== undefined && { compressionAlgs: o.compressionAlgs }),
    ...(o.serverHostKeyAlgs !== undefined && { serverHostKeyAlgs: o.serverHostKeyAlgs }),
    ...(o.rekeyBytes !== undefined && { rekeyBytes: o.rekeyBytes }),
    ...(o.rekeySeconds !== undefined && { rekeySeconds: o.rekeySeconds }),
  };
}

/** What every connection of one server shares: its options, loaded keys and handler factory. */
export interface ServerSetup {
  readonly serverFactory: () => SSHServer;
  readonly options: SSHServerOptions;
  readonly hostKeys: HostKey[];
  readonly authorizedClientKeys: SSHAuthorizedKeys | undefined;
  readonly knownClientHosts: SSHKnownHosts | undefined;
  readonly transportOptions: TransportOptions;
}

/** Checks the options and loads the host keys and authorized_keys once. */
export async function prepareServer(
  serverFactory: () => SSHServer,
  options: SSHServerOptions,
): Promise<ServerSetup> {
  checkChannelOptions(options);
  const hostKeys = await loadHostKeys(options.serverHostKeys ?? []);
  const authorizedClientKeys = await loadAuthorizedKeys(options.authorizedClientKeys);
  const knownClientHosts = await loadKnownClientHosts(options.knownClientHosts);
  return {
    serverFactory,
    options,
    hostKeys,
    authorizedClientKeys,
    knownClientHosts,
    transportOptions: transportOptions(options, hostKeys),
  };
}

/**
 * Serves one client over `duplex`: key exchange, authentication within the
 * login grace time (sshd's LoginGraceTime, from the start whatever stage a
 * slow client stalls in), then the connection protocol.
 * @param settled - called once the client authenticated or the connection closed
 * @returns the connection, and a promise of its authentication (rejected if it closes first)
 */
export function serveConnection(
  setup: ServerSetup,
  duplex: ByteDuplex,
  settled: () => void = () => undefined,
): { conn: SSHServerConnection; authenticated: Promise<void> } {
  const { options } = setup;
  const handler = setup.serverFactory();
  const logs = connectionLogs(options.logger, 'server');
  const peer = duplex.info?.remoteAddress;
  const peerPort = duplex.info?.remotePort;
  logs?.ssh('accept', `connection from ${String(peer ?? 'an unknown peer')} port ${String(peerPort ?? '?')}`);
  const transportOptions = { ...setup.transportOptions, ...(logs && { log: logs.transport }) };
  const transport = runTransport(duplex, transportOptions, {
    debug: (m, l, a) => handler.debugMsgReceived?.(m, l, a),
    closed: (error) => {
      settled();
      handler.connectionLost?.(error);
    },
  });
  const auth = new AuthServer(transport, handler, {
    ...(setup.authorizedClientKeys && { authorizedClientKeys: setup.authorizedClientKeys }),
    ...(options.publicKeyAuth !== undefined && { publicKeyAuth: options.publicKeyAuth }),
    ...(options.passwordAuth !== undefined && { passwordAuth: options.passwordAuth }),
    ...(options.kbdintAuth !== undefined && { kbdintAuth: options.kbdintAuth }),
    ...(options.authenticationMethods && { authenticationMethods: options.authenticationMethods }),
    ...(options.maxAuthTries !== undefined && { maxAuthTries: options.maxAuthTries }),
    // The grace timer below covers authentication too: one timer, not two.
    loginTimeout: 0,
    ...(options.banner !== undefined && { banner: options.banner }),
    ...(typeof peer === 'string' && peer !== '' && { clientAddress: peer }),
    ...(typeof peerPort === 'number' && { clientPort: peerPort }),
    ...(setup.knownClientHosts && { knownClientHosts: setup.knownClientHosts }),
    ...(options.trustClientHost !== undefined && { trustClientHost: options.trustClientHost }),
    ...(options.hostBasedAuth !== undefined && { hostBasedAuth: options.hostBasedAuth }),
    // sshd's name for the client, looked up only when a hostbased request needs it.
    ...(typeof peer === 'string' && peer !== '' && { lookupClientHost: () => reverseLookup(peer) }),
    ...(logs && { log: logs.auth }),
  });
  const conn = new SSHServerConnection(transport, auth, {
    peername: [peer, peerPort],
    sockname: [duplex.info?.localAddress, duplex.info?.localPort],
  });
  void transport.closed.then((e) => auth.connectionLost(e ?? new ConnectionLost('connection closed')));
  handler.connectionMade?.(conn);
  const grace = setTimeout(
    () => transport.disconnect(DISC_CONNECTION_LOST, 'login grace time exceeded'),
    options.loginTimeout ?? DEFAULT_LOGIN_TIMEOUT_MS,
  );
  grace.unref();
  void transport.closed.then(() => clearTimeout(grace));
  const authenticated = transport.ready
    .then(() => auth.run())
    .then((result) => {
      clearTimeout(grace);
      settled();
      logs?.ssh('authenticated', `${result.username} authenticated with ${result.methods.join(', ')}`);
      conn.startConnectionProtocol(handler, options, result.permissions, setup.hostKeys, logs?.connection);
    });
  return { conn, authenticated };
}

/**
 * Serves one client on a connection you already have (AsyncSSH `run_server`):
 * a socket you accepted, a WebSocket, any byte stream. `host`, `port` and
 * `maxStartups` do not apply.
 * @returns the connection once the client authenticated
 * @throws the DisconnectError that ended the handshake
 */
export async function runServer(sock: ByteDuplex, options: SSHServerOptions): Promise<SSHServerConnection> {
  const setup = await prepareServer(options.serverFactory ?? (() => new SSHServer()), options);
  const { conn, authenticated } = serveConnection(setup, sock);
  try {
    await authenticated;
  } catch (e) {
    conn.abort();
    throw (await conn.waitClosed()) ?? e;
  }
  return conn;
}
