/**
 * The one place `@sshkit/ssh-keys` touches `@sshkit/ssh-crypto`: every
 * primitive the formats need is imported here, so the rest of the package
 * depends on a short, reviewable list.
 */
import { getHash, type HashName } from '@sshkit/ssh-crypto';

export {
  type Argon2Variant,
  argon2,
  bcryptPbkdf,
  CryptoError,
  completeDsaPrivateKey,
  completeRsaPrivateKey,
  constantTimeEqual,
  type DsaPrivateKey,
  type DsaPublicKey,
  decodePublicKeyBlob,
  decodeSignature,
  defaultRandom,
  type EcdsaPrivateKey,
  type EcdsaPublicKey,
  type Ed448PrivateKey,
  type Ed448PublicKey,
  type Ed25519PrivateKey,
  type Ed25519PublicKey,
  ecdsaKeyFromScalar,
  ed448KeyFromSeed,
  ed25519KeyFromSeed,
  encodePublicKeyBlob,
  encodeSignature,
  evpBytesToKey,
  generateDsaKey,
  generateEcdsaKey,
  generateEd448Key,
  generateEd25519Key,
  generateRsaKey,
  getKeyFileCipher,
  type HashName,
  hash,
  type KeyFileCipherSpec,
  type NistCurveName,
  type PrivateKey,
  type PublicKey,
  pbkdf2,
  publicKeyType,
  type RandomSource,
  type RsaPrivateKey,
  type RsaPublicKey,
  readPublicKeyFields,
  SK_FLAG_USER_PRESENT,
  SK_FLAG_USER_VERIFIED,
  type SkEcdsaPublicKey,
  type SkEd25519PublicKey,
  type SkSignatureDetails,
  signatureAlgsForKey,
  signData,
  verifySignature,
  verifySkSignature,
  writePublicKeyFields,
} from '@sshkit/ssh-crypto';

/**
 * HMAC (RFC 2104) over an `ssh-crypto` hash, for hashed known_hosts names
 * (`|1|salt|HMAC-SHA1(salt, host)`).
 * @param hashName - the hash
 * @param key - HMAC key
 * @param data - message
 * @returns the full tag
 */
export function hmac(hashName: HashName, key: Uint8Array, data: Uint8Array): Uint8Array {
  const spec = getHash(hashName);
  const block = spec.blockLength;
  let k = key.length > block ? spec.digest(key) : key;
  const padded = new Uint8Array(block);
  padded.set(k);
  k = padded;
  const ipad = new Uint8Array(block);
  const opad = new Uint8Array(block);
  for (let i = 0; i < block; i++) {
    ipad[i] = (k[i] as number) ^ 0x36;
    opad[i] = (k[i] as number) ^ 0x5c;
  }
  const inner = spec.create().update(ipad).update(data).digest();
  return spec.create().update(opad).update(inner).digest();
}
