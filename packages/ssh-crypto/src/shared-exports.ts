// Everything both entry points (index.ts, index.node.ts) export identically;
// index.node.ts overrides the cipher, MAC and kex registries and signData/verifySignature.
export { concatBytes, constantTimeEqual } from './bytes.js';
export {
  checkDsaPublicKey,
  completeDsaPrivateKey,
  DSA_P_BITS,
  DSA_Q_BITS,
  type DsaKeygenOptions,
  type GeneratedDsaParameters,
  generateDsaKey,
  generateDsaParameters,
} from './dsa/key.js';
export { type DsaSignatureValues, dsaSign, dsaVerify } from './dsa/sign.js';
export type { DsaParameters, DsaPrivateKey, DsaPublicKey } from './dsa/types.js';
export { CryptoError, type CryptoErrorKind } from './errors.js';
export { freeArrayBufferNow, freeNow } from './free-now.js';
export { getHash, type HashName, type HashSpec, type HashState, hash, hashes } from './hash/registry.js';
export {
  ARGON2_MAX_MEMORY_KIB,
  ARGON2_MAX_PASSES,
  type Argon2Options,
  type Argon2Variant,
  argon2,
  argon2VariantFromPpk,
} from './kdf/argon2.js';
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
export {
  SNTRUP761_CIPHERTEXT_BYTES,
  SNTRUP761_PUBLIC_KEY_BYTES,
  SNTRUP761_SECRET_KEY_BYTES,
  SNTRUP761_SHARED_SECRET_BYTES,
  type Sntrup761Encapsulation,
  type Sntrup761KeyPair,
  sntrup761Decapsulate,
  sntrup761Encapsulate,
  sntrup761KeyPair,
} from './pq/sntrup761.js';
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
export { ED448_KEY_BYTES, ed448KeyFromSeed, generateEd448Key } from './sign/ed448.js';
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
  signatureOnlyAlgorithms,
  signData,
  supportedSignatureAlgs,
  type VerifyOptions,
  verifySignature,
  verifySkSignature,
} from './sign/registry.js';
export {
  checkSkPublicKey,
  isSkSignatureAlgorithm,
  SK_FLAG_USER_PRESENT,
  SK_FLAG_USER_VERIFIED,
  SK_SIGNATURE_ALGORITHMS,
  type SkSignatureDetails,
  skSignedData,
  skWebauthnEcdsaSignature,
  WEBAUTHN_SK_ECDSA_ALGORITHM,
} from './sign/sk.js';
export type {
  EcdsaPrivateKey,
  EcdsaPublicKey,
  Ed448PrivateKey,
  Ed448PublicKey,
  Ed25519PrivateKey,
  Ed25519PublicKey,
  PrivateKey,
  PublicKey,
  SignatureHashName,
  SignatureSpec,
  SkEcdsaPublicKey,
  SkEd25519PublicKey,
} from './sign/types.js';
