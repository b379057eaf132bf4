// RFC 4253 §6.3: "none" — no encryption. Only ever used when asked for by
// name (and before the first key exchange); never in the defaults.
import type { StreamCipherSpec } from './types.js';

/** Padding multiple with no cipher: RFC 4253 §6 "or 8, whichever is larger". */
const MIN_BLOCK = 8;

/** The `none` cipher: leaves bytes as they are. */
export const noneCipher: StreamCipherSpec = Object.freeze({
  name: 'none',
  keyLength: 0,
  ivLength: 0,
  blockSize: MIN_BLOCK,
  cipherBlockBits: 0,
  tagLength: 0,
  aead: false,
  legacy: true,
  create() {
    return { update: (data: Uint8Array): Uint8Array => data, updateInPlace: (): void => {} };
  },
} as const);
