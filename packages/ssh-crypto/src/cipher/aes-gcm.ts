// RFC 5647 as OpenSSH implements it (aes128-gcm@openssh.com, aes256-gcm@openssh.com):
// - the 12-byte nonce is the derived IV: a 4-byte fixed field || an 8-byte
//   big-endian invocation counter, "incremented by one" after every packet (§7.1);
// - the 4-byte packet length is sent in the clear and is the AAD (§7.3);
// - the tag is 16 bytes (§6.2); the negotiated MAC is not used.
import type { CryptoBackend } from '../backend/types.js';
import { CryptoError } from '../errors.js';
import { checkLength } from './check.js';
import type { AeadCipherSpec, AeadCipherState } from './types.js';

const AES_BLOCK = 16;
const GCM_IV = 12;
const GCM_TAG = 16;
const LENGTH_FIELD = 4;

/**
 * Builds an AES-GCM entry.
 * @param backend - primitives
 * @param name - wire name
 * @param keyLength - 16 or 32
 * @returns the entry
 */
export function aesGcm(backend: CryptoBackend, name: string, keyLength: number): AeadCipherSpec {
  return Object.freeze({
    name,
    keyLength,
    ivLength: GCM_IV,
    blockSize: AES_BLOCK,
    cipherBlockBits: 128,
    tagLength: GCM_TAG,
    aead: true,
    legacy: false,
    create(key: Uint8Array, iv: Uint8Array): AeadCipherState {
      checkLength(`${name} key`, key, keyLength);
      checkLength(`${name} IV`, iv, GCM_IV);
      const gcm = backend.aesGcm(key);
      const nonce = iv.slice();
      const view = new DataView(nonce.buffer);
      // The invocation counter is nonce[4..12), a uint64 that wraps (RFC 5647 §7.1).
      const nextNonce = (): void => {
        const low = view.getUint32(8) + 1;
        view.setUint32(8, low >>> 0);
        if (low > 0xffffffff) view.setUint32(4, (view.getUint32(4) + 1) >>> 0);
      };
      const check = (packet: Uint8Array): void => {
        if (packet.length < LENGTH_FIELD + GCM_TAG) {
          throw new CryptoError(
            'bad-length',
            `${name}: a ${packet.length}-byte packet has no room for length and tag`,
          );
        }
      };
      return {
        decryptLength(_seq: number, packet: Uint8Array): number {
          if (packet.length < LENGTH_FIELD)
            throw new CryptoError('bad-length', `${name}: need 4 length bytes`);
          return new DataView(packet.buffer, packet.byteOffset, LENGTH_FIELD).getUint32(0);
        },
        seal(_seq: number, packet: Uint8Array): void {
          check(packet);
          gcm.sealInPlace(nonce, packet.subarray(0, LENGTH_FIELD), packet.subarray(LENGTH_FIELD));
          nextNonce();
        },
        open(_seq: number, packet: Uint8Array): Uint8Array {
          check(packet);
          const body = gcm.open(nonce, packet.subarray(0, LENGTH_FIELD), packet.subarray(LENGTH_FIELD));
          nextNonce();
          if (body === undefined) throw new CryptoError('bad-tag', `${name}: authentication tag mismatch`);
          return body;
        },
      };
    },
  } as const);
}
