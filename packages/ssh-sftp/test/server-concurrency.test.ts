import { describe, expect, it } from '@jest/globals';
import { SFTPClient } from '../src/client/sftp-client.js';
import type { SFTPFile } from '../src/client/sftp-file.js';
import { PacketDecoder } from '../src/framing.js';
import { decodePacket, encodePacket } from '../src/packets.js';
import { FX_FAILURE, FX_OK, FXF_READ, FXF_WRITE } from '../src/protocol-numbers.js';
import type { SFTPFileHandle } from '../src/server/filesystem.js';
import { MemoryFileSystem } from '../src/server/memory-fs.js';
import { SFTPServer, type SFTPServerOptions } from '../src/server/sftp-server.js';
import { type ByteStream, memoryStreamPair } from '../src/stream.js';
import { enc } from './helpers.js';

/** A server whose reads and writes wait until the test lets them finish. */
class GatedServer extends SFTPServer {
  running = 0;
  maxRunning = 0;
  readonly waiting: { op: string; offset: number; release: () => void }[] = [];
  readonly finished: string[] = [];

  private async gate<T>(op: string, offset: number, work: () => Promise<T>): Promise<T> {
    this.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    await new Promise<void>((release) => this.waiting.push({ op, offset, release }));
    try {
      return await work();
    } finally {
      this.running--;
      this.finished.push(`${op}@${offset}`);
    }
  }

  override read(file: SFTPFileHandle, offset: number, length: number): Promise<Uint8Array> {
    return this.gate('read', offset, () => super.read(file, offset, length));
  }

  override write(file: SFTPFileHandle, offset: number, data: Uint8Array): Promise<void> {
    return this.gate('write', offset, () => super.write(file, offset, data));
  }

  /** Resolves once `n` operations are waiting at the gate. */
  async waitFor(n: number): Promise<void> {
    for (let i = 0; i < 1000 && this.waiting.length < n; i++) await new Promise((r) => setTimeout(r, 1));
    expect(this.waiting.length).toBe(n);
  }

  /** Lets the waiting operations run, in the given order of their offsets. */
  release(offsets: number[]): void {
    for (const o of offsets) {
      const i = this.waiting.findIndex((w) => w.offset === o);
      expect(i).toBeGreaterThanOrEqual(0);
      const [w] = this.waiting.splice(i, 1);
      w?.release();
    }
  }
}

/** Records the ids of the replies the client receives, in order. */
function replyOrder(stream: ByteStream, ids: number[]): ByteStream {
  const decoder = new PacketDecoder();
  return {
    write: (d, w) => stream.write(d, w),
    onData: (l) =>
      stream.onData((chunk) => {
        for (const p of decoder.feed(chunk.slice())) {
          const packet = decodePacket(p);
          if ('id' in packet) ids.push(packet.id);
        }
        l(chunk);
      }),
    onClose: (l) => stream.onClose(l),
    close: () => stream.close(),
  };
}

async function gated(options: SFTPServerOptions = {}, ids: number[] = []) {
  const fs = new MemoryFileSystem();
  await fs.writeFile('/f', new Uint8Array(64 * 1024).fill(7));
  const server = new GatedServer(fs, options);
  const [c, s] = memoryStreamPair();
  const served = server.serve(s);
  const sftp = await SFTPClient.start(replyOrder(c, ids));
  const file = (await sftp.open('/f', 'r+', {}, null)) as SFTPFile<Uint8Array>;
  return { fs, server, sftp, file, served };
}

describe('SFTPServer.serve runs requests concurrently', () => {
  it('runs reads of one file together and replies in completion order', async () => {
    const ids: number[] = [];
    const { server, sftp, file } = await gated({}, ids);
    const reads = [0, 1, 2, 3].map((i) => file.readAt(i * 1000, 10));
    await server.waitFor(4);
    expect(server.maxRunning).toBe(4);
    const before = ids.length;
    server.release([3000, 1000, 0, 2000]);
    await Promise.all(reads);
    // The request ids of the four reads are consecutive: replies came back in release order.
    const readIds = ids.slice(before);
    const first = Math.min(...readIds);
    expect(readIds.map((id) => id - first)).toEqual([3, 1, 0, 2]);
    await sftp.exit();
  });

  it('never runs more than maxConcurrentRequests at once', async () => {
    const { server, sftp, file } = await gated({ maxConcurrentRequests: 3 });
    const reads = [0, 1, 2, 3, 4, 5].map((i) => file.readAt(i * 100, 10));
    await server.waitFor(3);
    server.release([0, 100, 200]);
    await server.waitFor(3);
    server.release([300, 400, 500]);
    await Promise.all(reads);
    expect(server.maxRunning).toBe(3);
    await sftp.exit();
  });

  it('does not overlap a write with a read or a write of the same bytes', async () => {
    const { server, sftp, file, fs } = await gated();
    const w1 = file.writeAt(0, enc('first'));
    const r = file.readAt(2, 3); // overlaps w1: waits for it
    const w2 = file.writeAt(10_000, enc('elsewhere')); // waits too: requests start in arrival order
    await server.waitFor(1);
    expect(server.waiting.map((w) => w.op)).toEqual(['write']);
    server.release([0]);
    await server.waitFor(2);
    expect(server.waiting.map((w) => `${w.op}@${w.offset}`)).toEqual(['read@2', 'write@10000']);
    server.release([10_000, 2]);
    await Promise.all([w1, w2]);
    expect(new TextDecoder().decode((await r) ?? new Uint8Array(0))).toBe('rst');
    expect(server.finished).toEqual(['write@0', 'write@10000', 'read@2']);
    expect(new TextDecoder().decode((await fs.readFile('/f')).subarray(10_000, 10_009))).toBe('elsewhere');
    await sftp.exit();
  });

  it('runs a request that is not a read or write alone: stat sees every write before it', async () => {
    const { server, sftp, file } = await gated();
    const writes = [0, 1].map((i) => file.writeAt(100_000 + i * 10, enc('0123456789')));
    const stat = file.stat();
    await server.waitFor(2);
    server.release([100_010, 100_000]);
    await Promise.all(writes);
    expect((await stat).size).toBe(100_020);
    await sftp.exit();
  });

  it('answers requests sent after CLOSE on the same handle as invalid', async () => {
    const fs = new MemoryFileSystem();
    await fs.writeFile('/f', enc('data'));
    const server = new GatedServer(fs);
    const [c, s] = memoryStreamPair();
    void server.serve(s);
    const replies = new Map<number, ReturnType<typeof decodePacket>>();
    const decoder = new PacketDecoder();
    c.onData((chunk) => {
      for (const p of decoder.feed(chunk)) {
        const packet = decodePacket(p);
        if ('id' in packet) replies.set(packet.id, packet);
      }
    });
    c.write(encodePacket({ type: 'init', version: 3, extensions: [] }));
    c.write(encodePacket({ type: 'open', id: 1, path: '/f', pflags: FXF_READ | FXF_WRITE, attrs: {} }));
    for (let i = 0; i < 100 && !replies.has(1); i++) await new Promise((r) => setTimeout(r, 1));
    const opened = replies.get(1);
    if (opened?.type !== 'handle') throw new Error('no handle');
    const handle = opened.handle;
    // WRITE, CLOSE and READ in one chunk: the READ arrives before CLOSE has run.
    const frames = [
      encodePacket({ type: 'write', id: 2, handle, offset: 0, data: enc('x') }),
      encodePacket({ type: 'close', id: 3, handle }),
      encodePacket({ type: 'read', id: 4, handle, offset: 0, length: 4 }),
    ];
    c.write(Uint8Array.from(frames.flatMap((f) => [...f])));
    await server.waitFor(1);
    expect(replies.has(3)).toBe(false); // CLOSE waits for the WRITE before it
    server.release([0]);
    for (let i = 0; i < 100 && !replies.has(4); i++) await new Promise((r) => setTimeout(r, 1));
    expect(replies.get(2)).toMatchObject({ type: 'status', code: FX_OK });
    expect(replies.get(3)).toMatchObject({ type: 'status', code: FX_OK });
    expect(replies.get(4)).toMatchObject({ type: 'status', code: FX_FAILURE });
    expect(server.waiting).toEqual([]); // the READ never reached the file
    c.close();
  });
});

describe('SFTPServer.serve holds back a client that floods it', () => {
  it('pauses the stream while more than 8 MiB of requests wait, and resumes after', async () => {
    const fs = new MemoryFileSystem();
    const server = new GatedServer(fs, { maxConcurrentRequests: 1 });
    const [c, s] = memoryStreamPair();
    const events: string[] = [];
    const pausable: ByteStream = {
      write: (d, w) => s.write(d, w),
      onData: (l) => s.onData(l),
      onClose: (l) => s.onClose(l),
      close: () => s.close(),
      pause: () => void events.push('pause'),
      resume: () => void events.push('resume'),
    };
    void server.serve(pausable);
    const sftp = await SFTPClient.start(c);
    const file = (await sftp.open('/big', 'w', {}, null)) as SFTPFile<Uint8Array>;
    const block = new Uint8Array(200 * 1024);
    const writes = Array.from({ length: 50 }, (_, i) => file.writeAt(i * block.length, block));
    await server.waitFor(1);
    for (let i = 0; i < 100 && !events.includes('pause'); i++) await new Promise((r) => setTimeout(r, 1));
    expect(events).toEqual(['pause']);
    for (let i = 0; i < 50; i++) {
      await server.waitFor(1);
      server.release([i * block.length]);
    }
    await Promise.all(writes);
    expect(events).toEqual(['pause', 'resume']);
    expect((await fs.stat('/big')).size).toBe(50 * block.length);
    await sftp.exit();
  });
});
