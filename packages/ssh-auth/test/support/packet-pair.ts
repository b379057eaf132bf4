/**
 * An in-memory PacketChannel pair: two fake channels wired to each other,
 * delivering asynchronously (a macrotask per packet, so handlers interleave as
 * over a socket), with a fixed session id. Plus a hand-driven timer.
 */
import type { PacketChannel } from '@sshkit/ssh-transport';
import { disconnectErrorFor } from '@sshkit/ssh-transport';
import { encodeNameList, encodeUtf8 } from '@sshkit/ssh-wire';
import type { AuthTimer } from '../../src/index.js';

export const SESSION_ID: Uint8Array = Uint8Array.from({ length: 32 }, (_, i) => (i * 7 + 3) & 0xff);

export interface Disconnect {
  readonly code: number;
  readonly reason: string;
}

/** A fake channel that records everything it is asked to do. */
export class FakeChannel implements PacketChannel {
  readonly sessionId: Uint8Array;
  peerExtensions: ReadonlyMap<string, Uint8Array>;
  readonly sent: Uint8Array[] = [];
  readonly disconnects: Disconnect[] = [];
  /** Packets `send` was called with after the channel closed (a consistency bug if non-zero). */
  sentAfterClose = 0;
  authenticatedCalls = 0;
  closed = false;
  peer: FakeChannel | undefined;
  /** Called (asynchronously) when the peer disconnects. */
  onPeerDisconnect: ((d: Disconnect) => void) | undefined;
  #handler: ((payload: Uint8Array) => void) | undefined;
  readonly #buffered: Uint8Array[] = [];

  constructor(sessionId: Uint8Array, peerExtensions: ReadonlyMap<string, Uint8Array> = new Map()) {
    this.sessionId = sessionId;
    this.peerExtensions = peerExtensions;
  }

  send(head: Uint8Array, tail?: Uint8Array): void {
    if (this.closed) {
      this.sentAfterClose++;
      return;
    }
    // The whole payload `head || tail`, copied: both stay the caller's.
    const payload = new Uint8Array(head.length + (tail?.length ?? 0));
    payload.set(head);
    if (tail) payload.set(tail, head.length);
    this.sent.push(payload);
    const peer = this.peer;
    const copy = payload.slice();
    if (peer) setTimeout(() => peer.deliver(copy), 0);
  }

  onPacket(handler: (payload: Uint8Array) => void): void {
    this.#handler = handler;
    for (const p of this.#buffered.splice(0)) handler(p);
  }

  /** Delivers a payload as if it came from the peer (buffered until a handler is set). */
  deliver(payload: Uint8Array): void {
    if (this.closed) return;
    if (this.#handler) this.#handler(payload);
    else this.#buffered.push(payload);
  }

  disconnect(code: number, reason: string): void {
    if (this.closed) return;
    this.disconnects.push({ code, reason });
    this.closed = true;
    const peer = this.peer;
    if (peer && !peer.closed) {
      peer.closed = true;
      setTimeout(() => peer.onPeerDisconnect?.({ code, reason }), 0);
    }
  }

  authenticated(): void {
    this.authenticatedCalls++;
  }
}

/** Options of {@link packetPair}. */
export interface PairOptions {
  /** `server-sig-algs` the server announces to the client (omit for none). */
  serverSigAlgs?: readonly string[];
  sessionId?: Uint8Array;
}

/** Two wired channels: [client side, server side]. */
export function packetPair(options: PairOptions = {}): [FakeChannel, FakeChannel] {
  const ext = new Map<string, Uint8Array>();
  if (options.serverSigAlgs) ext.set('server-sig-algs', encodeUtf8(encodeNameList(options.serverSigAlgs)));
  const sessionId = options.sessionId ?? SESSION_ID;
  const client = new FakeChannel(sessionId, ext);
  const server = new FakeChannel(sessionId);
  client.peer = server;
  server.peer = client;
  return [client, server];
}

/** Wires peer disconnects to a machine's `connectionLost`. */
export function onPeerDisconnect(channel: FakeChannel, machine: { connectionLost(e?: unknown): void }): void {
  channel.onPeerDisconnect = (d) => machine.connectionLost(disconnectErrorFor(d.code, d.reason));
}

/** A timer driven by hand: `advance(ms)` fires what is due. */
export class ManualTimer implements AuthTimer {
  now = 0;
  readonly #pending = new Map<number, { at: number; callback: () => void }>();
  #nextId = 1;

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.#nextId++;
    this.#pending.set(id, { at: this.now + ms, callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.#pending.delete(handle as number);
  }

  get pending(): number {
    return this.#pending.size;
  }

  advance(ms: number): void {
    this.now += ms;
    for (const [id, t] of [...this.#pending]) {
      if (t.at <= this.now) {
        this.#pending.delete(id);
        t.callback();
      }
    }
  }
}

/** Settles after pending macrotasks (packet deliveries) have run. */
export function tick(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
