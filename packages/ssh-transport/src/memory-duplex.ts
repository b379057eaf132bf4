import type { ByteDuplex, ByteDuplexHandlers } from './duplex.js';

/** High-water mark of an in-memory side, like a socket's default buffer. */
const MEMORY_HIGH_WATER_MARK = 1024 * 1024;

class MemorySide implements ByteDuplex {
  peer!: MemorySide;
  private handlers: ByteDuplexHandlers | undefined;
  private readonly inbox: Uint8Array[] = [];
  private inboxBytes = 0;
  private paused = false;
  private scheduled = false;
  private closed = false;
  private peerEnded = false;
  private peerError: Error | undefined;
  private wantDrain = false;
  readonly info: Readonly<Record<string, string | number | undefined>>;

  constructor(name: string) {
    this.info = { transport: 'memory', name };
  }

  attach(handlers: ByteDuplexHandlers): void {
    this.handlers = handlers;
    this.schedule();
  }

  write(data: Uint8Array, written?: () => void): boolean {
    if (this.closed) return false;
    const more = this.peer.receive(data.slice(), this);
    written?.(); // copied: the writer may reuse `data` now
    return more;
  }

  /** Called by the peer to deliver bytes; returns the back-pressure answer. */
  receive(data: Uint8Array, from: MemorySide): boolean {
    if (this.closed) return false;
    this.inbox.push(data);
    this.inboxBytes += data.length;
    this.schedule();
    if (this.inboxBytes > MEMORY_HIGH_WATER_MARK) {
      from.wantDrain = true;
      return false;
    }
    return true;
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.schedule();
  }

  end(): void {
    if (this.closed) return;
    this.closed = true;
    this.peer.peerEnded = true;
    this.peer.schedule();
  }

  destroy(error?: Error): void {
    if (this.closed) return;
    this.closed = true;
    this.inbox.length = 0;
    this.peer.peerEnded = true;
    this.peer.peerError = error;
    this.peer.schedule();
    queueMicrotask(() => this.handlers?.close(error));
  }

  private schedule(): void {
    if (this.scheduled || !this.handlers) return;
    this.scheduled = true;
    // Deliver asynchronously, as a real socket would.
    setTimeout(() => this.flush(), 0);
  }

  private flush(): void {
    this.scheduled = false;
    const handlers = this.handlers;
    if (!handlers) return;
    while (!this.paused && this.inbox.length > 0) {
      const chunk = this.inbox.shift() as Uint8Array;
      this.inboxBytes -= chunk.length;
      handlers.data(chunk);
    }
    if (this.peer.wantDrain && this.inboxBytes <= MEMORY_HIGH_WATER_MARK) {
      this.peer.wantDrain = false;
      this.peer.handlers?.drain();
    }
    if (this.peerEnded && this.inbox.length === 0 && !this.closed) {
      this.closed = true;
      handlers.close(this.peerError);
    }
  }
}

/**
 * Two connected in-memory byte streams: what one writes, the other receives,
 * asynchronously and with back-pressure. For tests, and for running a client
 * and a server in one process.
 *
 * @example
 * ```ts
 * import { createMemoryPair } from '@sshkit/ssh-transport';
 * const [clientSide, serverSide] = createMemoryPair();
 * ```
 */
export function createMemoryPair(): [ByteDuplex, ByteDuplex] {
  const a = new MemorySide('a');
  const b = new MemorySide('b');
  a.peer = b;
  b.peer = a;
  return [a, b];
}
