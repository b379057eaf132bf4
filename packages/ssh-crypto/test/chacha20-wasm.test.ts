// The WebAssembly SIMD ChaCha20 of the portable backend against two other
// implementations: noble's (JavaScript) and OpenSSL's (node:crypto "chacha20",
// whose 16-byte IV is the 64-bit little-endian block counter then the nonce,
// OpenSSH's original layout). The RFC 8439 known answers run for every backend
// in backend.test.ts.
import { createCipheriv } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { chacha20orig } from '@noble/ciphers/chacha.js';
import fc from 'fast-check';
import { chacha20WasmAvailable, wasmChaCha20 } from '../src/backend/chacha20-wasm.js';
import { misaligned, toHex } from './backend-compliance.js';

function openssl(key: Uint8Array, nonce: Uint8Array, counter: number, data: Uint8Array): Uint8Array {
  const iv = new Uint8Array(16);
  const view = new DataView(iv.buffer);
  view.setUint32(0, counter >>> 0, true);
  view.setUint32(4, Math.floor(counter / 0x100000000), true);
  iv.set(nonce, 8);
  return createCipheriv('chacha20', key, iv).update(data);
}

function wasm(key: Uint8Array, nonce: Uint8Array, counter: number, data: Uint8Array): Uint8Array {
  const cipher = wasmChaCha20(key);
  if (cipher === undefined) throw new Error('the WebAssembly module did not load');
  return cipher.xor(nonce, counter, data);
}

const key32 = fc.uint8Array({ minLength: 32, maxLength: 32 });
const nonce8 = fc.uint8Array({ minLength: 8, maxLength: 8 });

describe('WebAssembly ChaCha20', () => {
  it('loads', () => {
    expect(chacha20WasmAvailable()).toBe(true);
  });

  it('agrees with noble on any length (within and across the four-block groups), in place', () => {
    fc.assert(
      fc.property(
        key32,
        nonce8,
        fc.integer({ min: 0, max: 1000 }),
        fc.uint8Array({ maxLength: 2100 }),
        (key, nonce, counter, data) => {
          const expected = chacha20orig(key, nonce, data, undefined, counter);
          const buf = data.slice();
          expect(wasm(key, nonce, counter, buf)).toBe(buf);
          expect(toHex(buf)).toBe(toHex(expected));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('agrees with OpenSSL where the 64-bit block counter carries from its low word into its high word', () => {
    fc.assert(
      fc.property(
        key32,
        nonce8,
        fc.integer({ min: 0, max: 9 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 1, max: 1500 }),
        (key, nonce, below, high, length) => {
          const counter = high * 0x100000000 + (0x100000000 - below);
          const data = new Uint8Array(length).fill(0x5a);
          expect(toHex(wasm(key, nonce, counter, data.slice()))).toBe(
            toHex(openssl(key, nonce, counter, data)),
          );
        },
      ),
      { numRuns: 100 },
    );
  });

  it('handles misaligned views and grows its memory for large packets', () => {
    const key = new Uint8Array(32).map((_, i) => i * 3);
    const nonce = new Uint8Array(8).map((_, i) => 200 - i);
    const big = new Uint8Array(300_000).map((_, i) => i % 251);
    const odd = misaligned(big);
    expect(toHex(wasm(key, nonce, 1, odd))).toBe(toHex(openssl(key, nonce, 1, big)));
    const small = new Uint8Array(5).fill(1);
    expect(toHex(wasm(key, nonce, 7, small.slice()))).toBe(toHex(openssl(key, nonce, 7, small)));
  });

  it('keys stay apart: two ciphers used in turn each give their own keystream', () => {
    const a = wasmChaCha20(new Uint8Array(32).fill(1));
    const b = wasmChaCha20(new Uint8Array(32).fill(2));
    const nonce = new Uint8Array(8);
    const first = a?.xor(nonce, 0, new Uint8Array(64));
    b?.xor(nonce, 0, new Uint8Array(64));
    expect(toHex(a?.xor(nonce, 0, new Uint8Array(64)) ?? new Uint8Array())).toBe(
      toHex(first ?? new Uint8Array(1)),
    );
    expect(toHex(first ?? new Uint8Array())).toBe(
      toHex(openssl(new Uint8Array(32).fill(1), nonce, 0, new Uint8Array(64))),
    );
  });
});
