/**
 * The byte stream an SFTP session runs over. It is deliberately tiny so that
 * an SSH session channel (subsystem "sftp"), a child process's stdio
 * (`sftp-server`, `sftp -D`), a WebSocket or an in-memory pair can all adapt
 * to it in a few lines.
 */

/**
 * A duplex byte stream.
 *
 * - `write` sends bytes in order. It may return a Promise to ask the writer
 *   to wait (backpressure); a rejected Promise means the stream failed.
 *   The stream owns `data` after the call: the caller must not change it
 *   until `written` is called (if the stream calls it: it may ignore it) or
 *   the peer has answered what `data` carries. Reusing the memory of sent
 *   packets is what keeps large transfers fast.
 * - `onData` registers the one data listener. Chunks may have any size; a
 *   stream must buffer chunks that arrive before a listener is registered.
 *   The listener owns each chunk (it may keep views into it).
 * - `onClose` registers the one close listener, called once when the stream
 *   ends for any reason (with the error, if any). If the stream is already
 *   closed it is called at once.
 * - `close` ends the stream (idempotent); the close listener then runs.
 * - `pause` and `resume` (optional) stop and restart data events: the
 *   server pauses a client that queues more requests than it can run.
 */
export interface ByteStream {
  write(data: Uint8Array, written?: () => void): void | Promise<void>;
  onData(listener: (chunk: Uint8Array) => void): void;
  onClose(listener: (error?: Error) => void): void;
  close(): void;
  pause?(): void;
  resume?(): void;
}

class MemoryEnd implements ByteStream {
  peer: MemoryEnd | undefined;
  private dataListener: ((chunk: Uint8Array) => void) | undefined;
  private closeListener: ((error?: Error) => void) | undefined;
  private queued: Uint8Array[] = [];
  private closed = false;
  private closeNotified = false;

  write(data: Uint8Array, written?: () => void): void {
    if (this.closed) throw new Error('memory stream: write after close');
    const peer = this.peer;
    if (!peer) return;
    // Deliver asynchronously, like a real transport, so re-entrancy bugs surface in tests.
    const copy = data.slice();
    queueMicrotask(() => {
      written?.();
      peer.receive(copy);
    });
  }

  private receive(chunk: Uint8Array): void {
    if (this.closeNotified) return;
    if (this.dataListener) this.dataListener(chunk);
    else this.queued.push(chunk);
  }

  onData(listener: (chunk: Uint8Array) => void): void {
    this.dataListener = listener;
    const queued = this.queued;
    this.queued = [];
    for (const chunk of queued) listener(chunk);
  }

  onClose(listener: (error?: Error) => void): void {
    this.closeListener = listener;
    if (this.closeNotified) listener();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    // Let data already written reach the peer before it sees the close.
    queueMicrotask(() => {
      this.notifyClose();
      this.peer?.remoteClosed();
    });
  }

  private remoteClosed(): void {
    this.closed = true;
    this.notifyClose();
  }

  private notifyClose(): void {
    if (this.closeNotified) return;
    this.closeNotified = true;
    this.closeListener?.();
  }
}

/**
 * Two connected in-memory {@link ByteStream}s: bytes written to one arrive
 * (asynchronously, in order) at the other; closing either closes both.
 * Used by tests and to run a client and a server in one process (browsers too).
 *
 * @returns `[a, b]`
 * @example
 * ```ts
 * import { memoryStreamPair, SFTPClient, SFTPServer, MemoryFileSystem } from '@sshkit/ssh-sftp';
 * const [c, s] = memoryStreamPair();
 * void new SFTPServer(new MemoryFileSystem()).serve(s);
 * const sftp = await SFTPClient.start(c);
 * ```
 */
export function memoryStreamPair(): [ByteStream, ByteStream] {
  const a = new MemoryEnd();
  const b = new MemoryEnd();
  a.peer = b;
  b.peer = a;
  return [a, b];
}
