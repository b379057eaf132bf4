/**
 * RSASSA-PKCS1-v1_5 (RFC 8017 §8.2) on bigint, with the EMSA-PKCS1-v1_5
 * encoding of §9.2 and the DigestInfo prefixes of its Note 1.
 */
import { bigIntToBytes, bytesToBigInt } from '@sshkit/ssh-wire';
import { constantTimeEqual } from '../bytes.js';
import { CryptoError } from '../errors.js';
import { getHash, type HashName } from '../hash/registry.js';
import { checkRsaPublicKey } from './key.js';
import { byteLength, modPow } from './math.js';
import type { RsaPrivateKey, RsaPublicKey } from './types.js';

/** DER of DigestInfo up to the digest (RFC 8017 §9.2 Note 1). */
const DIGEST_INFO_PREFIX: Readonly<Record<HashName, string>> = {
  md5: '3020300c06082a864886f70d020505000410',
  sha1: '3021300906052b0e03021a05000414',
  sha224: '302d300d06096086480165030402040500041c',
  sha256: '3031300d060960864801650304020105000420',
  sha384: '3041300d060960864801650304020205000430',
  sha512: '3051300d060960864801650304020305000440',
};

function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/**
 * EMSA-PKCS1-v1_5: `0x00 || 0x01 || PS (0xff...) || 0x00 || DigestInfo(H(M))`, `emLen` bytes.
 * @throws CryptoError('bad-length') if emLen is too short ("intended encoded message length too short")
 */
export function emsaPkcs1v15Encode(hashName: HashName, message: Uint8Array, emLength: number): Uint8Array {
  const prefix = hexToBytes(DIGEST_INFO_PREFIX[hashName]);
  const digest = getHash(hashName).digest(message);
  const tLength = prefix.length + digest.length;
  if (emLength < tLength + 11) throw new CryptoError('bad-length', 'RSA modulus too short for this hash');
  const em = new Uint8Array(emLength).fill(0xff, 2, emLength - tLength - 1);
  em[1] = 0x01;
  em.set(prefix, emLength - tLength);
  em.set(digest, emLength - digest.length);
  return em;
}

/**
 * RSASSA-PKCS1-v1_5 signature: exactly k = |n| bytes. Uses the CRT and
 * verifies the result with the public exponent before returning it, so a
 * computation fault cannot leak a factor of n (the check OpenSSL does in
 * `rsa_ossl_mod_exp`).
 *
 * @param key - the private key
 * @param hashName - 'sha1' (ssh-rsa), 'sha256' or 'sha512' (RFC 8332)
 * @param message - the data to sign
 * @returns the signature, left-padded to the modulus length
 * @throws CryptoError('invalid-key') for an unusable key or a failed self-check
 */
export function rsaPkcs1Sign(key: RsaPrivateKey, hashName: HashName, message: Uint8Array): Uint8Array {
  checkRsaPublicKey(key);
  const k = byteLength(key.n);
  const m = bytesToBigInt(emsaPkcs1v15Encode(hashName, message, k));
  const m1 = modPow(m, key.dp, key.p);
  const m2 = modPow(m, key.dq, key.q);
  let h = ((m1 - m2) * key.qi) % key.p;
  if (h < 0n) h += key.p;
  const s = m2 + h * key.q;
  if (s >= key.n || modPow(s, key.e, key.n) !== m) {
    throw new CryptoError('invalid-key', 'RSA signature failed its self-check (inconsistent private key)');
  }
  return bigIntToBytes(s, k);
}

/**
 * RSASSA-PKCS1-v1_5 verification by encode-and-compare (RFC 8017 §8.2.2).
 *
 * Length rule: a signature longer than the modulus is rejected; a shorter one
 * is left-padded with zeros first, as OpenSSH's ssh-rsa.c does ("RSA_verify
 * expects a signature of RSA_size"; some signers strip leading zero bytes).
 *
 * @returns whether the signature is valid; never throws for bad signature bytes
 * @throws CryptoError('invalid-key') if the public key is unusable
 */
export function rsaPkcs1Verify(
  key: RsaPublicKey,
  hashName: HashName,
  message: Uint8Array,
  signature: Uint8Array,
): boolean {
  checkRsaPublicKey(key);
  const k = byteLength(key.n);
  if (signature.length > k || signature.length === 0) return false;
  const s = bytesToBigInt(signature);
  if (s >= key.n) return false;
  const em = bigIntToBytes(modPow(s, key.e, key.n), k);
  return constantTimeEqual(em, emsaPkcs1v15Encode(hashName, message, k));
}
