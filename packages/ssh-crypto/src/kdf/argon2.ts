/**
 * Argon2 (RFC 9106), as PuTTY's `.ppk` version 3 key files use it:
 *
 *     Key-Derivation: Argon2id | Argon2i | Argon2d
 *     Argon2-Memory: <KiB>        Argon2-Passes: <t>
 *     Argon2-Parallelism: <p>     Argon2-Salt: <hex>
 *
 * A thin, bounded wrapper over `@noble/hashes` (version 0x13).
 */
import { argon2d, argon2i, argon2id } from '@noble/hashes/argon2.js';
import { CryptoError } from '../errors.js';

/** The three Argon2 variants of RFC 9106 §3.4. */
export type Argon2Variant = 'argon2d' | 'argon2i' | 'argon2id';

/**
 * Largest memory cost accepted, in KiB (1 GiB). PuTTY's default is 8192 KiB;
 * a key file asking for more than a gibibyte is refused rather than allowed
 * to exhaust the process (`.ppk` files are often untrusted input).
 */
export const ARGON2_MAX_MEMORY_KIB = 1 << 20;
/**
 * Largest pass count accepted. PuTTY calibrates passes to ~100 ms (typically
 * 10–30); 2^16 bounds the time a hostile file can make us spend.
 */
export const ARGON2_MAX_PASSES = 1 << 16;

/** Options of {@link argon2}: the RFC 9106 §3.1 parameters. */
export interface Argon2Options {
  /** Memory size m in KiB (`Argon2-Memory`); at least 8 × parallelism. */
  memory: number;
  /** Number of passes t (`Argon2-Passes`), ≥ 1. */
  passes: number;
  /** Degree of parallelism p (`Argon2-Parallelism`), 1..2^24-1. */
  parallelism: number;
  /** Tag length T in bytes, ≥ 4 (PuTTY: 80 = cipher key + IV + MAC key). */
  length: number;
  /**
   * Secret value K (RFC 9106 §3.1); PuTTY uses none.
   * @default empty
   */
  secret?: Uint8Array;
  /**
   * Associated data X (RFC 9106 §3.1); PuTTY uses none.
   * @default empty
   */
  associatedData?: Uint8Array;
}

const IMPLEMENTATIONS = { argon2d, argon2i, argon2id } as const;

/**
 * Maps a PuTTY `Key-Derivation` value (`Argon2id`, `Argon2i`, `Argon2d`) to a variant.
 * @throws CryptoError('unsupported-algorithm') for anything else
 * @example
 * ```ts
 * import { argon2VariantFromPpk } from '@sshkit/ssh-crypto';
 * argon2VariantFromPpk('Argon2id'); // 'argon2id'
 * ```
 */
export function argon2VariantFromPpk(name: string): Argon2Variant {
  switch (name) {
    case 'Argon2id':
      return 'argon2id';
    case 'Argon2i':
      return 'argon2i';
    case 'Argon2d':
      return 'argon2d';
    default:
      throw new CryptoError('unsupported-algorithm', `unknown Argon2 variant ${JSON.stringify(name)}`);
  }
}

function checkCount(value: number, min: number, max: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new CryptoError('bad-length', `Argon2: ${what} must be an integer in ${min}..${max}`);
  }
}

/**
 * Argon2 of RFC 9106 (version 0x13).
 * @param variant - 'argon2id' (PuTTY's default), 'argon2i' or 'argon2d'
 * @param password - passphrase bytes (P)
 * @param salt - salt bytes (S), at least 8
 * @param options - memory (KiB), passes, parallelism, output length, optional secret and associated data
 * @returns the tag of `options.length` bytes
 * @throws CryptoError('unsupported-algorithm') for an unknown variant,
 *   CryptoError('bad-length') for out-of-range parameters (memory above
 *   {@link ARGON2_MAX_MEMORY_KIB}, passes above {@link ARGON2_MAX_PASSES})
 * @example
 * ```ts
 * import { argon2 } from '@sshkit/ssh-crypto';
 * const key = argon2('argon2id', pass, salt, { memory: 8192, passes: 21, parallelism: 1, length: 80 });
 * ```
 */
export function argon2(
  variant: Argon2Variant,
  password: Uint8Array,
  salt: Uint8Array,
  options: Argon2Options,
): Uint8Array {
  const fn = IMPLEMENTATIONS[variant];
  if (!fn)
    throw new CryptoError('unsupported-algorithm', `unknown Argon2 variant ${JSON.stringify(variant)}`);
  const { memory, passes, parallelism, length } = options;
  checkCount(parallelism, 1, 2 ** 24 - 1, 'parallelism');
  checkCount(memory, 8 * parallelism, ARGON2_MAX_MEMORY_KIB, 'memory (KiB)');
  checkCount(passes, 1, ARGON2_MAX_PASSES, 'passes');
  checkCount(length, 4, 2 ** 32 - 1, 'length');
  if (salt.length < 8) throw new CryptoError('bad-length', 'Argon2: salt must be at least 8 bytes');
  return fn(password, salt, {
    m: memory,
    t: passes,
    p: parallelism,
    dkLen: length,
    version: 0x13,
    ...(options.secret ? { key: options.secret } : {}),
    ...(options.associatedData ? { personalization: options.associatedData } : {}),
    // Room for the memory cost above plus noble's bookkeeping.
    maxmem: ARGON2_MAX_MEMORY_KIB * 1024 + (1 << 20),
  });
}
