import { describe, expect, it } from '@jest/globals';
import { poly1305 } from '@noble/ciphers/_poly1305.js';
import fc from 'fast-check';
import { nobleBackend } from '../src/backend/noble.js';
import { nodeBackend } from '../src/backend/node.node.js';
import { poly1305Into } from '../src/backend/poly1305.js';
import { poly1305WasmAvailable, poly1305WasmInto } from '../src/backend/poly1305-wasm.js';
import { portableBackend } from '../src/backend/portable.js';
import type { CryptoBackend } from '../src/backend/types.js';
import { backendCompliance, hex, misaligned, POLY, toHex } from './backend-compliance.js';

const BACKENDS: readonly [string, CryptoBackend][] = [
  ['noble', nobleBackend],
  ['portable', portableBackend],
  ['node', nodeBackend],
];

describe.each(BACKENDS)('%s backend: known answers', (_name, backend) => {
  backendCompliance(() => backend);
});

describe('float64 Poly1305 (used by the node backend)', () => {
  it.each(POLY)('RFC 8439 $name', (v) => {
    const out = new Uint8Array(16);
    poly1305Into(hex(v.key), hex(v.message), out);
    expect(toHex(out)).toBe(v.tag);
  });

  it('agrees with @noble/ciphers on random and all-ones inputs', () => {
    const bytes = (min: number, max: number) =>
      fc.oneof(
        fc.uint8Array({ minLength: min, maxLength: max }),
        fc.integer({ min, max }).map((n) => new Uint8Array(n).fill(0xff)),
      );
    fc.assert(
      fc.property(bytes(32, 32), bytes(0, 300), fc.boolean(), (key, msg, odd) => {
        const out = new Uint8Array(16);
        poly1305Into(key, odd ? misaligned(msg) : msg, out);
        expect(toHex(out)).toBe(toHex(poly1305(msg, key)));
      }),
      { numRuns: 200 },
    );
  });
});

describe('WebAssembly Poly1305 (used by the node backend)', () => {
  it('loads', () => {
    expect(poly1305WasmAvailable()).toBe(true);
  });

  it.each(POLY)('RFC 8439 $name', (v) => {
    const out = new Uint8Array(16);
    poly1305WasmInto(hex(v.key), hex(v.message), out);
    expect(toHex(out)).toBe(v.tag);
  });

  it('agrees with @noble/ciphers on random and all-ones inputs, including memory growth', () => {
    const bytes = (min: number, max: number) =>
      fc.oneof(
        fc.uint8Array({ minLength: min, maxLength: max }),
        fc.integer({ min, max }).map((n) => new Uint8Array(n).fill(0xff)),
      );
    fc.assert(
      fc.property(bytes(32, 32), bytes(0, 300), fc.boolean(), (key, msg, odd) => {
        const out = new Uint8Array(16);
        poly1305WasmInto(key, odd ? misaligned(msg) : msg, out);
        expect(toHex(out)).toBe(toHex(poly1305(msg, key)));
      }),
      { numRuns: 200 },
    );
    const big = Uint8Array.from({ length: 200_001 }, (_, i) => (i * 31) & 0xff);
    const key = Uint8Array.from({ length: 32 }, (_, i) => i * 7);
    const out = new Uint8Array(16);
    poly1305WasmInto(key, big, out);
    expect(toHex(out)).toBe(toHex(poly1305(big, key)));
  });

  it('agrees with @noble/ciphers at every length to 9 blocks with the largest limbs (all-ones key and message)', () => {
    // Covers pairs of blocks, an odd block after them and the padded final block, at the bounds the limb sizes allow.
    const key = new Uint8Array(32).fill(0xff);
    for (let n = 0; n <= 9 * 16; n++) {
      const msg = new Uint8Array(n).fill(0xff);
      const out = new Uint8Array(16);
      poly1305WasmInto(key, msg, out);
      expect(toHex(out)).toBe(toHex(poly1305(msg, key)));
    }
  });
});
