/**
 * ecdh-sha2-nistp256/384/521 (RFC 5656 §4): ephemeral ECDH on the NIST curves;
 * K is the x coordinate of the shared point as an mpint.
 */

import { CryptoError } from '../errors.js';
import { defaultRandom } from '../random.js';
import {
  decodeNistPoint,
  getNistCurve,
  type NistCurve,
  type NistCurveName,
  randomNistScalar,
} from '../sign/nist-curves.js';
import { directOutcome, encodeSharedSecretMpint } from './exchange-hash.js';
import type { DirectKexSpec, KexOptions, KexOutcome } from './types.js';

function keyPair(c: NistCurve, options: KexOptions): { d: bigint; publicValue: Uint8Array } {
  const d = randomNistScalar(c, options.random ?? defaultRandom);
  return { d, publicValue: c.ecdsa.Point.BASE.multiply(d).toBytes(false) };
}

/**
 * RFC 5656 §4: "All elliptic curve public keys MUST be validated after they
 * are received" — uncompressed, on the curve, not the point at infinity.
 */
function shared(c: NistCurve, d: bigint, peer: Uint8Array): Uint8Array {
  const point = decodeNistPoint(c, peer, 'invalid-public-value').multiply(d);
  if (point.is0()) throw new CryptoError('degenerate-secret', `${c.name}: shared point is the identity`);
  return encodeSharedSecretMpint(point.toAffine().x);
}

/** The ecdh-sha2-<curve> method. */
export function ecdhNistKex(curveName: NistCurveName): DirectKexSpec {
  const c = getNistCurve(curveName);
  return Object.freeze({
    name: `ecdh-sha2-${curveName}`,
    kind: 'direct' as const,
    legacy: false,
    hash: c.hash,
    sharedSecretEncoding: 'mpint' as const,
    client(options: KexOptions = {}) {
      const { d, publicValue } = keyPair(c, options);
      return {
        publicValue,
        finish: (serverPublic: Uint8Array): KexOutcome =>
          directOutcome(c.hash, publicValue, serverPublic, shared(c, d, serverPublic)),
      };
    },
    server(options: KexOptions = {}) {
      return {
        respond(clientPublic: Uint8Array): KexOutcome {
          const { d, publicValue } = keyPair(c, options);
          return directOutcome(c.hash, clientPublic, publicValue, shared(c, d, clientPublic));
        },
      };
    },
  });
}
