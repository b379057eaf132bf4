// UMAC (RFC 4418) known answers and OpenSSH's use of it: nonce = uint64(seq)
// big-endian, data without a sequence-number prefix.
import { describe, expect, it, test } from '@jest/globals';
import fc from 'fast-check';
import { CryptoError } from '../src/errors.js';
import { getMac, macs } from '../src/mac/index.js';
import { macs as nodeMacs } from '../src/mac/index.node.js';
import { poly64, Umac } from '../src/mac/umac.js';
import { umacNhWasmAvailable } from '../src/mac/umac-nh.js';
import { loadVectors, misaligned, toHex } from './backend-compliance.js';

interface UmacVector {
  unit: string;
  length: number;
  umac32: string;
  umac64: string;
  umac128: string;
}
const RFC = loadVectors<{ key: string; nonce: string; vectors: UmacVector[] }>('rfc4418/umac.json');
const utf8 = (s: string) => new TextEncoder().encode(s);

function message(unit: string, length: number): Uint8Array {
  const m = new Uint8Array(length);
  const u = utf8(unit);
  for (let i = 0; i < length; i++) m[i] = u[i % u.length] as number;
  return m;
}

function tag(key: Uint8Array, tagLength: number, nonce: Uint8Array, msg: Uint8Array, wasm = true): string {
  const out = new Uint8Array(tagLength);
  new Umac(key, tagLength, { wasm }).tag(nonce, msg, out);
  return toHex(out);
}

describe('UMAC: RFC 4418 test vectors (key "abcdefghijklmnop", nonce "bcdefghi")', () => {
  const key = utf8(RFC.key);
  const nonce = utf8(RFC.nonce);
  // 'a' * 2^25 (33 MB) is the one slow vector: run it for the two SSH tag sizes only.
  test.each(RFC.vectors)("'$unit' to $length bytes (WebAssembly NH)", (v) => {
    const msg = message(v.unit, v.length);
    const huge = v.length > 1 << 20;
    if (!huge) {
      expect(tag(key, 4, nonce, msg)).toBe(v.umac32);
      expect(tag(key, 12, nonce, msg)).toBe(v.umac128.slice(0, 24));
    }
    expect(tag(key, 8, nonce, msg)).toBe(v.umac64);
    expect(tag(key, 16, nonce, msg)).toBe(v.umac128);
  });

  test.each(RFC.vectors.filter((v) => v.length <= 1 << 20))(
    "'$unit' to $length bytes (JavaScript NH)",
    (v) => {
      const msg = message(v.unit, v.length);
      expect(tag(key, 4, nonce, msg, false)).toBe(v.umac32);
      expect(tag(key, 8, nonce, msg, false)).toBe(v.umac64);
      expect(tag(key, 12, nonce, msg, false)).toBe(v.umac128.slice(0, 24));
      expect(tag(key, 16, nonce, msg, false)).toBe(v.umac128);
    },
  );

  it('the WebAssembly NH loads and agrees with the JavaScript NH on random input', () => {
    expect(umacNhWasmAvailable()).toBe(true);
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        fc.uint8Array({ minLength: 1, maxLength: 16 }),
        fc.oneof(
          fc.uint8Array({ maxLength: 5000 }),
          fc.nat(5000).map((n) => new Uint8Array(n).fill(0xff)),
        ),
        fc.constantFrom(4, 8, 12, 16),
        (k, n, msg, tagLength) => {
          expect(tag(k, tagLength, n, msg, true)).toBe(tag(k, tagLength, n, msg, false));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('a keyed instance is reusable and misaligned input gives the same tag', () => {
    const umac = new Umac(key, 8);
    const out = new Uint8Array(8);
    for (const v of RFC.vectors.filter((x) => x.length <= 1 << 15)) {
      umac.tag(nonce, misaligned(message(v.unit, v.length)), out);
      expect(toHex(out)).toBe(v.umac64);
    }
  });

  it('rejects bad key, tag and nonce lengths', () => {
    expect(() => new Umac(new Uint8Array(15), 8)).toThrow(RangeError);
    expect(() => new Umac(key, 10)).toThrow(RangeError);
    expect(() => new Umac(key, 8).tag(new Uint8Array(17), new Uint8Array(0), new Uint8Array(8))).toThrow(
      RangeError,
    );
  });
});

describe.each([
  ['noble', macs],
  ['node', nodeMacs],
])('umac@openssh.com on %s', (_n, registry) => {
  const names = [
    'umac-64@openssh.com',
    'umac-64-etm@openssh.com',
    'umac-128@openssh.com',
    'umac-128-etm@openssh.com',
  ];

  test.each(names)('%s = UMAC(key, nonce = uint64 seq big-endian, data): no seq prefix', (name) => {
    const spec = registry.get(name as never);
    if (spec === undefined) throw new Error(name);
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.uint8Array({ maxLength: 2100 })), {
          minLength: 1,
          maxLength: 4,
        }),
        (key, packets) => {
          const state = spec.create(key);
          const reference = new Umac(key, spec.length);
          for (const [seq, data] of packets) {
            const nonce = new Uint8Array(8);
            new DataView(nonce.buffer).setUint32(4, seq);
            const want = new Uint8Array(spec.length);
            reference.tag(nonce, data, want);
            const got = new Uint8Array(spec.length);
            state.compute(seq, data, got);
            expect(toHex(got)).toBe(toHex(want));
            state.verify(seq, data, got);
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  test.each(names)('%s: consecutive, repeated and out-of-order sequence numbers (pad cache)', (name) => {
    const spec = registry.get(name as never);
    if (spec === undefined) throw new Error(name);
    const key = Uint8Array.from({ length: 16 }, (_, i) => i * 3);
    const data = Uint8Array.from({ length: 77 }, (_, i) => i);
    const state = spec.create(key);
    for (const seq of [4, 5, 5, 4, 7, 6, 0xffffffff, 0xfffffffe, 0, 1]) {
      const fresh = new Uint8Array(spec.length);
      spec.create(key).compute(seq, data, fresh);
      const out = new Uint8Array(spec.length);
      state.compute(seq, data, out);
      expect(toHex(out)).toBe(toHex(fresh));
    }
  });

  test.each(names)('%s: a flipped bit, a wrong seq or a short MAC fails with bad-mac', (name) => {
    const spec = registry.get(name as never);
    if (spec === undefined) throw new Error(name);
    const mac = spec.create(new Uint8Array(16).fill(9));
    const data = new Uint8Array(64).fill(1);
    const out = new Uint8Array(spec.length);
    mac.compute(5, data, out);
    const badMac = out.slice();
    badMac[0] = (badMac[0] as number) ^ 0x80;
    const badData = data.slice();
    badData[63] = 0;
    for (const fn of [
      () => mac.verify(5, data, badMac),
      () => mac.verify(5, badData, out),
      () => mac.verify(4, data, out),
      () => mac.verify(5, data, out.subarray(1)),
    ]) {
      let error: unknown;
      try {
        fn();
      } catch (e) {
        error = e;
      }
      expect(CryptoError.isInstance(error) && error.kind).toBe('bad-mac');
    }
  });
});

it('umac entries take a 16-byte key and reject others with invalid-key', () => {
  let error: unknown;
  try {
    getMac('umac-64@openssh.com').create(new Uint8Array(32));
  } catch (e) {
    error = e;
  }
  expect(CryptoError.isInstance(error) && error.kind).toBe('invalid-key');
});

describe('POLY64 (L2) against a bigint reference, including the marker path for m >= 2^64 - 2^32', () => {
  const P = (1n << 64n) - 59n;
  it('agrees on random and extreme words', () => {
    const word = fc.oneof(
      fc.tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 0xffffffff })),
      fc.tuple(fc.constant(0xffffffff), fc.integer({ min: 0, max: 0xffffffff })),
      fc.tuple(fc.constant(0xffffffff), fc.integer({ min: 0, max: 100 })),
      fc.tuple(fc.constant(0xfffffffe), fc.constant(0xffffffff)),
    );
    fc.assert(
      fc.property(
        fc.tuple(fc.integer({ min: 0, max: 0x01ffffff }), fc.integer({ min: 0, max: 0x01ffffff })),
        fc.array(word, { minLength: 1, maxLength: 20 }),
        ([kh, kl], ws) => {
          const k = BigInt(kh) * 2n ** 32n + BigInt(kl);
          const limbs = Float64Array.of(kl & 0xffff, kl >>> 16, kh & 0xffff, kh >>> 16);
          const flat = new Uint32Array(ws.flat());
          const st = Float64Array.of(0, 1);
          poly64(st, limbs, flat, 0, ws.length);
          let y = 1n;
          for (const [h, l] of ws) {
            const m = BigInt(h) * 2n ** 32n + BigInt(l);
            if (m >= 2n ** 64n - 2n ** 32n) {
              y = (k * y + (P - 1n)) % P;
              y = (k * y + (m - 59n)) % P;
            } else y = (k * y + m) % P;
          }
          expect(BigInt(st[0] as number) * 2n ** 32n + BigInt(st[1] as number)).toBe(y);
        },
      ),
      { numRuns: 300 },
    );
  });
});
