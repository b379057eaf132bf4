/**
 * ECDH on the NIST curves on OpenSSL (node:crypto `ECDH`) for the Node entry
 * point. With the default randomness OpenSSL generates the key and the secret
 * stays inside the `ECDH` object; any other `random` is drawn from as the
 * portable code does (same scalar), so results stay reproducible from it.
 */
import { createECDH } from 'node:crypto';
import { bigIntToBytes } from '@sshkit/ssh-wire';
import { CryptoError } from '../errors.js';
import { defaultRandom } from '../random.js';
import { checkUncompressedPoint, type NistCurve, randomNistScalar } from '../sign/nist-curves.js';
import { nobleEcdh } from './ecdh-nist.js';
import type { EphemeralKeyGen } from './ephemeral.js';

const OPENSSL_CURVE = { nistp256: 'prime256v1', nistp384: 'secp384r1', nistp521: 'secp521r1' } as const;

/**
 * RFC 5656 §4: "All elliptic curve public keys MUST be validated after they
 * are received". We require the uncompressed form (OpenSSL would also take a
 * compressed point); OpenSSL refuses coordinates >= p and points off the
 * curve; the identity has no uncompressed encoding, and with cofactor 1 and a
 * secret in [1, n-1] the shared point is never the identity.
 */
export function nodeEcdh(c: NistCurve): EphemeralKeyGen {
  return hasCurve(OPENSSL_CURVE[c.name]) ? opensslEcdh(c) : nobleEcdh(c);
}

/**
 * Whether this runtime's `node:crypto` can do ECDH on the curve. Deno lists
 * secp521r1 in `getCurves()` yet refuses it in `createECDH`, so ask by trying.
 */
function hasCurve(name: string): boolean {
  try {
    createECDH(name).generateKeys();
    return true;
  } catch {
    return false;
  }
}

function opensslEcdh(c: NistCurve): EphemeralKeyGen {
  return (random) => {
    const ecdh = createECDH(OPENSSL_CURVE[c.name]);
    let publicValue: Uint8Array;
    if (random === defaultRandom) publicValue = ecdh.generateKeys();
    else {
      ecdh.setPrivateKey(bigIntToBytes(randomNistScalar(c, random), c.fieldBytes));
      publicValue = ecdh.getPublicKey();
    }
    return {
      publicValue: new Uint8Array(publicValue),
      agree(peer: Uint8Array): Uint8Array {
        checkUncompressedPoint(c, peer, 'invalid-public-value');
        try {
          return ecdh.computeSecret(peer);
        } catch (cause) {
          throw new CryptoError('invalid-public-value', `${c.name}: point is not on the curve`, { cause });
        }
      },
    };
  };
}
