import {
  type ClientConnectionOptions,
  ClientConnectionProtocol,
  type ClientSessionHandler,
  type ClientSessionOptions,
  type ConnectionLog,
  type DataFor,
  type Encoding,
  type ProcessOptions,
  type RunOptions,
  type SSHClientChannel,
  type SSHClientProcess,
  type SSHCompletedProcess,
  type SSHReader,
  type SSHRemoteListener,
  type SSHTCPChannel,
  type SSHTunTapChannel,
  type SSHWriter,
  type StreamHandler,
  type TCPOpenResult,
  type TCPSessionHandler,
  type TunTapChannelOptions,
  type TunTapSessionHandler,
} from '@sshkit/ssh-connection';
import { SFTPClient, type SFTPClientOptions } from '@sshkit/ssh-sftp';
import { ConnectionLost, type Transport } from '@sshkit/ssh-transport';
import { type SessionDefaults, withSessionDefaults } from './session-defaults.js';
import { channelByteStream } from './sftp-stream.js';
import { DEFAULT_KEEPALIVE_COUNT_MAX, TransportConnection } from './transport-connection.js';

/**
 * @internal the server announced its host keys (`hostkeys-00@openssh.com`);
 * `prove` asks it to sign with some of them (`hostkeys-prove-00@openssh.com`).
 */
export type HostKeysReceived = (
  blobs: Uint8Array[],
  prove: (blobs: readonly Uint8Array[]) => Promise<Uint8Array[] | undefined>,
) => void;

/** @internal what `connect()` hands the connection once authenticated. */
export interface ConnectionProtocolSetup {
  readonly keepaliveInterval?: number | undefined;
  readonly keepaliveCountMax?: number | undefined;
  readonly hostKeysReceived?: HostKeysReceived | undefined;
  /** Where the channels of agent and X11 forwarding go, when the runtime offers them. */
  readonly forwarding?: Pick<ClientConnectionOptions, 'agentForwarding' | 'x11Forwarding'>;
  /** What sessions get unless they say otherwise. */
  readonly sessionDefaults?: SessionDefaults;
  /** Where channel and request events go (the `logger` option). */
  readonly log?: ConnectionLog | undefined;
}

/**
 * An authenticated client connection in any runtime: sessions, processes,
 * TCP/Unix channels, remote listeners and SFTP, with no Node sockets or
 * files. `@sshkit/ssh/web` gives it as `SSHClientConnection`; on Node,
 * `SSHClientConnection` extends it with local forwarding, X11 and Node
 * stream redirection.
 */
export class SSHClientConnectionBase extends TransportConnection {
  #protocol: ClientConnectionProtocol | undefined;
  #sessionDefaults: SessionDefaults = {};

  /** @internal created by {@link connect} */
  constructor(transport: Transport, info: Record<string, unknown>) {
    super(transport, info);
  }

  /** @internal starts the connection protocol once authentication succeeded */
  startConnectionProtocol(setup: ConnectionProtocolSetup): void {
    const {
      keepaliveInterval = 0,
      keepaliveCountMax = DEFAULT_KEEPALIVE_COUNT_MAX,
      hostKeysReceived,
    } = setup;
    const protocol: ClientConnectionProtocol = new ClientConnectionProtocol(this.transport, {
      extraInfo: (name) => this.getExtraInfo(name),
      ...(hostKeysReceived && {
        hostKeysReceived: (blobs) => hostKeysReceived(blobs, (b) => protocol.requestHostKeysProof(b)),
      }),
      ...setup.forwarding,
      ...(setup.log && { log: setup.log }),
    });
    this.#protocol = protocol;
    this.#sessionDefaults = setup.sessionDefaults ?? {};
    if (keepaliveInterval > 0)
      this.startKeepalive(keepaliveInterval, keepaliveCountMax, () => protocol.sendKeepalive());
    void this.transport.closed.then((e) => {
      protocol.connectionLost(e ?? new ConnectionLost('connection closed'));
    });
  }

  /** @internal the connection protocol, once started */
  protected get protocol(): ClientConnectionProtocol {
    if (!this.#protocol) throw new ConnectionLost('not connected');
    return this.#protocol;
  }

  /**
   * Runs a command and collects its output (AsyncSSH `run`). `stdin`,
   * `stdout` and `stderr` may redirect to other processes' streams or to
   * sources and sinks of your own; redirected output is not collected.
   */
  run<E extends Encoding = 'utf-8'>(
    command?: string,
    options: RunOptions<E> = {},
  ): Promise<SSHCompletedProcess<DataFor<E>>> {
    return this.protocol.run(...withSessionDefaults(this.#sessionDefaults, command, options, 'term'));
  }

  /** Starts a remote process with `stdin`, `stdout`, `stderr` (redirectable as in `run`) and `wait()`. */
  createProcess<E extends Encoding = 'utf-8'>(
    command?: string,
    options: ProcessOptions<E> = {},
  ): Promise<SSHClientProcess<DataFor<E>>> {
    return this.protocol.createProcess(
      ...withSessionDefaults(this.#sessionDefaults, command, options, 'term'),
    );
  }

  /** Opens a session channel with a handler object (AsyncSSH `create_session`). */
  createSession<E extends Encoding = 'utf-8'>(
    sessionFactory: () => ClientSessionHandler<DataFor<E>>,
    command?: string,
    options: ClientSessionOptions<E> = {},
  ): Promise<[SSHClientChannel<DataFor<E>>, ClientSessionHandler<DataFor<E>>]> {
    return this.protocol.createSession(
      sessionFactory,
      ...withSessionDefaults(this.#sessionDefaults, command, options, 'termType'),
    );
  }

  /** Opens a session channel as streams: `[stdin, stdout, stderr]`. */
  openSession<E extends Encoding = 'utf-8'>(
    command?: string,
    options: ClientSessionOptions<E> = {},
  ): Promise<[SSHWriter<DataFor<E>>, SSHReader<DataFor<E>>, SSHReader<DataFor<E>>]> {
    return this.protocol.openSession(
      ...withSessionDefaults(this.#sessionDefaults, command, options, 'termType'),
    );
  }

  /** Opens a `direct-tcpip` channel with a handler object. */
  createConnection<E extends Encoding = null>(
    sessionFactory: () => TCPSessionHandler<DataFor<E>>,
    host: string,
    port: number,
  ): Promise<[SSHTCPChannel<DataFor<E>>, TCPSessionHandler<DataFor<E>>]> {
    return this.protocol.createConnection(sessionFactory, host, port);
  }

  /** Opens a `direct-tcpip` channel as streams: `[reader, writer]`. */
  openConnection<E extends Encoding = null>(
    host: string,
    port: number,
  ): Promise<[SSHReader<DataFor<E>>, SSHWriter<DataFor<E>>]> {
    return this.protocol.openConnection(host, port);
  }

  /** Asks the server to listen and hands each connection to a session handler. */
  createServer<E extends Encoding = null>(
    sessionFactory: (origHost: string, origPort: number) => TCPOpenResult<DataFor<E>>,
    listenHost: string,
    listenPort: number,
  ): Promise<SSHRemoteListener> {
    return this.protocol.createServer(sessionFactory, listenHost, listenPort);
  }

  /** Asks the server to listen and hands each connection to a `(reader, writer)` handler. */
  startServer<E extends Encoding = null>(
    handlerFactory: (origHost: string, origPort: number) => StreamHandler<DataFor<E>>,
    listenHost: string,
    listenPort: number,
  ): Promise<SSHRemoteListener> {
    return this.protocol.startServer(handlerFactory, listenHost, listenPort);
  }

  /**
   * Opens a layer 3 tunnel to the server's tun device `remoteUnit` (any when
   * undefined), as `ssh -w`, with a handler object: one IP packet per
   * `dataReceived` and per `write` (AsyncSSH `create_tun`).
   */
  createTun(
    sessionFactory: () => TunTapSessionHandler,
    remoteUnit?: number,
    options?: TunTapChannelOptions,
  ): Promise<[SSHTunTapChannel, TunTapSessionHandler]> {
    return this.protocol.createTun(sessionFactory, remoteUnit, options);
  }

  /** Opens a layer 3 tunnel as streams: each `read()` returns one IP packet, each `write()` sends one. */
  openTun(
    remoteUnit?: number,
    options?: TunTapChannelOptions,
  ): Promise<[SSHReader<Uint8Array>, SSHWriter<Uint8Array>]> {
    return this.protocol.openTun(remoteUnit, options);
  }

  /** Opens a layer 2 tunnel (`ssh -o Tunnel=ethernet -w`) with a handler object: Ethernet frames (AsyncSSH `create_tap`). */
  createTap(
    sessionFactory: () => TunTapSessionHandler,
    remoteUnit?: number,
    options?: TunTapChannelOptions,
  ): Promise<[SSHTunTapChannel, TunTapSessionHandler]> {
    return this.protocol.createTap(sessionFactory, remoteUnit, options);
  }

  /** Opens a layer 2 tunnel as streams: one Ethernet frame per `read()` / `write()`. */
  openTap(
    remoteUnit?: number,
    options?: TunTapChannelOptions,
  ): Promise<[SSHReader<Uint8Array>, SSHWriter<Uint8Array>]> {
    return this.protocol.openTap(remoteUnit, options);
  }

  /**
   * Starts an SFTP client on the `sftp` subsystem; `get`/`put` and their m-
   * forms need `options.localFs` (on Node it defaults to this machine's files).
   */
  async startSftpClient(options?: SFTPClientOptions): Promise<SFTPClient> {
    const [stdin, stdout] = await this.protocol.openSession<null>(undefined, {
      subsystem: 'sftp',
      encoding: null,
    });
    return SFTPClient.start(channelByteStream(stdout, stdin), options);
  }

  /** Sends `keepalive@openssh.com` and waits for the server's answer. */
  sendKeepalive(): Promise<void> {
    return this.protocol.sendKeepalive();
  }

  protected sideInfo(peerVersion: string | undefined): Record<string, unknown> {
    return { serverVersion: peerVersion };
  }

  /** Starts a key re-exchange. */
  rekey(): void {
    this.transport.rekey();
  }
}
