/**
 * ssh-ed448 (RFC 8709): "string ssh-ed448 || string key" public keys (57
 * bytes) and a 114-byte RFC 8032 Ed448 signature blob (empty context).
 * Supported but not in the defaults: OpenSSH does not implement it.
 */
import { ed448 } from '@noble/curves/ed448.js';
import { CryptoError } from '../errors.js';
import { defaultRandom, type RandomSource } from '../random.js';
import type { Ed448PrivateKey, PrivateKey, PublicKey, SignatureSpec } from './types.js';

/** RFC 8032 §5.2.5: 57-byte private keys and public keys. */
export const ED448_KEY_BYTES = 57;
/** RFC 8032 §5.2.6: 114-byte signatures. */
const SIGNATURE_BYTES = 114;

/**
 * Generates an Ed448 key from 57 random seed bytes.
 * @param options - random source (CONVENTIONS rule 7)
 * @example
 * ```ts
 * import { generateEd448Key } from '@sshkit/ssh-crypto';
 * const key = generateEd448Key();
 * ```
 */
export function generateEd448Key(options: { random?: RandomSource } = {}): Ed448PrivateKey {
  return ed448KeyFromSeed((options.random ?? defaultRandom)(ED448_KEY_BYTES));
}

/**
 * The Ed448 key of a 57-byte seed (RFC 8032 §5.2.5).
 * @throws CryptoError('invalid-key') for a seed that is not 57 bytes
 */
export function ed448KeyFromSeed(seed: Uint8Array): Ed448PrivateKey {
  if (seed.length !== ED448_KEY_BYTES) throw new CryptoError('invalid-key', 'Ed448 seed must be 57 bytes');
  return Object.freeze({
    kind: 'ed448' as const,
    seed: seed.slice(),
    publicKey: ed448.getPublicKey(seed),
  });
}

const wrongKey = () => new CryptoError('invalid-key', 'ssh-ed448 needs an Ed448 key');

/** The ssh-ed448 signature algorithm. */
export const ed448Signature: SignatureSpec = /* @__PURE__ */ Object.freeze({
  name: 'ssh-ed448',
  keyType: 'ssh-ed448',
  keyKind: 'ed448' as const,
  hash: 'shake256' as const,
  legacy: false,
  sign(key: PrivateKey, data: Uint8Array): Uint8Array {
    if (key.kind !== 'ed448' || key.seed.length !== ED448_KEY_BYTES) throw wrongKey();
    return ed448.sign(data, key.seed);
  },
  verify(key: PublicKey, data: Uint8Array, blob: Uint8Array): boolean {
    if (key.kind !== 'ed448' || key.publicKey.length !== ED448_KEY_BYTES) throw wrongKey();
    if (blob.length !== SIGNATURE_BYTES) return false;
    try {
      // zip215: false is RFC 8032's strict rule (canonical encodings, cofactorless check).
      return ed448.verify(blob, data, key.publicKey, { zip215: false });
    } catch {
      return false;
    }
  },
});
