/**
 * SSH public key blobs (RFC 4253 §6.6, RFC 5656 §3.1, RFC 8709 §4):
 *
 *     string "ssh-rsa"              || mpint e || mpint n
 *     string "ecdsa-sha2-nistp256"  || string "nistp256" || string Q
 *     string "ssh-ed25519"          || string key (32 bytes)
 */
import { decodeMpint, WireReader, WireWriter } from '@sshkit/ssh-wire';
import { CryptoError } from '../errors.js';
import { checkRsaPublicKey, RSA_MAX_BITS } from '../rsa/key.js';
import { decodeNistPoint, getNistCurve, nistCurves } from './nist-curves.js';
import type { PublicKey } from './types.js';

const ED25519_KEY_BYTES = 32;
// A modulus mpint body has at most RSA_MAX_BITS/8 bytes plus a sign byte.
const MAX_MPINT_BYTES = RSA_MAX_BITS / 8 + 1;

/**
 * The key type name of a public key (`ssh-rsa`, `ecdsa-sha2-nistp256`, `ssh-ed25519`).
 */
export function publicKeyType(key: PublicKey): string {
  switch (key.kind) {
    case 'rsa':
      return 'ssh-rsa';
    case 'ecdsa':
      return `ecdsa-sha2-${key.curve}`;
    case 'ed25519':
      return 'ssh-ed25519';
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
    case 'ecdsa':
      return w.string(key.curve).string(key.Q);
    case 'ed25519':
      return w.string(key.publicKey);
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
