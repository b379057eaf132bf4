import { createHash, randomFillSync } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  existsSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  statfsSync,
  utimesSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PacketDecoder } from '../src/framing.js';
import { decodePacket } from '../src/packets.js';
import type { ByteStream } from '../src/stream.js';

/**
 * Where bulk tests put `bytes` of files: a tmpfs when there is one with room
 * (they test SFTP, not the disk; a container's /dev/shm may be only 64 MiB),
 * else the temp dir.
 */
export function bulkTmp(bytes: number): string {
  if (!existsSync('/dev/shm')) return tmpdir();
  const s = statfsSync('/dev/shm');
  return s.bavail * s.bsize > bytes + 64 * 1024 * 1024 ? '/dev/shm' : tmpdir();
}

/** Writes `size` random bytes to `path` and returns their SHA-256 (hex). */
export function randomFile(path: string, size: number): string {
  const hash = createHash('sha256');
  const buf = Buffer.allocUnsafe(4 * 1024 * 1024);
  const fd = openSync(path, 'w');
  try {
    for (let done = 0; done < size; ) {
      const n = Math.min(buf.length, size - done);
      randomFillSync(buf, 0, n);
      hash.update(buf.subarray(0, n));
      writeSync(fd, buf, 0, n);
      done += n;
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

/** SHA-256 (hex) of a file, read in 4 MiB pieces. */
export function sha256File(path: string): string {
  const hash = createHash('sha256');
  const buf = Buffer.allocUnsafe(4 * 1024 * 1024);
  const fd = openSync(path, 'r');
  try {
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      hash.update(buf.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

/** What {@link meter} saw: the most request bytes (READ lengths, WRITE data) awaiting a reply at once. */
export interface Meter {
  maxOutstandingBytes: number;
  maxOutstandingRequests: number;
}

/**
 * Wraps a client's stream and measures the READ and WRITE bytes it has asked
 * for and not had answered yet: what a transfer can have buffered.
 */
export function meter(stream: ByteStream): { stream: ByteStream; seen: Meter } {
  const seen: Meter = { maxOutstandingBytes: 0, maxOutstandingRequests: 0 };
  const open = new Map<number, number>();
  let bytes = 0;
  const sent = new PacketDecoder();
  const received = new PacketDecoder();
  const wrapped: ByteStream = {
    write: (data, written) => {
      for (const payload of sent.feed(data)) {
        const p = decodePacket(payload);
        const n = p.type === 'read' ? p.length : p.type === 'write' ? p.data.length : 0;
        if (n === 0 || !('id' in p)) continue;
        open.set(p.id, n);
        bytes += n;
        seen.maxOutstandingBytes = Math.max(seen.maxOutstandingBytes, bytes);
        seen.maxOutstandingRequests = Math.max(seen.maxOutstandingRequests, open.size);
      }
      return stream.write(data, written);
    },
    onData: (listener) =>
      stream.onData((chunk) => {
        for (const payload of received.feed(chunk)) {
          // The id follows the type byte in every reply.
          const id = new DataView(payload.buffer, payload.byteOffset).getUint32(1);
          bytes -= open.get(id) ?? 0;
          open.delete(id);
          received.recycle(payload);
        }
        listener(chunk);
      }),
    onClose: (l) => stream.onClose(l),
    close: () => stream.close(),
  };
  return { stream: wrapped, seen };
}

/** Samples this process's resident set size until stopped; returns the peak growth in bytes. */
export function rssGrowth(): () => number {
  const base = process.memoryUsage.rss();
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  return () => {
    clearInterval(timer);
    return Math.max(peak, process.memoryUsage.rss()) - base;
  };
}

/**
 * Makes a tree of `files` small files (0-3 KiB) spread over nested
 * directories, with assorted permissions and modification times.
 */
export function makeSmallTree(root: string, files: number): void {
  const modes = [0o600, 0o640, 0o644, 0o664, 0o700, 0o755];
  mkdirSync(root);
  const buf = Buffer.allocUnsafe(3 * 1024);
  for (let i = 0; i < files; i++) {
    const dir = join(root, `d${i % 10}`, `e${i % 3}`);
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `f${i}.bin`);
    const size = (i * 37) % (3 * 1024);
    randomFillSync(buf, 0, size);
    const fd = openSync(path, 'w');
    writeSync(fd, buf, 0, size);
    closeSync(fd);
    chmodSync(path, modes[i % modes.length] as number);
    utimesSync(path, 1_600_000_000 + i, 1_500_000_000 + i * 7);
  }
  for (let d = 0; d < 10; d++) {
    chmodSync(join(root, `d${d}`), d % 2 ? 0o750 : 0o755);
    utimesSync(join(root, `d${d}`), 1_400_000_000, 1_400_000_000 + d);
  }
}

/** Relative path -> kind, mode, mtime (seconds) and content of every entry under `root`. */
export function treeState(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string, rel: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      const st = lstatSync(p);
      const head = `${(st.mode & 0o7777).toString(8)} ${Math.floor(st.mtimeMs / 1000)}`;
      if (st.isDirectory()) {
        out.set(`${rel}${name}/`, head);
        walk(p, `${rel}${name}/`);
      } else out.set(`${rel}${name}`, `${head} ${createHash('sha1').update(readFileSync(p)).digest('hex')}`);
    }
  };
  walk(root, '');
  return out;
}
