/**
 * FIDO/U2F security-key signatures (OpenSSH PROTOCOL.u2f):
 * `sk-ecdsa-sha2-nistp256@openssh.com` and `sk-ssh-ed25519@openssh.com`.
 * Verification only: the private key never leaves the authenticator.
 *
 * On the wire the signature is not `string alg || string blob` but
 *
 *     string   "sk-ecdsa-sha2-nistp256@openssh.com" (or "sk-ssh-ed25519@openssh.com")
 *     string   signature   (mpint r || mpint s, or the 64-byte Ed25519 signature)
 *     byte     flags
 *     uint32   counter
 *
 * and the authenticator signed, per PROTOCOL.u2f "SSH U2F signatures",
 *
 *     byte[32] SHA256(application)
 *     byte     flags (including "user present", extensions present)
 *     uint32   counter
 *     byte[]   extensions   ("No extensions are yet defined for SSH use")
 *     byte[32] SHA256(message)
 *
 * ECDSA signs SHA-256 of that blob; Ed25519 signs the blob itself.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bigIntToBytes, WireReader, WireWriter } from '@sshkit/ssh-wire';
import { concatBytes } from '../bytes.js';
import { CryptoError } from '../errors.js';
import { decodeNistPoint, getNistCurve } from './nist-curves.js';
import type { PrivateKey, PublicKey, SignatureSpec, SkEcdsaPublicKey, SkEd25519PublicKey } from './types.js';

/** PROTOCOL.u2f SSH_SK_USER_PRESENCE_REQD: the user touched the key. */
export const SK_FLAG_USER_PRESENT = 0x01;
/** PROTOCOL.u2f SSH_SK_USER_VERIFICATION_REQD: the authenticator verified the user (PIN, biometrics). */
export const SK_FLAG_USER_VERIFIED = 0x04;

/** The security-key signature algorithm names (their signature layout differs, see above). */
export const SK_SIGNATURE_ALGORITHMS: ReadonlySet<string> = /* @__PURE__ */ new Set([
  'sk-ecdsa-sha2-nistp256@openssh.com',
  'sk-ssh-ed25519@openssh.com',
]);

/** True for the security-key algorithms, whose signature is `string sig || byte flags || uint32 counter` after the name. */
export function isSkSignatureAlgorithm(name: string): boolean {
  return SK_SIGNATURE_ALGORITHMS.has(name);
}

/** What a security-key signature asserts, besides being valid. */
export interface SkSignatureDetails {
  /** The signature verifies over the PROTOCOL.u2f signed data. */
  readonly valid: boolean;
  /** The authenticator's flags byte (0 when the signature is malformed). */
  readonly flags: number;
  /** The authenticator's signature counter (0 when malformed). */
  readonly counter: number;
  /** `flags & 0x01`: user presence was asserted. OpenSSH's sshd requires it unless `no-touch-required`. */
  readonly userPresent: boolean;
  /** `flags & 0x04`: user verification was asserted (`verify-required`). */
  readonly userVerified: boolean;
}

const INVALID: SkSignatureDetails = Object.freeze({
  valid: false,
  flags: 0,
  counter: 0,
  userPresent: false,
  userVerified: false,
});

/**
 * The data a FIDO authenticator signs for an SSH message (PROTOCOL.u2f):
 * SHA256(application) || flags || uint32 counter || SHA256(message), with no
 * extensions. Exposed for software authenticators and tests.
 * @param application - the key's application string ("ssh:")
 * @param flags - the flags byte
 * @param counter - the signature counter
 * @param message - the SSH data being signed
 */
export function skSignedData(
  application: string,
  flags: number,
  counter: number,
  message: Uint8Array,
): Uint8Array {
  return new WireWriter(32 + 1 + 4 + 32)
    .raw(sha256(new TextEncoder().encode(application)))
    .u8(flags)
    .u32(counter)
    .raw(sha256(message))
    .finish();
}

/** `string signature || byte flags || uint32 counter` with nothing after, or undefined. */
function parseSkBody(
  body: Uint8Array,
): { signature: Uint8Array; flags: number; counter: number } | undefined {
  try {
    const r = new WireReader(body);
    const signature = r.string();
    const flags = r.u8();
    const counter = r.u32();
    r.expectEnd();
    return { signature, flags, counter };
  } catch {
    return undefined;
  }
}

function details(valid: boolean, flags: number, counter: number): SkSignatureDetails {
  return Object.freeze({
    valid,
    flags,
    counter,
    userPresent: (flags & SK_FLAG_USER_PRESENT) !== 0,
    userVerified: (flags & SK_FLAG_USER_VERIFIED) !== 0,
  });
}

const P256 = /* @__PURE__ */ getNistCurve('nistp256');
const ED25519_KEY_BYTES = 32;
const ED25519_SIGNATURE_BYTES = 64;

/**
 * Checks a security-key public key: an on-curve P-256 point, or a 32-byte
 * Ed25519 key.
 * @throws CryptoError('invalid-key')
 */
export function checkSkPublicKey(key: SkEcdsaPublicKey | SkEd25519PublicKey): void {
  if (key.kind === 'sk-ecdsa') {
    if (key.curve !== 'nistp256') throw new CryptoError('invalid-key', 'sk-ecdsa keys are on nistp256');
    decodeNistPoint(P256, key.Q, 'invalid-key');
  } else if (key.publicKey.length !== ED25519_KEY_BYTES) {
    throw new CryptoError('invalid-key', 'sk-ssh-ed25519 key must be 32 bytes');
  }
}

/** The details of a signature that did not even parse. */
export const INVALID_SK_SIGNATURE: SkSignatureDetails = INVALID;

function verifyEcdsaBody(key: SkEcdsaPublicKey, data: Uint8Array, body: Uint8Array): SkSignatureDetails {
  checkSkPublicKey(key);
  const parsed = parseSkBody(body);
  if (!parsed) return INVALID;
  let r: bigint;
  let s: bigint;
  try {
    const reader = new WireReader(parsed.signature);
    r = reader.mpint();
    s = reader.mpint();
    reader.expectEnd();
  } catch {
    return details(false, parsed.flags, parsed.counter);
  }
  let valid = false;
  if (r >= 1n && r < P256.order && s >= 1n && s < P256.order) {
    const compact = concatBytes(bigIntToBytes(r, 32), bigIntToBytes(s, 32));
    const signed = skSignedData(key.application, parsed.flags, parsed.counter, data);
    try {
      valid = P256.ecdsa.verify(compact, signed, key.Q, { prehash: true, lowS: false });
    } catch {
      valid = false;
    }
  }
  return details(valid, parsed.flags, parsed.counter);
}

function verifyEd25519Body(key: SkEd25519PublicKey, data: Uint8Array, body: Uint8Array): SkSignatureDetails {
  checkSkPublicKey(key);
  const parsed = parseSkBody(body);
  if (!parsed) return INVALID;
  let valid = false;
  if (parsed.signature.length === ED25519_SIGNATURE_BYTES) {
    const signed = skSignedData(key.application, parsed.flags, parsed.counter, data);
    try {
      valid = ed25519.verify(parsed.signature, signed, key.publicKey, { zip215: false });
    } catch {
      valid = false;
    }
  }
  return details(valid, parsed.flags, parsed.counter);
}

/**
 * Verifies a security-key signature body (everything after the algorithm
 * name) and reports the flags and counter. Never throws for bad signature
 * bytes.
 * @throws CryptoError('invalid-key') if the key is not a security key or is unusable
 */
export function verifySkBody(key: PublicKey, data: Uint8Array, body: Uint8Array): SkSignatureDetails {
  switch (key.kind) {
    case 'sk-ecdsa':
      return verifyEcdsaBody(key, data, body);
    case 'sk-ed25519':
      return verifyEd25519Body(key, data, body);
    default:
      throw new CryptoError('invalid-key', 'not a security-key public key');
  }
}

function skSpec(name: string, keyKind: 'sk-ecdsa' | 'sk-ed25519'): SignatureSpec {
  return Object.freeze({
    name,
    keyType: name,
    keyKind,
    hash: 'sha256' as const,
    legacy: false,
    sign(_key: PrivateKey, _data: Uint8Array): Uint8Array {
      throw new CryptoError(
        'invalid-key',
        `${name} signatures are made by the security key, not in software`,
      );
    },
    verify(key: PublicKey, data: Uint8Array, body: Uint8Array): boolean {
      if (key.kind !== keyKind) throw new CryptoError('invalid-key', `${name} needs a ${keyKind} key`);
      return verifySkBody(key, data, body).valid;
    },
  });
}

/** sk-ecdsa-sha2-nistp256@openssh.com (verify only). Its `verify` takes the body after the name. */
export const skEcdsaSignature: SignatureSpec = /* @__PURE__ */ skSpec(
  'sk-ecdsa-sha2-nistp256@openssh.com',
  'sk-ecdsa',
);
/** sk-ssh-ed25519@openssh.com (verify only). Its `verify` takes the body after the name. */
export const skEd25519Signature: SignatureSpec = /* @__PURE__ */ skSpec(
  'sk-ssh-ed25519@openssh.com',
  'sk-ed25519',
);
