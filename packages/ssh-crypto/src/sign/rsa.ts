/**
 * RSA signature algorithms over `ssh-rsa` keys: rsa-sha2-512 and rsa-sha2-256
 * (RFC 8332) and the legacy SHA-1 `ssh-rsa` (RFC 4253 §6.6). The blob is the
 * PKCS#1 v1.5 signature, exactly as long as the modulus when we sign.
 */
import { CryptoError } from '../errors.js';
import type { HashName } from '../hash/registry.js';
import { rsaPkcs1Sign, rsaPkcs1Verify } from '../rsa/pkcs1.js';
import type { PrivateKey, PublicKey, SignatureSpec } from './types.js';

/** An RSA signature algorithm named `name` hashing with `hash`. */
export function rsaSignature(name: string, hash: HashName, legacy: boolean): SignatureSpec {
  const wrongKey = () => new CryptoError('invalid-key', `${name} needs an RSA key`);
  return Object.freeze({
    name,
    keyType: 'ssh-rsa',
    keyKind: 'rsa' as const,
    hash,
    legacy,
    sign(key: PrivateKey, data: Uint8Array): Uint8Array {
      if (key.kind !== 'rsa') throw wrongKey();
      return rsaPkcs1Sign(key, hash, data);
    },
    verify(key: PublicKey, data: Uint8Array, blob: Uint8Array): boolean {
      if (key.kind !== 'rsa') throw wrongKey();
      return rsaPkcs1Verify(key, hash, data, blob);
    },
  });
}
