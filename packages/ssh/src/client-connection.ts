import { DISC_BY_APPLICATION, DISC_CONNECTION_LOST } from '@sshkit/ssh-codes';
import {
  ClientConnectionProtocol,
  type ClientSessionHandler,
  type ClientSessionOptions,
  type DataFor,
  type Encoding,
  type ProcessOptions,
  type RunOptions,
  type SessionData,
  type SSHClientChannel,
  type SSHClientProcess,
  type SSHCompletedProcess,
  type SSHReader,
  type SSHRemoteListener,
  type SSHTCPChannel,
  type SSHWriter,
  type StreamHandler,
  type TCPOpenResult,
  type TCPSessionHandler,
} from '@sshkit/ssh-connection';
import { SFTPClient, type SFTPClientOptions } from '@sshkit/ssh-sftp';
import { LocalFileSystem } from '@sshkit/ssh-sftp/node';
import { ConnectionLost, type DisconnectError, type Transport } from '@sshkit/ssh-transport';
import type { SSHListener } from './listen.js';
import { forwardLocal, forwardRemote, forwardSocks, socketSession } from './node/forward.js';
import { type NodeProcessRedirects, toProcessRedirects } from './node/process-io.js';
import {
  splitX11Options,
  type WithX11,
  X11ClientForwarder,
  type X11ForwardingOptions,
  type X11SessionRequest,
} from './node/x11/client.js';
import { channelByteStream } from './sftp-stream.js';

/**
 * @internal the server announced its host keys (`hostkeys-00@openssh.com`);
 * `prove` asks it to sign with some of them (`hostkeys-prove-00@openssh.com`).
 */
export type HostKeysReceived = (
  blobs: Uint8Array[],
  prove: (blobs: readonly Uint8Array[]) => Promise<Uint8Array[] | undefined>,
) => void;

/** Process options with Node redirection targets (paths, Node streams) in place of the portable ones. */
export type NodeOptions<O, D extends SessionData> = Omit<O, 'stdin' | 'stdout' | 'stderr'> &
  NodeProcessRedirects<D>;

/** @internal what {@link connect} hands the connection once authenticated. */
export interface ClientProtocolSetup {
  readonly keepaliveInterval?: number | undefined;
  readonly keepaliveCountMax?: number | undefined;
  readonly hostKeysReceived?: HostKeysReceived | undefined;
  /** The local agent `ssh -A` forwards. */
  readonly forwardedAgentPath?: string | undefined;
  /** X11 forwarding defaults of every session. */
  readonly x11: X11ForwardingOptions;
}

/** ssh's default ServerAliveCountMax. */
export const DEFAULT_KEEPALIVE_COUNT_MAX = 3;

/**
 * An authenticated client connection (AsyncSSH `SSHClientConnection`). Close
 * it with `close()` or `await using`.
 */
export class SSHClientConnection {
  readonly #transport: Transport;
  readonly #info: Record<string, unknown>;
  #protocol: ClientConnectionProtocol | undefined;
  #x11: X11ClientForwarder | undefined;

  /** @internal created by {@link connect} */
  constructor(transport: Transport, info: Record<string, unknown>) {
    this.#transport = transport;
    this.#info = info;
  }

  /** @internal starts the connection protocol once authentication succeeded */
  startConnectionProtocol(setup: ClientProtocolSetup): void {
    const { keepaliveInterval = 0, keepaliveCountMax = DEFAULT_KEEPALIVE_COUNT_MAX } = setup;
    const { hostKeysReceived, forwardedAgentPath } = setup;
    const x11 = new X11ClientForwarder(setup.x11);
    this.#x11 = x11;
    const protocol: ClientConnectionProtocol = new ClientConnectionProtocol(this.#transport, {
      extraInfo: (name) => this.getExtraInfo(name),
      ...(hostKeysReceived && {
        hostKeysReceived: (blobs) => hostKeysReceived(blobs, (b) => protocol.requestHostKeysProof(b)),
      }),
      // Each agent channel the server opens is a new connection to the local agent.
      ...(forwardedAgentPath !== undefined && {
        agentForwarding: () => socketSession({ path: forwardedAgentPath }),
      }),
      x11Forwarding: () => x11.channel(),
    });
    this.#protocol = protocol;
    const stopKeepalive =
      keepaliveInterval > 0 ? this.startKeepalive(keepaliveInterval, keepaliveCountMax) : () => undefined;
    void this.#transport.closed.then((e) => {
      stopKeepalive();
      protocol.connectionLost(e ?? new ConnectionLost('connection closed'));
    });
  }

  /**
   * ssh's ServerAlive*: a keepalive every `interval` seconds; when
   * `countMax` of them are unanswered, the server is gone: drop the connection.
   */
  private startKeepalive(interval: number, countMax: number): () => void {
    let unanswered = 0;
    const timer = setInterval(() => {
      if (unanswered >= countMax) {
        clearInterval(timer);
        this.#transport.disconnect(DISC_CONNECTION_LOST, `no answer to ${countMax} keepalives`);
        return;
      }
      unanswered++;
      this.protocol.sendKeepalive().then(
        () => {
          unanswered = 0;
        },
        () => undefined,
      );
    }, interval * 1000);
    timer.unref();
    return () => clearInterval(timer);
  }

  private get x11(): X11ClientForwarder {
    if (!this.#x11) throw new ConnectionLost('not connected');
    return this.#x11;
  }

  private get protocol(): ClientConnectionProtocol {
    if (!this.#protocol) throw new ConnectionLost('not connected');
    return this.#protocol;
  }

  /**
   * Runs a command and collects its output (AsyncSSH `run`). `stdin`,
   * `stdout` and `stderr` may redirect to file paths, Node streams or other
   * processes' streams; redirected output is not collected.
   */
  run<E extends Encoding = 'utf-8'>(
    command?: string,
    options: WithX11<NodeOptions<RunOptions<E>, DataFor<E>>> = {},
  ): Promise<SSHCompletedProcess<DataFor<E>>> {
    const { stdin, stdout, stderr, ...rest } = options;
    return this.withX11(
      rest,
      (o) => this.protocol.run(command, { ...o, ...toProcessRedirects({ stdin, stdout, stderr }) }),
      undefined,
    );
  }

  /** Starts a remote process with `stdin`, `stdout`, `stderr` (redirectable as in `run`) and `wait()`. */
  createProcess<E extends Encoding = 'utf-8'>(
    command?: string,
    options: WithX11<NodeOptions<ProcessOptions<E>, DataFor<E>>> = {},
  ): Promise<SSHClientProcess<DataFor<E>>> {
    const { stdin, stdout, stderr, ...rest } = options;
    return this.withX11(
      rest,
      (o) => this.protocol.createProcess(command, { ...o, ...toProcessRedirects({ stdin, stdout, stderr }) }),
      (process) => process.channel,
    );
  }

  /** Opens a session channel with a handler object (AsyncSSH `create_session`). */
  createSession<E extends Encoding = 'utf-8'>(
    sessionFactory: () => ClientSessionHandler<DataFor<E>>,
    command?: string,
    options: WithX11<ClientSessionOptions<E>> = {},
  ): Promise<[SSHClientChannel<DataFor<E>>, ClientSessionHandler<DataFor<E>>]> {
    return this.withX11(
      options,
      (o) => this.protocol.createSession(sessionFactory, command, o),
      ([channel]) => channel,
    );
  }

  /** Opens a session channel as streams: `[stdin, stdout, stderr]`. */
  openSession<E extends Encoding = 'utf-8'>(
    command?: string,
    options: WithX11<ClientSessionOptions<E>> = {},
  ): Promise<[SSHWriter<DataFor<E>>, SSHReader<DataFor<E>>, SSHReader<DataFor<E>>]> {
    return this.withX11(
      options,
      (o) => this.protocol.openSession(command, o),
      ([stdin]) => stdin.channel,
    );
  }

  /**
   * Opens a session after turning its X11 options (over the connection's) into
   * the `x11-req` it sends; the session's fake cookie is forgotten when its
   * channel closes (`channelOf`), or when `open` settles if there is none.
   */
  private async withX11<O extends X11ForwardingOptions, R>(
    options: O,
    open: (options: Omit<O, keyof X11ForwardingOptions> & { x11?: X11SessionRequest }) => Promise<R>,
    channelOf: ((opened: R) => { waitClosed(): Promise<void> }) | undefined,
  ): Promise<R> {
    const [x11Options, rest] = splitX11Options(options);
    const [x11, release] = await this.x11.request(x11Options);
    try {
      const opened = await open(x11 ? { ...rest, x11 } : rest);
      if (channelOf) void channelOf(opened).waitClosed().then(release, release);
      else release();
      return opened;
    } catch (e) {
      release();
      throw e;
    }
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

  /** `ssh -L`: forwards connections to a local port through the server to `destHost:destPort`. */
  forwardLocalPort(
    listenHost: string,
    listenPort: number,
    destHost: string,
    destPort: number,
  ): Promise<SSHListener> {
    return forwardLocal(
      this.protocol,
      { host: listenHost, port: listenPort },
      { host: destHost, port: destPort },
    );
  }

  /** `ssh -L path:path`: forwards connections to a local Unix socket to one on the server. */
  forwardLocalPath(listenPath: string, destPath: string): Promise<SSHListener> {
    return forwardLocal(this.protocol, { path: listenPath }, { path: destPath });
  }

  /** Forwards connections to a local port to a Unix socket on the server. */
  forwardLocalPortToPath(listenHost: string, listenPort: number, destPath: string): Promise<SSHListener> {
    return forwardLocal(this.protocol, { host: listenHost, port: listenPort }, { path: destPath });
  }

  /** Forwards connections to a local Unix socket to `destHost:destPort` through the server. */
  forwardLocalPathToPort(listenPath: string, destHost: string, destPort: number): Promise<SSHListener> {
    return forwardLocal(this.protocol, { path: listenPath }, { host: destHost, port: destPort });
  }

  /** `ssh -R`: forwards connections to a port on the server to `destHost:destPort` from here. */
  forwardRemotePort(
    listenHost: string,
    listenPort: number,
    destHost: string,
    destPort: number,
  ): Promise<SSHListener> {
    return forwardRemote(
      this.protocol,
      { host: listenHost, port: listenPort },
      { host: destHost, port: destPort },
    );
  }

  /** `ssh -R path:path`: forwards connections to a Unix socket on the server to a local one. */
  forwardRemotePath(listenPath: string, destPath: string): Promise<SSHListener> {
    return forwardRemote(this.protocol, { path: listenPath }, { path: destPath });
  }

  /** Forwards connections to a port on the server to a local Unix socket. */
  forwardRemotePortToPath(listenHost: string, listenPort: number, destPath: string): Promise<SSHListener> {
    return forwardRemote(this.protocol, { host: listenHost, port: listenPort }, { path: destPath });
  }

  /** Forwards connections to a Unix socket on the server to `destHost:destPort` from here. */
  forwardRemotePathToPort(listenPath: string, destHost: string, destPort: number): Promise<SSHListener> {
    return forwardRemote(this.protocol, { path: listenPath }, { host: destHost, port: destPort });
  }

  /** `ssh -D`: a local SOCKS4/4a/5 proxy whose connections go through the server. */
  forwardSocks(listenHost: string, listenPort: number): Promise<SSHListener> {
    return forwardSocks(this.protocol, listenHost, listenPort);
  }

  /**
   * Starts an SFTP client on the `sftp` subsystem. `get`/`put` and their
   * m- forms use this machine's file system unless `options.localFs` says
   * otherwise (as AsyncSSH's `start_sftp_client`).
   */
  async startSftpClient(options?: SFTPClientOptions): Promise<SFTPClient> {
    const [stdin, stdout] = await this.protocol.openSession<null>(undefined, {
      subsystem: 'sftp',
      encoding: null,
    });
    return SFTPClient.start(channelByteStream(stdout, stdin), {
      ...options,
      localFs: options?.localFs ?? new LocalFileSystem(),
    });
  }

  /** Sends `keepalive@openssh.com` and waits for the server's answer. */
  sendKeepalive(): Promise<void> {
    return this.protocol.sendKeepalive();
  }

  /** @internal the transport, for the connection layer */
  get transport(): Transport {
    return this.#transport;
  }

  /**
   * Facts about the connection: `peername` ([host, port]), `sockname`,
   * `username`, `serverVersion`, `clientVersion`, the negotiated algorithms
   * (`kexAlg`, `cipherC2S`, ...), `authMethod`.
   */
  getExtraInfo(name: string, fallback?: unknown): unknown {
    const t = this.#transport.getExtraInfo();
    const a = t.algorithms;
    const live: Record<string, unknown> = {
      serverVersion: t.peerVersion,
      kexAlg: a?.kex,
      hostKeyAlg: a?.hostKey,
      cipherC2S: a?.cipherC2S,
      cipherS2C: a?.cipherS2C,
      macC2S: a?.macC2S,
      macS2C: a?.macS2C,
      compressionC2S: a?.compressionC2S,
      compressionS2C: a?.compressionS2C,
      strictKex: t.strictKex,
      kexCount: t.kexCount,
    };
    return this.#info[name] ?? live[name] ?? fallback;
  }

  /** Sends a debug message the server may log. */
  sendDebug(message: string, alwaysDisplay = false): void {
    this.#transport.sendDebug(message, alwaysDisplay);
  }

  /** Starts a key re-exchange. */
  rekey(): void {
    this.#transport.rekey();
  }

  /** Disconnects cleanly (SSH_DISCONNECT_BY_APPLICATION). */
  close(): void {
    this.#transport.disconnect(DISC_BY_APPLICATION, 'disconnected by application');
  }

  /** Sends a disconnect with the given code and reason. */
  disconnect(code: number, reason: string): void {
    this.#transport.disconnect(code, reason);
  }

  /** Drops the connection without a disconnect message. */
  abort(): void {
    this.#transport.abort();
  }

  /** Resolves once the connection is closed, with the reason if it was not a clean close. */
  waitClosed(): Promise<DisconnectError | undefined> {
    return this.#transport.closed;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
    await this.waitClosed();
  }
}
