/**
 * The NIST curves of RFC 5656 (nistp256/384/521) as SSH names them, with the
 * point checks every untrusted point goes through.
 */
import type { ECDSA } from '@noble/curves/abstract/weierstrass.js';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { CryptoError } from '../errors.js';
import type { HashName } from '../hash/registry.js';
import type { RandomSource } from '../random.js';
import { randomInRange } from '../rsa/math.js';

/** RFC 5656 §10.1 curve identifiers. */
export type NistCurveName = 'nistp256' | 'nistp384' | 'nistp521';

/** One curve: noble implementation, sizes and the hash RFC 5656 §6.2.1 pairs with it. */
export interface NistCurve {
  readonly name: NistCurveName;
  readonly ecdsa: ECDSA;
  readonly hash: HashName;
  /** Bytes of a field element (32, 48, 66). */
  readonly fieldBytes: number;
  /** The group order n. */
  readonly order: bigint;
}

function curve(name: NistCurveName, ecdsa: ECDSA, hash: HashName): NistCurve {
  return Object.freeze({ name, ecdsa, hash, fieldBytes: ecdsa.Point.Fp.BYTES, order: ecdsa.Point.Fn.ORDER });
}

/** The three curves by SSH identifier. */
export const nistCurves: ReadonlyMap<NistCurveName, NistCurve> = /* @__PURE__ */ new Map<
  NistCurveName,
  NistCurve
>([
  ['nistp256', curve('nistp256', p256, 'sha256')],
  ['nistp384', curve('nistp384', p384, 'sha384')],
  ['nistp521', curve('nistp521', p521, 'sha512')],
]);

/**
 * Looks a curve up by SSH identifier.
 * @throws CryptoError('unsupported-algorithm')
 */
export function getNistCurve(name: string): NistCurve {
  const found = nistCurves.get(name as NistCurveName);
  if (!found) throw new CryptoError('unsupported-algorithm', `unknown curve ${JSON.stringify(name)}`);
  return found;
}

/** A noble point of these curves. */
export type NistPoint = ReturnType<ECDSA['Point']['fromBytes']>;

/**
 * Checks `bytes` has the length and 0x04 prefix of an uncompressed SEC1 point
 * (RFC 5656 §3.1 uses only that form).
 * @throws CryptoError(kind) when not
 */
export function checkUncompressedPoint(
  c: NistCurve,
  bytes: Uint8Array,
  kind: 'invalid-public-value' | 'invalid-key',
): void {
  if (bytes.length !== 1 + 2 * c.fieldBytes || bytes[0] !== 0x04) {
    throw new CryptoError(kind, `${c.name}: point must be uncompressed (${1 + 2 * c.fieldBytes} bytes)`);
  }
}

/**
 * Decodes an uncompressed SEC1 point (`04 || x || y`, RFC 5656 §3.1) and
 * checks it is on the curve and not the identity.
 * @throws CryptoError(kind) when it is not
 */
export function decodeNistPoint(
  c: NistCurve,
  bytes: Uint8Array,
  kind: 'invalid-public-value' | 'invalid-key',
): NistPoint {
  checkUncompressedPoint(c, bytes, kind);
  let point: NistPoint;
  try {
    point = c.ecdsa.Point.fromBytes(bytes);
    point.assertValidity();
  } catch (cause) {
    throw new CryptoError(kind, `${c.name}: point is not on the curve`, { cause });
  }
  if (point.is0()) throw new CryptoError(kind, `${c.name}: point is the identity`);
  return point;
}

/** A uniformly random scalar in [1, n-1]. */
export function randomNistScalar(c: NistCurve, random: RandomSource): bigint {
  return randomInRange(1n, c.order - 1n, random);
}
