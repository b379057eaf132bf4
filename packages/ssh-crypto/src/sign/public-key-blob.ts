/**
 * SSH public key blobs (RFC 4253 §6.6, RFC 5656 §3.1, RFC 8709 §4,
 * OpenSSH PROTOCOL.u2f):
 *
 *     string "ssh-rsa"              || mpint e || mpint n
 *     string "ssh-dss"              || mpint p || mpint q || mpint g || mpint y
 *     string "ecdsa-sha2-nistp256"  || string "nistp256" || string Q
 *     string "ssh-ed25519"          || string key (32 bytes)
 *     string "ssh-ed448"            || string key (57 bytes)
 *     string "sk-ecdsa-sha2-nistp256@openssh.com" || string "nistp256" || string Q || string application
 *     string "sk-ssh-ed25519@openssh.com"         || string key (32 bytes) || string application
 */
import { decodeMpint, WireReader, WireWriter } from '@sshkit/ssh-wire';
import { checkDsaPublicKey, DSA_P_BITS } from '../dsa/key.js';
import { CryptoError } from '../errors.js';
import { checkRsaPublicKey, RSA_MAX_BITS } from '../rsa/key.js';
import { ED448_KEY_BYTES } from './ed448.js';
import { decodeNistPoint, getNistCurve, nistCurves } from './nist-curves.js';
import { checkSkPublicKey } from './sk.js';
import type { PublicKey } from './types.js';

const ED25519_KEY_BYTES = 32;
// A DSA component's mpint body has at most DSA_P_BITS/8 bytes plus a sign byte.
const MAX_DSA_MPINT_BYTES = DSA_P_BITS / 8 + 1;
const SK_ECDSA_TYPE = 'sk-ecdsa-sha2-nistp256@openssh.com';
const SK_ED25519_TYPE = 'sk-ssh-ed25519@openssh.com';
// A modulus mpint body has at most RSA_MAX_BITS/8 bytes plus a sign byte.
const MAX_MPINT_BYTES = RSA_MAX_BITS / 8 + 1;

/**
 * The key type name of a public key (`ssh-rsa`, `ssh-dss`, `ecdsa-sha2-nistp256`,
 * `ssh-ed25519`, `ssh-ed448`, `sk-ecdsa-sha2-nistp256@openssh.com`, `sk-ssh-ed25519@openssh.com`).
 */
export function publicKeyType(key: PublicKey): string {
  switch (key.kind) {
    case 'rsa':
      return 'ssh-rsa';
    case 'dsa':
      return 'ssh-dss';
    case 'ecdsa':
      return `ecdsa-sha2-${key.curve}`;
    case 'ed25519':
      return 'ssh-ed25519';
    case 'ed448':
      return 'ssh-ed448';
    case 'sk-ecdsa':
      return SK_ECDSA_TYPE;
    case 'sk-ed25519':
      return SK_ED25519_TYPE;
    default: {
      const never: never = key;
      throw new TypeError(`unknown key kind ${String((never as { kind: unknown }).kind)}`);
    }
  }
}

/**
 * Writes a public key's fields after its type name (the part certificates and
 * OpenSSH private key sections reuse).
 */
export function writePublicKeyFields(w: WireWriter, key: PublicKey): WireWriter {
  switch (key.kind) {
    case 'rsa':
      return w.mpint(key.e).mpint(key.n);
    case 'dsa':
      return w.mpint(key.p).mpint(key.q).mpint(key.g).mpint(key.y);
    case 'ecdsa':
      return w.string(key.curve).string(key.Q);
    case 'ed25519':
    case 'ed448':
      return w.string(key.publicKey);
    case 'sk-ecdsa':
      return w.string(key.curve).string(key.Q).string(key.application);
    case 'sk-ed25519':
      return w.string(key.publicKey).string(key.application);
    default: {
      const never: never = key;
      throw new TypeError(`unknown key kind ${String((never as { kind: unknown }).kind)}`);
    }
  }
}

/**
 * Encodes a public key blob.
 * @param key - the key (a private key also works: only public fields are written)
 * @returns the blob
 * @example
 * ```ts
 * import { encodePublicKeyBlob, generateEd25519Key } from '@sshkit/ssh-crypto';
 * const blob = encodePublicKeyBlob(generateEd25519Key());
 * ```
 */
export function encodePublicKeyBlob(key: PublicKey): Uint8Array {
  return writePublicKeyFields(new WireWriter().string(publicKeyType(key)), key).finish();
}

/**
 * Reads a public key's fields for a known type name from `r` (the counterpart
 * of {@link writePublicKeyFields}); does not check for trailing data.
 * @throws WireError for malformed fields, CryptoError('invalid-key') for bad values,
 *   CryptoError('unsupported-algorithm') for an unknown type
 */
export function readPublicKeyFields(r: WireReader, type: string): PublicKey {
  if (type === 'ssh-rsa') {
    const eBody = r.string();
    const nBody = r.string();
    if (eBody.length > MAX_MPINT_BYTES || nBody.length > MAX_MPINT_BYTES) {
      throw new CryptoError('invalid-key', 'RSA key component too large');
    }
    const key = {
      kind: 'rsa' as const,
      e: decodeMpint(eBody),
      n: decodeMpint(nBody),
    };
    checkRsaPublicKey(key);
    return Object.freeze(key);
  }
  if (type === 'ssh-ed25519') {
    const publicKey = r.string();
    if (publicKey.length !== ED25519_KEY_BYTES)
      throw new CryptoError('invalid-key', 'Ed25519 key must be 32 bytes');
    return Object.freeze({ kind: 'ed25519' as const, publicKey: publicKey.slice() });
  }
  if (type === 'ssh-dss') {
    const bodies = [r.string(), r.string(), r.string(), r.string()];
    if (bodies.some((body) => body.length > MAX_DSA_MPINT_BYTES)) {
      throw new CryptoError('invalid-key', 'DSA key component too large');
    }
    const [p, q, g, y] = bodies.map(decodeMpint) as [bigint, bigint, bigint, bigint];
    const key = { kind: 'dsa' as const, p, q, g, y };
    checkDsaPublicKey(key);
    return Object.freeze(key);
  }
  if (type === 'ssh-ed448') {
    const publicKey = r.string();
    if (publicKey.length !== ED448_KEY_BYTES)
      throw new CryptoError('invalid-key', 'Ed448 key must be 57 bytes');
    return Object.freeze({ kind: 'ed448' as const, publicKey: publicKey.slice() });
  }
  if (type === SK_ECDSA_TYPE) {
    const identifier = r.utf8();
    if (identifier !== 'nistp256')
      throw new CryptoError('invalid-key', `curve ${identifier} does not match ${type}`);
    const key = {
      kind: 'sk-ecdsa' as const,
      curve: 'nistp256' as const,
      Q: r.string().slice(),
      application: r.utf8(),
    };
    checkSkPublicKey(key);
    return Object.freeze(key);
  }
  if (type === SK_ED25519_TYPE) {
    const key = { kind: 'sk-ed25519' as const, publicKey: r.string().slice(), application: r.utf8() };
    checkSkPublicKey(key);
    return Object.freeze(key);
  }
  for (const curve of nistCurves.keys()) {
    if (type !== `ecdsa-sha2-${curve}`) continue;
    const identifier = r.utf8();
    if (identifier !== curve)
      throw new CryptoError('invalid-key', `curve ${identifier} does not match ${type}`);
    const Q = r.string();
    decodeNistPoint(getNistCurve(curve), Q, 'invalid-key');
    return Object.freeze({ kind: 'ecdsa' as const, curve, Q: Q.slice() });
  }
  throw new CryptoError('unsupported-algorithm', `unknown public key type ${JSON.stringify(type)}`);
}

/**
 * Decodes an untrusted public key blob. Only `WireError` and `CryptoError`
 * escape.
 * @param blob - the bytes
 * @returns the key
 * @throws WireError for malformed encodings (including trailing data),
 *   CryptoError('invalid-key') for invalid values (off-curve point, bad RSA
 *   numbers), CryptoError('unsupported-algorithm') for an unknown key type
 */
export function decodePublicKeyBlob(blob: Uint8Array): PublicKey {
  const r = new WireReader(blob);
  const type = r.utf8();
  const key = readPublicKeyFields(r, type);
  r.expectEnd();
  return key;
}
