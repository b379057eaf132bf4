// RFC 4253 §6.3: aes128-cbc, aes192-cbc, aes256-cbc. Legacy (CBC in SSH is
// open to the Albrecht–Paterson–Watson plaintext-recovery attack, 2009); off by
// default. The chaining block carries over from one packet to the next.
import type { CryptoBackend } from '../backend/types.js';
import { checkBlocks, checkLength } from './check.js';
import type { Direction, StreamCipherSpec } from './types.js';

const AES_BLOCK = 16;

/**
 * Builds an AES-CBC entry.
 * @param backend - primitives
 * @param name - wire name
 * @param keyLength - 16, 24 or 32
 * @returns the entry
 */
export function aesCbc(backend: CryptoBackend, name: string, keyLength: number): StreamCipherSpec {
  return Object.freeze({
    name,
    keyLength,
    ivLength: AES_BLOCK,
    blockSize: AES_BLOCK,
    cipherBlockBits: 128,
    tagLength: 0,
    aead: false,
    legacy: true,
    create(key: Uint8Array, iv: Uint8Array, direction: Direction) {
      checkLength(`${name} key`, key, keyLength);
      checkLength(`${name} IV`, iv, AES_BLOCK);
      const chain = backend.aesCbc(key, iv, direction === 'decrypt');
      const updateInPlace = (data: Uint8Array): void => {
        checkBlocks(name, data, AES_BLOCK);
        chain.processInPlace(data);
      };
      return {
        update(data: Uint8Array): Uint8Array {
          updateInPlace(data);
          return data;
        },
        updateInPlace,
      };
    },
  } as const);
}
