/**
 * One channel of RFC 4254 §5: flow control in both directions, the ordered
 * delivery of data, requests, EOF and close to a session handler, and EOF and
 * close in both directions in any order.
 *
 * The receive window reopens as the APPLICATION consumes data (a session's
 * `dataReceived` returning, or a stream reader handing bytes out), not as bytes
 * arrive, so a slow reader bounds what is buffered to one window. A
 * WINDOW_ADJUST goes out once half the window has been consumed, as OpenSSH
 * does (`channel_check_window`).
 *
 * The channel is driven by {@link ChannelMux}: it never touches the transport
 * except through the mux's `send`.
 */
import { freeIfSoleOwned, ProtocolError } from '@sshkit/ssh-transport';
import { encodeUtf8, SSHError, WireError } from '@sshkit/ssh-wire';
import { BrokenPipe, type ChannelOpenError } from './errors.js';
import { type ConnectionLog, channelRequestEvent, closeEvent } from './log.js';
import {
  encodeChannelClose,
  encodeChannelDataHeader,
  encodeChannelEof,
  encodeChannelExtendedDataHeader,
  encodeChannelFailure,
  encodeChannelRequest,
  encodeChannelSuccess,
  encodeWindowAdjust,
} from './messages.js';
import type { ChannelOptions, Encoding, EncodingErrors, MaybePromise, SessionData } from './types.js';
import {
  DATAGRAM_OVERHEAD,
  DEFAULT_MAX_PACKET_SIZE,
  DEFAULT_WINDOW,
  DEFAULT_WRITE_HIGH_WATER,
  MAX_SEND_PACKET_SIZE,
  MAX_WINDOW,
} from './window.js';

/**
 * Checks a channel's `window` and `maxPktsize` options and fills in their
 * defaults; `listen()` calls it up front so a bad server option fails there and
 * not on every channel a client opens.
 * @throws RangeError when either is out of range
 */
export function checkChannelOptions(options: Pick<ChannelOptions<Encoding>, 'window' | 'maxPktsize'>): {
  window: number;
  maxPacket: number;
} {
  const window = options.window ?? DEFAULT_WINDOW;
  const maxPacket = options.maxPktsize ?? DEFAULT_MAX_PACKET_SIZE;
  if (!Number.isInteger(window) || window < 1 || window > MAX_WINDOW) {
    throw new RangeError(`channel window: ${window} is not a uint32 above 0`);
  }
  // A peer sends data packets up to what we advertise; bigger than MAX_SEND_PACKET_SIZE
  // they would not fit the transport's packet limit and end the connection.
  if (!Number.isInteger(maxPacket) || maxPacket < 1 || maxPacket > MAX_SEND_PACKET_SIZE) {
    throw new RangeError(
      `channel maxPktsize: ${maxPacket} is not an integer from 1 to ${MAX_SEND_PACKET_SIZE} (MAX_SEND_PACKET_SIZE)`,
    );
  }
  return { window, maxPacket };
}

/** What a channel needs from its multiplexer. */
export interface ChannelHost {
  /** Sends one payload, `payload || tail`, on the connection (see `PacketChannel.send`). */
  send(payload: Uint8Array, tail?: Uint8Array): void;
  /** Forgets a channel id once CLOSE went both ways. */
  release(localId: number): void;
  /** Fails the whole connection: the peer broke the protocol. */
  protocolError(error: ProtocolError | WireError): void;
  /** Connection-level extra info (`getExtraInfo` falls back to it). */
  extraInfo(name: string): unknown;
  /** The connection log, if any; it must not throw (the mux's is made safe). */
  readonly log?: ConnectionLog | undefined;
}

/** The session callbacks every channel calls (all optional; AsyncSSH's names). */
export interface ChannelSessionHandler<D extends SessionData, C> {
  /** The channel is open; `chan` is the channel to write to. */
  connectionMade?(chan: C): void;
  /** The channel closed: `error` is set when the connection failed or a handler threw. */
  connectionLost?(error: Error | undefined): void;
  /** The session is ready for data (after exec/shell/subsystem, or at once for TCP). */
  sessionStarted?(): void;
  /** Data arrived: `datatype` is `undefined` for normal data, `EXTENDED_DATA_STDERR` for stderr. */
  dataReceived?(data: D, datatype: number | undefined): void;
  /** The peer sent EOF. Return a true value to keep our side open; otherwise EOF is sent back. */
  eofReceived?(): boolean | undefined | undefined;
  /** The write buffer went above the high-water mark. */
  pauseWriting?(): void;
  /** The write buffer drained to the low-water mark. */
  resumeWriting?(): void;
  /** The channel's data encoding changed (`setEncoding`), before any data in the new one. */
  encodingChanged?(): void;
}

type SendItem =
  | {
      kind: 'data';
      datatype: number | undefined;
      bytes: Uint8Array;
      offset: number;
      written?: (() => void) | undefined;
    }
  | { kind: 'eof' }
  | { kind: 'request'; payload: Uint8Array }
  | { kind: 'close' };

type InboundItem =
  | { kind: 'data'; datatype: number | undefined; bytes: Uint8Array }
  | { kind: 'request'; requestType: string; wantReply: boolean; data: Uint8Array }
  | { kind: 'eof' }
  | { kind: 'close' };

/** Where the channel is in its life (CONVENTIONS rule 3: one variant per state). */
type ChannelState =
  | { kind: 'new' }
  | { kind: 'opening'; resolve: () => void; reject: (error: Error) => void }
  | { kind: 'open' }
  | { kind: 'finished'; error: Error | undefined };

/** Our sending side: open, EOF requested, close requested, or CLOSE sent. */
type SendState = 'open' | 'eof' | 'closing' | 'closed';
/** The peer's sending side: open, EOF received, or CLOSE received. */
type RecvState = 'open' | 'eof' | 'closed';

interface Waiter {
  resolve(): void;
  reject(error: Error): void;
}

const EMPTY = new Uint8Array(0);

/**
 * The base of `SSHClientChannel`, `SSHServerChannel` and `SSHTCPChannel`:
 * everything but the request types, which subclasses handle.
 */
export abstract class SSHChannel<D extends SessionData = SessionData> {
  /** The channel type, e.g. `'session'`, `'direct-tcpip'`. */
  readonly channelType: string;
  /** Our channel number (RFC 4254 "sender channel" in our messages), set when registered. */
  localId = -1;
  /** The peer's channel number, set when the open completes. */
  remoteId = -1;

  protected host: ChannelHost | undefined;
  protected session: ChannelSessionHandler<D, never> | undefined;
  /**
   * Each write is one datagram: it goes out whole in one CHANNEL_DATA
   * message, never split or merged, once the peer's window holds all of it
   * (OpenSSH's datagram channels, `tun@openssh.com`).
   */
  protected readonly datagrams: boolean = false;
  private state: ChannelState = { kind: 'new' };
  private sendState: SendState = 'open';
  private recvState: RecvState = 'open';
  private closeSent = false;

  // Sending: the peer's window and packet limit, and what waits for window.
  private remoteWindow = 0;
  private remoteMaxPacket = 0;
  private readonly sendQueue: SendItem[] = [];
  private queuedBytes = 0;
  private highWater = DEFAULT_WRITE_HIGH_WATER;
  private lowWater = DEFAULT_WRITE_HIGH_WATER / 4;
  private writePaused = false;
  private drainWaiters: Waiter[] = [];

  // Receiving: what we advertised, what is left, and consumed bytes not yet re-opened.
  /** The receive window we advertise. */
  readonly windowSize: number;
  /** The largest data packet we accept. */
  readonly maxPacketSize: number;
  private recvWindow: number;
  private unacked = 0;
  private manualAck = false;
  private readingPaused = false;
  private readonly inbound: InboundItem[] = [];
  private pumping = false;

  // Requests we sent that want a reply, oldest first (RFC 4254 §5.4: replies come in order).
  private readonly pendingReplies: Array<{
    resolve(ok: boolean): void;
    reject(error: Error): void;
    /** The request, for the log. */
    readonly requestType: string;
    readonly data: Uint8Array;
  }> = [];

  private encoding: Encoding;
  private errors: EncodingErrors;
  private readonly decoders = new Map<number | undefined, TextDecoder>();
  private readonly extra = new Map<string, unknown>();
  private closedWaiters: Array<() => void> = [];
  private afterReplyHooks: Array<() => void> = [];
  private lastPacket = 0;

  constructor(channelType: string, options: ChannelOptions<Encoding> = {}) {
    this.channelType = channelType;
    this.encoding = options.encoding === undefined ? 'utf-8' : options.encoding;
    this.errors = options.errors ?? 'strict';
    const { window, maxPacket } = checkChannelOptions(options);
    this.windowSize = window;
    this.maxPacketSize = maxPacket;
    this.recvWindow = window;
    this.extra.set('channelType', channelType);
  }

  // ------------------------------------------------------------------ public API (AsyncSSH names)

  /**
   * Extra information about the channel (`channelType`, `localId`, `remoteId`,
   * type-specific entries), falling back to the connection's.
   * @param name - the entry
   * @param defaultValue - returned when absent
   */
  getExtraInfo(name: string, defaultValue?: unknown): unknown {
    if (this.extra.has(name)) return this.extra.get(name);
    return this.host?.extraInfo(name) ?? defaultValue;
  }

  /** The data encoding of this channel (`null` for bytes). */
  getEncoding(): Encoding {
    return this.encoding;
  }

  /**
   * Changes how received data is delivered from now on (AsyncSSH
   * `set_encoding`), e.g. bytes for a binary subsystem such as SFTP. Call it
   * before data in the new encoding arrives.
   */
  setEncoding(encoding: Encoding, errors: EncodingErrors = this.errors): void {
    this.encoding = encoding;
    this.errors = errors;
    this.decoders.clear();
    this.session?.encodingChanged?.();
  }

  /** Stops delivering received data (and what follows it); the peer's window closes as data piles up. */
  pauseReading(): void {
    this.readingPaused = true;
  }

  /** Resumes delivering received data. */
  resumeReading(): void {
    if (!this.readingPaused) return;
    this.readingPaused = false;
    this.pump();
  }

  /** Whether EOF can be sent (always true for SSH channels, as in AsyncSSH). */
  canWriteEof(): boolean {
    return true;
  }

  /** Bytes written but not yet sent (waiting for window). */
  getWriteBufferSize(): number {
    return this.queuedBytes;
  }

  /**
   * Whether writing is paused: the write buffer went above the high-water
   * mark and has not drained to the low one yet (between `pauseWriting` and
   * `resumeWriting`). A copy loop stops reading its source and awaits `drain()`.
   */
  isWritingPaused(): boolean {
    return this.writePaused;
  }

  /** The write buffer limits as `[low, high]` (asyncio's `get_write_buffer_limits`). */
  getWriteBufferLimits(): [low: number, high: number] {
    return [this.lowWater, this.highWater];
  }

  /**
   * Sets the write buffer limits: `pauseWriting` is called above `high`,
   * `resumeWriting` (and `drain()` resolves) at or below `low`.
   * @param high - @default 64 KiB
   * @param low - @default high / 4
   * @throws RangeError unless high >= low >= 0
   */
  setWriteBufferLimits(high?: number, low?: number): void {
    const h = high ?? (low === undefined ? DEFAULT_WRITE_HIGH_WATER : 4 * low);
    const l = low ?? Math.floor(h / 4);
    if (!(h >= l && l >= 0))
      throw new RangeError(`setWriteBufferLimits: need high >= low >= 0, got ${h}, ${l}`);
    this.highWater = h;
    this.lowWater = l;
    this.updateWritePause();
  }

  /**
   * Queues data to send; it goes out as the peer's window allows.
   * @param data - text (sent as UTF-8) or bytes
   * @param datatype - `undefined` for normal data, else an extended data type (`EXTENDED_DATA_STDERR`)
   * @param written - called once all of `data` has been copied into SSH packets, so the
   *   caller may reuse or free its memory (never, if the channel closes first)
   * @throws BrokenPipe after `writeEof`, `close` or the end of the channel
   */
  write(data: SessionData, datatype?: number, written?: () => void): void {
    if (this.sendState !== 'open' || this.state.kind !== 'open') {
      throw new BrokenPipe(`channel ${this.localId} is not open for writing`);
    }
    const bytes = typeof data === 'string' ? encodeUtf8(data) : data;
    if (bytes.length === 0) return void written?.();
    if (this.datagrams && bytes.length > this.remoteMaxPacket - DATAGRAM_OVERHEAD) {
      throw new RangeError(
        `channel ${this.localId}: a datagram of ${bytes.length} bytes exceeds the peer's limit of ${this.remoteMaxPacket - DATAGRAM_OVERHEAD}`,
      );
    }
    this.sendQueue.push({ kind: 'data', datatype, bytes, offset: 0, written });
    this.queuedBytes += bytes.length;
    this.flush();
  }

  /** Writes each item in turn. */
  writelines(list: Iterable<SessionData>, datatype?: number): void {
    for (const item of list) this.write(item, datatype);
  }

  /** Sends EOF after the buffered data; further writes throw `BrokenPipe`. */
  writeEof(): void {
    if (this.sendState !== 'open' || this.state.kind !== 'open') return;
    this.sendState = 'eof';
    this.sendQueue.push({ kind: 'eof' });
    this.flush();
  }

  /** Resolves once the write buffer is at or below the low-water mark. */
  drain(): Promise<void> {
    if (this.state.kind === 'finished') {
      return this.state.error ? Promise.reject(this.state.error) : Promise.resolve();
    }
    if (this.queuedBytes <= this.lowWater) return Promise.resolve();
    return new Promise((resolve, reject) => this.drainWaiters.push({ resolve, reject }));
  }

  /** Closes the channel cleanly: buffered data is sent, then CLOSE; incoming data is discarded. */
  close(): void {
    if (this.state.kind === 'new' || this.state.kind === 'finished') return;
    if (this.sendState === 'closing' || this.sendState === 'closed') return;
    this.sendState = 'closing';
    this.discardInbound();
    this.sendQueue.push({ kind: 'close' });
    this.flush();
  }

  /** Closes the channel at once, discarding buffered data in both directions. */
  abort(): void {
    if (this.state.kind === 'new' || this.state.kind === 'finished') return;
    if (this.sendState === 'closed') return;
    this.sendQueue.length = 0;
    this.queuedBytes = 0;
    this.discardInbound();
    this.sendClose();
  }

  /** Resolves once the channel is closed and its session's `connectionLost` has run. */
  waitClosed(): Promise<void> {
    if (this.state.kind === 'finished') return Promise.resolve();
    return new Promise((resolve) => this.closedWaiters.push(resolve));
  }

  /** True once the channel has finished (closed both ways, or the connection ended). */
  get isClosed(): boolean {
    return this.state.kind === 'finished';
  }

  // ------------------------------------------------------------------ for subclasses and streams

  /** Sets an extra-info entry. */
  protected setExtraInfo(name: string, value: unknown): void {
    this.extra.set(name, value);
  }

  /**
   * Sends a channel request; with `wantReply`, resolves to the peer's answer
   * (false if the channel closes first).
   * @param queued - send after the buffered data (exit-status, exit-signal)
   * @throws BrokenPipe when the channel is closed
   */
  protected sendRequest(
    requestType: string,
    data: Uint8Array,
    wantReply: boolean,
    queued = false,
  ): Promise<boolean> {
    if (this.state.kind !== 'open' || this.sendState === 'closed' || this.sendState === 'closing') {
      return Promise.reject(new BrokenPipe(`channel ${this.localId} is closed`));
    }
    const payload = encodeChannelRequest({ recipientChannel: this.remoteId, requestType, wantReply, data });
    const reply = wantReply
      ? new Promise<boolean>((resolve, reject) =>
          this.pendingReplies.push({ resolve, reject, requestType, data }),
        )
      : Promise.resolve(true);
    // A request wanting a reply is logged once the reply is known (onReply).
    if (!wantReply) this.host?.log?.(channelRequestEvent(this.localId, requestType, data, true, undefined));
    if (queued && this.sendQueue.length > 0) {
      this.sendQueue.push({ kind: 'request', payload });
    } else {
      this.host?.send(payload);
    }
    return reply;
  }

  /** Runs `fn` right after the reply to the request being handled is sent (e.g. `sessionStarted`). */
  protected afterReply(fn: () => void): void {
    this.afterReplyHooks.push(fn);
  }

  /**
   * The peer sent `eow@openssh.com` (OpenSSH PROTOCOL §2.1): its output is
   * closed, so buffered data is dropped and EOF is sent.
   */
  protected eowReceived(): void {
    const keep = this.sendQueue.filter((i) => i.kind !== 'data');
    this.sendQueue.length = 0;
    this.sendQueue.push(...keep);
    this.queuedBytes = 0;
    this.writeEof();
  }

  /**
   * Byte size of the data packet being delivered (stream sessions account
   * the window in bytes while holding decoded text).
   * @internal
   */
  get lastPacketBytes(): number {
    return this.lastPacket;
  }

  /**
   * What of a data message reaches the session: all of it, unless a subclass
   * unwraps it (`undefined` drops it; a throw aborts the channel).
   */
  protected receiveFilter(bytes: Uint8Array): Uint8Array | undefined {
    return bytes;
  }

  /** Calls the session's `sessionStarted`. */
  protected startSession(): void {
    this.callSession(() => this.session?.sessionStarted?.());
  }

  /**
   * Handles a request from the peer; returns whether it succeeded. Subclasses
   * decode the request data (a `WireError` there fails the connection) and call
   * their session. Unknown requests fail (RFC 4254 §5.4).
   */
  protected abstract handleRequest(requestType: string, data: Uint8Array): MaybePromise<boolean>;

  /** Calls a session callback, failing the channel if it throws. */
  protected callSession<T>(fn: () => T): T | undefined {
    try {
      return fn();
    } catch (e) {
      this.fail(e);
      return undefined;
    }
  }

  /**
   * Switches window accounting to explicit `consumed(n)` calls (stream readers
   * call it as the application takes data).
   * @internal
   */
  setManualAck(manual: boolean): void {
    this.manualAck = manual;
  }

  /**
   * Tells the channel the application consumed `n` received bytes: the window
   * reopens once half of it has been consumed.
   * @internal
   */
  consumed(n: number): void {
    this.unacked += n;
    if (this.unacked < this.windowSize / 2) return;
    if (this.recvState !== 'open' || this.closeSent || this.state.kind !== 'open') return;
    const add = this.unacked;
    this.unacked = 0;
    this.recvWindow += add;
    this.host?.send(encodeWindowAdjust(this.remoteId, add));
  }

  // ------------------------------------------------------------------ called by the mux

  /** @internal Binds the channel to the mux under `localId`. */
  attach(host: ChannelHost, localId: number): void {
    this.host = host;
    this.localId = localId;
    this.extra.set('localId', localId);
  }

  /** @internal Our open is in flight: the promise settles on confirmation or failure. */
  opening(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.state = { kind: 'opening', resolve, reject };
    });
  }

  /** @internal Whether an open we sent awaits its answer. */
  get isOpening(): boolean {
    return this.state.kind === 'opening';
  }

  /**
   * @internal The open completed (either side): records the peer's id, window and packet limit.
   * @throws ProtocolError for a maximum packet size of 0 (no data could ever be sent)
   */
  opened(remoteId: number, remoteWindow: number, remoteMaxPacket: number): void {
    if (remoteMaxPacket === 0) throw new ProtocolError('channel maximum packet size of 0');
    const prev = this.state;
    this.remoteId = remoteId;
    this.remoteWindow = remoteWindow;
    this.remoteMaxPacket = Math.min(remoteMaxPacket, MAX_SEND_PACKET_SIZE);
    this.extra.set('remoteId', remoteId);
    this.state = { kind: 'open' };
    if (prev.kind === 'opening') prev.resolve();
  }

  /** @internal Sets the session handler and calls its `connectionMade`. */
  connect(session: ChannelSessionHandler<D, never>): void {
    this.session = session;
    this.callSession(() =>
      (session.connectionMade as ((chan: this) => void) | undefined)?.call(session, this),
    );
    // What the peer sent between its open confirmation and now was held for the session.
    this.pump();
  }

  /** @internal The peer refused our open. */
  openFailed(error: ChannelOpenError): void {
    const prev = this.state;
    this.state = { kind: 'finished', error };
    if (prev.kind === 'opening') prev.reject(error);
    this.wakeClosed();
  }

  /** @internal SSH_MSG_CHANNEL_WINDOW_ADJUST. */
  onWindowAdjust(bytesToAdd: number): void {
    if (this.closeSent) return;
    const window = this.remoteWindow + bytesToAdd;
    if (window > MAX_WINDOW) {
      // RFC 4254 §5.2: "the window MUST NOT be increased above 2^32 - 1 bytes"; OpenSSH treats it as fatal.
      throw new ProtocolError(`channel ${this.localId}: window adjust overflows 2^32 - 1`);
    }
    this.remoteWindow = window;
    this.flush();
  }

  /** @internal SSH_MSG_CHANNEL_DATA / EXTENDED_DATA. */
  onData(bytes: Uint8Array, datatype: number | undefined): void {
    if (this.recvState !== 'open') {
      // OpenSSH channels.c: "peer sent data after EOF" is fatal.
      throw new ProtocolError(`channel ${this.localId}: data after EOF`);
    }
    if (bytes.length > this.maxPacketSize) {
      throw new ProtocolError(
        `channel ${this.localId}: data packet of ${bytes.length} exceeds ${this.maxPacketSize}`,
      );
    }
    if (bytes.length > this.recvWindow) {
      throw new ProtocolError(
        `channel ${this.localId}: data of ${bytes.length} exceeds the window of ${this.recvWindow}`,
      );
    }
    this.recvWindow -= bytes.length;
    if (this.closeSent) return; // in flight when we closed: discarded
    this.inbound.push({ kind: 'data', datatype, bytes });
    this.pump();
  }

  /** @internal SSH_MSG_CHANNEL_EOF. */
  onEof(): void {
    if (this.recvState !== 'open') throw new ProtocolError(`channel ${this.localId}: second EOF`);
    this.recvState = 'eof';
    if (this.closeSent) return;
    this.inbound.push({ kind: 'eof' });
    this.pump();
  }

  /** @internal SSH_MSG_CHANNEL_CLOSE: answer it, release the id, and tell the session after queued data. */
  onClose(): void {
    const closedFirst = this.closeSent;
    this.recvState = 'closed';
    for (const p of this.pendingReplies.splice(0)) p.resolve(false);
    if (!this.closeSent) {
      // RFC 4254 §5.3: "Upon receiving this message, a party MUST send back an
      // SSH_MSG_CHANNEL_CLOSE unless it has already sent this message for the channel."
      this.sendQueue.length = 0;
      this.queuedBytes = 0;
      this.sendClose();
    }
    this.host?.release(this.localId);
    this.host?.log?.(closeEvent(this.channelType, this.localId, closedFirst));
    this.inbound.push({ kind: 'close' });
    this.pump();
  }

  /** @internal SSH_MSG_CHANNEL_REQUEST. */
  onRequest(requestType: string, wantReply: boolean, data: Uint8Array): void {
    if (this.closeSent) return;
    this.inbound.push({ kind: 'request', requestType, wantReply, data });
    this.pump();
  }

  /** @internal SSH_MSG_CHANNEL_SUCCESS / FAILURE. */
  onReply(ok: boolean): void {
    const p = this.pendingReplies.shift();
    if (!p) {
      if (this.closeSent) return;
      throw new ProtocolError(`channel ${this.localId}: reply without a pending request`);
    }
    this.host?.log?.(channelRequestEvent(this.localId, p.requestType, p.data, true, ok));
    p.resolve(ok);
  }

  /** @internal Whether the peer already sent CLOSE (a second one is a protocol error). */
  get peerClosed(): boolean {
    return this.recvState === 'closed';
  }

  /** @internal The connection ended: settle everything with `error`. */
  connectionLost(error: Error | undefined, reportToSession: Error | undefined): void {
    const prev = this.state;
    if (prev.kind === 'finished') return;
    const err = error ?? new BrokenPipe('connection closed');
    this.sendQueue.length = 0;
    this.queuedBytes = 0;
    this.inbound.length = 0;
    for (const p of this.pendingReplies.splice(0)) p.reject(err);
    if (prev.kind === 'opening') {
      this.state = { kind: 'finished', error: err };
      prev.reject(err);
      this.wakeClosed();
      return;
    }
    this.finish(reportToSession, error);
  }

  // ------------------------------------------------------------------ internals

  private discardInbound(): void {
    // AsyncSSH close()/abort(): "any incoming data queued on the channel will be lost";
    // a CLOSE already received is kept so the session still hears of it.
    const keep = this.inbound.filter((i) => i.kind === 'close');
    let dropped = 0;
    for (const i of this.inbound) if (i.kind === 'data') dropped += i.bytes.length;
    this.inbound.length = 0;
    this.inbound.push(...keep);
    if (dropped) this.unacked += dropped;
  }

  private sendClose(): void {
    if (this.closeSent) return;
    this.closeSent = true;
    this.sendState = 'closed';
    this.sendQueue.length = 0;
    this.queuedBytes = 0;
    this.host?.send(encodeChannelClose(this.remoteId));
    this.updateWritePause();
  }

  /** Sends queued items as the window allows. */
  private flush(): void {
    if (this.state.kind !== 'open' || !this.host) return;
    const q = this.sendQueue;
    while (q.length > 0) {
      const item = q[0] as SendItem;
      if (item.kind === 'data') {
        const left = item.bytes.length - item.offset;
        if (this.datagrams ? this.remoteWindow < left : this.remoteWindow === 0) break;
        const n = this.datagrams ? left : Math.min(left, this.remoteWindow, this.remoteMaxPacket);
        const chunk = item.bytes.subarray(item.offset, item.offset + n);
        // The data goes as the tail: the transport copies it straight into the packet.
        this.host.send(
          item.datatype === undefined
            ? encodeChannelDataHeader(this.remoteId, n)
            : encodeChannelExtendedDataHeader(this.remoteId, item.datatype, n),
          chunk,
        );
        this.remoteWindow -= n;
        this.queuedBytes -= n;
        item.offset += n;
        if (item.offset === item.bytes.length) {
          q.shift();
          item.written?.();
        }
      } else if (item.kind === 'eof') {
        q.shift();
        this.host.send(encodeChannelEof(this.remoteId));
      } else if (item.kind === 'request') {
        q.shift();
        this.host.send(item.payload);
      } else {
        q.length = 0;
        this.sendClose();
        break;
      }
    }
    this.updateWritePause();
  }

  private updateWritePause(): void {
    if (!this.writePaused && this.queuedBytes > this.highWater && !this.closeSent) {
      this.writePaused = true;
      this.callSession(() => this.session?.pauseWriting?.());
    } else if (this.writePaused && (this.queuedBytes <= this.lowWater || this.closeSent)) {
      this.writePaused = false;
      this.callSession(() => this.session?.resumeWriting?.());
    }
    if (this.queuedBytes <= this.lowWater || this.closeSent) {
      for (const w of this.drainWaiters.splice(0)) w.resolve();
    }
  }

  /** Delivers inbound items in order, stopping at data while reading is paused. */
  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.inbound.length > 0 && this.state.kind === 'open') {
        const item = this.inbound[0] as InboundItem;
        if (item.kind === 'data' && this.readingPaused) break;
        // A peer may send right after confirming our open (an SSH server its
        // version line), before the opener has attached its session: hold it.
        if (!this.session && !this.closeSent) break;
        this.inbound.shift();
        if (item.kind === 'data') {
          this.deliver(item.bytes, item.datatype);
        } else if (item.kind === 'eof') {
          this.deliverEof();
        } else if (item.kind === 'close') {
          this.flushDecoders();
          this.finish(undefined, undefined);
        } else {
          const result = this.runRequest(item.requestType, item.wantReply, item.data);
          if (result) {
            // An async handler: the queue waits for it, so replies and data stay in order.
            void result.then(() => {
              this.pumping = false;
              this.pump();
            });
            return;
          }
        }
      }
    } catch (e) {
      this.pumping = false;
      throw e;
    }
    this.pumping = false;
  }

  /** Runs one peer request; returns a promise only when the handler is async. */
  private runRequest(requestType: string, wantReply: boolean, data: Uint8Array): Promise<void> | undefined {
    const reply = (ok: boolean): void => {
      this.host?.log?.(
        channelRequestEvent(this.localId, requestType, data, false, wantReply ? ok : undefined),
      );
      if (wantReply && !this.closeSent && this.state.kind === 'open') {
        this.host?.send(ok ? encodeChannelSuccess(this.remoteId) : encodeChannelFailure(this.remoteId));
      }
      const hooks = this.afterReplyHooks.splice(0);
      if (ok && this.state.kind === 'open') for (const h of hooks) h();
    };
    let result: MaybePromise<boolean>;
    try {
      result = this.handleRequest(requestType, data);
    } catch (e) {
      this.requestFailed(e);
      reply(false);
      return undefined;
    }
    if (typeof result === 'boolean') {
      reply(result);
      return undefined;
    }
    return Promise.resolve(result).then(
      (ok) => reply(ok === true),
      (e: unknown) => {
        this.requestFailed(e);
        reply(false);
      },
    );
  }

  private requestFailed(e: unknown): void {
    if (WireError.isInstance(e) || ProtocolError.isInstance(e)) {
      this.host?.protocolError(e as WireError | ProtocolError);
    } else {
      this.fail(e);
    }
  }

  private decode(bytes: Uint8Array, datatype: number | undefined, final: boolean): D {
    if (this.encoding === null) return bytes as D;
    let decoder = this.decoders.get(datatype);
    if (!decoder) {
      decoder = new TextDecoder('utf-8', { fatal: this.errors === 'strict', ignoreBOM: true });
      this.decoders.set(datatype, decoder);
    }
    let text: D;
    try {
      text = decoder.decode(bytes, { stream: !final }) as D;
    } catch {
      throw new WireError('invalid-utf8', `channel ${this.localId}: data is not valid UTF-8`, 0);
    }
    // The text is a copy (the decoder keeps any split character's bytes itself),
    // so a received payload's buffer can go back to the allocator now.
    freeIfSoleOwned(bytes);
    return text;
  }

  private deliver(bytes: Uint8Array, datatype: number | undefined): void {
    const size = bytes.length; // decoding to text may free the bytes
    let delivered = false;
    try {
      const payload = this.receiveFilter(bytes);
      const data = payload && this.decode(payload, datatype, false);
      if (data && data.length > 0) {
        this.lastPacket = size;
        delivered = true;
        this.session?.dataReceived?.(data, datatype);
      }
    } catch (e) {
      this.fail(e);
      return;
    }
    if (!this.manualAck || !delivered) this.consumed(size);
  }

  private flushDecoders(): void {
    if (this.encoding === null) return;
    for (const datatype of [...this.decoders.keys()]) {
      try {
        const rest = this.decode(EMPTY, datatype, true);
        this.lastPacket = 0;
        if (rest.length > 0) this.session?.dataReceived?.(rest, datatype);
      } catch (e) {
        this.fail(e);
        return;
      }
    }
  }

  private deliverEof(): void {
    this.flushDecoders();
    if (this.state.kind !== 'open') return;
    const keepOpen = this.callSession(() => this.session?.eofReceived?.());
    if (!keepOpen && this.sendState === 'open') this.writeEof();
  }

  /** A session handler threw (or data could not be decoded): abort and report the error. */
  private fail(e: unknown): void {
    const error = e instanceof Error ? e : new SSHError('session handler failed', { cause: e });
    if (this.state.kind !== 'open') return;
    this.abort();
    this.finish(error, error);
  }

  private finish(reportToSession: Error | undefined, error: Error | undefined): void {
    if (this.state.kind === 'finished') return;
    this.state = { kind: 'finished', error };
    this.inbound.length = 0;
    for (const p of this.pendingReplies.splice(0)) p.resolve(false);
    const waiters = this.drainWaiters.splice(0);
    for (const w of waiters) {
      if (error) w.reject(error);
      else w.resolve();
    }
    try {
      this.session?.connectionLost?.(reportToSession);
    } catch {
      // The channel is gone; an exception in its last callback has nowhere to go.
    }
    this.wakeClosed();
  }

  private wakeClosed(): void {
    for (const w of this.closedWaiters.splice(0)) w();
  }
}
