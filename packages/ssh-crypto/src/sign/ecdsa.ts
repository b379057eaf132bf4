/**
 * ecdsa-sha2-nistp256/384/521 (RFC 5656 §3.1.2): the signature blob is
 * `mpint r || mpint s`, the hash is SHA-256/384/512 by curve size.
 */
import { bigIntToBytes, bytesToBigInt, WireReader, WireWriter } from '@sshkit/ssh-wire';
import { concatBytes } from '../bytes.js';
import { CryptoError } from '../errors.js';
import { defaultRandom, type RandomSource } from '../random.js';
import {
  decodeNistPoint,
  getNistCurve,
  type NistCurve,
  type NistCurveName,
  randomNistScalar,
} from './nist-curves.js';
import type { EcdsaPrivateKey, PrivateKey, PublicKey, SignatureSpec } from './types.js';

/**
 * Generates an ECDSA key on `curve`.
 * @param curve - 'nistp256', 'nistp384' or 'nistp521'
 * @param options - random source (CONVENTIONS rule 7)
 * @throws CryptoError('unsupported-algorithm') for an unknown curve
 * @example
 * ```ts
 * import { generateEcdsaKey } from '@sshkit/ssh-crypto';
 * const key = generateEcdsaKey('nistp256');
 * ```
 */
export function generateEcdsaKey(
  curve: NistCurveName,
  options: { random?: RandomSource } = {},
): EcdsaPrivateKey {
  const c = getNistCurve(curve);
  return ecdsaKeyFromScalar(curve, randomNistScalar(c, options.random ?? defaultRandom));
}

/**
 * The ECDSA key of scalar `d` on `curve`.
 * @throws CryptoError('invalid-key') unless 1 ≤ d < n
 */
export function ecdsaKeyFromScalar(curve: NistCurveName, d: bigint): EcdsaPrivateKey {
  const c = getNistCurve(curve);
  if (d < 1n || d >= c.order) throw new CryptoError('invalid-key', `${curve}: private scalar out of range`);
  return Object.freeze({
    kind: 'ecdsa' as const,
    curve,
    d,
    Q: c.ecdsa.Point.BASE.multiply(d).toBytes(false),
  });
}

function scalarBytes(c: NistCurve): number {
  return c.ecdsa.Point.Fn.BYTES;
}

/** The ecdsa-sha2-<curve> signature algorithm. */
export function ecdsaSignature(curve: NistCurveName): SignatureSpec {
  const c = getNistCurve(curve);
  const name = `ecdsa-sha2-${curve}`;
  const size = scalarBytes(c);
  const wrongKey = () => new CryptoError('invalid-key', `${name} needs an ECDSA ${curve} key`);
  return Object.freeze({
    name,
    keyType: name,
    keyKind: 'ecdsa' as const,
    hash: c.hash,
    legacy: false,
    sign(key: PrivateKey, data: Uint8Array): Uint8Array {
      if (key.kind !== 'ecdsa' || key.curve !== curve) throw wrongKey();
      if (key.d < 1n || key.d >= c.order)
        throw new CryptoError('invalid-key', `${curve}: private scalar out of range`);
      // Deterministic k (RFC 6979); high s kept, as OpenSSL/OpenSSH produce and accept.
      const compact = c.ecdsa.sign(data, bigIntToBytes(key.d, size), { prehash: true, lowS: false });
      const r = bytesToBigInt(compact.subarray(0, size));
      const s = bytesToBigInt(compact.subarray(size));
      return new WireWriter().mpint(r).mpint(s).finish();
    },
    verify(key: PublicKey, data: Uint8Array, blob: Uint8Array): boolean {
      if (key.kind !== 'ecdsa' || key.curve !== curve) throw wrongKey();
      decodeNistPoint(c, key.Q, 'invalid-key');
      let r: bigint;
      let s: bigint;
      try {
        const reader = new WireReader(blob);
        r = reader.mpint();
        s = reader.mpint();
        reader.expectEnd();
      } catch {
        return false;
      }
      if (r < 1n || r >= c.order || s < 1n || s >= c.order) return false;
      try {
        const compact = concatBytes(bigIntToBytes(r, size), bigIntToBytes(s, size));
        return c.ecdsa.verify(compact, data, key.Q, { prehash: true, lowS: false });
      } catch {
        return false;
      }
    },
  });
}
