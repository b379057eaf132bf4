/**
 * A WebSocket as the SSH byte stream (ARCHITECTURE.md: "an SSH client in a
 * browser tab over a WebSocket relay"): binary messages carry the SSH bytes
 * unframed, as websockify-style relays forward a TCP connection.
 */
import type { ByteDuplex, ByteDuplexHandlers } from './duplex.js';
import { ConnectionLost } from './errors.js';

/** What the adapter needs of a WebSocket: browsers', Deno's, Bun's, Node 22's, or the `ws` package's. */
export interface WebSocketLike {
  binaryType: string;
  readonly readyState: number;
  readonly bufferedAmount: number;
  readonly url?: string;
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
  /** Events are `unknown` here: implementations type them differently; see {@link WebSocketEventLike}. */
  addEventListener(type: 'open' | 'message' | 'close' | 'error', listener: (event: unknown) => void): void;
}

/** The fields of WebSocket events the adapter reads. */
export interface WebSocketEventLike {
  readonly data?: unknown;
  readonly code?: number;
  readonly reason?: string;
}

function eventFields(event: unknown): WebSocketEventLike {
  return typeof event === 'object' && event !== null ? (event as WebSocketEventLike) : {};
}

const OPEN = 1;
const CLOSING = 2;
/** RFC 6455 §7.4.1: a normal closure, and "no status code" (what a plain close() sends). */
const NORMAL_CLOSURES = new Set([1000, 1005]);
/** Above this much unsent data, `write` asks the caller to wait, as a socket does. */
const HIGH_WATER_MARK = 1024 * 1024;
/** WebSockets have no drain event: how often to look whether the buffer went down. */
const DRAIN_POLL_MS = 5;

/** Options of {@link webSocketDuplex}. */
export interface WebSocketDuplexOptions {
  /** Rejects the open after this many milliseconds. @default none */
  openTimeout?: number;
}

class WebSocketDuplex implements ByteDuplex {
  private handlers: ByteDuplexHandlers | undefined;
  /** Messages that arrived before `attach` or while paused. */
  private readonly queue: Uint8Array[] = [];
  private paused = false;
  private closeError: Error | undefined | null = null;
  private drainTimer: ReturnType<typeof setTimeout> | undefined;
  readonly info: Readonly<Record<string, string | number | undefined>>;

  constructor(private readonly ws: WebSocketLike) {
    this.info = { transport: 'websocket', url: ws.url };
    ws.addEventListener('message', (e) => this.message(eventFields(e).data));
    ws.addEventListener('close', (e) => this.peerClosed(eventFields(e)));
    // The close event that follows an error says how it ended; some
    // implementations (EventEmitter-based ones) throw errors nobody listens to.
    ws.addEventListener('error', () => undefined);
  }

  attach(handlers: ByteDuplexHandlers): void {
    this.handlers = handlers;
    this.flush();
  }

  write(data: Uint8Array): boolean {
    if (this.closeError !== null || this.ws.readyState !== OPEN) return false;
    this.ws.send(data);
    if (this.ws.bufferedAmount <= HIGH_WATER_MARK) return true;
    this.drainTimer ??= setTimeout(() => this.pollDrain(), DRAIN_POLL_MS);
    return false;
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.flush();
  }

  end(): void {
    // Data sent before close() still goes out before the close frame (RFC 6455 §7.1.2).
    if (this.ws.readyState < CLOSING) this.ws.close(1000);
  }

  destroy(error?: Error): void {
    if (this.ws.readyState < CLOSING) this.ws.close(error ? 4000 : 1000);
    this.queue.length = 0;
    // Decided now, so messages dispatched in this same turn (the `ws` package
    // emits several at once) are dropped rather than delivered.
    this.settle(error);
    // Reported from a microtask, as a socket reports its close after destroy().
    queueMicrotask(() => this.flush());
  }

  private message(data: unknown): void {
    if (this.closeError !== null) return;
    // Not `instanceof`: the ArrayBuffer may come from another realm (a worker, Node's internals).
    if (Object.prototype.toString.call(data) !== '[object ArrayBuffer]') {
      // A text frame (or a Blob: binaryType could not be set) is not a relayed byte stream.
      this.destroy(new ConnectionLost('WebSocket relay sent a non-binary message'));
      return;
    }
    this.queue.push(new Uint8Array(data as ArrayBuffer));
    this.flush();
  }

  private peerClosed(event: WebSocketEventLike): void {
    const code = event.code ?? 1006;
    this.settle(
      NORMAL_CLOSURES.has(code)
        ? undefined
        : new ConnectionLost(`WebSocket closed: ${code}${event.reason ? ` ${event.reason}` : ''}`),
    );
    this.flush();
  }

  /** Records how the connection ended; the first cause wins. */
  private settle(error: Error | undefined): void {
    if (this.closeError !== null) return;
    this.closeError = error;
    clearTimeout(this.drainTimer);
  }

  /** Delivers queued messages, then the close once nothing is left. */
  private flush(): void {
    const h = this.handlers;
    if (!h) return;
    while (!this.paused && this.queue.length > 0) h.data(this.queue.shift() as Uint8Array);
    if (this.queue.length === 0 && this.closeError !== null) {
      this.handlers = undefined;
      h.close(this.closeError);
    }
  }

  private pollDrain(): void {
    this.drainTimer = undefined;
    if (this.ws.readyState !== OPEN) return;
    if (this.ws.bufferedAmount > HIGH_WATER_MARK / 2) {
      this.drainTimer = setTimeout(() => this.pollDrain(), DRAIN_POLL_MS);
      return;
    }
    this.handlers?.drain();
  }
}

/**
 * Adapts a WebSocket to the {@link ByteDuplex} the SSH layers run over, once
 * it is open: `connect({ sock: await webSocketDuplex(new WebSocket(url)) })`.
 * Each binary message carries SSH bytes; the relay forwards them to the SSH
 * server's TCP port.
 * @throws ConnectionLost when the WebSocket fails or closes before it opens
 */
export function webSocketDuplex(
  ws: WebSocketLike,
  options: WebSocketDuplexOptions = {},
): Promise<ByteDuplex> {
  ws.binaryType = 'arraybuffer';
  if (ws.readyState === OPEN) return Promise.resolve(new WebSocketDuplex(ws));
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (why: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(new ConnectionLost(`WebSocket ${why}`));
    };
    const timer =
      options.openTimeout === undefined
        ? undefined
        : setTimeout(() => {
            fail(`did not open within ${options.openTimeout} ms`);
            ws.close();
          }, options.openTimeout);
    // The duplex listens from the start, so nothing the server sends right after the open is missed.
    const duplex = new WebSocketDuplex(ws);
    ws.addEventListener('open', () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(duplex);
    });
    ws.addEventListener('error', () => fail('failed to open'));
    ws.addEventListener('close', (e) => fail(`closed before it opened (${eventFields(e).code ?? 1006})`));
    if (ws.readyState > OPEN) fail('is already closed');
  });
}
