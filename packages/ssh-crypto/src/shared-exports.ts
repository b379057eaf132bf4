// Everything both entry points (index.ts, index.node.ts) export identically;
// only the cipher and MAC registries differ between the two.
export { concatBytes, constantTimeEqual } from './bytes.js';
export { CryptoError, type CryptoErrorKind } from './errors.js';
export { getHash, type HashName, type HashSpec, type HashState, hash, hashes } from './hash/registry.js';
export { bcryptPbkdf } from './kdf/bcrypt-pbkdf.js';
export { Blowfish } from './kdf/blowfish.js';
export {
  type DirectionKeyLengths,
  type DirectionKeys,
  deriveKey,
  deriveSessionKeys,
  type KeyLetter,
  type SessionKeys,
} from './kdf/derive-keys.js';
export { evpBytesToKey } from './kdf/evp-bytes-to-key.js';
export {
  getKeyFileCipher,
  type KeyFileCipherName,
  type KeyFileCipherOptions,
  type KeyFileCipherSpec,
  keyFileCiphers,
} from './kdf/key-file-cipher.js';
export { pbkdf2 } from './kdf/pbkdf2.js';
export { DEFAULT_GEX_REQUEST, GEX_MAX_BITS, GEX_MIN_BITS } from './kex/dh-gex.js';
export { type ModpGroupId, modpGroup } from './kex/dh-groups.js';
export { computeExchangeHash } from './kex/exchange-hash.js';
export { defaultKexAlgs, getKex, kexAlgorithms, legacyKexAlgs, supportedKexAlgs } from './kex/registry.js';
export type {
  DhGroup,
  DirectKexSpec,
  GexClient,
  GexClientOptions,
  GexGroupChoice,
  GexRequest,
  GexServer,
  GexServerOptions,
  GroupExchangeKexSpec,
  KexClient,
  KexOptions,
  KexOutcome,
  KexServer,
  KexSpec,
  KexSpecBase,
  KexTranscript,
} from './kex/types.js';
export { defaultRandom, type RandomSource } from './random.js';
export {
  checkRsaPublicKey,
  completeRsaPrivateKey,
  generateRsaKey,
  RSA_MAX_BITS,
  RSA_MIN_BITS,
  type RsaKeygenOptions,
} from './rsa/key.js';
export { rsaPkcs1Sign, rsaPkcs1Verify } from './rsa/pkcs1.js';
export type { RsaPrivateKey, RsaPublicKey } from './rsa/types.js';
export { ecdsaKeyFromScalar, generateEcdsaKey } from './sign/ecdsa.js';
export { ed25519KeyFromSeed, generateEd25519Key } from './sign/ed25519.js';
export type { NistCurveName } from './sign/nist-curves.js';
export {
  decodePublicKeyBlob,
  encodePublicKeyBlob,
  publicKeyType,
  readPublicKeyFields,
  writePublicKeyFields,
} from './sign/public-key-blob.js';
export {
  type DecodedSignature,
  decodeSignature,
  defaultSignatureAlgs,
  encodeSignature,
  getSignatureAlg,
  legacySignatureAlgs,
  signatureAlgorithms,
  signatureAlgsForKey,
  signData,
  supportedSignatureAlgs,
  type VerifyOptions,
  verifySignature,
} from './sign/registry.js';
export type {
  EcdsaPrivateKey,
  EcdsaPublicKey,
  Ed25519PrivateKey,
  Ed25519PublicKey,
  PrivateKey,
  PublicKey,
  SignatureSpec,
} from './sign/types.js';
