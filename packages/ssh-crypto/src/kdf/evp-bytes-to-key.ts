import { md5 } from '@noble/hashes/legacy.js';
import { CryptoError } from '../errors.js';

/** Bytes of salt OpenSSL's `EVP_BytesToKey` uses (`PKCS5_SALT_LEN`). */
const SALT_BYTES = 8;

/**
 * OpenSSL's legacy `EVP_BytesToKey` with MD5 and one iteration, the KDF of
 * traditional PEM encryption (`Proc-Type: 4,ENCRYPTED` / `DEK-Info: AES-128-CBC,<iv>`):
 * `D_1 = MD5(pass || salt)`, `D_i = MD5(D_(i-1) || pass || salt)`, key = D_1 || D_2 ... truncated,
 * where the salt is the first 8 bytes of the IV. Weak by design; legacy only.
 *
 * @param password - passphrase bytes
 * @param salt - the salt; only its first 8 bytes are used (as OpenSSL does)
 * @param keyLength - bytes wanted
 * @returns the key bytes
 * @throws CryptoError('bad-length') if the salt is shorter than 8 bytes or the length is bad
 * @example
 * ```ts
 * import { evpBytesToKey } from '@sshkit/ssh-crypto';
 * const key = evpBytesToKey(pass, iv, 32); // AES-256-CBC
 * ```
 */
export function evpBytesToKey(password: Uint8Array, salt: Uint8Array, keyLength: number): Uint8Array {
  if (salt.length < SALT_BYTES) throw new CryptoError('bad-length', 'EVP_BytesToKey: salt needs 8 bytes');
  if (!Number.isSafeInteger(keyLength) || keyLength < 1 || keyLength > 1 << 16) {
    throw new CryptoError('bad-length', 'EVP_BytesToKey: bad key length');
  }
  const tail = new Uint8Array(password.length + SALT_BYTES);
  tail.set(password);
  tail.set(salt.subarray(0, SALT_BYTES), password.length);
  const out = new Uint8Array(keyLength);
  let filled = 0;
  let previous = new Uint8Array(0);
  while (filled < keyLength) {
    const input = new Uint8Array(previous.length + tail.length);
    input.set(previous);
    input.set(tail, previous.length);
    previous = md5(input);
    const take = Math.min(previous.length, keyLength - filled);
    out.set(previous.subarray(0, take), filled);
    filled += take;
  }
  return out;
}
