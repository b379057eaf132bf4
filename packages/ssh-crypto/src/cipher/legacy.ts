// Legacy ciphers, off by default (CONVENTIONS rule 5): 3des-cbc, blowfish-cbc
// and cast128-cbc (RFC 4253 §6.3; 64-bit blocks, so padding to a multiple of
// 8 and, per RFC 4344 §3.2, a rekey every 2^16 blocks), and RC4: `arcfour`
// (RFC 4253, 16-byte key, no keystream discarded) and `arcfour128` /
// `arcfour256` (RFC 4345, the first 1536 keystream bytes discarded).
import type { ChainedBlockCipher, CryptoBackend } from '../backend/types.js';
import { checkBlocks, checkLength } from './check.js';
import type { CipherInfo, Direction, StreamCipherSpec } from './types.js';

const BLOCK64 = 8;

/** Which backend primitive a 64-bit CBC entry runs on. */
export type Block64Primitive = 'tripleDesCbc' | 'blowfishCbc' | 'cast128Cbc';

/**
 * Builds a CBC entry over a 64-bit block cipher.
 * @param backend - primitives
 * @param name - wire name
 * @param keyLength - 24 for 3des-cbc, 16 for blowfish-cbc and cast128-cbc
 * @param primitive - the backend method
 * @returns the entry
 */
export function block64Cbc(
  backend: CryptoBackend,
  name: string,
  keyLength: number,
  primitive: Block64Primitive,
): StreamCipherSpec {
  return Object.freeze({
    name,
    keyLength,
    ivLength: BLOCK64,
    blockSize: BLOCK64,
    cipherBlockBits: 64,
    tagLength: 0,
    aead: false,
    legacy: true,
    create(key: Uint8Array, iv: Uint8Array, direction: Direction) {
      checkLength(`${name} key`, key, keyLength);
      checkLength(`${name} IV`, iv, BLOCK64);
      const chain: ChainedBlockCipher = backend[primitive](key, iv, direction === 'decrypt');
      const updateInPlace = (data: Uint8Array): void => {
        checkBlocks(name, data, BLOCK64);
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

/**
 * Builds an RC4 entry. Packets still pad to a multiple of 8 (RFC 4253 §6).
 * @param backend - primitives
 * @param name - wire name
 * @param keyLength - 16 (arcfour, arcfour128) or 32 (arcfour256)
 * @param discard - keystream bytes dropped first: 0 or 1536
 * @returns the entry
 */
export function arcfourCipher(
  backend: CryptoBackend,
  name: string,
  keyLength: number,
  discard: number,
): StreamCipherSpec {
  return Object.freeze({
    name,
    keyLength,
    ivLength: 0,
    blockSize: BLOCK64,
    cipherBlockBits: 0,
    tagLength: 0,
    aead: false,
    legacy: true,
    create(key: Uint8Array, iv: Uint8Array, _direction: Direction) {
      checkLength(`${name} key`, key, keyLength);
      checkLength(`${name} IV`, iv, 0);
      const stream = backend.arcfour(key, discard);
      return {
        update(data: Uint8Array): Uint8Array {
          checkBlocks(name, data, BLOCK64);
          return stream.xor(data);
        },
        updateInPlace(data: Uint8Array): void {
          checkBlocks(name, data, BLOCK64);
          stream.xorInPlace(data);
        },
      };
    },
  } as const);
}

/**
 * Blocks after which RFC 4344 §3.2 wants a rekey: 2^(L/4) for an L-bit
 * block cipher (2^32 for AES, 2^16 for 3DES, Blowfish and CAST-128). Stream
 * ciphers (ChaCha20, RC4, none) have no such bound here: `Infinity`. The
 * transport counts blocks of `cipherBlockBits / 8` bytes.
 * @param cipher - a registry entry
 * @returns the block limit
 */
export function rekeyBlockLimit(cipher: CipherInfo): number {
  return cipher.cipherBlockBits === 0 ? Number.POSITIVE_INFINITY : 2 ** (cipher.cipherBlockBits / 4);
}
