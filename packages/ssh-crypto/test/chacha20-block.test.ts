import { createCipheriv } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { chacha20orig } from '@noble/ciphers/chacha.js';
import { ChaCha20Block } from '../src/cipher/chacha20-block.js';
import { CHACHA, hex, toHex } from './backend-compliance.js';

/** OpenSSL's ChaCha20: its 16-byte IV is the state's last four words, so counter (8 bytes LE) || nonce. */
function opensslBlock(key: Uint8Array, nonce: Uint8Array, counter: number): Uint8Array {
  const iv = new Uint8Array(16);
  const view = new DataView(iv.buffer);
  view.setUint32(0, counter >>> 0, true);
  view.setUint32(4, Math.floor(counter / 0x100000000), true);
  iv.set(nonce, 8);
  return createCipheriv('chacha20', key, iv).update(new Uint8Array(64));
}

describe('ChaCha20Block', () => {
  it.each(CHACHA)('RFC 8439: $name (first block of keystream)', (v) => {
    // The vectors' nonces start with four zero bytes: the original variant's nonce is the last 8.
    const block = new ChaCha20Block(hex(v.key)).compute(hex(v.nonce).subarray(4), v.counter);
    const plain = hex(v.plaintext).subarray(0, 64);
    const cipher = hex(v.ciphertext).subarray(0, 64);
    const keystream = plain.map((p, i) => p ^ (cipher[i] as number));
    expect(toHex(block.subarray(0, keystream.length))).toBe(toHex(keystream));
  });

  it('matches OpenSSL for random keys, nonces and counters (also above 2^32)', () => {
    let seed = 1;
    const random = (n: number) =>
      Uint8Array.from({ length: n }, () => {
        seed = (seed * 1103515245 + 12345) >>> 0;
        return seed >>> 24;
      });
    for (const counter of [0, 1, 2, 0xffffffff, 0x100000000, 0x123456789ab]) {
      const key = random(32);
      const nonce = random(8);
      expect(toHex(new ChaCha20Block(key).compute(nonce, counter))).toBe(
        toHex(opensslBlock(key, nonce, counter)),
      );
    }
  });

  it('reads the key once and the nonce on each call; views at any offset work', () => {
    const backing = new Uint8Array(41);
    const key = backing.subarray(1, 33);
    key.set(hex('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f'));
    const nonce = backing.subarray(33, 41);
    const chacha = new ChaCha20Block(key);
    key.fill(0xee); // no effect: the key was read by the constructor
    const first = toHex(chacha.compute(nonce, 7));
    nonce[7] = 1;
    const second = toHex(chacha.compute(nonce, 7));
    expect(second).not.toBe(first);
    const original = hex('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f');
    expect(second).toBe(toHex(chacha20orig(original, nonce.slice(), new Uint8Array(64), undefined, 7)));
  });
});
