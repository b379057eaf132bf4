/**
 * DSA keys for `ssh-dss`: checks, completion from stored parts, and
 * generation (FIPS 186-4 A.1.1.2 probable primes with SHA-1, A.2.1
 * generator, B.1.2 private exponent) at the only size SSH uses, L = 1024,
 * N = 160.
 */
import { bigIntToBytes, bytesToBigInt } from '@sshkit/ssh-wire';
import { CryptoError } from '../errors.js';
import { hashFunction } from '../hash/registry.js';
import { defaultRandom, type RandomSource } from '../random.js';
import { bitLength, isProbablePrime, modPow, randomBits } from '../rsa/math.js';
import type { DsaParameters, DsaPrivateKey, DsaPublicKey } from './types.js';

/**
 * Bits of p. RFC 4253 §6.6 ties `ssh-dss` to SHA-1 and a 40-byte signature;
 * OpenSSH only makes and accepts 1024-bit DSA keys (`SSH_DSA_BITS`).
 */
export const DSA_P_BITS = 1024;
/** Bits of q: 160, so r and s fit the 20-byte halves of the signature blob. */
export const DSA_Q_BITS = 160;

/**
 * Miller–Rabin rounds for p and q: FIPS 186-4 Table C.1 asks 40 for
 * L = 1024, N = 160 when Miller–Rabin is the only test.
 */
const DSA_MR_ROUNDS = 40;

/**
 * Checks that a public key is a usable SSH DSA key: p of 1024 bits, q of 160
 * bits, q | p-1, 1 < g < p with g^q = 1, 1 < y < p with y^q = 1 (y in the
 * subgroup). Primality of p and q is not re-tested here (it costs seconds);
 * {@link generateDsaParameters} produces proven-probable primes.
 * @throws CryptoError('invalid-key')
 */
export function checkDsaPublicKey(key: DsaPublicKey): void {
  const { p, q, g, y } = key;
  if (bitLength(p) !== DSA_P_BITS || (p & 1n) === 0n) {
    throw new CryptoError('invalid-key', `DSA p must be an odd ${DSA_P_BITS}-bit number`);
  }
  if (bitLength(q) !== DSA_Q_BITS || (q & 1n) === 0n) {
    throw new CryptoError('invalid-key', `DSA q must be an odd ${DSA_Q_BITS}-bit number`);
  }
  if ((p - 1n) % q !== 0n) throw new CryptoError('invalid-key', 'DSA q does not divide p-1');
  if (g <= 1n || g >= p || modPow(g, q, p) !== 1n) {
    throw new CryptoError('invalid-key', 'DSA g is not a generator of the order-q subgroup');
  }
  if (y <= 1n || y >= p || modPow(y, q, p) !== 1n) {
    throw new CryptoError('invalid-key', 'DSA y is not in the order-q subgroup');
  }
}

/**
 * Builds a private key from `p, q, g, x` (and the stored `y`, which must then
 * match), as OpenSSH's and PEM key formats store them.
 * @throws CryptoError('invalid-key') if the parts do not form a DSA key
 * @example
 * ```ts
 * import { completeDsaPrivateKey } from '@sshkit/ssh-crypto';
 * const key = completeDsaPrivateKey({ p, q, g, y, x });
 * ```
 */
export function completeDsaPrivateKey(parts: {
  p: bigint;
  q: bigint;
  g: bigint;
  x: bigint;
  y?: bigint;
}): DsaPrivateKey {
  const { p, q, g, x } = parts;
  if (x < 1n || x >= q) throw new CryptoError('invalid-key', 'DSA x must be in [1, q-1]');
  const y = modPow(g, x, p);
  if (parts.y !== undefined && parts.y !== y) throw new CryptoError('invalid-key', 'DSA y != g^x mod p');
  const key = Object.freeze({ kind: 'dsa' as const, p, q, g, y, x });
  checkDsaPublicKey(key);
  return key;
}

/** Domain parameters with the FIPS 186-4 A.1.1.2 evidence that lets anyone re-derive p and q. */
export interface GeneratedDsaParameters extends DsaParameters {
  /** The domain_parameter_seed (20 bytes). */
  readonly seed: Uint8Array;
  /** The counter at which p was found. */
  readonly counter: number;
}

const OUTLEN = 160; // SHA-1
const SEEDLEN_BYTES = DSA_Q_BITS / 8;

function sha1Int(data: Uint8Array): bigint {
  return bytesToBigInt(hashFunction('sha1')(data));
}

/**
 * FIPS 186-4 A.1.1.2 "Generation of the Probable Primes p and q Using an
 * Approved Hash Function" with SHA-1, L = 1024, N = seedlen = 160, then the
 * A.2.1 unverifiable generator g = h^((p-1)/q) mod p for the first h ≥ 2 that
 * gives g ≠ 1.
 * @param options - random source for the seeds and Miller–Rabin bases
 * @returns p, q, g with the seed and counter of A.1.1.2
 */
export function generateDsaParameters(options: { random?: RandomSource } = {}): GeneratedDsaParameters {
  const random = options.random ?? defaultRandom;
  const L = DSA_P_BITS;
  const N = DSA_Q_BITS;
  const n = Math.ceil(L / OUTLEN) - 1; // 6
  const b = L - 1 - n * OUTLEN; // 63
  const seedModulus = 1n << BigInt(SEEDLEN_BYTES * 8);
  for (;;) {
    // Steps 5-8: q from the seed.
    const seed = random(SEEDLEN_BYTES);
    const U = sha1Int(seed) % (1n << BigInt(N - 1));
    const q = (1n << BigInt(N - 1)) + U + 1n - (U % 2n);
    if (!isProbablePrime(q, DSA_MR_ROUNDS, random)) continue;
    // Steps 10-11: p from consecutive seed offsets.
    const seedValue = bytesToBigInt(seed);
    let offset = 1n;
    for (let counter = 0; counter < 4 * L; counter++) {
      let W = 0n;
      for (let j = 0; j <= n; j++) {
        const V = sha1Int(bigIntToBytes((seedValue + offset + BigInt(j)) % seedModulus, SEEDLEN_BYTES));
        const part = j < n ? V : V % (1n << BigInt(b));
        W += part << BigInt(j * OUTLEN);
      }
      const X = W + (1n << BigInt(L - 1));
      const c = X % (2n * q);
      const p = X - (c - 1n);
      if (p >= 1n << BigInt(L - 1) && isProbablePrime(p, DSA_MR_ROUNDS, random)) {
        const e = (p - 1n) / q;
        for (let h = 2n; ; h++) {
          const g = modPow(h, e, p);
          if (g !== 1n) return Object.freeze({ p, q, g, seed, counter });
        }
      }
      offset += BigInt(n + 1);
    }
  }
}

/** Options of {@link generateDsaKey}. */
export interface DsaKeygenOptions {
  /**
   * Source of the parameters and of x (CONVENTIONS rule 7).
   * @default defaultRandom
   */
  random?: RandomSource;
  /**
   * Domain parameters to reuse (parameter generation is the slow part).
   * @default freshly generated by {@link generateDsaParameters}
   */
  parameters?: DsaParameters;
}

/**
 * Generates a 1024-bit DSA key (legacy `ssh-dss`): parameters by FIPS 186-4
 * A.1.1.2 unless given, then x by B.1.2 (a random 160-bit c ≤ q-2, x = c+1)
 * and y = g^x mod p.
 * @param options - random source and optional parameters
 * @returns the private key
 * @throws CryptoError('invalid-key') if given parameters are unusable
 * @example
 * ```ts
 * import { generateDsaKey } from '@sshkit/ssh-crypto';
 * const key = generateDsaKey();
 * ```
 */
export function generateDsaKey(options: DsaKeygenOptions = {}): DsaPrivateKey {
  const random = options.random ?? defaultRandom;
  const { p, q, g } = options.parameters ?? generateDsaParameters({ random });
  let c: bigint;
  do {
    c = randomBits(DSA_Q_BITS, random);
  } while (c > q - 2n);
  return completeDsaPrivateKey({ p, q, g, x: c + 1n });
}
