import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import type { ByteStream } from '../stream.js';

/**
 * Adapts a Node readable + writable pair (a child's stdout/stdin, this
 * process's stdin/stdout, a socket twice) to a {@link ByteStream}. `write`
 * returns a Promise when the writable asks to wait for `drain`.
 * @param readable - where bytes come from
 * @param writable - where bytes go
 * @param onClose - extra clean-up when the stream is closed locally
 */
export function fromNodeStreams(readable: Readable, writable: Writable, onClose?: () => void): ByteStream {
  let closed = false;
  let closeError: Error | undefined;
  let closeListener: ((error?: Error) => void) | undefined;
  // One shared wait for 'drain', however many writes are waiting (one listener, not one per write).
  let drained: { promise: Promise<void>; resolve: () => void } | undefined;
  const releaseDrain = (): void => {
    const d = drained;
    drained = undefined;
    if (d) {
      writable.off('drain', releaseDrain);
      d.resolve();
    }
  };
  const finish = (err?: Error): void => {
    if (closed) return;
    closed = true;
    closeError = err;
    releaseDrain();
    closeListener?.(err);
  };
  readable.on('end', () => finish());
  readable.on('close', () => finish());
  readable.on('error', (e: Error) => finish(e));
  writable.on('error', (e: Error) => finish(e));
  return {
    write(data: Uint8Array, written?: () => void): void | Promise<void> {
      if (closed) return Promise.reject(new Error('stream closed'));
      const ok = written
        ? writable.write(data, (e) => {
            if (!e) written();
          })
        : writable.write(data);
      if (ok) return;
      if (!drained) {
        let resolve: () => void = () => undefined;
        const promise = new Promise<void>((r) => {
          resolve = r;
        });
        drained = { promise, resolve };
        writable.once('drain', releaseDrain);
      }
      return drained.promise;
    },
    onData(listener: (chunk: Uint8Array) => void): void {
      readable.on('data', (chunk: Uint8Array) => {
        listener(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      });
    },
    onClose(listener: (error?: Error) => void): void {
      closeListener = listener;
      if (closed) listener(closeError);
    },
    pause(): void {
      readable.pause();
    },
    resume(): void {
      readable.resume();
    },
    close(): void {
      if (closed) return;
      writable.end();
      readable.destroy();
      onClose?.();
      finish();
    },
  };
}

/**
 * Spawns a program that speaks SFTP on its stdin/stdout (OpenSSH's
 * `sftp-server`, or `ssh host -s sftp`) and returns a stream to it.
 * Closing the stream ends the child's stdin and kills it if still running.
 * @param command - the program
 * @param args - its arguments
 * @param options - `spawn` options (stdio is forced to `['pipe', 'pipe', 'inherit']` unless given)
 * @returns the stream and the child process
 */
export function spawnStream(
  command: string,
  args: readonly string[] = [],
  options: SpawnOptions = {},
): { stream: ByteStream; child: ChildProcess } {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'], ...options });
  const { stdin, stdout } = child;
  if (!stdin || !stdout) throw new TypeError('spawnStream: stdin and stdout must be pipes');
  const stream = fromNodeStreams(stdout, stdin, () => {
    if (child.exitCode === null && child.signalCode === null) child.kill();
  });
  return { stream, child };
}
