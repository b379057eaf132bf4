/**
 * The byte stream the SSH stack runs over (ARCHITECTURE.md, Runtime rules):
 * a TCP socket, a WebSocket relay, a child process's pipes, or an in-memory
 * pair in tests. It is deliberately small so any runtime can adapt to it.
 */
export interface ByteDuplexHandlers {
  /**
   * Bytes arrived. The chunk is valid only during the call (a stream may
   * read into one reused buffer): copy what must outlive it.
   */
  data(chunk: Uint8Array): void;
  /** The peer closed its side (EOF), or the stream was destroyed. */
  close(error?: Error): void;
  /** The write buffer drained below its high-water mark after `write` returned false. */
  drain(): void;
}

/** A duplex byte stream; see {@link ByteDuplexHandlers}. */
export interface ByteDuplex {
  /** Starts delivering events to `handlers`; called once. */
  attach(handlers: ByteDuplexHandlers): void;
  /**
   * Queues bytes for the peer. Returns false when the caller should wait for
   * `drain` before writing more (back-pressure); the bytes are queued anyway.
   * `written`, if the stream supports it, is called once the stream no longer
   * needs `data` (the caller may then reuse its memory); a stream may never call it.
   */
  write(data: Uint8Array, written?: () => void): boolean;
  /** Stops `data` events until {@link resume} (back-pressure toward the peer). */
  pause(): void;
  resume(): void;
  /** Flushes what was written, then closes. */
  end(): void;
  /** Closes at once, dropping anything unsent. */
  destroy(error?: Error): void;
  /** Addresses for `getExtraInfo`, when the stream has them. */
  readonly info?: Readonly<Record<string, string | number | undefined>>;
}
