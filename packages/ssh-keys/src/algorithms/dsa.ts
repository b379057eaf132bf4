/**
 * ssh-dss (RFC 4253 §6.6, FIPS 186-2 DSA with 1024-bit p and 160-bit q).
 * OpenSSH private section (sshkey.c): `mpint p || mpint q || mpint g || mpint y || mpint x`.
 * PuTTY private blob (sshdss.c): `mpint x`.
 */
import { completeDsaPrivateKey, generateDsaKey, type PrivateKey } from '../crypto.js';
import { KeyImportError } from '../errors.js';
import type { KeyAlgorithm } from './types.js';

/** The ssh-dss entry. */
export const dsaAlgorithm: KeyAlgorithm = Object.freeze<KeyAlgorithm>({
  type: 'ssh-dss',
  kind: 'dsa',
  defaultSignatureAlgorithm: 'ssh-dss',
  bits: (key) => (key.kind === 'dsa' ? key.p.toString(2).length : 0),
  readPrivate(r) {
    const p = r.mpint();
    const q = r.mpint();
    const g = r.mpint();
    const y = r.mpint();
    const x = r.mpint();
    return completeDsaPrivateKey({ p, q, g, y, x });
  },
  writePrivate(w, key: PrivateKey) {
    if (key.kind !== 'dsa') throw new TypeError('ssh-dss: wrong key kind');
    w.mpint(key.p).mpint(key.q).mpint(key.g).mpint(key.y).mpint(key.x);
  },
  writeCertPrivate(w, key: PrivateKey) {
    if (key.kind !== 'dsa') throw new TypeError('ssh-dss: wrong key kind');
    w.mpint(key.x);
  },
  readPpkPrivate(r, pub) {
    if (pub.kind !== 'dsa') throw new KeyImportError('corrupted', 'ssh-dss: wrong public key');
    return completeDsaPrivateKey({ p: pub.p, q: pub.q, g: pub.g, y: pub.y, x: r.mpint() });
  },
  writePpkPrivate(w, key: PrivateKey) {
    if (key.kind !== 'dsa') throw new TypeError('ssh-dss: wrong key kind');
    w.mpint(key.x);
  },
  generate: ({ random }) => generateDsaKey(random ? { random } : {}),
});
