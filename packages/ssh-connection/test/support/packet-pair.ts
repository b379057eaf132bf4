/**
 * An in-memory PacketChannel pair: two fake channels wired to each other,
 * delivering asynchronously (one macrotask per packet, so both sides
 * interleave as over a socket). Records disconnects and lets a test inject
 * raw packets or watch what a side sends.
 */
import { markSoleOwned, type PacketChannel } from '@sshkit/ssh-transport';

export const SESSION_ID: Uint8Array = Uint8Array.from({ length: 32 }, (_, i) => (i * 7 + 3) & 0xff);

export interface Disconnect {
  readonly code: number;
  readonly reason: string;
}

export class FakeChannel implements PacketChannel {
  readonly sessionId = SESSION_ID;
  readonly peerExtensions: ReadonlyMap<string, Uint8Array> = new Map();
  peer: FakeChannel | undefined;
  handler: ((payload: Uint8Array) => void) | undefined;
  disconnects: Disconnect[] = [];
  sent: Uint8Array[] = [];
  /** Payloads delivered to this side's handler with their message type (kept: the payload may be freed), when `record` is set. */
  received: { type: number; payload: Uint8Array }[] = [];
  record = false;
  closed = false;
  /** Called for every payload this side sends (before delivery). */
  tap: ((payload: Uint8Array) => void) | undefined;
  /** Called when the peer disconnected us. */
  onPeerDisconnect: ((d: Disconnect) => void) | undefined;
  private readonly inbox: Uint8Array[] = [];
  private scheduled = false;

  send(head: Uint8Array, tail?: Uint8Array): void {
    if (this.closed) return;
    // The whole payload in a buffer of our own: `tail` is the caller's again once send returns.
    const payload = joinPayload(head, tail);
    if (this.record) this.sent.push(payload);
    this.tap?.(payload);
    // Alone in a buffer of its own, as the transport hands payloads over: marked the same way.
    const delivered = payload.slice();
    markSoleOwned(delivered);
    this.peer?.enqueue(delivered);
  }

  onPacket(handler: (payload: Uint8Array) => void): void {
    this.handler = handler;
  }

  disconnect(code: number, reason: string): void {
    if (this.closed) return;
    this.disconnects.push({ code, reason });
    this.closed = true;
    const peer = this.peer;
    if (peer && !peer.closed) {
      setImmediate(() => {
        peer.closed = true;
        peer.onPeerDisconnect?.({ code, reason });
      });
    }
  }

  authenticated(): void {}

  /** Delivers `payload` to this side as if the peer had sent it. */
  inject(payload: Uint8Array): void {
    this.enqueue(payload);
  }

  private enqueue(payload: Uint8Array): void {
    this.inbox.push(payload);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.deliverOne());
    }
  }

  private deliverOne(): void {
    this.scheduled = false;
    const p = this.inbox.shift();
    if (p && this.record) this.received.push({ type: p[0] as number, payload: p });
    if (p && !this.closed) this.handler?.(p);
    if (this.inbox.length > 0 && !this.closed) {
      this.scheduled = true;
      setImmediate(() => this.deliverOne());
    }
  }
}

/** `head || tail` in a fresh buffer. */
function joinPayload(head: Uint8Array, tail?: Uint8Array): Uint8Array {
  const whole = new Uint8Array(head.length + (tail?.length ?? 0));
  whole.set(head);
  if (tail) whole.set(tail, head.length);
  return whole;
}

export function packetPair(): [FakeChannel, FakeChannel] {
  const a = new FakeChannel();
  const b = new FakeChannel();
  a.peer = b;
  b.peer = a;
  return [a, b];
}

/** Waits `n` macrotasks. */
export async function ticks(n = 20): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
}

/** Settles a promise into a result object, never throwing. */
export function settle<T>(p: Promise<T>): Promise<PromiseSettledResult<T>> {
  return p.then(
    (value) => ({ status: 'fulfilled', value }) as const,
    (reason: unknown) => ({ status: 'rejected', reason }) as const,
  );
}
