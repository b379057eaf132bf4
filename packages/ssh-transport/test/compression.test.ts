import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  createCompressor,
  createDecompressor,
  DEFAULT_COMPRESSION_LEVEL,
  isDelayedCompression,
  isSupportedCompression,
  MAX_DECOMPRESSED_PAYLOAD,
  needsCompressionCodec,
  SUPPORTED_COMPRESSION_METHODS,
} from '../src/compression.js';
import { CompressionError } from '../src/errors.js';
import { DEFAULT_MAX_PACKET } from '../src/packet/limits.js';

/** Payloads shaped like SSH traffic: random bytes, repetitive text, runs, and empty ones. */
const payload = fc.oneof(
  { weight: 3, arbitrary: fc.uint8Array({ maxLength: 2000 }) },
  {
    weight: 3,
    arbitrary: fc
      .array(fc.constantFrom('ls -la\n', 'drwxr-xr-x ', 'root ', '\x1b[0m', 'total 42\n', '\r\n', ' '), {
        maxLength: 300,
      })
      .map((parts) => new TextEncoder().encode(parts.join(''))),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 70000 }))
      .map(([byte, n]) => new Uint8Array(n).fill(byte)),
  },
  { weight: 1, arbitrary: fc.constant(new Uint8Array(0)) },
);

/** Byte equality without jest's slow deep walk over large typed arrays. */
function expectBytes(actual: Uint8Array, expected: Uint8Array): void {
  expect(actual.length).toBe(expected.length);
  const i = actual.findIndex((b, k) => b !== expected[k]);
  expect(i).toBe(-1);
}

function pseudoRandom(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

describe('compression method names', () => {
  it('lists none, zlib@openssh.com and zlib, none first', () => {
    expect([...SUPPORTED_COMPRESSION_METHODS]).toEqual(['none', 'zlib@openssh.com', 'zlib']);
    for (const m of SUPPORTED_COMPRESSION_METHODS) expect(isSupportedCompression(m)).toBe(true);
    expect(isSupportedCompression('zlib@example.com')).toBe(false);
  });

  it('marks only zlib@openssh.com as delayed', () => {
    expect(isDelayedCompression('zlib@openssh.com')).toBe(true);
    expect(isDelayedCompression('zlib')).toBe(false);
    expect(isDelayedCompression('none')).toBe(false);
  });

  it('needs a codec for zlib methods only', () => {
    expect(needsCompressionCodec('zlib')).toBe(true);
    expect(needsCompressionCodec('zlib@openssh.com')).toBe(true);
    expect(needsCompressionCodec('none')).toBe(false);
  });

  it('rejects unknown methods, levels and limits with RangeError', () => {
    expect(() => createCompressor('none' as 'zlib')).toThrow(RangeError);
    expect(() => createDecompressor('lz4' as 'zlib')).toThrow(RangeError);
    for (const level of [0, 10, 1.5, Number.NaN]) {
      expect(() => createCompressor('zlib', level)).toThrow(RangeError);
    }
    expect(() => createDecompressor('zlib', 0)).toThrow(RangeError);
    expect(() => createDecompressor('zlib', 1.5)).toThrow(RangeError);
  });

  it('allows at least a full-size packet per payload', () => {
    expect(MAX_DECOMPRESSED_PAYLOAD).toBeGreaterThanOrEqual(DEFAULT_MAX_PACKET);
    expect(DEFAULT_COMPRESSION_LEVEL).toBe(6);
  });
});

describe('compressor/decompressor round trips', () => {
  it('decodes every packet of a stream on its own arrival', () => {
    fc.assert(
      fc.property(
        fc.array(payload, { minLength: 1, maxLength: 25 }),
        fc.integer({ min: 1, max: 9 }),
        fc.constantFrom<'zlib' | 'zlib@openssh.com'>('zlib', 'zlib@openssh.com'),
        (packets, level, method) => {
          const c = createCompressor(method, level);
          const d = createDecompressor(method);
          for (const p of packets) {
            const wire = c.compress(p);
            expectBytes(d.decompress(wire), p);
          }
        },
      ),
      { numRuns: 120 },
    );
  });

  it('handles empty payloads, including as the first packet', () => {
    const c = createCompressor('zlib');
    const d = createDecompressor('zlib');
    for (const p of [new Uint8Array(0), new Uint8Array(0), Uint8Array.of(5), new Uint8Array(0)]) {
      expectBytes(d.decompress(c.compress(p)), p);
    }
  });

  it('round-trips 256 KiB payloads, compressible and not, across window boundaries', () => {
    const c = createCompressor('zlib@openssh.com');
    const d = createDecompressor('zlib@openssh.com');
    const big = 256 * 1024;
    const text = new TextEncoder().encode('the quick brown fox jumps over the lazy dog\n'.repeat(6000));
    const packets = [
      pseudoRandom(big, 1),
      new Uint8Array(big).fill(0x41),
      text.subarray(0, big),
      Uint8Array.of(1, 2, 3),
      pseudoRandom(big, 2),
      pseudoRandom(40000, 3),
      text.subarray(5, 5 + big),
    ];
    for (const p of packets) {
      const wire = c.compress(p);
      expectBytes(d.decompress(wire), p);
    }
  });

  it('compresses repetitive data and stays near the input size for random data', () => {
    const c = createCompressor('zlib');
    const text = new TextEncoder().encode('drwxr-xr-x 2 root root 4096 Jan  1 00:00 dir\n'.repeat(500));
    expect(c.compress(text).length).toBeLessThan(text.length / 10);
    const random = pseudoRandom(10000, 7);
    // Stored when incompressible: 5 bytes per stored block plus the 5-byte flush.
    expect(c.compress(random).length).toBeLessThanOrEqual(10000 + 5 + 5);
    const big = pseudoRandom(200_000, 8);
    expect(c.compress(big).length).toBeLessThanOrEqual(200_000 + 5 * 4 + 5);
    // A full 32 KiB channel packet still fits RFC 4253's 35000-byte minimum packet size.
    expect(c.compress(pseudoRandom(32768, 9)).length).toBeLessThanOrEqual(32768 + 10);
  });

  it('uses history from earlier packets (one stream, not one per packet)', () => {
    const c = createCompressor('zlib');
    const line = pseudoRandom(1000, 9);
    const first = c.compress(line).length;
    const second = c.compress(line).length;
    expect(second).toBeLessThan(first / 10);
  });

  it('returns arrays the caller owns', () => {
    const c = createCompressor('zlib');
    const d = createDecompressor('zlib');
    const a = d.decompress(c.compress(Uint8Array.of(1, 2, 3)));
    const b = d.decompress(c.compress(Uint8Array.of(1, 2, 3)));
    a[0] = 99;
    expect(b).toEqual(Uint8Array.of(1, 2, 3));
  });

  it('ends every packet with a sync flush (00 00 ff ff)', () => {
    const c = createCompressor('zlib');
    for (const p of [new Uint8Array(0), Uint8Array.of(7), pseudoRandom(3000, 4)]) {
      expect([...c.compress(p).subarray(-4)]).toEqual([0, 0, 0xff, 0xff]);
    }
  });

  it('rejects a payload over the limit with CompressionError', () => {
    const c = createCompressor('zlib');
    const d = createDecompressor('zlib', 1000);
    expect(d.decompress(c.compress(new Uint8Array(1000)))).toHaveLength(1000);
    expect(() => d.decompress(c.compress(new Uint8Array(1001)))).toThrow(CompressionError);
  });
});
