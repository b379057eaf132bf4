/**
 * ecdsa-sha2-nistp256/384/521 (RFC 5656). OpenSSH private section:
 * `string curve || string Q || mpint d`.
 */
import { bytesEqual } from '../bytes.js';
import { ecdsaKeyFromScalar, generateEcdsaKey, type NistCurveName, type PrivateKey } from '../crypto.js';
import { KeyImportError } from '../errors.js';
import type { KeyAlgorithm } from './types.js';

const BITS: Readonly<Record<NistCurveName, number>> = { nistp256: 256, nistp384: 384, nistp521: 521 };

/** The ecdsa-sha2-`curve` entry. */
export function ecdsaAlgorithm(curve: NistCurveName): KeyAlgorithm {
  const type = `ecdsa-sha2-${curve}`;
  return Object.freeze<KeyAlgorithm>({
    type,
    kind: 'ecdsa',
    defaultSignatureAlgorithm: type,
    bits: () => BITS[curve],
    readPrivate(r) {
      const id = r.utf8();
      if (id !== curve)
        throw new KeyImportError('corrupted', `${type}: curve ${JSON.stringify(id)} does not match`);
      const Q = r.string();
      const d = r.mpint();
      const key = ecdsaKeyFromScalar(curve, d);
      if (!bytesEqual(key.Q, Q))
        throw new KeyImportError('invalid-key', `${type}: public point does not match d`);
      return key;
    },
    writePrivate(w, key: PrivateKey) {
      if (key.kind !== 'ecdsa' || key.curve !== curve) throw new TypeError(`${type}: wrong key kind`);
      w.string(curve).string(key.Q).mpint(key.d);
    },
    writeCertPrivate(w, key: PrivateKey) {
      if (key.kind !== 'ecdsa' || key.curve !== curve) throw new TypeError(`${type}: wrong key kind`);
      w.mpint(key.d);
    },
    // PuTTY sshecc.c ecdsa_private_blob: mpint d.
    readPpkPrivate(r, pub) {
      const key = ecdsaKeyFromScalar(curve, r.mpint());
      if (pub.kind !== 'ecdsa' || !bytesEqual(key.Q, pub.Q))
        throw new KeyImportError('invalid-key', `${type}: public point does not match d`);
      return key;
    },
    writePpkPrivate(w, key: PrivateKey) {
      if (key.kind !== 'ecdsa' || key.curve !== curve) throw new TypeError(`${type}: wrong key kind`);
      w.mpint(key.d);
    },
    generate: ({ random }) => generateEcdsaKey(curve, random ? { random } : {}),
  });
}
