import { md5, sha1 } from '@noble/hashes/legacy.js';
import { sha224, sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import type { CHash } from '@noble/hashes/utils.js';
import { CryptoError } from '../errors.js';

/** Names of the hash functions SSH and its key files use. */
export type HashName = 'md5' | 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512';

/** An incremental hash computation. */
export interface HashState {
  /** Absorbs more input; returns `this` for chaining. */
  update(data: Uint8Array): HashState;
  /** Finishes and returns the digest; the state cannot be reused. */
  digest(): Uint8Array;
}

/** A hash function with its sizes, by wire-independent name. */
export interface HashSpec {
  readonly name: HashName;
  /** Digest length in bytes. */
  readonly outputLength: number;
  /** Internal block length in bytes (what HMAC pads keys to). */
  readonly blockLength: number;
  /** `true` for MD5 and SHA-1: broken collision resistance, kept for legacy formats. */
  readonly legacy: boolean;
  /** One-shot digest of `data`. */
  digest(data: Uint8Array): Uint8Array;
  /** A fresh incremental state. */
  create(): HashState;
}

const FUNCTIONS: Readonly<Record<HashName, CHash>> = { md5, sha1, sha224, sha256, sha384, sha512 };

/**
 * The noble implementation of a named hash, for constructions that need the
 * function itself (HMAC in RFC 6979). Internal: not part of the public API.
 * @throws CryptoError('unsupported-algorithm') for an unknown name
 */
export function hashFunction(name: HashName): CHash {
  const fn = FUNCTIONS[name];
  if (!fn) throw new CryptoError('unsupported-algorithm', `unknown hash ${JSON.stringify(name)}`);
  return fn;
}

function spec(name: HashName, fn: CHash, legacy: boolean): HashSpec {
  return Object.freeze({
    name,
    outputLength: fn.outputLen,
    blockLength: fn.blockLen,
    legacy,
    digest: (data: Uint8Array) => fn(data),
    create: (): HashState => fn.create(),
  });
}

/**
 * The hash registry, keyed by name (CONVENTIONS rule 4).
 *
 * @example
 * ```ts
 * import { hashes } from '@sshkit/ssh-crypto';
 * hashes.get('sha256')?.digest(new TextEncoder().encode('abc'));
 * ```
 */
export const hashes: ReadonlyMap<HashName, HashSpec> = /* @__PURE__ */ new Map<HashName, HashSpec>([
  ['md5', spec('md5', md5, true)],
  ['sha1', spec('sha1', sha1, true)],
  ['sha224', spec('sha224', sha224, false)],
  ['sha256', spec('sha256', sha256, false)],
  ['sha384', spec('sha384', sha384, false)],
  ['sha512', spec('sha512', sha512, false)],
]);

/**
 * Looks a hash up by name.
 * @param name - one of {@link HashName}
 * @returns the hash's spec
 * @throws CryptoError('unsupported-algorithm') for an unknown name
 * @example
 * ```ts
 * import { getHash } from '@sshkit/ssh-crypto';
 * getHash('sha512').outputLength; // 64
 * ```
 */
export function getHash(name: string): HashSpec {
  const found = hashes.get(name as HashName);
  if (!found) throw new CryptoError('unsupported-algorithm', `unknown hash ${JSON.stringify(name)}`);
  return found;
}

/**
 * Digest of `data` under the named hash.
 * @throws CryptoError('unsupported-algorithm') for an unknown name
 */
export function hash(name: HashName, data: Uint8Array): Uint8Array {
  return getHash(name).digest(data);
}
