/**
 * `bcrypt_pbkdf`, the key derivation of OpenSSH's private key format
 * (PROTOCOL.key; openbsd-compat/bcrypt_pbkdf.c): PBKDF2-like iteration of a
 * bcrypt-based hash over SHA-512, with the output bytes striped across blocks.
 */
import { sha512 } from '@noble/hashes/sha2.js';
import { CryptoError } from '../errors.js';
import { Blowfish } from './blowfish.js';

/** The bcrypt hash output: 8 words of "OxychromaticBlowfishSwatDynamite". */
const HASH_BYTES = 32;
/** Eksblowfish cost of the inner hash: 64 rounds (2^6), fixed by OpenSSH. */
const EXPENSIVE_ROUNDS = 64;
const MAGIC = /* @__PURE__ */ new TextEncoder().encode('OxychromaticBlowfishSwatDynamite');
/** OpenSSH caps the output at 1024 bytes (`keylen > sizeof(out) * sizeof(out)`). */
const MAX_KEY_BYTES = HASH_BYTES * HASH_BYTES;

function bcryptHash(sha2pass: Uint8Array, sha2salt: Uint8Array): Uint8Array {
  const bf = new Blowfish();
  bf.expandState(sha2salt, sha2pass);
  for (let i = 0; i < EXPENSIVE_ROUNDS; i++) {
    bf.expand0State(sha2salt);
    bf.expand0State(sha2pass);
  }
  const words = new Uint32Array(HASH_BYTES / 4);
  const view = new DataView(MAGIC.buffer, MAGIC.byteOffset, MAGIC.byteLength);
  for (let i = 0; i < words.length; i++) words[i] = view.getUint32(4 * i, false);
  for (let i = 0; i < 64; i++) {
    for (let j = 0; j < words.length; j += 2) bf.encryptBlock(words, j);
  }
  // The words are emitted little-endian (bcrypt_pbkdf.c).
  const out = new Uint8Array(HASH_BYTES);
  const outView = new DataView(out.buffer);
  for (let i = 0; i < words.length; i++) outView.setUint32(4 * i, words[i] as number, true);
  return out;
}

/**
 * Derives `keyLength` bytes from a passphrase as OpenSSH's `bcrypt_pbkdf` does.
 *
 * @param password - passphrase bytes (may be empty)
 * @param salt - the key file's salt (non-empty)
 * @param rounds - the key file's rounds (≥ 1; `ssh-keygen -a`, default 16)
 * @param keyLength - bytes wanted, 1..1024 (48 for aes256-ctr: key + IV)
 * @returns the derived bytes
 * @throws CryptoError('bad-length') for an empty salt, zero rounds or a bad length
 * @example
 * ```ts
 * import { bcryptPbkdf } from '@sshkit/ssh-crypto';
 * const keyIv = bcryptPbkdf(new TextEncoder().encode('pass'), salt, 16, 48);
 * ```
 */
export function bcryptPbkdf(
  password: Uint8Array,
  salt: Uint8Array,
  rounds: number,
  keyLength: number,
): Uint8Array {
  if (!Number.isSafeInteger(rounds) || rounds < 1)
    throw new CryptoError('bad-length', 'bcrypt_pbkdf: rounds must be ≥ 1');
  if (salt.length === 0 || salt.length > 1 << 20)
    throw new CryptoError('bad-length', 'bcrypt_pbkdf: bad salt length');
  if (!Number.isSafeInteger(keyLength) || keyLength < 1 || keyLength > MAX_KEY_BYTES) {
    throw new CryptoError('bad-length', `bcrypt_pbkdf: key length must be 1..${MAX_KEY_BYTES}`);
  }
  const stride = Math.ceil(keyLength / HASH_BYTES);
  const amount = Math.ceil(keyLength / stride);
  const key = new Uint8Array(keyLength);
  const sha2pass = sha512(password);
  const countSalt = new Uint8Array(salt.length + 4);
  countSalt.set(salt);
  const countView = new DataView(countSalt.buffer);
  let remaining = keyLength;
  for (let count = 1; remaining > 0; count++) {
    countView.setUint32(salt.length, count, false);
    let tmp = bcryptHash(sha2pass, sha512(countSalt));
    const out = tmp.slice();
    for (let r = 1; r < rounds; r++) {
      tmp = bcryptHash(sha2pass, sha512(tmp));
      for (let j = 0; j < out.length; j++) out[j] = (out[j] as number) ^ (tmp[j] as number);
    }
    // Stripe: output byte i of this block goes to key[i * stride + count - 1].
    const take = Math.min(amount, remaining);
    let i = 0;
    for (; i < take; i++) {
      const dest = i * stride + (count - 1);
      if (dest >= keyLength) break;
      key[dest] = out[i] as number;
    }
    remaining -= i;
  }
  return key;
}
