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
 *
 * `webauthn-sk-ecdsa-sha2-nistp256@openssh.com` is a signature-only name for
 * the same `sk-ecdsa` key, made through a WebAuthn client (a browser). Its
 * wire form, per OpenSSH ssh-ecdsa-sk.c `ssh_ecdsa_sk_verify`, appends
 *
 *     string   origin        (no NUL, no '"')
 *     string   clientData    (the WebAuthn clientDataJSON)
 *     string   extensions    (present iff flags has ED 0x80; AT 0x40 must be clear)
 *
 * and `webauthn_check_prepare_hash` requires clientData to begin with
 * `{"type":"webauthn.get","challenge":"<base64url(message), no padding>","origin":"<origin>"`
 * (anything after that is ignored). The authenticator signed (ECDSA over the
 * SHA-256 of)
 *
 *     byte[32] SHA256(application)
 *     byte     flags
 *     uint32   counter
 *     byte[]   extensions
 *     byte[32] SHA256(clientData)
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

/** The WebAuthn signature-only algorithm for `sk-ecdsa-sha2-nistp256@openssh.com` keys. */
export const WEBAUTHN_SK_ECDSA_ALGORITHM = 'webauthn-sk-ecdsa-sha2-nistp256@openssh.com';

/** WebAuthn authenticator-data flag AT (attested credential data): OpenSSH rejects it in signatures. */
const WEBAUTHN_FLAG_ATTESTED = 0x40;
/** WebAuthn authenticator-data flag ED: extension data follows the counter. */
const WEBAUTHN_FLAG_EXTENSIONS = 0x80;

/** The security-key signature algorithm names (their signature layout differs, see above). */
export const SK_SIGNATURE_ALGORITHMS: ReadonlySet<string> = /* @__PURE__ */ new Set([
  'sk-ecdsa-sha2-nistp256@openssh.com',
  'sk-ssh-ed25519@openssh.com',
  WEBAUTHN_SK_ECDSA_ALGORITHM,
]);

/**
 * True for the security-key algorithms, whose signature is `string sig || byte flags || uint32 counter`
 * (plus `string origin || string clientData || string extensions` for webauthn) after the name.
 */
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

/** `mpint r || mpint s` with nothing after, both in [1, n), or undefined. */
function parseRs(signature: Uint8Array): { r: bigint; s: bigint } | undefined {
  try {
    const reader = new WireReader(signature);
    const r = reader.mpint();
    const s = reader.mpint();
    reader.expectEnd();
    if (r < 1n || r >= P256.order || s < 1n || s >= P256.order) return undefined;
    return { r, s };
  } catch {
    return undefined;
  }
}

/** ECDSA-P256 with SHA-256 over `signed`. */
function verifyP256(key: SkEcdsaPublicKey, rs: { r: bigint; s: bigint }, signed: Uint8Array): boolean {
  const compact = concatBytes(bigIntToBytes(rs.r, 32), bigIntToBytes(rs.s, 32));
  try {
    return P256.ecdsa.verify(compact, signed, key.Q, { prehash: true, lowS: false });
  } catch {
    return false;
  }
}

function verifyEcdsaBody(key: SkEcdsaPublicKey, data: Uint8Array, body: Uint8Array): SkSignatureDetails {
  checkSkPublicKey(key);
  const parsed = parseSkBody(body);
  if (!parsed) return INVALID;
  const rs = parseRs(parsed.signature);
  const valid =
    rs !== undefined &&
    verifyP256(key, rs, skSignedData(key.application, parsed.flags, parsed.counter, data));
  return details(valid, parsed.flags, parsed.counter);
}

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** RFC 4648 §5 base64url without padding (what OpenSSH's `sshbuf_dtourlb64` produces). */
function base64url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i] as number;
    const b1 = bytes[i + 1];
    const b2 = bytes[i + 2];
    const n = (b0 << 16) | ((b1 ?? 0) << 8) | (b2 ?? 0);
    out += BASE64URL[(n >> 18) & 63];
    out += BASE64URL[(n >> 12) & 63];
    if (b1 !== undefined) out += BASE64URL[(n >> 6) & 63];
    if (b2 !== undefined) out += BASE64URL[n & 63];
  }
  return out;
}

interface WebauthnBody {
  readonly signature: Uint8Array;
  readonly flags: number;
  readonly counter: number;
  readonly origin: Uint8Array;
  readonly clientData: Uint8Array;
  readonly extensions: Uint8Array;
}

/** `string sig || byte flags || uint32 counter || string origin || string clientData || string extensions`, or undefined. */
function parseWebauthnBody(body: Uint8Array): WebauthnBody | undefined {
  try {
    const r = new WireReader(body);
    const signature = r.string();
    const flags = r.u8();
    const counter = r.u32();
    const origin = r.string();
    const clientData = r.string();
    const extensions = r.string();
    r.expectEnd();
    return { signature, flags, counter, origin, clientData, extensions };
  } catch {
    return undefined;
  }
}

/**
 * The clientData prefix OpenSSH's `webauthn_check_prepare_hash` demands:
 * `{"type":"webauthn.get","challenge":"<base64url(message)>","origin":"<origin>"`.
 */
function webauthnClientDataPrefix(message: Uint8Array, origin: Uint8Array): Uint8Array {
  const enc = new TextEncoder();
  return concatBytes(
    enc.encode(`{"type":"webauthn.get","challenge":"${base64url(message)}","origin":"`),
    origin,
    enc.encode('"'),
  );
}

function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  if (bytes.length < prefix.length) return false;
  let diff = 0;
  for (let i = 0; i < prefix.length; i++) diff |= (bytes[i] as number) ^ (prefix[i] as number);
  return diff === 0;
}

/** The checks of ssh-ecdsa-sk.c `webauthn_check_prepare_hash`, before any signature math. */
function webauthnWellFormed(parsed: WebauthnBody, message: Uint8Array): boolean {
  // The origin is a C string spliced into JSON: no NUL, no quote.
  if (parsed.origin.includes(0) || parsed.origin.includes(0x22)) return false;
  if ((parsed.flags & WEBAUTHN_FLAG_ATTESTED) !== 0) return false;
  if (((parsed.flags & WEBAUTHN_FLAG_EXTENSIONS) === 0) !== (parsed.extensions.length === 0)) return false;
  // OpenSSH cannot base64url-encode an empty message and fails there.
  if (message.length === 0) return false;
  return startsWith(parsed.clientData, webauthnClientDataPrefix(message, parsed.origin));
}

function verifyWebauthnBody(key: SkEcdsaPublicKey, data: Uint8Array, body: Uint8Array): SkSignatureDetails {
  checkSkPublicKey(key);
  const parsed = parseWebauthnBody(body);
  if (!parsed) return INVALID;
  const rs = parseRs(parsed.signature);
  let valid = false;
  if (rs && webauthnWellFormed(parsed, data)) {
    const signed = new WireWriter(32 + 1 + 4 + parsed.extensions.length + 32)
      .raw(sha256(new TextEncoder().encode(key.application)))
      .u8(parsed.flags)
      .u32(parsed.counter)
      .raw(parsed.extensions)
      .raw(sha256(parsed.clientData))
      .finish();
    valid = verifyP256(key, rs, signed);
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
 * @param algorithm - the signature name; only {@link WEBAUTHN_SK_ECDSA_ALGORITHM} changes the layout
 * @throws CryptoError('invalid-key') if the key is not a security key or is unusable
 */
export function verifySkBody(
  key: PublicKey,
  data: Uint8Array,
  body: Uint8Array,
  algorithm?: string,
): SkSignatureDetails {
  if (algorithm === WEBAUTHN_SK_ECDSA_ALGORITHM) {
    if (key.kind !== 'sk-ecdsa') throw new CryptoError('invalid-key', `${algorithm} needs an sk-ecdsa key`);
    return verifyWebauthnBody(key, data, body);
  }
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
      return verifySkBody(key, data, body, name).valid;
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
/**
 * webauthn-sk-ecdsa-sha2-nistp256@openssh.com (verify only, signature-only:
 * keys are `sk-ecdsa-sha2-nistp256@openssh.com`). Its `verify` takes the body after the name.
 */
export const skWebauthnEcdsaSignature: SignatureSpec = /* @__PURE__ */ Object.freeze({
  ...skSpec(WEBAUTHN_SK_ECDSA_ALGORITHM, 'sk-ecdsa'),
  keyType: 'sk-ecdsa-sha2-nistp256@openssh.com',
});
