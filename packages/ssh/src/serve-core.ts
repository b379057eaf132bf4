import { AuthServer, DEFAULT_LOGIN_TIMEOUT_MS } from '@sshkit/ssh-auth';
import { DISC_CONNECTION_LOST } from '@sshkit/ssh-codes';
import { checkChannelOptions } from '@sshkit/ssh-connection';
import type { SSHAuthorizedKeys, SSHKnownHosts } from '@sshkit/ssh-keys';
import {
  type ByteDuplex,
  ConnectionLost,
  type HostKey,
  runTransport,
  type Transport,
  type TransportOptions,
} from '@sshkit/ssh-transport';
import type { SSHServer } from './handlers.js';
import { connectionLogs } from './log.js';
import type { ServerProtocolOptions } from './options.js';
import type { SSHServerConnectionBase } from './server-connection-base.js';
import { sharedTransportOptions } from './transport-options.js';

function transportOptions(o: ServerProtocolOptions, hostKeys: HostKey[]): TransportOptions {
  return {
    role: 'server',
    hostKeys,
    ...sharedTransportOptions(o, o.serverVersion),
  };
}

/** What a runtime loads or provides for a server: keys, name lookups, its connection class. */
export interface ServerRuntimeSetup<C extends SSHServerConnectionBase> {
  readonly hostKeys: HostKey[];
  readonly authorizedClientKeys: SSHAuthorizedKeys | undefined;
  readonly knownClientHosts: SSHKnownHosts | undefined;
  /** The name of a client's address, asked only when a hostbased request needs it (sshd's reverse lookup). */
  readonly lookupClientHost?: ((address: string) => Promise<string | undefined>) | undefined;
  /** Creates each connection (Node's adds sockets, agent and X11 forwarding). */
  readonly connection: (transport: Transport, auth: AuthServer, info: Record<string, unknown>) => C;
}

/** What every connection of one server shares: its options, loaded keys and handler factory. */
export interface ServerSetup<C extends SSHServerConnectionBase> extends ServerRuntimeSetup<C> {
  readonly serverFactory: () => SSHServer<C>;
  readonly options: ServerProtocolOptions;
  readonly transportOptions: TransportOptions;
}

/** Checks the options, then has the runtime load the keys once. */
export async function prepareServerWith<C extends SSHServerConnectionBase>(
  serverFactory: () => SSHServer<C>,
  options: ServerProtocolOptions,
  load: () => Promise<ServerRuntimeSetup<C>>,
): Promise<ServerSetup<C>> {
  checkChannelOptions(options);
  const loaded = await load();
  return { ...loaded, serverFactory, options, transportOptions: transportOptions(options, loaded.hostKeys) };
}

/**
 * Serves one client over `duplex`: key exchange, authentication within the
 * login grace time (sshd's LoginGraceTime, from the start whatever stage a
 * slow client stalls in), then the connection protocol.
 * @param settled - called once the client authenticated or the connection closed
 * @returns the connection, and a promise of its authentication (rejected if it closes first)
 */
export function serveConnection<C extends SSHServerConnectionBase>(
  setup: ServerSetup<C>,
  duplex: ByteDuplex,
  settled: () => void = () => undefined,
): { conn: C; authenticated: Promise<void> } {
  const { options, lookupClientHost } = setup;
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
    ...(typeof peer === 'string' &&
      peer !== '' &&
      lookupClientHost && { lookupClientHost: () => lookupClientHost(peer) }),
    ...(logs && { log: logs.auth }),
  });
  const conn = setup.connection(transport, auth, {
    peername: [peer, peerPort],
    sockname: [duplex.info?.localAddress, duplex.info?.localPort],
  });
  void transport.closed.then((e) => auth.connectionLost(e ?? new ConnectionLost('connection closed')));
  handler.connectionMade?.(conn);
  const grace = setTimeout(
    () => transport.disconnect(DISC_CONNECTION_LOST, 'login grace time exceeded'),
    options.loginTimeout ?? DEFAULT_LOGIN_TIMEOUT_MS,
  );
  // Node's timers would keep the process alive; other runtimes' are numbers.
  (grace as { unref?: () => void }).unref?.();
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
 * Serves one client of `setup` on `sock` (AsyncSSH `run_server`).
 * @returns the connection once the client authenticated
 * @throws the DisconnectError that ended the handshake
 */
export async function serveOne<C extends SSHServerConnectionBase>(
  setup: ServerSetup<C>,
  sock: ByteDuplex,
): Promise<C> {
  const { conn, authenticated } = serveConnection(setup, sock);
  try {
    await authenticated;
  } catch (e) {
    conn.abort();
    throw (await conn.waitClosed()) ?? e;
  }
  return conn;
}
