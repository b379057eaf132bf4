// RFC 4344 §4: aes128-ctr, aes192-ctr, aes256-ctr. The IV is the initial
// 128-bit counter block X, "incremented by one ... modulo 2^L" for each block,
// and the counter runs on across packets (the state is never reset).
import type { CryptoBackend } from '../backend/types.js';
import { checkBlocks, checkLength } from './check.js';
import type { StreamCipherSpec } from './types.js';

const AES_BLOCK = 16;

/**
 * Builds an AES-CTR entry.
 * @param backend - primitives
 * @param name - wire name
 * @param keyLength - 16, 24 or 32
 * @returns the entry
 */
export function aesCtr(backend: CryptoBackend, name: string, keyLength: number): StreamCipherSpec {
  return Object.freeze({
    name,
    keyLength,
    ivLength: AES_BLOCK,
    blockSize: AES_BLOCK,
    cipherBlockBits: 128,
    tagLength: 0,
    aead: false,
    legacy: false,
    create(key: Uint8Array, iv: Uint8Array) {
      checkLength(`${name} key`, key, keyLength);
      checkLength(`${name} IV`, iv, AES_BLOCK);
      const stream = backend.aesCtr(key, iv);
      return {
        update(data: Uint8Array): Uint8Array {
          checkBlocks(name, data, AES_BLOCK);
          return stream.xor(data);
        },
        updateInPlace(data: Uint8Array): void {
          checkBlocks(name, data, AES_BLOCK);
          stream.xorInPlace(data);
        },
      };
    },
  } as const);
}
