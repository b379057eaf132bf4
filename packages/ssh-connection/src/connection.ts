/**
 * The connection-level API both roles share: opening TCP and Unix-socket
 * channels (session or stream style), keepalives, teardown. The client and
 * server subclasses add their channel types and global requests.
 */
import { OPEN_CONNECT_FAILED } from '@sshkit/ssh-codes';
import type { PacketChannel } from '@sshkit/ssh-transport';
import type { SSHChannel } from './channel.js';
import { ChannelOpenError } from './errors.js';
import {
  SSHTCPChannel,
  SSHUNIXChannel,
  type TCPSessionHandler,
  type UNIXSessionHandler,
} from './forward/tcp.js';
import type { ConnectionLog } from './log.js';
import {
  type ChannelOpen,
  encodeDirectStreamlocalOpenData,
  encodeForwardedStreamlocalOpenData,
  encodeTcpipOpenData,
  GLOBAL_REQUEST,
  type GlobalRequest,
} from './messages.js';
import { type AcceptedChannel, ChannelMux, type GlobalRequestReply } from './mux.js';
import { SSHReader, SSHStreamSession, SSHWriter } from './stream.js';
import type { ChannelOptions, DataFor, Encoding, MaybePromise, SessionData } from './types.js';

/** Options of a connection. */
export interface ConnectionOptions {
  /**
   * Most channels open at once.
   * @default MAX_CHANNELS (16384)
   */
  maxChannels?: number;
  /** Connection-level extra info (peer address, username...), for `getExtraInfo`. */
  extraInfo?: (name: string) => unknown;
  /** Called once when the connection ends (`error` undefined for a clean local close). */
  onClose?: (error: Error | undefined) => void;
  /**
   * Receives channel opens, results and closes, channel and global requests,
   * and protocol errors, as `ssh -v` shows them (never channel data, env
   * values or exec command lines). A log that throws is ignored.
   */
  log?: ConnectionLog;
}

/** A stream handler for a TCP or Unix channel: AsyncSSH's `(reader, writer)` coroutine. */
export type StreamHandler<D extends SessionData = Uint8Array> = {
  // Method syntax makes the parameters bivariant, so a handler for `Uint8Array`
  // streams is accepted where `SessionData` is declared (the encoding decides).
  handle(reader: SSHReader<D>, writer: SSHWriter<D>): unknown;
}['handle'];

/**
 * What a handler may return for a TCP/Unix channel open (AsyncSSH's conventions):
 * a session object, a `[channel, session]` pair, a `(reader, writer)` handler,
 * `true` (let the owner forward it), `false` (refuse) or a `ChannelOpenError`.
 */
export type TCPOpenResult<D extends SessionData = Uint8Array> =
  | TCPSessionHandler<D>
  | readonly [SSHTCPChannel<D>, TCPSessionHandler<D>]
  | StreamHandler<D>
  | boolean
  | ChannelOpenError
  | undefined;

/** As {@link TCPOpenResult}, for Unix-socket channels. */
export type UNIXOpenResult<D extends SessionData = Uint8Array> =
  | UNIXSessionHandler<D>
  | readonly [SSHUNIXChannel<D>, UNIXSessionHandler<D>]
  | StreamHandler<D>
  | boolean
  | ChannelOpenError
  | undefined;

/**
 * Wraps a stream handler in a stream session that runs it when the channel starts.
 * @param session - the stream session to use (a packet one for TUN/TAP)
 */
export function streamSessionFor<D extends SessionData>(
  handler: (reader: SSHReader<D>, writer: SSHWriter<D>) => unknown,
  session: SSHStreamSession<D> = new SSHStreamSession<D>(),
): SSHStreamSession<D> {
  session.onStarted = () => {
    const writer = new SSHWriter(session);
    try {
      const r = handler(new SSHReader(session), writer);
      if (r instanceof Promise) r.catch(() => closeQuietly(session.channel));
    } catch {
      closeQuietly(session.channel);
    }
  };
  return session;
}

function closeQuietly(chan: SSHChannel<SessionData>): void {
  chan.close();
}

/**
 * Turns a handler's answer into an accepted channel or a refusal.
 * @param makeChannel - builds the channel when the answer is a session or handler
 * @param forward - what `true` means (the owner's default forwarding), if anything
 */
export function acceptOpen<D extends SessionData, C extends SSHTCPChannel<D> | SSHUNIXChannel<D>>(
  result: TCPOpenResult<D> | UNIXOpenResult<D>,
  makeChannel: () => C,
  forward: (() => MaybePromise<TCPSessionHandler<D> | UNIXSessionHandler<D> | ChannelOpenError>) | undefined,
): MaybePromise<AcceptedChannel | ChannelOpenError> {
  const accept = (chan: C, session: TCPSessionHandler<D> | UNIXSessionHandler<D>): AcceptedChannel => ({
    channel: chan as unknown as SSHChannel<SessionData>,
    opened: () => {
      chan.connect(session as never);
      chan.begin();
    },
  });
  if (ChannelOpenError.isInstance(result)) return result as ChannelOpenError;
  if (result === true) {
    if (!forward) return new ChannelOpenError(OPEN_CONNECT_FAILED, 'Forwarding not available');
    const s = forward();
    const finish = (x: TCPSessionHandler<D> | UNIXSessionHandler<D> | ChannelOpenError) =>
      ChannelOpenError.isInstance(x)
        ? (x as ChannelOpenError)
        : accept(makeChannel(), x as TCPSessionHandler<D>);
    return s instanceof Promise ? s.then(finish) : finish(s);
  }
  if (result === false || result === undefined || result === null) {
    return new ChannelOpenError(OPEN_CONNECT_FAILED, 'Connection refused');
  }
  if (typeof result === 'function') {
    return accept(makeChannel(), streamSessionFor(result as StreamHandler<D>) as TCPSessionHandler<D>);
  }
  if (Array.isArray(result)) {
    const [chan, session] = result as unknown as readonly [C, TCPSessionHandler<D>];
    return accept(chan, session);
  }
  return accept(makeChannel(), result as TCPSessionHandler<D>);
}

/**
 * The connection protocol over one authenticated `PacketChannel`: the base of
 * {@link ClientConnectionProtocol} and {@link ServerConnectionProtocol}.
 */
export abstract class ConnectionProtocol {
  /** The channel multiplexer. */
  readonly mux: ChannelMux;
  private readonly options: ConnectionOptions;

  constructor(transport: PacketChannel, options: ConnectionOptions = {}) {
    this.options = options;
    const extra = options.extraInfo;
    this.mux = new ChannelMux(
      transport,
      {
        channelOpenRequested: (open) => this.channelOpenRequested(open),
        globalRequested: (req) => this.globalRequested(req),
        closed: (error) => {
          this.connectionClosed(error);
          options.onClose?.(error);
        },
      },
      {
        ...(options.maxChannels !== undefined && { maxChannels: options.maxChannels }),
        ...(extra && { extraInfo: extra }),
        ...(options.log && { log: options.log }),
      },
    );
  }

  /** The TCP channel type this side opens (`direct-tcpip` for clients, `forwarded-tcpip` for servers). */
  protected abstract readonly tcpChannelType: 'direct-tcpip' | 'forwarded-tcpip';
  /** The Unix channel type this side opens. */
  protected abstract readonly unixChannelType:
    | 'direct-streamlocal@openssh.com'
    | 'forwarded-streamlocal@openssh.com';

  /** A channel open from the peer. */
  protected abstract channelOpenRequested(
    open: ChannelOpen,
  ): MaybePromise<AcceptedChannel | ChannelOpenError>;

  /** A global request from the peer; `keepalive@openssh.com` and unknown names fail, as OpenSSH answers. */
  protected globalRequested(_req: GlobalRequest): MaybePromise<GlobalRequestReply> {
    return false;
  }

  /** Hook for subclasses: the connection ended. */
  protected connectionClosed(_error: Error | undefined): void {}

  /** Connection-level extra info. */
  getExtraInfo(name: string, defaultValue?: unknown): unknown {
    return this.options.extraInfo?.(name) ?? defaultValue;
  }

  /**
   * Opens a TCP channel (`direct-tcpip` from a client, `forwarded-tcpip` from
   * a server) with a session handler.
   * @returns `[channel, session]`
   * @throws ChannelOpenError when the peer refuses
   */
  async createConnection<E extends Encoding = null>(
    sessionFactory: () => TCPSessionHandler<DataFor<E>>,
    host: string,
    port: number,
    origHost = '',
    origPort = 0,
    options: ChannelOptions<E> = {},
  ): Promise<[SSHTCPChannel<DataFor<E>>, TCPSessionHandler<DataFor<E>>]> {
    const endpoints = { host, port, origHost, origPort };
    const chan = new SSHTCPChannel<DataFor<E>>(this.tcpChannelType, endpoints, options);
    return this.openWith(chan, encodeTcpipOpenData(endpoints), sessionFactory);
  }

  /**
   * Opens a TCP channel in stream style.
   * @returns `[reader, writer]`
   */
  async openConnection<E extends Encoding = null>(
    host: string,
    port: number,
    origHost = '',
    origPort = 0,
    options: ChannelOptions<E> = {},
  ): Promise<[SSHReader<DataFor<E>>, SSHWriter<DataFor<E>>]> {
    const session = new SSHStreamSession<DataFor<E>>();
    await this.createConnection<E>(
      () => session as TCPSessionHandler<DataFor<E>>,
      host,
      port,
      origHost,
      origPort,
      options,
    );
    return [new SSHReader(session), new SSHWriter(session)];
  }

  /** Opens a Unix-socket channel (`direct-streamlocal@openssh.com` / `forwarded-streamlocal@openssh.com`). */
  async createUnixConnection<E extends Encoding = null>(
    sessionFactory: () => UNIXSessionHandler<DataFor<E>>,
    path: string,
    options: ChannelOptions<E> = {},
  ): Promise<[SSHUNIXChannel<DataFor<E>>, UNIXSessionHandler<DataFor<E>>]> {
    const chan = new SSHUNIXChannel<DataFor<E>>(this.unixChannelType, path, options);
    const data =
      this.unixChannelType === 'direct-streamlocal@openssh.com'
        ? encodeDirectStreamlocalOpenData(path)
        : encodeForwardedStreamlocalOpenData(path);
    return this.openWith(chan, data, sessionFactory);
  }

  /**
   * Opens `chan` (`data`: its type's open data) and, once the peer confirms,
   * starts it with the session `sessionFactory` makes.
   * @returns `[channel, session]`
   * @throws ChannelOpenError when the peer refuses
   */
  protected async openWith<C extends OpenableChannel, S>(
    chan: C,
    data: Uint8Array,
    sessionFactory: () => S,
  ): Promise<[C, S]> {
    await this.mux.openChannel(chan as unknown as SSHChannel<SessionData>, data);
    return [chan, startOpened(chan, sessionFactory)];
  }

  /** Opens a Unix-socket channel in stream style: `[reader, writer]`. */
  async openUnixConnection<E extends Encoding = null>(
    path: string,
    options: ChannelOptions<E> = {},
  ): Promise<[SSHReader<DataFor<E>>, SSHWriter<DataFor<E>>]> {
    const session = new SSHStreamSession<DataFor<E>>();
    await this.createUnixConnection<E>(() => session as UNIXSessionHandler<DataFor<E>>, path, options);
    return [new SSHReader(session), new SSHWriter(session)];
  }

  /**
   * Sends `keepalive@openssh.com` (want reply) and resolves on any answer;
   * OpenSSH answers with failure, which is what proves the peer alive.
   */
  async sendKeepalive(): Promise<void> {
    await this.mux.globalRequest(GLOBAL_REQUEST.KEEPALIVE, new Uint8Array(0));
  }

  /** Number of open (or opening) channels. */
  get channelCount(): number {
    return this.mux.channelCount;
  }

  /** Closes the connection cleanly (SSH_DISCONNECT_BY_APPLICATION). */
  close(): void {
    this.mux.close();
  }

  /** Same as {@link close}: there is nothing buffered at this layer to discard. */
  abort(): void {
    this.mux.close();
  }

  /** Sends SSH_MSG_DISCONNECT with `code` and `reason` and ends the connection. */
  disconnect(code: number, reason: string): void {
    this.mux.disconnect(code, reason);
  }

  /**
   * The transport ended: settle every channel and pending promise with
   * `error`. The umbrella calls this when the transport reports its end
   * (PacketChannel has no close notification).
   */
  connectionLost(error?: Error): void {
    this.mux.connectionLost(error);
  }

  /** Resolves once the connection has ended. */
  waitClosed(): Promise<void> {
    return this.mux.waitClosed();
  }
}

/** What {@link startOpened} needs of a channel: TCP and Unix-socket channels. */
type OpenableChannel = { abort(): void; connect(session: never): void; begin(): void };

/**
 * Gives a channel we opened its session (from `sessionFactory`) and starts
 * it; a factory that throws aborts the channel, which is open by now.
 */
function startOpened<S>(chan: OpenableChannel, sessionFactory: () => S): S {
  let session: S;
  try {
    session = sessionFactory();
  } catch (e) {
    chan.abort();
    throw e;
  }
  chan.connect(session as never);
  chan.begin();
  return session;
}
