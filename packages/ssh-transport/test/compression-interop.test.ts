// Wire compatibility with real zlib, which OpenSSH links: zlib's streaming
// deflate with a flush per packet (OpenSSH uses Z_PARTIAL_FLUSH) must decode
// with our decompressor, and our per-packet output must decode with zlib's
// streaming inflate as each packet arrives.

import zlib from 'node:zlib';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { createCompressor, createDecompressor } from '../src/compression.js';

type Flush = typeof zlib.constants.Z_PARTIAL_FLUSH | typeof zlib.constants.Z_SYNC_FLUSH;

/** One zlib stream (deflate or inflate) driven one packet at a time. */
class ZlibPipe {
  private chunks: Buffer[] = [];
  constructor(private readonly stream: zlib.Deflate | zlib.Inflate) {
    stream.on('data', (c: Buffer) => this.chunks.push(c));
  }
  async packet(data: Uint8Array, flush: Flush): Promise<Uint8Array> {
    this.chunks = [];
    this.stream.write(data);
    await new Promise<void>((resolve) => this.stream.flush(flush, () => resolve()));
    return new Uint8Array(Buffer.concat(this.chunks));
  }
  close(): void {
    this.stream.destroy();
  }
}

function expectBytes(actual: Uint8Array, expected: Uint8Array): void {
  expect(actual.length).toBe(expected.length);
  expect(Buffer.from(actual).equals(Buffer.from(expected))).toBe(true);
}

const text = new TextEncoder().encode(
  'total 64\ndrwxr-xr-x  2 user staff   4096 Mar  3 12:00 .\n-rw-r--r--  1 user staff  12034 Mar  3 11:58 notes.txt\n'.repeat(
    50,
  ),
);

/** SSH-like payloads: a message type byte, then text, binary or runs. */
const payload = fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 3000 }),
  fc
    .tuple(fc.nat(text.length - 1), fc.integer({ min: 1, max: 4000 }))
    .map(([from, n]) => text.subarray(from, from + n)),
  fc.integer({ min: 1, max: 40000 }).map((n) => new Uint8Array(n).fill(0x5e)),
);

const zlibOptions = fc.record({
  level: fc.integer({ min: 0, max: 9 }),
  memLevel: fc.integer({ min: 1, max: 9 }),
  windowBits: fc.integer({ min: 9, max: 15 }),
  strategy: fc.constantFrom(
    zlib.constants.Z_DEFAULT_STRATEGY,
    zlib.constants.Z_FILTERED,
    zlib.constants.Z_HUFFMAN_ONLY,
    zlib.constants.Z_RLE,
    zlib.constants.Z_FIXED,
  ),
});

describe('zlib interop', () => {
  it('decodes zlib streams flushed with Z_PARTIAL_FLUSH (OpenSSH) or Z_SYNC_FLUSH, packet by packet', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(payload, { minLength: 1, maxLength: 12 }),
        zlibOptions,
        fc.constantFrom<Flush>(zlib.constants.Z_PARTIAL_FLUSH, zlib.constants.Z_SYNC_FLUSH),
        async (packets, options, flush) => {
          const deflate = new ZlibPipe(zlib.createDeflate(options));
          const d = createDecompressor('zlib@openssh.com');
          try {
            for (const p of packets) {
              const wire = await deflate.packet(p, flush);
              expectBytes(d.decompress(wire), p);
            }
          } finally {
            deflate.close();
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('decodes OpenSSH-style partial flushes whose empty block straddles packets', async () => {
    // Z_PARTIAL_FLUSH ends a packet with a 10-bit empty fixed block, whose
    // last bits zlib keeps until the next packet: those packets do not end on
    // a byte boundary, unlike a sync flush's 00 00 ff ff.
    const deflate = new ZlibPipe(zlib.createDeflate({ level: 6 }));
    const d = createDecompressor('zlib@openssh.com');
    let straddled = 0;
    try {
      for (let i = 0; i < 200; i++) {
        const p = text.subarray(i, i + 1 + ((i * 37) % 500));
        const wire = await deflate.packet(p, zlib.constants.Z_PARTIAL_FLUSH);
        if (wire.length < 4 || wire[wire.length - 1] !== 0xff) straddled++;
        expectBytes(d.decompress(wire), p);
      }
    } finally {
      deflate.close();
    }
    expect(straddled).toBeGreaterThan(0);
  });

  it('decodes a 256 KiB zlib packet', async () => {
    const deflate = new ZlibPipe(zlib.createDeflate());
    const d = createDecompressor('zlib');
    const big = new Uint8Array(256 * 1024).map((_, i) => (i * 7919) % 251);
    try {
      expectBytes(d.decompress(await deflate.packet(big, zlib.constants.Z_PARTIAL_FLUSH)), big);
      expectBytes(d.decompress(await deflate.packet(big, zlib.constants.Z_PARTIAL_FLUSH)), big);
    } finally {
      deflate.close();
    }
  });

  it("our packets decode with zlib's streaming inflate as each one arrives", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(payload, fc.constant(new Uint8Array(0))), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 9 }),
        async (packets, level) => {
          const inflate = new ZlibPipe(zlib.createInflate());
          const c = createCompressor('zlib', level);
          try {
            for (const p of packets) {
              expectBytes(await inflate.packet(c.compress(p), zlib.constants.Z_SYNC_FLUSH), p);
            }
          } finally {
            inflate.close();
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it("our 256 KiB packets decode with zlib's inflate", async () => {
    const inflate = new ZlibPipe(zlib.createInflate());
    const c = createCompressor('zlib@openssh.com');
    const big = new Uint8Array(256 * 1024).map((_, i) => (i * i) % 253);
    try {
      for (const p of [big, text, big, new Uint8Array(256 * 1024)]) {
        expectBytes(await inflate.packet(c.compress(p), zlib.constants.Z_SYNC_FLUSH), p);
      }
    } finally {
      inflate.close();
    }
  });
});
