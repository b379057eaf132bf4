// The legacy 64-bit block ciphers and RC4 directly, and the two backends
// against each other (the node backend takes 3DES from OpenSSL).
import { createCipheriv } from 'node:crypto';
import { describe, expect, it, test } from '@jest/globals';
import fc from 'fast-check';
import { nobleBackend } from '../src/backend/noble.js';
import { nodeBackend } from '../src/backend/node.node.js';
import { Arcfour } from '../src/cipher/arcfour.js';
import { Cast128 } from '../src/cipher/cast128.js';
import { DesEde } from '../src/cipher/des.js';
import { getCipher } from '../src/cipher/index.js';
import type { StreamCipherSpec } from '../src/cipher/types.js';
import { CryptoError } from '../src/errors.js';
import { CAST, DES, hex, loadVectors, RC4, toHex } from './backend-compliance.js';

const CAST_FILE = loadVectors<{
  maintenance: { start: string; iterations1000: { a: string; b: string } };
}>('rfc2144/cast128.json');

function block(h: string): Uint32Array {
  return Uint32Array.of(Number.parseInt(h.slice(0, 8), 16), Number.parseInt(h.slice(8, 16), 16));
}
function words(b: Uint32Array): string {
  return [...b].map((w) => w.toString(16).padStart(8, '0')).join('');
}

describe('block cores', () => {
  test.each(DES.des)('DES: $name', (v) => {
    const des = new DesEde(hex(v.key));
    const b = block(v.plaintext);
    des.encryptBlock(b);
    expect(words(b)).toBe(v.ciphertext);
    des.decryptBlock(b);
    expect(words(b)).toBe(v.plaintext);
  });

  test.each(CAST)('CAST-128: RFC 2144 B.1', (v) => {
    const cast = new Cast128(hex(v.key));
    const b = block(v.plaintext);
    cast.encryptBlock(b);
    expect(words(b)).toBe(v.ciphertext);
    cast.decryptBlock(b);
    expect(words(b)).toBe(v.plaintext);
  });

  it('CAST-128: the RFC 2144 B.2 maintenance construction, 1000 iterations', () => {
    // a_L = E(a_L, b), a_R = E(a_R, b), b_L = E(b_L, a), b_R = E(b_R, a), repeated.
    const m = CAST_FILE.maintenance;
    const a = hex(m.start);
    const b = hex(m.start);
    const blk = new Uint32Array(2);
    const enc = (data: Uint8Array, off: number, key: Uint8Array) => {
      const view = new DataView(data.buffer, data.byteOffset);
      blk[0] = view.getUint32(off);
      blk[1] = view.getUint32(off + 4);
      new Cast128(key).encryptBlock(blk);
      view.setUint32(off, blk[0] as number);
      view.setUint32(off + 4, blk[1] as number);
    };
    for (let i = 0; i < 1000; i++) {
      enc(a, 0, b);
      enc(a, 8, b);
      enc(b, 0, a);
      enc(b, 8, a);
    }
    expect(toHex(a)).toBe(m.iterations1000.a);
    expect(toHex(b)).toBe(m.iterations1000.b);
  });

  it('rejects wrong key lengths', () => {
    expect(() => new DesEde(new Uint8Array(16))).toThrow(RangeError);
    expect(() => new Cast128(new Uint8Array(8))).toThrow(RangeError);
    expect(() => new Arcfour(new Uint8Array(0))).toThrow(RangeError);
  });
});

describe('3DES-CBC: our TypeScript (noble backend) equals OpenSSL (node backend and node:crypto)', () => {
  it('on random keys, IVs and data, across split calls', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 24, maxLength: 24 }),
        fc.uint8Array({ minLength: 8, maxLength: 8 }),
        fc.integer({ min: 0, max: 40 }).chain((n) => fc.uint8Array({ minLength: n * 8, maxLength: n * 8 })),
        (key, iv, data) => {
          const c = createCipheriv('des-ede3-cbc', key, iv).setAutoPadding(false);
          const want = toHex(c.update(data));
          for (const backend of [nobleBackend, nodeBackend]) {
            const buf = data.slice();
            const chain = backend.tripleDesCbc(key, iv, false);
            const cut = (buf.length >>> 4) * 8;
            chain.processInPlace(buf.subarray(0, cut));
            chain.processInPlace(buf.subarray(cut));
            expect(toHex(buf)).toBe(want);
            backend.tripleDesCbc(key, iv, true).processInPlace(buf);
            expect(toHex(buf)).toBe(toHex(data));
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('arcfour entries', () => {
  const v = RC4[0];
  if (v === undefined) throw new Error('vectors');

  it('arcfour uses the keystream from byte 0; arcfour128 from byte 1536 (RFC 4345)', () => {
    const key = hex(v.key);
    for (const [name, offset] of [
      ['arcfour', '0'],
      ['arcfour128', '1536'],
    ] as const) {
      const state = (getCipher(name) as StreamCipherSpec).create(key, new Uint8Array(0), 'encrypt');
      expect(toHex(state.update(new Uint8Array(16)))).toBe(v.offsets[offset]);
    }
  });

  it('arcfour256 takes the 32-byte key and discards 1536 bytes', () => {
    const w = RC4[1];
    if (w === undefined) throw new Error('vectors');
    const state = (getCipher('arcfour256') as StreamCipherSpec).create(
      hex(w.key),
      new Uint8Array(0),
      'encrypt',
    );
    expect(toHex(state.update(new Uint8Array(16)))).toBe(w.offsets['1536']);
  });

  it('rejects data that is not a multiple of 8 with bad-length', () => {
    const state = (getCipher('arcfour') as StreamCipherSpec).create(
      new Uint8Array(16),
      new Uint8Array(0),
      'encrypt',
    );
    let error: unknown;
    try {
      state.update(new Uint8Array(12));
    } catch (e) {
      error = e;
    }
    expect(CryptoError.isInstance(error) && error.kind).toBe('bad-length');
  });
});
