/**
 * ssh-dss (RFC 4253 §6.6, legacy): DSA with SHA-1 over 1024-bit keys. The
 * signature blob is "r and s ... as 160-bit integers, without lengths or
 * padding, unsigned, and in network byte order": 40 bytes, r || s.
 */
import { bigIntToBytes, bytesToBigInt } from '@sshkit/ssh-wire';
import { checkDsaPublicKey } from '../dsa/key.js';
import { dsaSign, dsaVerify } from '../dsa/sign.js';
import { CryptoError } from '../errors.js';
import type { PrivateKey, PublicKey, SignatureSpec } from './types.js';

/** Bytes of each of r and s in the blob (RFC 4253 §6.6: 160-bit integers). */
const HALF_BYTES = 20;

const wrongKey = () => new CryptoError('invalid-key', 'ssh-dss needs a DSA key');

/** The ssh-dss signature algorithm (legacy: off by default). */
export const dsaSignature: SignatureSpec = /* @__PURE__ */ Object.freeze({
  name: 'ssh-dss',
  keyType: 'ssh-dss',
  keyKind: 'dsa' as const,
  hash: 'sha1' as const,
  legacy: true,
  sign(key: PrivateKey, data: Uint8Array): Uint8Array {
    if (key.kind !== 'dsa') throw wrongKey();
    const { r, s } = dsaSign(key, 'sha1', data);
    const blob = new Uint8Array(2 * HALF_BYTES);
    blob.set(bigIntToBytes(r, HALF_BYTES), 0);
    blob.set(bigIntToBytes(s, HALF_BYTES), HALF_BYTES);
    return blob;
  },
  verify(key: PublicKey, data: Uint8Array, blob: Uint8Array): boolean {
    if (key.kind !== 'dsa') throw wrongKey();
    if (blob.length !== 2 * HALF_BYTES) {
      checkDsaPublicKey(key); // an unusable key throws whatever the blob
      return false;
    }
    const r = bytesToBigInt(blob.subarray(0, HALF_BYTES));
    const s = bytesToBigInt(blob.subarray(HALF_BYTES));
    return dsaVerify(key, 'sha1', data, { r, s });
  },
});
