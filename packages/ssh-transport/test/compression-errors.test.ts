// Hostile or broken input: every failure is a CompressionError (disconnect
// code 6), memory stays bounded, and a payload cut short is never passed on.

import zlib from 'node:zlib';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { createCompressor, createDecompressor, type PacketDecompressor } from '../src/compression.js';
import { CompressionError } from '../src/errors.js';

/** Runs `fn`, returning its error; fails the test if it is not a CompressionError. */
function failure(fn: () => unknown): CompressionError | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    expect(e).toBeInstanceOf(CompressionError);
    return e as CompressionError;
  }
}

/** zlib's compression of `total` zero bytes, as one sync-flushed packet, built in 1 MiB steps. */
async function zeroBomb(total: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  const deflate = zlib.createDeflate({ level: 9 });
  deflate.on('data', (c: Buffer) => chunks.push(c));
  const mib = new Uint8Array(1024 * 1024);
  for (let n = 0; n < total; n += mib.length) deflate.write(mib);
  await new Promise<void>((resolve) => deflate.flush(zlib.constants.Z_SYNC_FLUSH, () => resolve()));
  deflate.destroy();
  return new Uint8Array(Buffer.concat(chunks));
}

const text = new TextEncoder().encode(
  'Last login: Mon Mar  3 12:00:00 2025 from 192.0.2.1\r\n$ uname -a\r\n',
);

describe('compression bombs', () => {
  it('stops 100 MiB of zeros in one packet with CompressionError, quickly and in bounded memory', async () => {
    const bomb = await zeroBomb(100 * 1024 * 1024);
    expect(bomb.length).toBeLessThan(256 * 1024); // it fits a packet
    const d = createDecompressor('zlib');
    const before = process.memoryUsage().arrayBuffers;
    const t0 = performance.now();
    const err = failure(() => d.decompress(bomb));
    const elapsed = performance.now() - t0;
    const grown = process.memoryUsage().arrayBuffers - before;
    expect(err?.message).toMatch(/exceeds/);
    expect(err?.code).toBe(6);
    expect(elapsed).toBeLessThan(2000);
    expect(grown).toBeLessThan(16 * 1024 * 1024);
  });

  it('enforces a caller-chosen limit exactly', () => {
    const c = createCompressor('zlib');
    const d = createDecompressor('zlib', 4096);
    expect(d.decompress(c.compress(new Uint8Array(4096)))).toHaveLength(4096);
    expect(failure(() => d.decompress(c.compress(new Uint8Array(4097))))?.message).toMatch(/exceeds 4096/);
  });

  it('limits each packet, not the stream', () => {
    const c = createCompressor('zlib');
    const d = createDecompressor('zlib', 10_000);
    for (let i = 0; i < 50; i++)
      expect(d.decompress(c.compress(new Uint8Array(10_000)))).toHaveLength(10_000);
  });
});

describe('corrupt streams', () => {
  it('random bytes as the first packet fail only with CompressionError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 600 }), (bytes) => {
        failure(() => createDecompressor('zlib').decompress(bytes));
      }),
      { numRuns: 2000 },
    );
  });

  it('random bytes after a valid zlib header fail only with CompressionError', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 400 }), { minLength: 1, maxLength: 4 }), (packets) => {
        const d = createDecompressor('zlib');
        failure(() => {
          d.decompress(Uint8Array.of(0x78, 0x9c));
          for (const p of packets) d.decompress(p);
        });
      }),
      { numRuns: 2000 },
    );
  });

  it('bit flips in a valid stream fail only with CompressionError', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(text.length - 1), { minLength: 1, maxLength: 6 }),
        fc.nat(),
        fc.nat(7),
        (starts, where, bit) => {
          const c = createCompressor('zlib');
          const packets = starts.map((s) => c.compress(text.subarray(s)));
          const all = packets.reduce((n, p) => n + p.length, 0);
          let at = where % all;
          const target = packets.find((p) => {
            if (at < p.length) return true;
            at -= p.length;
            return false;
          })!;
          target[at]! ^= 1 << bit;
          const d = createDecompressor('zlib');
          failure(() => {
            for (const p of packets) d.decompress(p);
          });
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('rejects a final block: an SSH stream never ends', () => {
    const err = failure(() => createDecompressor('zlib').decompress(zlib.deflateSync(text)));
    expect(err?.message).toMatch(/final/);
  });

  it('rejects a bad zlib header and a preset dictionary', () => {
    expect(
      failure(() => createDecompressor('zlib').decompress(Uint8Array.of(0x78, 0x9d, 0, 0, 0, 0xff, 0xff))),
    ).toBeInstanceOf(CompressionError);
    const withDict = zlib.deflateSync(text, { dictionary: Buffer.from('uname') });
    expect(failure(() => createDecompressor('zlib').decompress(withDict))?.message).toMatch(/dictionary/);
  });

  it('stays failed after an error', () => {
    const c = createCompressor('zlib');
    const d = createDecompressor('zlib');
    const first = c.compress(text);
    first[first.length - 1] = 0; // NLEN of the flush
    failure(() => d.decompress(first));
    expect(failure(() => d.decompress(c.compress(text)))?.message).toMatch(/already failed/);
  });
});

describe('packets that do not end at a flush point', () => {
  function stream(): { c: ReturnType<typeof createCompressor>; d: PacketDecompressor } {
    return { c: createCompressor('zlib'), d: createDecompressor('zlib') };
  }

  it('rejects a packet missing any of its flush bytes', () => {
    for (let cut = 1; cut <= 4; cut++) {
      for (let i = 0; i < 3; i++) {
        const { c, d } = stream();
        for (let k = 0; k < i; k++) d.decompress(c.compress(text));
        const wire = c.compress(text);
        expect(failure(() => d.decompress(wire.subarray(0, wire.length - cut)))?.message).toMatch(
          /flush point/,
        );
      }
    }
  });

  it('never passes on a payload cut short: any cut is an error or still yields the whole payload', () => {
    const { c } = stream();
    const wire = c.compress(text);
    for (let keep = 1; keep < wire.length; keep++) {
      if (keep === 2) continue; // the bare zlib header: nothing of the payload yet, a flush point
      const d = createDecompressor('zlib');
      let out: Uint8Array | undefined;
      const err = failure(() => {
        out = d.decompress(wire.subarray(0, keep));
      });
      if (!err) expect(out).toEqual(text);
    }
  });

  it('does not carry a split packet over to the next one', () => {
    // A peer that splits one payload's compressed bytes over two packets
    // violates RFC 4253 §6.2; the first half is rejected, not decoded short.
    const { c, d } = stream();
    d.decompress(c.compress(text));
    // Bytes unlike the history, so the cut lands among literals, not after the data.
    const fresh = new Uint8Array(1000).map((_, i) => (i * 131 + 7) % 256);
    const wire = c.compress(fresh);
    const half = wire.length >> 1;
    expect(failure(() => d.decompress(wire.subarray(0, half)))?.message).toMatch(/flush point/);
  });

  it('rejects zlib data cut inside a block, packet after packet', async () => {
    const chunks: Buffer[] = [];
    const deflate = zlib.createDeflate();
    deflate.on('data', (ch: Buffer) => chunks.push(ch));
    deflate.write(text);
    await new Promise<void>((resolve) => deflate.flush(zlib.constants.Z_SYNC_FLUSH, () => resolve()));
    deflate.destroy();
    const wire = new Uint8Array(Buffer.concat(chunks));
    const d = createDecompressor('zlib');
    expect(failure(() => d.decompress(wire.subarray(0, wire.length - 6)))?.message).toMatch(/flush point/);
  });
});
