import { md5, sha1 } from '@noble/hashes/legacy.js';
import { pbkdf2 as noblePbkdf2 } from '@noble/hashes/pbkdf2.js';
import { sha224, sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import type { CHash } from '@noble/hashes/utils.js';
import { CryptoError } from '../errors.js';
import type { HashName } from '../hash/registry.js';

const PRFS = {
  md5,
  sha1,
  sha224,
  sha256,
  sha384,
  sha512,
} as const satisfies Record<HashName, CHash>;

/**
 * PBKDF2 (RFC 8018 §5.2) with HMAC over the named hash, as PKCS#8
 * `EncryptedPrivateKeyInfo` (PBES2) and PuTTY/other key files use it.
 *
 * @param hashName - PRF hash: 'sha1', 'sha224', 'sha256', 'sha384' or 'sha512'
 * @param password - passphrase bytes
 * @param salt - salt bytes
 * @param iterations - iteration count (≥ 1)
 * @param keyLength - bytes wanted (≥ 1)
 * @returns the derived key
 * @throws CryptoError('unsupported-algorithm') for an unknown hash, CryptoError('bad-length') for bad counts
 * @example
 * ```ts
 * import { pbkdf2 } from '@sshkit/ssh-crypto';
 * pbkdf2('sha256', pass, salt, 2048, 32);
 * ```
 */
export function pbkdf2(
  hashName: HashName,
  password: Uint8Array,
  salt: Uint8Array,
  iterations: number,
  keyLength: number,
): Uint8Array {
  const prf = PRFS[hashName];
  if (!prf)
    throw new CryptoError('unsupported-algorithm', `PBKDF2: unknown hash ${JSON.stringify(hashName)}`);
  if (!Number.isSafeInteger(iterations) || iterations < 1) {
    throw new CryptoError('bad-length', 'PBKDF2: iterations must be ≥ 1');
  }
  if (!Number.isSafeInteger(keyLength) || keyLength < 1 || keyLength > (2 ** 32 - 1) * prf.outputLen) {
    throw new CryptoError('bad-length', 'PBKDF2: bad key length');
  }
  return noblePbkdf2(prf, password, salt, { c: iterations, dkLen: keyLength });
}
