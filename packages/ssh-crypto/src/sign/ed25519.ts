/**
 * ssh-ed25519 (RFC 8709): "string ssh-ed25519 || string key" public keys and
 * a 64-byte RFC 8032 signature blob.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { CryptoError } from '../errors.js';
import { defaultRandom, type RandomSource } from '../random.js';
import type { Ed25519PrivateKey, PrivateKey, PublicKey, SignatureSpec } from './types.js';

const KEY_BYTES = 32;
const SIGNATURE_BYTES = 64;

/**
 * Generates an Ed25519 key from 32 random seed bytes.
 * @param options - random source (CONVENTIONS rule 7)
 * @example
 * ```ts
 * import { generateEd25519Key } from '@sshkit/ssh-crypto';
 * const key = generateEd25519Key();
 * ```
 */
export function generateEd25519Key(options: { random?: RandomSource } = {}): Ed25519PrivateKey {
  return ed25519KeyFromSeed((options.random ?? defaultRandom)(KEY_BYTES));
}

/**
 * The Ed25519 key of a 32-byte seed (RFC 8032 §5.1.5).
 * @throws CryptoError('invalid-key') for a seed that is not 32 bytes
 */
export function ed25519KeyFromSeed(seed: Uint8Array): Ed25519PrivateKey {
  if (seed.length !== KEY_BYTES) throw new CryptoError('invalid-key', 'Ed25519 seed must be 32 bytes');
  return Object.freeze({
    kind: 'ed25519' as const,
    seed: seed.slice(),
    publicKey: ed25519.getPublicKey(seed),
  });
}

function asPrivate(key: PrivateKey): Ed25519PrivateKey {
  if (key.kind !== 'ed25519' || key.seed.length !== KEY_BYTES) {
    throw new CryptoError('invalid-key', 'ssh-ed25519 needs an Ed25519 key');
  }
  return key;
}

/** The ssh-ed25519 signature algorithm. */
export const ed25519Signature: SignatureSpec = /* @__PURE__ */ Object.freeze({
  name: 'ssh-ed25519',
  keyType: 'ssh-ed25519',
  keyKind: 'ed25519' as const,
  hash: 'sha512' as const,
  legacy: false,
  sign(key: PrivateKey, data: Uint8Array): Uint8Array {
    return ed25519.sign(data, asPrivate(key).seed);
  },
  verify(key: PublicKey, data: Uint8Array, blob: Uint8Array): boolean {
    if (key.kind !== 'ed25519' || key.publicKey.length !== KEY_BYTES) {
      throw new CryptoError('invalid-key', 'ssh-ed25519 needs an Ed25519 key');
    }
    if (blob.length !== SIGNATURE_BYTES) return false;
    try {
      // zip215: false is RFC 8032's strict (cofactorless, canonical) rule.
      return ed25519.verify(blob, data, key.publicKey, { zip215: false });
    } catch {
      return false;
    }
  },
});
