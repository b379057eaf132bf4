/**
 * ECDH on the NIST curves (RFC 5656 §4) on noble: the key agreement of
 * ecdh-sha2-nistp256/384/521. K is the x coordinate of the shared point.
 */
import { bigIntToBytes } from '@sshkit/ssh-wire';
import { CryptoError } from '../errors.js';
import { decodeNistPoint, type NistCurve, randomNistScalar } from '../sign/nist-curves.js';
import type { EphemeralKeyGen } from './ephemeral.js';

/**
 * RFC 5656 §4: "All elliptic curve public keys MUST be validated after they
 * are received" — uncompressed, on the curve, not the point at infinity
 * ({@link decodeNistPoint}).
 */
export function nobleEcdh(c: NistCurve): EphemeralKeyGen {
  return (random) => {
    const d = randomNistScalar(c, random);
    return {
      publicValue: c.ecdsa.Point.BASE.multiply(d).toBytes(false),
      agree(peer: Uint8Array): Uint8Array {
        const point = decodeNistPoint(c, peer, 'invalid-public-value').multiply(d);
        if (point.is0())
          throw new CryptoError('degenerate-secret', `${c.name}: shared point is the identity`);
        return bigIntToBytes(point.toAffine().x, c.fieldBytes);
      },
    };
  };
}
