import { isDirectoryAttrs, isSymlinkAttrs } from '../src/attrs.js';
import type { SCPStream } from '../src/scp/types.js';
import type { SFTPFileSystem } from '../src/server/filesystem.js';
import { MemoryFileSystem } from '../src/server/memory-fs.js';

/** One direction of an in-memory pair: chunks in order, then the end. */
class Pipe {
  private readonly chunks: Uint8Array[] = [];
  private ended = false;
  private wake: (() => void) | undefined;

  constructor(private readonly maxChunk: number) {}

  write(data: Uint8Array): void {
    if (this.ended) throw new Error('write after end');
    if (data.length > 0) this.chunks.push(data);
    this.wake?.();
  }

  end(): void {
    this.ended = true;
    this.wake?.();
  }

  async read(max: number): Promise<Uint8Array> {
    while (this.chunks.length === 0 && !this.ended) {
      await new Promise<void>((r) => {
        this.wake = r;
      });
      this.wake = undefined;
    }
    const head = this.chunks[0];
    if (!head) return new Uint8Array(0);
    const n = Math.min(max, this.maxChunk, head.length);
    if (n === head.length) this.chunks.shift();
    else this.chunks[0] = head.subarray(n);
    return head.subarray(0, n);
  }
}

/** An end of an in-memory pair; `end()` closes its writing direction (as writeEof). */
export interface TestEnd extends SCPStream {
  end(): void;
}

/**
 * Two connected SCPStreams. `maxChunk` caps what one read returns, to
 * exercise reassembly of lines and data split anywhere.
 */
export function scpStreamPair(maxChunk = Number.MAX_SAFE_INTEGER): [TestEnd, TestEnd] {
  const ab = new Pipe(maxChunk);
  const ba = new Pipe(maxChunk);
  return [
    { read: (n) => ba.read(n), write: (d) => ab.write(d), end: () => ab.end() },
    { read: (n) => ab.read(n), write: (d) => ba.write(d), end: () => ba.end() },
  ];
}

/** A stream whose peer says `input` (then ends) and whose output is kept. */
export function scriptedStream(input: Uint8Array, maxChunk = 4096): SCPStream & { output(): Uint8Array } {
  let at = 0;
  const out: Uint8Array[] = [];
  return {
    read: async (n) => {
      const chunk = input.subarray(at, at + Math.min(n, maxChunk));
      at += chunk.length;
      return chunk;
    },
    write: (d) => {
      out.push(d.slice());
    },
    output: () => Uint8Array.from(out.flatMap((c) => [...c])),
  };
}

/** Rejects when `p` has not settled after `ms` (a hang). */
export function within<T>(p: Promise<T>, ms = 2000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`did not settle within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** What happened to each side of a transfer. */
export interface Outcome {
  sent: PromiseSettledResult<unknown>;
  received: PromiseSettledResult<unknown>;
}

/** Runs both sides on a pair; each side ends its direction when done, as an exec channel does. */
export async function runPair(
  left: (s: SCPStream) => Promise<unknown>,
  right: (s: SCPStream) => Promise<unknown>,
  maxChunk?: number,
): Promise<Outcome> {
  const [a, b] = scpStreamPair(maxChunk);
  const l = left(a).finally(() => a.end());
  const r = right(b).finally(() => b.end());
  const [sent, received] = await within(Promise.allSettled([l, r]), 10_000);
  return { sent, received };
}

export const T0 = 1_700_000_000_000;

/** A memory file system with a fixed clock. */
export function memoryFs(): MemoryFileSystem {
  return new MemoryFileSystem({ now: () => T0 });
}

/** Every entry under `root` (kind, mode, content; times when asked). */
export async function snapshot(
  fs: SFTPFileSystem & { readFile(p: string): Promise<Uint8Array> },
  root = '/',
  withTimes = false,
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (dir: string): Promise<void> => {
    for (const e of await fs.readdir(dir)) {
      const p = dir === '/' ? `/${e.filename}` : `${dir}/${e.filename}`;
      const mode = ((e.attrs.permissions ?? 0) & 0o7777).toString(8);
      const t = withTimes ? ` ${e.attrs.atime}/${e.attrs.mtime}` : '';
      if (isDirectoryAttrs(e.attrs)) {
        out[p] = `dir ${mode}${t}`;
        await walk(p);
      } else if (isSymlinkAttrs(e.attrs)) out[p] = `link ${await fs.readlink(p)}`;
      else out[p] = `file ${mode}${t} ${Buffer.from(await fs.readFile(p)).toString('base64')}`;
    }
  };
  await walk(root);
  return out;
}

/** The snapshot without the entries under `dir`. */
export function outside(snap: Record<string, string>, dir: string): Record<string, string> {
  return Object.fromEntries(Object.entries(snap).filter(([p]) => p !== dir && !p.startsWith(`${dir}/`)));
}
