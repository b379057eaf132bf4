/**
 * RSA key checks, completion from partial components, and key generation
 * (FIPS 186-5 A.1.3 style: probable primes of equal size, e = 65537).
 */
import { CryptoError } from '../errors.js';
import { defaultRandom, type RandomSource } from '../random.js';
import { bitLength, gcd, isProbablePrime, modInverse, randomBits } from './math.js';
import type { RsaPrivateKey, RsaPublicKey } from './types.js';

/** OpenSSH SSH_RSA_MINIMUM_MODULUS_SIZE: smaller keys are refused for signing and verifying. */
export const RSA_MIN_BITS = 1024;
/** OpenSSH SSHBUF_MAX_BIGNUM (16384 bits): bound on moduli we decode. */
export const RSA_MAX_BITS = 16384;
/** Bounds of {@link generateRsaKey}, as ssh-keygen's defaults allow in practice. */
export const RSA_KEYGEN_MIN_BITS = 2048;
export const RSA_KEYGEN_MAX_BITS = 8192;
/** The public exponent of generated keys (F4). */
export const RSA_PUBLIC_EXPONENT = 65537n;

/**
 * Checks that a public key is usable: odd modulus of RSA_MIN_BITS..RSA_MAX_BITS
 * bits, odd e with 3 ≤ e < n.
 * @throws CryptoError('invalid-key')
 */
export function checkRsaPublicKey(key: RsaPublicKey): void {
  if (key.n <= 0n) throw new CryptoError('invalid-key', 'RSA modulus must be positive');
  const bits = bitLength(key.n);
  if (bits < RSA_MIN_BITS || bits > RSA_MAX_BITS) {
    throw new CryptoError(
      'invalid-key',
      `RSA modulus of ${bits} bits is outside ${RSA_MIN_BITS}..${RSA_MAX_BITS}`,
    );
  }
  if ((key.n & 1n) === 0n) throw new CryptoError('invalid-key', 'RSA modulus is even');
  if (key.e < 3n || (key.e & 1n) === 0n || key.e >= key.n)
    throw new CryptoError('invalid-key', 'bad RSA exponent');
}

/**
 * Builds a full private key from `n, e, d, p, q` (what OpenSSH's format
 * stores, plus `iqmp`), computing dp, dq, qi and checking consistency.
 * @throws CryptoError('invalid-key') if the components do not form an RSA key
 * @example
 * ```ts
 * import { completeRsaPrivateKey } from '@sshkit/ssh-crypto';
 * const key = completeRsaPrivateKey({ n, e, d, p, q });
 * ```
 */
export function completeRsaPrivateKey(parts: {
  n: bigint;
  e: bigint;
  d: bigint;
  p: bigint;
  q: bigint;
}): RsaPrivateKey {
  const { n, e, d, p, q } = parts;
  checkRsaPublicKey({ kind: 'rsa', n, e });
  if (p < 3n || q < 3n || p * q !== n) throw new CryptoError('invalid-key', 'RSA p * q != n');
  if (d < 1n || d >= n) throw new CryptoError('invalid-key', 'RSA d out of range');
  const dp = d % (p - 1n);
  const dq = d % (q - 1n);
  // e·d ≡ 1 modulo p-1 and q-1 is what CRT signing needs.
  if ((e * dp) % (p - 1n) !== 1n || (e * dq) % (q - 1n) !== 1n) {
    throw new CryptoError('invalid-key', 'RSA d is not the inverse of e');
  }
  let qi: bigint;
  try {
    qi = modInverse(q, p);
  } catch (cause) {
    throw new CryptoError('invalid-key', 'RSA p and q are not coprime', { cause });
  }
  return Object.freeze({ kind: 'rsa' as const, n, e, d, p, q, dp, dq, qi });
}

/** Miller–Rabin rounds for RSA prime candidates (FIPS 186-5 Table B.1 asks 5 for 1024-bit primes with a 2^-100 error; more is cheap insurance). */
const KEYGEN_MR_ROUNDS = 8;

/** A random probable prime of exactly `bits` bits with its top two bits set and gcd(p-1, e) = 1. */
function randomPrime(bits: number, e: bigint, random: RandomSource): bigint {
  const top = (1n << BigInt(bits - 1)) | (1n << BigInt(bits - 2));
  for (;;) {
    const candidate = randomBits(bits, random) | top | 1n;
    if (gcd(candidate - 1n, e) !== 1n) continue;
    if (isProbablePrime(candidate, KEYGEN_MR_ROUNDS, random)) return candidate;
  }
}

/** Options of {@link generateRsaKey}. */
export interface RsaKeygenOptions {
  /**
   * Source of the primes (CONVENTIONS rule 7).
   * @default defaultRandom
   */
  random?: RandomSource;
}

/**
 * Generates an RSA key: e = 65537, p and q probable primes of equal size
 * (FIPS 186-5 A.1.3 with Miller–Rabin), |p - q| > 2^(bits/2 - 100), n of
 * exactly `bits` bits, d = e^-1 mod lcm(p-1, q-1).
 *
 * @param bits - modulus size, 2048..8192
 * @param options - random source
 * @returns the private key
 * @throws RangeError for a size outside 2048..8192
 * @example
 * ```ts
 * import { generateRsaKey } from '@sshkit/ssh-crypto';
 * const key = generateRsaKey(3072);
 * ```
 */
export function generateRsaKey(bits: number, options: RsaKeygenOptions = {}): RsaPrivateKey {
  if (!Number.isInteger(bits) || bits < RSA_KEYGEN_MIN_BITS || bits > RSA_KEYGEN_MAX_BITS) {
    throw new RangeError(
      `generateRsaKey: bits must be an integer in ${RSA_KEYGEN_MIN_BITS}..${RSA_KEYGEN_MAX_BITS}`,
    );
  }
  const random = options.random ?? defaultRandom;
  const e = RSA_PUBLIC_EXPONENT;
  const pBits = Math.ceil(bits / 2);
  const qBits = bits - pBits;
  const minDistance = 1n << BigInt(Math.floor(bits / 2) - 100);
  for (;;) {
    let p = randomPrime(pBits, e, random);
    let q = randomPrime(qBits, e, random);
    const diff = p > q ? p - q : q - p;
    if (diff <= minDistance) continue;
    if (p < q) [p, q] = [q, p];
    const n = p * q;
    if (bitLength(n) !== bits) continue;
    const lambda = ((p - 1n) * (q - 1n)) / gcd(p - 1n, q - 1n);
    const d = modInverse(e, lambda);
    return Object.freeze({
      kind: 'rsa' as const,
      n,
      e,
      d,
      p,
      q,
      dp: d % (p - 1n),
      dq: d % (q - 1n),
      qi: modInverse(q, p),
    });
  }
}
