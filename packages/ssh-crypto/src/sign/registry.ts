/**
 * The signature algorithm registry, keyed by wire name (CONVENTIONS rule 4),
 * and the outer SSH signature encoding `string alg || string blob`
 * (RFC 4253 §6.6).
 */
import { WireReader, WireWriter } from '@sshkit/ssh-wire';
import { CryptoError } from '../errors.js';
import { dsaSignature } from './dsa.js';
import { ecdsaSignature } from './ecdsa.js';
import { ed448Signature } from './ed448.js';
import { ed25519Signature } from './ed25519.js';
import { rsaSignature } from './rsa.js';
import {
  checkSkPublicKey,
  INVALID_SK_SIGNATURE,
  isSkSignatureAlgorithm,
  type SkSignatureDetails,
  skEcdsaSignature,
  skEd25519Signature,
  skWebauthnEcdsaSignature,
  verifySkBody,
} from './sk.js';
import type { PrivateKey, PublicKey, SignatureSpec } from './types.js';

/**
 * OpenSSH's default order (ssh_config(5) PubkeyAcceptedAlgorithms /
 * HostKeyAlgorithms, without certificates). `ssh-ed448` is supported but not
 * listed: OpenSSH does not implement it.
 */
const OPENSSH_SIGNATURE_ORDER = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'sk-ssh-ed25519@openssh.com',
  'sk-ecdsa-sha2-nistp256@openssh.com',
  'rsa-sha2-512',
  'rsa-sha2-256',
] as const;

/** Every implemented signature algorithm by wire name, legacy ones included. */
export const signatureAlgorithms: ReadonlyMap<string, SignatureSpec> = /* @__PURE__ */ (() =>
  new Map<string, SignatureSpec>(
    [
      ed25519Signature,
      ecdsaSignature('nistp256'),
      ecdsaSignature('nistp384'),
      ecdsaSignature('nistp521'),
      rsaSignature('rsa-sha2-512', 'sha512', false),
      rsaSignature('rsa-sha2-256', 'sha256', false),
      rsaSignature('ssh-rsa', 'sha1', true),
      skEd25519Signature,
      skEcdsaSignature,
      ed448Signature,
      dsaSignature,
    ].map((spec) => [spec.name, spec]),
  ))();

/**
 * Signature-only algorithms (OpenSSH's `sigonly`): names that appear in
 * signatures but never as a key type, so {@link signatureAlgsForKey} does not
 * list them. Today `webauthn-sk-ecdsa-sha2-nistp256@openssh.com`, a WebAuthn
 * signature by an `sk-ecdsa-sha2-nistp256@openssh.com` key (verify only).
 */
export const signatureOnlyAlgorithms: ReadonlyMap<string, SignatureSpec> = /* @__PURE__ */ (() =>
  new Map<string, SignatureSpec>([[skWebauthnEcdsaSignature.name, skWebauthnEcdsaSignature]]))();

function findSignatureAlg(name: string): SignatureSpec | undefined {
  return signatureAlgorithms.get(name) ?? signatureOnlyAlgorithms.get(name);
}

/** Names of every implemented signature algorithm, signature-only ones included (`ssh -Q sig`). */
export function supportedSignatureAlgs(): string[] {
  return [...signatureAlgorithms.keys(), ...signatureOnlyAlgorithms.keys()];
}

/** The default preference list: OpenSSH's order, non-legacy entries only. */
export function defaultSignatureAlgs(): string[] {
  return OPENSSH_SIGNATURE_ORDER.filter((name) => {
    const spec = signatureAlgorithms.get(name);
    return spec !== undefined && !spec.legacy;
  });
}

/** Names of the legacy signature algorithms (`ssh-rsa`, `ssh-dss`); off by default, enable by name. */
export function legacySignatureAlgs(): string[] {
  return [...signatureAlgorithms.values()].filter((spec) => spec.legacy).map((spec) => spec.name);
}

/**
 * Looks a signature algorithm up by wire name.
 * @throws CryptoError('unsupported-algorithm')
 */
export function getSignatureAlg(name: string): SignatureSpec {
  const spec = findSignatureAlg(name);
  if (!spec)
    throw new CryptoError('unsupported-algorithm', `unknown signature algorithm ${JSON.stringify(name)}`);
  return spec;
}

/** The signature algorithms a key can sign with (`rsa-sha2-512`, `rsa-sha2-256`, `ssh-rsa` for RSA). */
export function signatureAlgsForKey(key: PublicKey): string[] {
  return [...signatureAlgorithms.values()]
    .filter(
      (spec) =>
        spec.keyKind === key.kind && (key.kind !== 'ecdsa' || spec.keyType === `ecdsa-sha2-${key.curve}`),
    )
    .map((spec) => spec.name);
}

/** An SSH signature split into its algorithm name and blob. */
export interface DecodedSignature {
  algorithm: string;
  /**
   * What follows the name: the body of `string blob` for ordinary algorithms;
   * for the security-key algorithms (PROTOCOL.u2f) the raw
   * `string signature || byte flags || uint32 counter` (for webauthn followed
   * by `string origin || string clientData || string extensions`).
   */
  blob: Uint8Array;
}

/**
 * Encodes `string algorithm || string blob` (for `sk-*` algorithms,
 * `string algorithm || blob`, the blob being `string sig || byte flags || uint32 counter`).
 * @example
 * ```ts
 * import { encodeSignature } from '@sshkit/ssh-crypto';
 * encodeSignature('ssh-ed25519', blob);
 * ```
 */
export function encodeSignature(algorithm: string, blob: Uint8Array): Uint8Array {
  const w = new WireWriter(blob.length + algorithm.length + 8).string(algorithm);
  return (isSkSignatureAlgorithm(algorithm) ? w.raw(blob) : w.string(blob)).finish();
}

/**
 * Decodes `string algorithm || string blob`, rejecting trailing data. For
 * the `sk-*` algorithms the blob is everything after the name (checked by
 * their `verify`).
 * @throws WireError for malformed input
 */
export function decodeSignature(signature: Uint8Array): DecodedSignature {
  const r = new WireReader(signature);
  const algorithm = r.utf8();
  if (isSkSignatureAlgorithm(algorithm)) return { algorithm, blob: r.rest() };
  const blob = r.string();
  r.expectEnd();
  return { algorithm, blob };
}

/**
 * Signs `data` and returns the full SSH signature encoding.
 * @param algorithm - signature algorithm name (`rsa-sha2-512`, `ssh-ed25519`, ...)
 * @param key - a private key of the algorithm's kind
 * @param data - the data to sign
 * @returns `string algorithm || string blob`
 * @throws CryptoError('unsupported-algorithm' | 'invalid-key')
 * @example
 * ```ts
 * import { generateEd25519Key, signData, verifySignature } from '@sshkit/ssh-crypto';
 * const key = generateEd25519Key();
 * const sig = signData('ssh-ed25519', key, data);
 * verifySignature(key, data, sig); // true
 * ```
 */
export function signData(algorithm: string, key: PrivateKey, data: Uint8Array): Uint8Array {
  return encodeSignature(algorithm, getSignatureAlg(algorithm).sign(key, data));
}

/** Options of {@link verifySignature}. */
export interface VerifyOptions {
  /**
   * Signature algorithms to accept; a signature under another name is `false`.
   * @default every registered algorithm, legacy `ssh-rsa` and `ssh-dss` included
   */
  allowed?: readonly string[];
}

/**
 * Verifies a full SSH signature (`string algorithm || string blob`) over
 * `data` with `key`.
 *
 * Returns `false` — never throws — for anything wrong with the signature
 * bytes: malformed encoding, unknown or disallowed algorithm, an algorithm
 * that does not match the key, a wrong length or a wrong value.
 *
 * @throws CryptoError('invalid-key') only if the key itself is unusable (an
 *   RSA modulus below 1024 bits, an off-curve ECDSA point)
 */
export function verifySignature(
  key: PublicKey,
  data: Uint8Array,
  signature: Uint8Array,
  options: VerifyOptions = {},
): boolean {
  let decoded: DecodedSignature;
  try {
    decoded = decodeSignature(signature);
  } catch {
    return false;
  }
  if (options.allowed && !options.allowed.includes(decoded.algorithm)) return false;
  const spec = findSignatureAlg(decoded.algorithm);
  if (!spec || spec.keyKind !== key.kind) return false;
  if (key.kind === 'ecdsa' && spec.keyType !== `ecdsa-sha2-${key.curve}`) return false;
  return spec.verify(key, data, decoded.blob);
}

/**
 * Verifies a security-key signature (`sk-ecdsa-sha2-nistp256@openssh.com`,
 * `sk-ssh-ed25519@openssh.com`, and `webauthn-sk-ecdsa-sha2-nistp256@openssh.com`
 * by an sk-ecdsa key) and reports what the authenticator asserted.
 * {@link verifySignature} accepts these too but only says valid or not; a
 * server must also check `userPresent` (OpenSSH requires it unless the key
 * has `no-touch-required`) and may track `counter`.
 *
 * Never throws for bad signature bytes: anything malformed, disallowed or
 * under another algorithm is `{ valid: false }`.
 * @param key - a security-key public key (`sk-ecdsa` or `sk-ed25519`)
 * @param data - the signed data
 * @param signature - `string alg || string sig || byte flags || uint32 counter`
 *   (webauthn: then `string origin || string clientData || string extensions`)
 * @param options - allowed algorithm names
 * @throws CryptoError('invalid-key') if the key is not a usable security key
 * @example
 * ```ts
 * import { verifySkSignature } from '@sshkit/ssh-crypto';
 * const { valid, userPresent, counter } = verifySkSignature(key, data, signature);
 * ```
 */
export function verifySkSignature(
  key: PublicKey,
  data: Uint8Array,
  signature: Uint8Array,
  options: VerifyOptions = {},
): SkSignatureDetails {
  if (key.kind !== 'sk-ecdsa' && key.kind !== 'sk-ed25519') {
    throw new CryptoError('invalid-key', 'verifySkSignature needs a security-key public key');
  }
  checkSkPublicKey(key);
  let decoded: DecodedSignature;
  try {
    decoded = decodeSignature(signature);
  } catch {
    return INVALID_SK_SIGNATURE;
  }
  const spec = findSignatureAlg(decoded.algorithm);
  if (
    (options.allowed && !options.allowed.includes(decoded.algorithm)) ||
    !spec ||
    spec.keyKind !== key.kind
  ) {
    return INVALID_SK_SIGNATURE;
  }
  return verifySkBody(key, data, decoded.blob, decoded.algorithm);
}
