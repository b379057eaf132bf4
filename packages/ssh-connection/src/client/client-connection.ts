/**
 * The client side of the connection protocol: sessions, direct-tcpip and
 * direct-streamlocal channels, remote forwarding requests (`tcpip-forward`,
 * `streamlocal-forward@openssh.com`) and the channels they bring back, host
 * key announcements (`hostkeys-00@openssh.com`), `no-more-sessions`, and the
 * channels of agent and X11 forwarding.
 */
import {
  EXTENDED_DATA_STDERR,
  OPEN_ADMINISTRATIVELY_PROHIBITED,
  OPEN_UNKNOWN_CHANNEL_TYPE,
} from '@sshkit/ssh-codes';
import type { PacketChannel } from '@sshkit/ssh-transport';
import type { SSHChannel } from '../channel.js';
import {
  acceptOpen,
  type ConnectionOptions,
  ConnectionProtocol,
  type StreamHandler,
  type TCPOpenResult,
  type UNIXOpenResult,
} from '../connection.js';
import { ChannelListenError, ChannelOpenError } from '../errors.js';
import { SSHTCPChannel, SSHUNIXChannel } from '../forward/tcp.js';
import {
  SSHTunTapChannel,
  SSHTunTapStreamSession,
  type TunTapChannelOptions,
  type TunTapSessionHandler,
} from '../forward/tuntap.js';
import {
  CHANNEL_TYPE,
  type ChannelOpen,
  decodeEmptyRequest,
  decodeForwardedStreamlocalOpenData,
  decodeStringList,
  decodeTcpipForwardReply,
  decodeTcpipOpenData,
  decodeX11OpenData,
  encodeStringList,
  encodeStringRequest,
  encodeTcpipForward,
  encodeTunOpenData,
  GLOBAL_REQUEST,
  type GlobalRequest,
  SSH_TUN_MODE_ETHERNET,
  SSH_TUN_MODE_POINTTOPOINT,
  SSH_TUN_UNIT_ANY,
} from '../messages.js';
import type { AcceptedChannel, GlobalRequestReply } from '../mux.js';
import {
  type ProcessOptions,
  type RunOptions,
  SSHClientProcess,
  type SSHCompletedProcess,
} from '../process.js';
import {
  type ClientSessionHandler,
  type ClientSessionRequest,
  SSHClientChannel,
} from '../session/client-session.js';
import { SSHReader, SSHStreamSession, SSHWriter } from '../stream.js';
import type { ChannelOptions, DataFor, Encoding, MaybePromise, SessionData } from '../types.js';

/** Options of a client session: channel options plus what to request. */
export type ClientSessionOptions<E extends Encoding = 'utf-8'> = ChannelOptions<E> &
  Omit<ClientSessionRequest, 'command'>;

/** Options of {@link ClientConnectionProtocol}. */
export interface ClientConnectionOptions extends ConnectionOptions {
  /** The server announced its host keys (`hostkeys-00@openssh.com`, OpenSSH PROTOCOL §2.5): public key blobs. */
  hostKeysReceived?: (blobs: Uint8Array[]) => void;
  /**
   * Agent forwarding (`ssh -A`): every session asks for it
   * (`auth-agent-req@openssh.com`), and each `auth-agent@openssh.com` channel
   * the server opens gets what this returns, usually a session bridged to the
   * local agent. Without it those channels are refused.
   */
  agentForwarding?: () => MaybePromise<UNIXOpenResult<SessionData>>;
  /**
   * X11 forwarding (`ssh -X`): each `x11` channel the server opens gets what
   * this returns for the X client's address, usually a session bridged to the
   * local X server. Sessions ask for it with their `x11` option; as AsyncSSH,
   * `x11` channels are refused until one of them was accepted, and always
   * without this hook.
   */
  x11Forwarding?: (origHost: string, origPort: number) => MaybePromise<TCPOpenResult<SessionData>>;
}

/** A remote listener set up with `tcpip-forward` or `streamlocal-forward@openssh.com` (AsyncSSH `SSHListener`). */
export interface SSHRemoteListener {
  /** The address (or socket path) the server listens on. */
  readonly listenHost: string;
  /** The port the server bound (the allocated one when 0 was requested); 0 for Unix sockets. */
  getPort(): number;
  /** Cancels the forwarding (`cancel-tcpip-forward` / `cancel-streamlocal-forward@openssh.com`). */
  close(): Promise<void>;
  /** Resolves once closed. */
  waitClosed(): Promise<void>;
}

/** Receives a `forwarded-tcpip` channel: the originator's address; returns what to do with it. */
export type ForwardedTCPHandler = (
  origHost: string,
  origPort: number,
) => MaybePromise<TCPOpenResult<SessionData>>;
/** Receives a `forwarded-streamlocal@openssh.com` channel. */
export type ForwardedUNIXHandler = () => MaybePromise<UNIXOpenResult<SessionData>>;

interface TcpListenerEntry {
  readonly host: string;
  readonly port: number;
  readonly handler: ForwardedTCPHandler;
  readonly options: ChannelOptions<Encoding>;
}

/**
 * The client connection protocol over an authenticated `PacketChannel`
 * (the protocol half of AsyncSSH's `SSHClientConnection`).
 *
 * @example
 * ```ts
 * import { ClientConnectionProtocol } from '@sshkit/ssh-connection';
 * const conn = new ClientConnectionProtocol(packetChannel);
 * const result = await conn.run('echo hi');
 * result.stdout; // 'hi\n'
 * ```
 */
export class ClientConnectionProtocol extends ConnectionProtocol {
  protected readonly tcpChannelType = 'direct-tcpip' as const;
  protected readonly unixChannelType = 'direct-streamlocal@openssh.com' as const;
  private readonly clientOptions: ClientConnectionOptions;
  private readonly tcpListeners = new Map<string, TcpListenerEntry>();
  private readonly unixListeners = new Map<
    string,
    { handler: ForwardedUNIXHandler; options: ChannelOptions<Encoding> }
  >();
  private hostKeys: Uint8Array[] | undefined;
  /** Some session's x11-req was accepted: only then may the server open `x11` channels. */
  private x11Accepted = false;

  constructor(transport: PacketChannel, options: ClientConnectionOptions = {}) {
    super(transport, options);
    this.clientOptions = options;
  }

  /** The host key blobs the server announced with `hostkeys-00@openssh.com`, if it did. */
  getServerHostKeys(): readonly Uint8Array[] | undefined {
    return this.hostKeys;
  }

  /**
   * Opens a session channel with a session handler and starts it (env,
   * x11-req, pty-req, then shell, exec or subsystem).
   * @returns `[channel, session]`
   * @throws ChannelOpenError — from the server, or OPEN_REQUEST_X11_FORWARDING_FAILED /
   *   OPEN_REQUEST_PTY_FAILED / OPEN_REQUEST_SESSION_FAILED
   */
  async createSession<E extends Encoding = 'utf-8'>(
    sessionFactory: () => ClientSessionHandler<DataFor<E>>,
    command?: string,
    options: ClientSessionOptions<E> = {},
  ): Promise<[SSHClientChannel<DataFor<E>>, ClientSessionHandler<DataFor<E>>]> {
    const chan = new SSHClientChannel<DataFor<E>>(options);
    await this.mux.openChannel(chan as unknown as SSHChannel<SessionData>, new Uint8Array(0));
    const session = sessionFactory();
    chan.connect(session as never);
    try {
      await chan.begin(
        { ...options, ...(command !== undefined && { command }) },
        this.clientOptions.agentForwarding !== undefined,
        () => {
          this.x11Accepted = true;
        },
      );
    } catch (e) {
      chan.close();
      throw e;
    }
    return [chan, session];
  }

  /**
   * Opens a session in stream style.
   * @returns `[stdin, stdout, stderr]`
   */
  async openSession<E extends Encoding = 'utf-8'>(
    command?: string,
    options: ClientSessionOptions<E> = {},
  ): Promise<[SSHWriter<DataFor<E>>, SSHReader<DataFor<E>>, SSHReader<DataFor<E>>]> {
    const session = new SSHStreamSession<DataFor<E>>();
    await this.createSession<E>(() => session as ClientSessionHandler<DataFor<E>>, command, options);
    return [new SSHWriter(session), new SSHReader(session), new SSHReader(session, EXTENDED_DATA_STDERR)];
  }

  /** Starts a remote process: `stdin`, `stdout`, `stderr`, `wait()`. */
  async createProcess<E extends Encoding = 'utf-8'>(
    command?: string,
    options: ProcessOptions<E> = {},
  ): Promise<SSHClientProcess<DataFor<E>>> {
    options.signal?.throwIfAborted();
    const session = new SSHStreamSession<DataFor<E>>();
    const [chan] = await this.createSession<E>(
      () => session as ClientSessionHandler<DataFor<E>>,
      command,
      processSessionOptions(options),
    );
    const proc = new SSHClientProcess(chan, session, options.env ?? {}, options.signal);
    const { stdin, stdout, stderr } = options;
    if (stdin || stdout || stderr) proc.redirect({ stdin, stdout, stderr });
    return proc;
  }

  /**
   * Runs a command to completion (AsyncSSH `run`).
   * @throws ProcessError with `check` and a non-zero exit; ProcessTimeoutError after `timeout` ms
   */
  async run<E extends Encoding = 'utf-8'>(
    command?: string,
    options: RunOptions<E> = {},
  ): Promise<SSHCompletedProcess<DataFor<E>>> {
    const proc = await this.createProcess<E>(command, options);
    if (!options.stdin) {
      if (options.input !== undefined) proc.stdin.write(options.input);
      proc.stdin.writeEof();
    }
    return proc.wait(options.check ?? false, options.timeout);
  }

  /**
   * Asks the server to listen on `listenHost:listenPort` (`tcpip-forward`) and
   * hands each connection (`forwarded-tcpip`) to `handler`.
   * @returns the listener; `getPort()` is the bound port (the allocated one for port 0)
   * @throws ChannelListenError when the server refuses
   */
  async requestForward(
    listenHost: string,
    listenPort: number,
    handler: ForwardedTCPHandler,
    options: ChannelOptions<Encoding> = {},
  ): Promise<SSHRemoteListener> {
    const reply = await this.mux.globalRequest(
      GLOBAL_REQUEST.TCPIP_FORWARD,
      encodeTcpipForward(listenHost, listenPort),
    );
    if (reply === false) throw new ChannelListenError(`tcpip-forward ${listenHost}:${listenPort} refused`);
    let port = listenPort;
    if (listenPort === 0) {
      const bound = decodeTcpipForwardReply(reply);
      if (bound === undefined) throw new ChannelListenError('tcpip-forward: no port in the reply to port 0');
      port = bound;
    }
    const key = `${listenHost}:${port}`;
    this.tcpListeners.set(key, { host: listenHost, port, handler, options });
    return this.listener(listenHost, port, async () => {
      this.tcpListeners.delete(key);
      await this.mux
        .globalRequest(GLOBAL_REQUEST.CANCEL_TCPIP_FORWARD, encodeTcpipForward(listenHost, port))
        .catch(() => false);
    });
  }

  /** Remote port forwarding with session handlers: `sessionFactory(origHost, origPort)` per connection (AsyncSSH `create_server`). */
  createServer<E extends Encoding = null>(
    sessionFactory: (origHost: string, origPort: number) => TCPOpenResult<DataFor<E>>,
    listenHost: string,
    listenPort: number,
    options: ChannelOptions<E> = {},
  ): Promise<SSHRemoteListener> {
    return this.requestForward(
      listenHost,
      listenPort,
      sessionFactory as ForwardedTCPHandler,
      options as ChannelOptions<Encoding>,
    );
  }

  /** Remote port forwarding in stream style: `handlerFactory(origHost, origPort)` returns a `(reader, writer)` handler. */
  startServer<E extends Encoding = null>(
    handlerFactory: (origHost: string, origPort: number) => StreamHandler<DataFor<E>>,
    listenHost: string,
    listenPort: number,
    options: ChannelOptions<E> = {},
  ): Promise<SSHRemoteListener> {
    return this.createServer<E>((h, p) => handlerFactory(h, p), listenHost, listenPort, options);
  }

  /** Asks the server to listen on a Unix socket (`streamlocal-forward@openssh.com`). */
  async requestUnixForward(
    listenPath: string,
    handler: ForwardedUNIXHandler,
    options: ChannelOptions<Encoding> = {},
  ): Promise<SSHRemoteListener> {
    const reply = await this.mux.globalRequest(
      GLOBAL_REQUEST.STREAMLOCAL_FORWARD,
      encodeStringRequest(listenPath),
    );
    if (reply === false) throw new ChannelListenError(`streamlocal-forward ${listenPath} refused`);
    this.unixListeners.set(listenPath, { handler, options });
    return this.listener(listenPath, 0, async () => {
      this.unixListeners.delete(listenPath);
      await this.mux
        .globalRequest(GLOBAL_REQUEST.CANCEL_STREAMLOCAL_FORWARD, encodeStringRequest(listenPath))
        .catch(() => false);
    });
  }

  /** Remote Unix-socket forwarding with session handlers (AsyncSSH `create_unix_server`). */
  createUnixServer<E extends Encoding = null>(
    sessionFactory: () => UNIXOpenResult<DataFor<E>>,
    listenPath: string,
    options: ChannelOptions<E> = {},
  ): Promise<SSHRemoteListener> {
    return this.requestUnixForward(
      listenPath,
      sessionFactory as ForwardedUNIXHandler,
      options as ChannelOptions<Encoding>,
    );
  }

  /** Remote Unix-socket forwarding in stream style (AsyncSSH `start_unix_server`). */
  startUnixServer<E extends Encoding = null>(
    handlerFactory: () => StreamHandler<DataFor<E>>,
    listenPath: string,
    options: ChannelOptions<E> = {},
  ): Promise<SSHRemoteListener> {
    return this.createUnixServer<E>(() => handlerFactory(), listenPath, options);
  }

  /**
   * Opens a layer 3 tunnel (`tun@openssh.com` point-to-point, as `ssh -w`)
   * with a session handler: each `dataReceived` gets one IP packet, each
   * `write` sends one (AsyncSSH `create_tun`).
   * @param remoteUnit - the server's tun device number; undefined lets the server pick
   * @returns `[channel, session]`
   * @throws RangeError for a unit outside 0..2^31-2; ChannelOpenError when the server refuses
   */
  createTun(
    sessionFactory: () => TunTapSessionHandler,
    remoteUnit?: number,
    options: TunTapChannelOptions = {},
  ): Promise<[SSHTunTapChannel, TunTapSessionHandler]> {
    return this.openTunTap(SSH_TUN_MODE_POINTTOPOINT, sessionFactory, remoteUnit, options);
  }

  /**
   * Opens a layer 3 tunnel in stream style: each `read()` returns one IP
   * packet (empty at EOF), each `write(packet)` sends one (AsyncSSH `open_tun`).
   * @returns `[reader, writer]`
   */
  openTun(
    remoteUnit?: number,
    options: TunTapChannelOptions = {},
  ): Promise<[SSHReader<Uint8Array>, SSHWriter<Uint8Array>]> {
    return this.openTunTapStreams(SSH_TUN_MODE_POINTTOPOINT, remoteUnit, options);
  }

  /** Opens a layer 2 tunnel (`tun@openssh.com` ethernet) with a session handler: Ethernet frames (AsyncSSH `create_tap`). */
  createTap(
    sessionFactory: () => TunTapSessionHandler,
    remoteUnit?: number,
    options: TunTapChannelOptions = {},
  ): Promise<[SSHTunTapChannel, TunTapSessionHandler]> {
    return this.openTunTap(SSH_TUN_MODE_ETHERNET, sessionFactory, remoteUnit, options);
  }

  /** Opens a layer 2 tunnel in stream style: one Ethernet frame per `read()` / `write()` (AsyncSSH `open_tap`). */
  openTap(
    remoteUnit?: number,
    options: TunTapChannelOptions = {},
  ): Promise<[SSHReader<Uint8Array>, SSHWriter<Uint8Array>]> {
    return this.openTunTapStreams(SSH_TUN_MODE_ETHERNET, remoteUnit, options);
  }

  private async openTunTapStreams(
    mode: number,
    remoteUnit: number | undefined,
    options: TunTapChannelOptions,
  ): Promise<[SSHReader<Uint8Array>, SSHWriter<Uint8Array>]> {
    const session = new SSHTunTapStreamSession();
    await this.openTunTap(mode, () => session as TunTapSessionHandler, remoteUnit, options);
    return [new SSHReader(session), new SSHWriter(session)];
  }

  private openTunTap(
    mode: number,
    sessionFactory: () => TunTapSessionHandler,
    remoteUnit: number | undefined,
    options: TunTapChannelOptions,
  ): Promise<[SSHTunTapChannel, TunTapSessionHandler]> {
    if (
      remoteUnit !== undefined &&
      !(Number.isInteger(remoteUnit) && remoteUnit >= 0 && remoteUnit < SSH_TUN_UNIT_ANY)
    ) {
      return Promise.reject(
        new RangeError(`tun@openssh.com: unit ${remoteUnit} is not an integer from 0 to 2^31-2`),
      );
    }
    const chan = new SSHTunTapChannel(mode, remoteUnit, options);
    const data = encodeTunOpenData({ mode, unit: remoteUnit ?? SSH_TUN_UNIT_ANY });
    return this.openWith(chan, data, sessionFactory);
  }

  /** Tells the server no more session channels will be opened (`no-more-sessions@openssh.com`). */
  sendNoMoreSessions(): void {
    this.mux.globalMessage(GLOBAL_REQUEST.NO_MORE_SESSIONS, new Uint8Array(0));
  }

  /**
   * Asks the server to prove it holds the private keys of `blobs`
   * (`hostkeys-prove-00@openssh.com`); the caller verifies the signatures.
   * @returns one signature per blob, or `undefined` if the server refused
   */
  async requestHostKeysProof(blobs: readonly Uint8Array[]): Promise<Uint8Array[] | undefined> {
    const reply = await this.mux.globalRequest(GLOBAL_REQUEST.HOSTKEYS_PROVE, encodeStringList(blobs));
    return reply === false ? undefined : decodeStringList(reply);
  }

  private listener(listenHost: string, port: number, cancel: () => Promise<void>): SSHRemoteListener {
    let closed: Promise<void> | undefined;
    let resolveClosed: () => void = () => {};
    const done = new Promise<void>((r) => {
      resolveClosed = r;
    });
    return {
      listenHost,
      getPort: () => port,
      close: () => {
        closed ??= cancel().then(resolveClosed);
        return closed;
      },
      waitClosed: () => done,
    };
  }

  protected override globalRequested(req: GlobalRequest): GlobalRequestReply {
    if (req.name === GLOBAL_REQUEST.HOSTKEYS) {
      const blobs = decodeStringList(req.data);
      this.hostKeys = blobs;
      this.clientOptions.hostKeysReceived?.(blobs);
      return true;
    }
    return false;
  }

  protected channelOpenRequested(open: ChannelOpen): MaybePromise<AcceptedChannel | ChannelOpenError> {
    switch (open.channelType) {
      case CHANNEL_TYPE.FORWARDED_TCPIP: {
        const m = decodeTcpipOpenData(open.data);
        const entry = this.findTcpListener(m.host, m.port);
        if (!entry) return new ChannelOpenError(OPEN_ADMINISTRATIVELY_PROHIBITED, 'No such listener');
        const make = () =>
          new SSHTCPChannel(CHANNEL_TYPE.FORWARDED_TCPIP, m, { encoding: null, ...entry.options });
        return settleOpen(
          () => entry.handler(m.origHost, m.origPort),
          (r) => acceptOpen(r, make, undefined),
        );
      }
      case CHANNEL_TYPE.FORWARDED_STREAMLOCAL: {
        const { path } = decodeForwardedStreamlocalOpenData(open.data);
        const entry = this.unixListeners.get(path);
        if (!entry) return new ChannelOpenError(OPEN_ADMINISTRATIVELY_PROHIBITED, 'No such listener');
        const make = () =>
          new SSHUNIXChannel(CHANNEL_TYPE.FORWARDED_STREAMLOCAL, path, { encoding: null, ...entry.options });
        return settleOpen(
          () => entry.handler(),
          (r) => acceptOpen(r as UNIXOpenResult<SessionData>, make, undefined),
        );
      }
      case CHANNEL_TYPE.AUTH_AGENT: {
        decodeEmptyRequest(open.data);
        const forward = this.clientOptions.agentForwarding;
        if (!forward)
          return new ChannelOpenError(OPEN_ADMINISTRATIVELY_PROHIBITED, 'Agent forwarding not enabled');
        const make = () => new SSHUNIXChannel(CHANNEL_TYPE.AUTH_AGENT, '', { encoding: null });
        return settleOpen(forward, (r) => acceptOpen(r, make, undefined));
      }
      case CHANNEL_TYPE.X11: {
        const { origHost, origPort } = decodeX11OpenData(open.data);
        const forward = this.clientOptions.x11Forwarding;
        if (!forward || !this.x11Accepted)
          return new ChannelOpenError(OPEN_ADMINISTRATIVELY_PROHIBITED, 'X11 forwarding not enabled');
        const make = () =>
          new SSHTCPChannel(CHANNEL_TYPE.X11, { host: '', port: 0, origHost, origPort }, { encoding: null });
        return settleOpen(
          () => forward(origHost, origPort),
          (r) => acceptOpen(r, make, undefined),
        );
      }
      case CHANNEL_TYPE.SESSION:
        decodeEmptyRequest(open.data);
        return new ChannelOpenError(OPEN_UNKNOWN_CHANNEL_TYPE, 'Unsupported channel type');
      default:
        return new ChannelOpenError(OPEN_UNKNOWN_CHANNEL_TYPE, 'Unsupported channel type');
    }
  }

  private findTcpListener(host: string, port: number): TcpListenerEntry | undefined {
    const exact = this.tcpListeners.get(`${host}:${port}`);
    if (exact) return exact;
    // Servers may report the bound address differently from the requested one
    // ('' vs '0.0.0.0' vs 'localhost'): fall back to a unique match on the port.
    const byPort = [...this.tcpListeners.values()].filter((l) => l.port === port);
    return byPort.length === 1 ? byPort[0] : undefined;
  }

  protected override connectionClosed(): void {
    this.tcpListeners.clear();
    this.unixListeners.clear();
  }
}

/** Calls a handler (sync or async) and maps its result, turning a thrown ChannelOpenError into a refusal. */
export function settleOpen<R>(
  call: () => MaybePromise<R>,
  map: (r: R) => MaybePromise<AcceptedChannel | ChannelOpenError>,
): MaybePromise<AcceptedChannel | ChannelOpenError> {
  let r: MaybePromise<R>;
  try {
    r = call();
  } catch (e) {
    if (ChannelOpenError.isInstance(e)) return e as ChannelOpenError;
    throw e;
  }
  if (r instanceof Promise) {
    return r.then(map, (e: unknown) => {
      if (ChannelOpenError.isInstance(e)) return e as ChannelOpenError;
      throw e;
    });
  }
  return map(r);
}

function processSessionOptions<E extends Encoding>(options: ProcessOptions<E>): ClientSessionOptions<E> {
  const { term, signal: _signal, stdin: _in, stdout: _out, stderr: _err, ...rest } = options;
  return { ...rest, ...(term !== undefined && { termType: term }) };
}
