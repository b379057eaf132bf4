import { SSHError } from '@sshkit/ssh-wire';
import { SFTPClient, type SFTPClientOptions } from '../src/client/sftp-client.js';
import { MemoryFileSystem } from '../src/server/memory-fs.js';
import { SFTPServer, type SFTPServerOptions } from '../src/server/sftp-server.js';
import { type ByteStream, memoryStreamPair } from '../src/stream.js';

/** A client and a server over an in-memory stream pair. */
export async function memorySession(
  options: { client?: SFTPClientOptions; server?: SFTPServerOptions; fs?: MemoryFileSystem } = {},
): Promise<{ sftp: SFTPClient; fs: MemoryFileSystem; served: Promise<void>; server: SFTPServer }> {
  const fs = options.fs ?? new MemoryFileSystem({ now: () => 1_700_000_000_000 });
  const [c, s] = memoryStreamPair();
  const server = new SFTPServer(fs, options.server);
  const served = server.serve(s);
  const sftp = await SFTPClient.start(c, options.client);
  return { sftp, fs, served, server };
}

/** Wraps a stream so the data listener receives one byte at a time. */
export function chunked(stream: ByteStream, size = 1): ByteStream {
  return {
    write: (d) => stream.write(d),
    onData: (l) =>
      stream.onData((chunk) => {
        for (let i = 0; i < chunk.length; i += size) l(chunk.subarray(i, i + size));
      }),
    onClose: (l) => stream.onClose(l),
    close: () => stream.close(),
  };
}

/** Deterministic pseudo-random bytes. */
export function pseudoRandomBytes(n: number, seed = 1): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

/** Runs `fn` and returns what it threw (fails the test if it did not throw). */
export async function caught(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

/** True when `e` is one of the errors untrusted bytes may produce. */
export function isSshkitError(e: unknown): boolean {
  return SSHError.isInstance(e);
}

export const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
export const dec = (b: Uint8Array): string => new TextDecoder().decode(b);
export const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

/** Byte equality that stays fast for MiB-sized arrays (jest's toEqual walks elements). */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}
