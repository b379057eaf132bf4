/**
 * @packageDocumentation
 * `@sshkit/ssh/web`: the SSH client and server for browsers, Deno, Bun,
 * workers and any runtime without Node's sockets and files. Both run over a
 * byte stream you open (`webSocketDuplex` to a WebSocket relay, `streamDuplex`
 * over WHATWG streams), with keys and trusted host keys you pass in;
 * everything it imports is free of `node:` modules. On the client, sessions,
 * processes, TCP/Unix channels through the server, remote listeners and SFTP
 * work as in `@sshkit/ssh`; `runServer` serves one client with the handler's
 * hooks, `processFactory`/`sessionFactory` and an `sftpFactory` of yours.
 */
import type { ClientKeySource } from '@sshkit/ssh-auth';
import type { ByteDuplex } from '@sshkit/ssh-transport';
import { SSHClientConnectionBase } from './connection-base.js';
import { SSHClient } from './handlers.js';
import { handshake } from './handshake.js';
import { type HostKeyTrust, hostKeyCheckFor } from './host-key-trust.js';
import type { ClientCoreOptions } from './options.js';
import { sessionDefaultsOf } from './session-defaults.js';

export * from '@sshkit/ssh-auth';
export * from '@sshkit/ssh-codes';
// Both layers define the same helper type; export one.
export type { MaybePromise } from '@sshkit/ssh-connection';
export * from '@sshkit/ssh-connection';
export * from '@sshkit/ssh-keys';
export * from '@sshkit/ssh-sftp';
export * from '@sshkit/ssh-transport';
export { SSHError } from '@sshkit/ssh-wire';
export {
  type ConnectionProtocolSetup,
  SSHClientConnectionBase,
  SSHClientConnectionBase as SSHClientConnection,
} from './connection-base.js';
export { SSHClient, type SSHClientHooks, SSHServer, type SSHServerHooks } from './handlers.js';
export { DEFAULT_CONNECT_TIMEOUT } from './handshake.js';
export type { HostKeyTrust } from './host-key-trust.js';
export type { AlgorithmOptions, ClientCoreOptions, ServerCoreOptions, SFTPServerFactory } from './options.js';
export {
  SSHServerConnectionBase,
  SSHServerConnectionBase as SSHServerConnection,
} from './server-connection-base.js';
export {
  type HostCanonicalization,
  SSHConfig,
  SSHConfigError,
  type SSHConfigFile,
  type SSHConfigTarget,
} from './ssh-config.js';
export { DEFAULT_KEEPALIVE_COUNT_MAX } from './transport-connection.js';
export { runServer, type WebServerOptions } from './web-server.js';

/** Options of this entry's {@link connect}: the portable ones, plus what Node would find by itself. */
export interface WebClientOptions extends ClientCoreOptions {
  /** The byte stream to the server, e.g. `await webSocketDuplex(new WebSocket(relayUrl))`. */
  sock: ByteDuplex;
  username: string;
  /** Private keys (`SSHKey`s or `[key, certificate]` pairs), or a loader of them. @default none */
  clientKeys?: ClientKeySource;
  /**
   * The host keys to trust: parsed known_hosts (`importKnownHosts`),
   * `[trusted, ca, revoked]` key lists, or `null` to skip checking. There is
   * no default file here; a key none of them vouches for goes to the
   * handler's `validateHostPublicKey`, else the connection is refused.
   */
  knownHosts: HostKeyTrust;
  clientFactory?: () => SSHClient<SSHClientConnectionBase>;
}

/**
 * Connects over `options.sock`, verifies the host key and authenticates.
 * @example
 * ```ts
 * import { connect, importKnownHosts, importPrivateKey, webSocketDuplex } from '@sshkit/ssh/web';
 * const conn = await connect({
 *   sock: await webSocketDuplex(new WebSocket('wss://relay.example.com/ssh')),
 *   host: 'server.example.com',
 *   username: 'me',
 *   clientKeys: [importPrivateKey(keyText)],
 *   knownHosts: importKnownHosts(knownHostsText),
 * });
 * console.log((await conn.run('uname -a')).stdout);
 * ```
 * @throws HostKeyNotVerifiable, PermissionDenied, ConnectionLost, or another DisconnectError
 */
export async function connect(options: WebClientOptions): Promise<SSHClientConnectionBase> {
  const [conn] = await createConnection(options.clientFactory ?? (() => new SSHClient()), options);
  return conn;
}

/** Like {@link connect}, with a handler object from `clientFactory`; returns the connection and the handler. */
export function createConnection<C extends SSHClient<SSHClientConnectionBase>>(
  clientFactory: () => C,
  options: WebClientOptions,
): Promise<[SSHClientConnectionBase, C]> {
  const host = options.host ?? 'localhost';
  const port = options.port ?? 22;
  options.signal?.throwIfAborted();
  const client = clientFactory();
  const addr = String(options.sock.info?.remoteAddress ?? host);
  const check = hostKeyCheckFor(options.knownHosts, client, { host, addr, port });
  return handshake({
    duplex: options.sock,
    client,
    options,
    addr,
    port,
    username: options.username,
    verifyHostKey: check.verify,
    keys: options.clientKeys ?? [],
    connection: (transport, info) => new SSHClientConnectionBase(transport, info),
    authenticated: (conn, _transport, log) =>
      conn.startConnectionProtocol({
        keepaliveInterval: options.keepaliveInterval,
        keepaliveCountMax: options.keepaliveCountMax,
        sessionDefaults: sessionDefaultsOf(options),
        log,
      }),
  });
}
