/**
 * The channel multiplexer of RFC 4254 over a `PacketChannel`: the channel
 * table and id allocation, channel open/confirm/fail, global requests with
 * replies in order, and the misbehaviour rules that end the connection with
 * SSH_DISCONNECT_PROTOCOL_ERROR (after OpenSSH `channels.c`): a message for an
 * unknown channel (including one after its CLOSE), data beyond the window or
 * after EOF, a second EOF, a reply nobody asked for, a confirmation for a
 * channel that is not opening.
 *
 * PacketChannel has no close notification: the owner calls
 * {@link ChannelMux.connectionLost} when the transport ends, and every pending
 * promise is rejected with that cause.
 */
import {
  DISC_BY_APPLICATION,
  DISC_PROTOCOL_ERROR,
  MSG_CHANNEL_CLOSE,
  MSG_CHANNEL_DATA,
  MSG_CHANNEL_EOF,
  MSG_CHANNEL_EXTENDED_DATA,
  MSG_CHANNEL_FAILURE,
  MSG_CHANNEL_OPEN,
  MSG_CHANNEL_OPEN_CONFIRMATION,
  MSG_CHANNEL_OPEN_FAILURE,
  MSG_CHANNEL_REQUEST,
  MSG_CHANNEL_SUCCESS,
  MSG_CHANNEL_WINDOW_ADJUST,
  MSG_GLOBAL_REQUEST,
  MSG_REQUEST_FAILURE,
  MSG_REQUEST_SUCCESS,
  OPEN_CONNECT_FAILED,
  OPEN_RESOURCE_SHORTAGE,
} from '@sshkit/ssh-codes';
import {
  ConnectionLost,
  DisconnectError,
  DisconnectedByApplication,
  type PacketChannel,
  ProtocolError,
} from '@sshkit/ssh-transport';
import { SSHError, WireError } from '@sshkit/ssh-wire';
import type { ChannelHost, SSHChannel } from './channel.js';
import { ChannelOpenError } from './errors.js';
import {
  type ConnectionLog,
  globalRequestEvent,
  openEvent,
  openedEvent,
  openFailedEvent,
  safeLog,
} from './log.js';
import {
  type ChannelOpen,
  decodeConnectionMessage,
  encodeChannelOpen,
  encodeChannelOpenConfirmation,
  encodeChannelOpenFailure,
  encodeGlobalRequest,
  encodeRequestFailure,
  encodeRequestSuccess,
  type GlobalRequest,
} from './messages.js';
import type { MaybePromise, SessionData } from './types.js';
import { MAX_CHANNELS, MAX_PENDING_GLOBAL_REQUESTS } from './window.js';

/** The answer to a global request: success (optionally with response data) or failure. */
export type GlobalRequestReply = boolean | Uint8Array;

/** What accepting a peer's channel open yields: the channel to confirm, and what to do once it is open. */
export interface AcceptedChannel {
  readonly channel: SSHChannel<SessionData>;
  /** Called after the confirmation is sent (connects the session). */
  readonly opened: () => void;
  /** Type-specific confirmation data (none for the RFC 4254 types). */
  readonly data?: Uint8Array;
}

/** The connection-level owner of a mux: decides about opens and global requests. */
export interface MuxHandler {
  /** A CHANNEL_OPEN from the peer: return the channel to confirm, or a ChannelOpenError (thrown or returned). */
  channelOpenRequested(open: ChannelOpen): MaybePromise<AcceptedChannel | ChannelOpenError>;
  /** A GLOBAL_REQUEST from the peer. Unknown requests should return false. */
  globalRequested(request: GlobalRequest): MaybePromise<GlobalRequestReply>;
  /** The connection ended (`error` undefined for a clean local close). */
  closed(error: Error | undefined): void;
}

/** Options of {@link ChannelMux}. */
export interface ChannelMuxOptions {
  /**
   * Most channels open at once; opens beyond fail with OPEN_RESOURCE_SHORTAGE.
   * @default MAX_CHANNELS (16384)
   */
  maxChannels?: number;
  /** Connection-level extra info for `getExtraInfo`. */
  extraInfo?: (name: string) => unknown;
  /** Receives channel and request events (see `ConnectionOptions.log`). */
  log?: ConnectionLog;
}

type MuxState = { kind: 'open' } | { kind: 'closed'; error: Error | undefined };

interface PendingGlobal {
  resolve(data: Uint8Array | false): void;
  reject(error: Error): void;
  /** The request, for the log. */
  readonly name: string;
  readonly data: Uint8Array;
}

/**
 * The channel table of one connection.
 *
 * @example
 * ```ts
 * import { ChannelMux } from '@sshkit/ssh-connection';
 * const mux = new ChannelMux(packetChannel, {
 *   channelOpenRequested: () => new ChannelOpenError(1, 'no'),
 *   globalRequested: () => false,
 *   closed: () => {},
 * });
 * await mux.globalRequest('keepalive@openssh.com', new Uint8Array(0));
 * ```
 */
export class ChannelMux implements ChannelHost {
  readonly transport: PacketChannel;
  private readonly handler: MuxHandler;
  private readonly maxChannels: number;
  private readonly extra: ((name: string) => unknown) | undefined;
  private readonly channels = new Map<number, SSHChannel<SessionData>>();
  private nextId = 0;
  private pendingIncoming = 0;
  private state: MuxState = { kind: 'open' };
  private readonly globalReplies: PendingGlobal[] = [];
  private readonly globalQueue: GlobalRequest[] = [];
  private globalBusy = false;
  private readonly closedWaiters: Array<() => void> = [];
  /** @internal The `log` option, made safe; undefined when not set. */
  readonly log: ConnectionLog | undefined;

  constructor(transport: PacketChannel, handler: MuxHandler, options: ChannelMuxOptions = {}) {
    this.transport = transport;
    this.handler = handler;
    this.maxChannels = options.maxChannels ?? MAX_CHANNELS;
    this.extra = options.extraInfo;
    this.log = safeLog(options.log);
    transport.onPacket((payload) => this.onPacket(payload));
  }

  /** Number of channels in the table (open or opening). */
  get channelCount(): number {
    return this.channels.size;
  }

  /** Whether the connection has ended. */
  get isClosed(): boolean {
    return this.state.kind === 'closed';
  }

  /** The error the connection ended with, if it ended with one. */
  get closeError(): Error | undefined {
    return this.state.kind === 'closed' ? this.state.error : undefined;
  }

  // ------------------------------------------------------------------ ChannelHost

  /** @internal */
  send(payload: Uint8Array, tail?: Uint8Array): void {
    if (this.state.kind !== 'open') return;
    this.transport.send(payload, tail);
  }

  /** @internal */
  release(localId: number): void {
    this.channels.delete(localId);
  }

  /** @internal */
  extraInfo(name: string): unknown {
    return this.extra?.(name);
  }

  /**
   * The peer broke the protocol: send SSH_MSG_DISCONNECT(PROTOCOL_ERROR) and
   * tear everything down with a `ProtocolError` (a `WireError` becomes its cause).
   */
  protocolError(error: ProtocolError | WireError | Error): void {
    if (this.state.kind !== 'open') return;
    const err = ProtocolError.isInstance(error)
      ? (error as ProtocolError)
      : new ProtocolError(error.message, '', { cause: error });
    this.log?.({ event: 'protocol-error', detail: `protocol error: ${err.reason}` });
    try {
      this.transport.disconnect(DISC_PROTOCOL_ERROR, err.reason);
    } catch {
      // The transport may already be gone; the teardown below still runs.
    }
    this.teardown(err, err);
  }

  // ------------------------------------------------------------------ public API

  /**
   * Opens a channel: sends CHANNEL_OPEN and resolves once the peer confirms.
   * @param channel - a new channel (its window options are advertised)
   * @param data - type-specific open data
   * @throws ChannelOpenError when the peer refuses (or the table is full); the teardown error if the connection ends
   */
  async openChannel(channel: SSHChannel<SessionData>, data: Uint8Array): Promise<void> {
    if (this.state.kind === 'closed') throw this.state.error ?? new ConnectionLost('connection closed');
    if (this.channels.size + this.pendingIncoming >= this.maxChannels) {
      throw new ChannelOpenError(OPEN_RESOURCE_SHORTAGE, 'too many channels');
    }
    const id = this.allocateId();
    channel.attach(this, id);
    this.channels.set(id, channel);
    const opened = channel.opening();
    this.transport.send(
      encodeChannelOpen({
        channelType: channel.channelType,
        senderChannel: id,
        initialWindow: channel.windowSize,
        maxPacket: channel.maxPacketSize,
        data,
      }),
    );
    this.log?.(openEvent(channel.channelType, data, true, id));
    await opened;
  }

  /**
   * Sends a global request and resolves to the response data on success, or
   * `false` on failure (RFC 4254 §4: replies come in request order).
   */
  globalRequest(name: string, data: Uint8Array): Promise<Uint8Array | false> {
    if (this.state.kind === 'closed') {
      return Promise.reject(this.state.error ?? new ConnectionLost('connection closed'));
    }
    const reply = new Promise<Uint8Array | false>((resolve, reject) =>
      this.globalReplies.push({ resolve, reject, name, data }),
    );
    this.transport.send(encodeGlobalRequest(name, true, data));
    return reply;
  }

  /** Sends a global request that wants no reply. */
  globalMessage(name: string, data: Uint8Array): void {
    if (this.state.kind === 'closed') throw this.state.error ?? new ConnectionLost('connection closed');
    this.transport.send(encodeGlobalRequest(name, false, data));
    this.log?.(globalRequestEvent(name, data, true, undefined));
  }

  /**
   * The transport ended (or failed): every channel and pending promise settles
   * with `error`. Call it when the transport reports its end.
   */
  connectionLost(error?: Error): void {
    this.teardown(error ?? new ConnectionLost('connection lost'), error);
  }

  /** Sends SSH_MSG_DISCONNECT and ends the connection. */
  disconnect(code: number, reason: string): void {
    if (this.state.kind !== 'open') return;
    try {
      this.transport.disconnect(code, reason);
    } catch {
      // Already gone.
    }
    const error =
      code === DISC_BY_APPLICATION
        ? new DisconnectedByApplication(reason)
        : new DisconnectError(code, reason);
    this.teardown(error, code === DISC_BY_APPLICATION ? undefined : error);
  }

  /** Closes the connection cleanly (SSH_DISCONNECT_BY_APPLICATION). */
  close(): void {
    this.disconnect(DISC_BY_APPLICATION, 'Disconnected by application');
  }

  /** Resolves once the connection has ended. */
  waitClosed(): Promise<void> {
    if (this.state.kind === 'closed') return Promise.resolve();
    return new Promise((resolve) => this.closedWaiters.push(resolve));
  }

  // ------------------------------------------------------------------ internals

  private allocateId(): number {
    // Lowest ids first, wrapping at 2^32 and skipping ids still in use (released on CLOSE both ways).
    for (;;) {
      const id = this.nextId;
      this.nextId = (this.nextId + 1) >>> 0;
      if (!this.channels.has(id)) return id;
    }
  }

  /**
   * @param error - what pending promises reject with
   * @param reported - what sessions' `connectionLost` receive (undefined for a clean close)
   */
  private teardown(error: Error, reported: Error | undefined): void {
    if (this.state.kind !== 'open') return;
    this.state = { kind: 'closed', error: reported };
    for (const p of this.globalReplies.splice(0)) p.reject(error);
    this.globalQueue.length = 0;
    const channels = [...this.channels.values()];
    this.channels.clear();
    for (const chan of channels) chan.connectionLost(error, reported);
    try {
      this.handler.closed(reported);
    } catch {
      // Nothing left to report to.
    }
    for (const w of this.closedWaiters.splice(0)) w();
  }

  private onPacket(payload: Uint8Array): void {
    if (this.state.kind !== 'open') return;
    const n = payload[0];
    // Only the connection protocol's numbers (RFC 4250 §4.1.2: 80-127); late
    // authentication messages (50-79) are ignored, as RFC 4252 §5.1 allows.
    if (n === undefined || n < MSG_GLOBAL_REQUEST || n > 127) return;
    try {
      this.dispatch(payload);
    } catch (e) {
      if (SSHError.isInstance(e)) this.protocolError(e as SSHError);
      else this.protocolError(new ProtocolError('malformed message', '', { cause: e }));
    }
  }

  private channel(id: number, what: string): SSHChannel<SessionData> {
    const chan = this.channels.get(id);
    if (!chan) {
      // OpenSSH channels.c: "%s packet referred to nonexistent channel %d" is fatal.
      throw new ProtocolError(`${what} for nonexistent channel ${id}`);
    }
    return chan;
  }

  private openChannelFor(id: number, what: string): SSHChannel<SessionData> {
    const chan = this.channel(id, what);
    if (chan.isOpening) throw new ProtocolError(`${what} for channel ${id} before its open was confirmed`);
    return chan;
  }

  private dispatch(payload: Uint8Array): void {
    const m = decodeConnectionMessage(payload);
    switch (m.type) {
      case MSG_CHANNEL_DATA:
        this.openChannelFor(m.recipientChannel, 'CHANNEL_DATA').onData(m.data, undefined);
        return;
      case MSG_CHANNEL_EXTENDED_DATA:
        this.openChannelFor(m.recipientChannel, 'CHANNEL_EXTENDED_DATA').onData(m.data, m.dataType);
        return;
      case MSG_CHANNEL_WINDOW_ADJUST:
        this.openChannelFor(m.recipientChannel, 'CHANNEL_WINDOW_ADJUST').onWindowAdjust(m.bytesToAdd);
        return;
      case MSG_CHANNEL_EOF:
        this.openChannelFor(m.recipientChannel, 'CHANNEL_EOF').onEof();
        return;
      case MSG_CHANNEL_CLOSE:
        this.openChannelFor(m.recipientChannel, 'CHANNEL_CLOSE').onClose();
        return;
      case MSG_CHANNEL_REQUEST:
        this.openChannelFor(m.recipientChannel, 'CHANNEL_REQUEST').onRequest(
          m.requestType,
          m.wantReply,
          m.data,
        );
        return;
      case MSG_CHANNEL_SUCCESS:
        this.openChannelFor(m.recipientChannel, 'CHANNEL_SUCCESS').onReply(true);
        return;
      case MSG_CHANNEL_FAILURE:
        this.openChannelFor(m.recipientChannel, 'CHANNEL_FAILURE').onReply(false);
        return;
      case MSG_CHANNEL_OPEN_CONFIRMATION: {
        const chan = this.channel(m.recipientChannel, 'CHANNEL_OPEN_CONFIRMATION');
        if (!chan.isOpening) {
          throw new ProtocolError(`open confirmation for non-opening channel ${m.recipientChannel}`);
        }
        chan.opened(m.senderChannel, m.initialWindow, m.maxPacket);
        this.log?.(openedEvent(chan.channelType, true, m.recipientChannel, m.senderChannel));
        return;
      }
      case MSG_CHANNEL_OPEN_FAILURE: {
        const chan = this.channel(m.recipientChannel, 'CHANNEL_OPEN_FAILURE');
        if (!chan.isOpening)
          throw new ProtocolError(`open failure for non-opening channel ${m.recipientChannel}`);
        this.channels.delete(m.recipientChannel);
        this.log?.(openFailedEvent(chan.channelType, true, m.recipientChannel, m.code, m.description));
        chan.openFailed(new ChannelOpenError(m.code, m.description, m.lang));
        return;
      }
      case MSG_CHANNEL_OPEN:
        this.onChannelOpen(m);
        return;
      case MSG_GLOBAL_REQUEST:
        if (this.globalQueue.length >= MAX_PENDING_GLOBAL_REQUESTS) {
          throw new ProtocolError('too many global requests awaiting a reply');
        }
        this.globalQueue.push(m);
        this.runGlobalRequests();
        return;
      case MSG_REQUEST_SUCCESS:
      case MSG_REQUEST_FAILURE: {
        const p = this.globalReplies.shift();
        if (!p) throw new ProtocolError('global request reply without a pending request');
        this.log?.(globalRequestEvent(p.name, p.data, true, m.type === MSG_REQUEST_SUCCESS));
        p.resolve(m.type === MSG_REQUEST_SUCCESS ? m.data : false);
        return;
      }
      default: {
        const never: never = m;
        throw new ProtocolError(`unexpected message ${(never as { type: number }).type}`);
      }
    }
  }

  private onChannelOpen(open: ChannelOpen): void {
    const fail = (code: number, reason: string, lang = ''): void => {
      this.log?.(openFailedEvent(open.channelType, false, open.senderChannel, code, reason));
      this.send(
        encodeChannelOpenFailure({ recipientChannel: open.senderChannel, code, description: reason, lang }),
      );
    };
    if (open.maxPacket === 0) throw new ProtocolError('channel open with a maximum packet size of 0');
    this.log?.(openEvent(open.channelType, open.data, false, open.senderChannel));
    if (this.channels.size + this.pendingIncoming >= this.maxChannels) {
      fail(OPEN_RESOURCE_SHORTAGE, 'too many channels');
      return;
    }
    this.pendingIncoming++;
    const settle = (result: AcceptedChannel | ChannelOpenError): void => {
      this.pendingIncoming--;
      if (this.state.kind !== 'open') return;
      if (ChannelOpenError.isInstance(result)) {
        const e = result as ChannelOpenError;
        fail(e.code, e.reason, e.lang);
        return;
      }
      const accepted = result as AcceptedChannel;
      const chan = accepted.channel;
      const id = this.allocateId();
      chan.attach(this, id);
      this.channels.set(id, chan);
      chan.opened(open.senderChannel, open.initialWindow, open.maxPacket);
      this.send(
        encodeChannelOpenConfirmation({
          recipientChannel: open.senderChannel,
          senderChannel: id,
          initialWindow: chan.windowSize,
          maxPacket: chan.maxPacketSize,
          data: accepted.data ?? new Uint8Array(0),
        }),
      );
      this.log?.(openedEvent(chan.channelType, false, id, open.senderChannel));
      accepted.opened();
    };
    const failed = (e: unknown): void => {
      if (ChannelOpenError.isInstance(e)) settle(e as ChannelOpenError);
      else settle(new ChannelOpenError(OPEN_CONNECT_FAILED, 'channel open failed'));
    };
    let result: MaybePromise<AcceptedChannel | ChannelOpenError>;
    try {
      result = this.handler.channelOpenRequested(open);
    } catch (e) {
      if (WireError.isInstance(e) || ProtocolError.isInstance(e)) {
        this.pendingIncoming--;
        throw e;
      }
      failed(e);
      return;
    }
    if (result instanceof Promise) {
      result.then(settle, (e: unknown) => {
        if (WireError.isInstance(e) || ProtocolError.isInstance(e)) {
          this.pendingIncoming--;
          this.protocolError(e as SSHError);
        } else failed(e);
      });
    } else {
      settle(result);
    }
  }

  private runGlobalRequests(): void {
    if (this.globalBusy) return;
    this.globalBusy = true;
    while (this.globalQueue.length > 0 && this.state.kind === 'open') {
      const req = this.globalQueue.shift() as GlobalRequest;
      let result: MaybePromise<GlobalRequestReply>;
      try {
        result = this.handler.globalRequested(req);
      } catch (e) {
        this.globalBusy = false;
        if (WireError.isInstance(e) || ProtocolError.isInstance(e)) throw e;
        result = false;
      }
      if (result instanceof Promise) {
        result
          .then(
            (r) => this.replyGlobal(req, r),
            (e: unknown) => {
              if (WireError.isInstance(e) || ProtocolError.isInstance(e)) this.protocolError(e as SSHError);
              else this.replyGlobal(req, false);
            },
          )
          .finally(() => {
            this.globalBusy = false;
            this.runGlobalRequests();
          });
        return;
      }
      this.replyGlobal(req, result);
    }
    this.globalBusy = false;
  }

  private replyGlobal(req: GlobalRequest, result: GlobalRequestReply): void {
    if (this.state.kind !== 'open') return;
    this.log?.(globalRequestEvent(req.name, req.data, false, req.wantReply ? result !== false : undefined));
    if (!req.wantReply) return;
    if (result === false) this.send(encodeRequestFailure());
    else this.send(encodeRequestSuccess(result === true ? undefined : result));
  }
}
