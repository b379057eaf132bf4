/**
 * A pair of WHATWG streams as the SSH byte stream: what Deno's `Deno.connect`,
 * Cloudflare's `connect()`, WebTransport streams and Node's `Duplex.toWeb`
 * give, so the stack runs over them without a socket API of its own.
 */
import type { ByteDuplex, ByteDuplexHandlers } from './duplex.js';

/** A readable and a writable byte stream, e.g. a `Deno.TcpConn`. */
export interface ByteStreamPair {
  readonly readable: ReadableStream<Uint8Array>;
  readonly writable: WritableStream<Uint8Array>;
}

class StreamDuplex implements ByteDuplex {
  private handlers: ByteDuplexHandlers | undefined;
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly writer: WritableStreamDefaultWriter<Uint8Array>;
  private paused = false;
  private reading = false;
  /** A chunk read just as `pause()` came: delivered on `resume()`. */
  private held: Uint8Array | undefined;
  /** The close is decided: no more events but that one. */
  private done = false;
  private closeError: Error | undefined;
  /** `end()`, `destroy()` or a failure closed the writable: nothing more goes in. */
  private writeClosed = false;
  private waitingForDrain = false;
  readonly info = { transport: 'streams' };

  constructor(pair: ByteStreamPair) {
    this.reader = pair.readable.getReader();
    this.writer = pair.writable.getWriter();
    this.writer.closed.catch((e: unknown) => {
      this.writeClosed = true;
      this.finish(asError(e));
      // The connection is unusable: release the read side (a socket's) too.
      this.reader.cancel(e).catch(() => undefined);
    });
  }

  attach(handlers: ByteDuplexHandlers): void {
    if (this.done) {
      handlers.close(this.closeError);
      return;
    }
    this.handlers = handlers;
    void this.pump();
  }

  write(data: Uint8Array): boolean {
    if (this.done || this.writeClosed) return false;
    // No `written` callback: the caller never reuses `data`, which the stream keeps until it is sent.
    this.writer.write(data).catch(() => undefined); // the failure reaches finish() through writer.closed
    if ((this.writer.desiredSize ?? 0) > 0) return true;
    if (!this.waitingForDrain) {
      this.waitingForDrain = true;
      this.writer.ready.then(
        () => {
          this.waitingForDrain = false;
          if (!this.done) this.handlers?.drain();
        },
        () => undefined, // the failure reaches finish() through writer.closed
      );
    }
    return false;
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    const held = this.held;
    this.held = undefined;
    if (held) this.handlers?.data(held);
    // Not before attach: nobody would get what it reads.
    if (this.handlers) void this.pump();
  }

  end(): void {
    // Also after the peer's EOF (runTransport ends the stream then): a socket's write half must close.
    if (this.writeClosed) return;
    this.writeClosed = true;
    this.writer.close().catch(() => undefined);
  }

  destroy(error?: Error): void {
    // Also after the close was reported, or after end(): nothing unsent is kept.
    this.writeClosed = true;
    this.writer.abort(error).catch(() => undefined);
    this.reader.cancel(error).catch(() => undefined);
    this.finish(error);
  }

  /** Reads while attached and not paused; one loop at a time. */
  private async pump(): Promise<void> {
    if (this.reading) return;
    this.reading = true;
    try {
      while (!this.paused && !this.done) {
        const { done, value } = await this.reader.read();
        if (done) return this.finish(undefined);
        if (value.length === 0) continue;
        if (this.paused) this.held = value;
        else this.handlers?.data(value);
      }
    } catch (e) {
      this.finish(asError(e));
    } finally {
      this.reading = false;
    }
  }

  private finish(error: Error | undefined): void {
    if (this.done) return;
    this.done = true;
    this.closeError = error;
    const h = this.handlers;
    this.handlers = undefined;
    h?.close(error);
  }
}

function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}

/**
 * Adapts a readable/writable stream pair (WHATWG streams) to the
 * {@link ByteDuplex} the SSH layers run over:
 * `connect({ sock: streamDuplex(await Deno.connect({ hostname, port: 22 })) })`.
 */
export function streamDuplex(pair: ByteStreamPair): ByteDuplex {
  return new StreamDuplex(pair);
}
