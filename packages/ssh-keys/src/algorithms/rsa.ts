/**
 * ssh-rsa (RFC 4253 §6.6, RFC 8332). OpenSSH private section:
 * `mpint n || mpint e || mpint d || mpint iqmp || mpint p || mpint q`.
 */
import { completeRsaPrivateKey, generateRsaKey, type PrivateKey } from '../crypto.js';
import { KeyImportError } from '../errors.js';
import type { KeyAlgorithm } from './types.js';

/** Default RSA size, as `ssh-keygen` (3072 since OpenSSH 8.0). */
export const DEFAULT_RSA_BITS = 3072;

/** The ssh-rsa entry. */
export const rsaAlgorithm: KeyAlgorithm = Object.freeze<KeyAlgorithm>({
  type: 'ssh-rsa',
  kind: 'rsa',
  defaultSignatureAlgorithm: 'rsa-sha2-512',
  bits: (key) => (key.kind === 'rsa' ? key.n.toString(2).length : 0),
  readPrivate(r) {
    const n = r.mpint();
    const e = r.mpint();
    const d = r.mpint();
    const iqmp = r.mpint();
    const p = r.mpint();
    const q = r.mpint();
    const key = completeRsaPrivateKey({ n, e, d, p, q });
    if (key.qi !== iqmp) throw new KeyImportError('invalid-key', 'ssh-rsa: iqmp is not q^-1 mod p');
    return key;
  },
  writePrivate(w, key: PrivateKey) {
    if (key.kind !== 'rsa') throw new TypeError('ssh-rsa: wrong key kind');
    w.mpint(key.n).mpint(key.e).mpint(key.d).mpint(key.qi).mpint(key.p).mpint(key.q);
  },
  writeCertPrivate(w, key: PrivateKey) {
    if (key.kind !== 'rsa') throw new TypeError('ssh-rsa: wrong key kind');
    w.mpint(key.d).mpint(key.qi).mpint(key.p).mpint(key.q);
  },
  // PuTTY sshrsa.c rsa2_private_blob: mpint d || mpint p || mpint q || mpint iqmp.
  readPpkPrivate(r, pub) {
    if (pub.kind !== 'rsa') throw new KeyImportError('corrupted', 'ssh-rsa: wrong public key');
    const d = r.mpint();
    const p = r.mpint();
    const q = r.mpint();
    const iqmp = r.mpint();
    const key = completeRsaPrivateKey({ n: pub.n, e: pub.e, d, p, q });
    if (key.qi !== iqmp) throw new KeyImportError('invalid-key', 'ssh-rsa: iqmp is not q^-1 mod p');
    return key;
  },
  writePpkPrivate(w, key: PrivateKey) {
    if (key.kind !== 'rsa') throw new TypeError('ssh-rsa: wrong key kind');
    w.mpint(key.d).mpint(key.p).mpint(key.q).mpint(key.qi);
  },
  generate: ({ bits, random }) => generateRsaKey(bits ?? DEFAULT_RSA_BITS, random ? { random } : {}),
});
