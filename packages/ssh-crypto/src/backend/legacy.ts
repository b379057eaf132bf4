/**
 * CBC over 64-bit block ciphers (3DES, Blowfish, CAST-128) and RC4, in our
 * own TypeScript: `@noble/ciphers` has none of them and OpenSSL 3 keeps
 * Blowfish, CAST5, RC4 and single DES in its legacy provider, which Node does
 * not load. Both backends use these (the Node one takes 3DES from OpenSSL).
 */
import { Arcfour } from '../cipher/arcfour.js';
import { Cast128 } from '../cipher/cast128.js';
import { DesEde } from '../cipher/des.js';
import { Blowfish } from '../kdf/blowfish.js';
import type { ChainedBlockCipher, StreamCipher } from './types.js';

/** A 64-bit block cipher on two big-endian 32-bit halves (`Blowfish`, `DesEde`, `Cast128`). */
export interface Block64Cipher {
  /** Encrypts `block[offset]`, `block[offset + 1]` in place. */
  encryptBlock(block: Uint32Array, offset?: number): void;
  /** Decrypts `block[offset]`, `block[offset + 1]` in place. */
  decryptBlock(block: Uint32Array, offset?: number): void;
}

function readWord(d: Uint8Array, i: number): number {
  return (
    (((d[i] as number) << 24) |
      ((d[i + 1] as number) << 16) |
      ((d[i + 2] as number) << 8) |
      (d[i + 3] as number)) >>>
    0
  );
}

function writeWord(d: Uint8Array, i: number, w: number): void {
  d[i] = w >>> 24;
  d[i + 1] = w >>> 16;
  d[i + 2] = w >>> 8;
  d[i + 3] = w;
}

/**
 * CBC mode over a 64-bit block cipher; the chaining block carries over
 * between calls.
 * @param cipher - keyed block cipher
 * @param iv - 8-byte initial vector
 * @param decrypt - direction
 * @returns the running chain
 */
export function cbc64(cipher: Block64Cipher, iv: Uint8Array, decrypt: boolean): ChainedBlockCipher {
  if (iv.length !== 8) throw new RangeError('64-bit CBC: IV must be 8 bytes');
  let c0 = readWord(iv, 0);
  let c1 = readWord(iv, 4);
  const block = new Uint32Array(2);
  return {
    processInPlace(data) {
      const end = data.length - (data.length % 8);
      for (let i = 0; i < end; i += 8) {
        const w0 = readWord(data, i);
        const w1 = readWord(data, i + 4);
        if (decrypt) {
          block[0] = w0;
          block[1] = w1;
          cipher.decryptBlock(block);
          writeWord(data, i, (block[0] as number) ^ c0);
          writeWord(data, i + 4, (block[1] as number) ^ c1);
          c0 = w0;
          c1 = w1;
        } else {
          block[0] = w0 ^ c0;
          block[1] = w1 ^ c1;
          cipher.encryptBlock(block);
          c0 = block[0] as number;
          c1 = block[1] as number;
          writeWord(data, i, c0);
          writeWord(data, i + 4, c1);
        }
      }
    },
  };
}

/** 3DES-CBC (three-key EDE, outer CBC) in TypeScript. */
export function tsTripleDesCbc(key: Uint8Array, iv: Uint8Array, decrypt: boolean): ChainedBlockCipher {
  if (key.length !== 24) throw new RangeError('3DES key: expected 24 bytes');
  return cbc64(new DesEde(key), iv, decrypt);
}

/** Blowfish-CBC in TypeScript (the bcrypt_pbkdf core with the standard key schedule). */
export function tsBlowfishCbc(key: Uint8Array, iv: Uint8Array, decrypt: boolean): ChainedBlockCipher {
  return cbc64(Blowfish.withKey(key), iv, decrypt);
}

/** CAST-128-CBC in TypeScript. */
export function tsCast128Cbc(key: Uint8Array, iv: Uint8Array, decrypt: boolean): ChainedBlockCipher {
  return cbc64(new Cast128(key), iv, decrypt);
}

/** RC4 in TypeScript, after dropping `discard` keystream bytes. */
export function tsArcfour(key: Uint8Array, discard: number): StreamCipher {
  return new Arcfour(key, discard);
}
