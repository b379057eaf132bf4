// The Node fast path for signatures (node:crypto) against the portable code:
// each signs, the other verifies; deterministic algorithms give identical
// bytes; bad signatures are false and unusable keys raise the same errors.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { CryptoError } from '../src/errors.js';
import { generateRsaKey } from '../src/rsa/key.js';
import { generateEcdsaKey } from '../src/sign/ecdsa.js';
import { ed25519KeyFromSeed, generateEd25519Key } from '../src/sign/ed25519.js';
import { signData as nodeSign, verifySignature as nodeVerify } from '../src/sign/node-sign.node.js';
import { signData as portableSign, verifySignature as portableVerify } from '../src/sign/registry.js';
import type { PrivateKey } from '../src/sign/types.js';

const hex = (h: string) => Uint8Array.from(h.match(/../g) ?? [], (b) => Number.parseInt(b, 16));
const toHex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

const rsa = generateRsaKey(2048);
const CASES: Array<[string, PrivateKey]> = [
  ['ssh-ed25519', generateEd25519Key()],
  ['ecdsa-sha2-nistp256', generateEcdsaKey('nistp256')],
  ['ecdsa-sha2-nistp384', generateEcdsaKey('nistp384')],
  ['ecdsa-sha2-nistp521', generateEcdsaKey('nistp521')],
  ['rsa-sha2-512', rsa],
  ['rsa-sha2-256', rsa],
  ['ssh-rsa', rsa],
];
const data = new TextEncoder().encode('data to sign');

describe('node:crypto signatures match the portable implementation', () => {
  it.each(CASES)('%s: node signs, portable verifies, and back', (alg, key) => {
    const a = nodeSign(alg, key, data);
    const b = portableSign(alg, key, data);
    expect(portableVerify(key, data, a)).toBe(true);
    expect(nodeVerify(key, data, b)).toBe(true);
    expect(nodeVerify(key, new TextEncoder().encode('other data'), a)).toBe(false);
    if (!alg.startsWith('ecdsa')) expect(toHex(a)).toBe(toHex(b)); // Ed25519 and PKCS#1 v1.5 are deterministic
  });

  it('reproduces RFC 8032 §7.1 test 2 through node:crypto', () => {
    const key = ed25519KeyFromSeed(hex('4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb'));
    const sig = nodeSign('ssh-ed25519', key, Uint8Array.of(0x72));
    expect(toHex(sig.subarray(sig.length - 64))).toBe(
      '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
    );
  });

  it.each(CASES)('%s: a flipped bit or random bytes are false, never an exception', (alg, key) => {
    const sig = nodeSign(alg, key, data);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: sig.length * 8 - 1 }), (bit) => {
        const bad = sig.slice();
        bad[bit >> 3] = (bad[bit >> 3] as number) ^ (1 << (bit & 7));
        expect(nodeVerify(key, data, bad)).toBe(portableVerify(key, data, bad));
      }),
      { numRuns: 40 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (junk) => {
        expect(nodeVerify(key, data, junk)).toBe(false);
      }),
      { numRuns: 40 },
    );
  });

  it('refuses an off-curve ECDSA key with the portable typed error', () => {
    const good = generateEcdsaKey('nistp256');
    const Q = good.Q.slice();
    Q[Q.length - 1] = (Q[Q.length - 1] as number) ^ 1;
    const bad = { ...good, Q };
    const sig = portableSign('ecdsa-sha2-nistp256', good, data);
    let error: unknown;
    try {
      nodeVerify(bad, data, sig);
    } catch (e) {
      error = e;
    }
    expect(CryptoError.isInstance(error) && (error as CryptoError).kind).toBe('invalid-key');
  });
});
