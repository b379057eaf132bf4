import type { AuthPermissions, AuthServer } from '@sshkit/ssh-auth';
import type {
  ChannelOptions,
  ConnectionLog,
  DataFor,
  Encoding,
  ServerConnectionHandler,
  ServerConnectionOptions,
  ServerConnectionProtocol,
  SSHReader,
  SSHTCPChannel,
  SSHWriter,
  TCPSessionHandler,
} from '@sshkit/ssh-connection';
import type { SSHAuthorizedKeys } from '@sshkit/ssh-keys';
import { ConnectionLost, type HostKey, type Transport } from '@sshkit/ssh-transport';
import type { ServerProtocolOptions } from './options.js';
import { HostKeyServerProtocol } from './server-host-keys.js';
import { isSCPCommand, sftpAwareProcessFactory } from './sftp-server.js';
import { DEFAULT_KEEPALIVE_COUNT_MAX, TransportConnection } from './transport-connection.js';

/**
 * @internal what a runtime adds to a server connection's protocol: real
 * sockets behind forwarding requests the handler allows with `true`, agent
 * and X11 forwarding (Node has them; `@sshkit/ssh/web` has none).
 */
export interface ServerRuntimeFeatures {
  readonly protocolOptions: Partial<ServerConnectionOptions>;
  /** Releases what they hold, once the connection closed. */
  close?(): void;
}

/**
 * One client's connection on a server in any runtime (AsyncSSH
 * `SSHServerConnection`): authentication controls during `beginAuth`,
 * permissions after it. `@sshkit/ssh/web` gives it as `SSHServerConnection`;
 * Node's `SSHServerConnection` extends it with sockets, agent and X11
 * forwarding.
 */
export class SSHServerConnectionBase extends TransportConnection {
  readonly #auth: AuthServer;

  /** @internal created by `listen` or `runServer` */
  constructor(transport: Transport, auth: AuthServer, info: Record<string, unknown>) {
    super(transport, info);
    this.#auth = auth;
  }

  #protocol: ServerConnectionProtocol | undefined;

  /** @internal what this runtime adds to the connection protocol; nothing unless a subclass says. */
  protected runtimeFeatures(_protocol: () => ServerConnectionProtocol): ServerRuntimeFeatures {
    return { protocolOptions: {} };
  }

  /**
   * @internal starts the connection protocol after authentication: the
   * handler's session/connection/server hooks, `sessionFactory`/
   * `processFactory`/`sftpFactory`, and what {@link runtimeFeatures} adds;
   * then announces `hostKeys` (`hostkeys-00@openssh.com`).
   */
  startConnectionProtocol(
    handler: ServerConnectionHandler,
    options: ServerProtocolOptions,
    permissions: AuthPermissions,
    hostKeys: readonly HostKey[] = [],
    log?: ConnectionLog,
  ): void {
    const runtime = this.runtimeFeatures(() => protocol);
    const protocol: HostKeyServerProtocol = new HostKeyServerProtocol(
      this.transport,
      handler,
      {
        permissions,
        extraInfo: (name) => this.getExtraInfo(name),
        ...(log && { log }),
        ...(options.sessionFactory && !options.sftpFactory && { sessionFactory: options.sessionFactory }),
        ...((options.processFactory || options.sftpFactory) && {
          processFactory: sftpAwareProcessFactory(options, this),
          binarySubsystems: options.sftpFactory ? ['sftp'] : [],
          ...(options.allowScp && options.sftpFactory && { binaryCommand: isSCPCommand }),
        }),
        ...(options.allowPty !== undefined && { allowPty: options.allowPty }),
        channelOptions: serverChannelOptions(options),
        ...runtime.protocolOptions,
      },
      hostKeys,
    );
    this.#protocol = protocol;
    protocol.announceHostKeys();
    const interval = options.keepaliveInterval ?? 0;
    if (interval > 0) {
      const countMax = options.keepaliveCountMax ?? DEFAULT_KEEPALIVE_COUNT_MAX;
      this.startKeepalive(interval, countMax, () => protocol.sendKeepalive());
    }
    void this.transport.closed.then((e) => {
      protocol.connectionLost(e ?? new ConnectionLost('connection closed'));
      runtime.close?.();
    });
  }

  private get protocol(): ServerConnectionProtocol {
    if (!this.#protocol) throw new ConnectionLost('not authenticated yet');
    return this.#protocol;
  }

  /** Opens a `forwarded-tcpip` channel to the client with a handler object. */
  createConnection<E extends Encoding = null>(
    sessionFactory: () => TCPSessionHandler<DataFor<E>>,
    host: string,
    port: number,
    origHost = '',
    origPort = 0,
  ): Promise<[SSHTCPChannel<DataFor<E>>, TCPSessionHandler<DataFor<E>>]> {
    return this.protocol.createConnection(sessionFactory, host, port, origHost, origPort);
  }

  /** Opens a `forwarded-tcpip` channel to the client as streams. */
  openConnection<E extends Encoding = null>(
    host: string,
    port: number,
    origHost = '',
    origPort = 0,
  ): Promise<[SSHReader<DataFor<E>>, SSHWriter<DataFor<E>>]> {
    return this.protocol.openConnection(host, port, origHost, origPort);
  }

  protected sideInfo(peerVersion: string | undefined): Record<string, unknown> {
    return { clientVersion: peerVersion, username: this.#auth.username };
  }

  /** Sends a banner before authentication completes. */
  sendAuthBanner(message: string, lang = ''): void {
    this.#auth.sendAuthBanner(message, lang);
  }

  /** Sets the authorized keys for this connection (from `beginAuth`). */
  setAuthorizedKeys(keys: SSHAuthorizedKeys): void {
    this.#auth.setAuthorizedKeys(keys);
  }

  private get permissions(): AuthPermissions | undefined {
    return this.#auth.permissions;
  }

  /** An authorized_keys option of the key used to log in (`command`, `from`, ...). */
  getKeyOption(name: string, fallback?: unknown): unknown {
    return this.permissions?.getKeyOption(name) ?? fallback;
  }

  /** Whether authorized_keys allows `pty`, `port-forwarding`, `agent-forwarding`, `X11-forwarding`, `user-rc`. */
  checkKeyPermission(name: string): boolean {
    return this.permissions?.checkKeyPermission(name) ?? false;
  }

  /** A critical option of the user certificate used to log in. */
  getCertificateOption(name: string, fallback?: unknown): unknown {
    return this.permissions?.getCertificateOption(name) ?? fallback;
  }

  /** Whether the user certificate allows `pty`, `port-forwarding`, ... */
  checkCertificatePermission(name: string): boolean {
    return this.permissions?.checkCertificatePermission(name) ?? false;
  }
}

/** The session channel options of `listen()`: encoding, window and packet size. */
function serverChannelOptions(options: ServerProtocolOptions): ChannelOptions<Encoding> {
  return {
    ...(options.encoding !== undefined && { encoding: options.encoding }),
    ...(options.errors !== undefined && { errors: options.errors }),
    ...(options.window !== undefined && { window: options.window }),
    ...(options.maxPktsize !== undefined && { maxPktsize: options.maxPktsize }),
  };
}
