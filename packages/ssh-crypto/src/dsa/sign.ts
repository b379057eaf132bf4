/**
 * DSA signing and verification (FIPS 186-4 §4.6, §4.7) with the
 * deterministic nonce of RFC 6979 §3.2, so signing needs no randomness and is
 * testable against RFC 6979 A.2.1.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { bigIntToBytes, bytesToBigInt } from '@sshkit/ssh-wire';
import { concatBytes } from '../bytes.js';
import { type HashName, hashFunction } from '../hash/registry.js';
import { bitLength, mod, modInverse, modPow } from '../rsa/math.js';
import { checkDsaPublicKey } from './key.js';
import type { DsaPrivateKey, DsaPublicKey } from './types.js';

/** A DSA signature as its two integers. */
export interface DsaSignatureValues {
  readonly r: bigint;
  readonly s: bigint;
}

/** RFC 6979 §2.3.2 bits2int: the leftmost qlen bits of `bytes` as an integer. */
function bits2int(bytes: Uint8Array, qlen: number): bigint {
  const value = bytesToBigInt(bytes);
  const blen = bytes.length * 8;
  return blen > qlen ? value >> BigInt(blen - qlen) : value;
}

/**
 * The RFC 6979 §3.2 deterministic k generator (HMAC-DRBG over `hash`), as an
 * iterator: the first value is k, later ones replace a k that gave r = 0 or
 * s = 0 (step h.3, "K = HMAC_K(V || 0x00), V = HMAC_K(V)").
 */
function* rfc6979Nonces(hashName: HashName, q: bigint, x: bigint, h1: Uint8Array): Generator<bigint> {
  const H = hashFunction(hashName);
  const qlen = bitLength(q);
  const rlen = Math.ceil(qlen / 8);
  const int2octets = (v: bigint) => bigIntToBytes(v, rlen);
  const seed = concatBytes(int2octets(x), int2octets(mod(bits2int(h1, qlen), q)));
  let V = new Uint8Array(H.outputLen).fill(0x01);
  let K = new Uint8Array(H.outputLen);
  K = hmac(H, K, concatBytes(V, Uint8Array.of(0x00), seed));
  V = hmac(H, K, V);
  K = hmac(H, K, concatBytes(V, Uint8Array.of(0x01), seed));
  V = hmac(H, K, V);
  for (;;) {
    const parts: Uint8Array[] = [];
    let tlen = 0;
    while (tlen < qlen) {
      V = hmac(H, K, V);
      parts.push(V);
      tlen += V.length * 8;
    }
    const k = bits2int(concatBytes(...parts), qlen);
    if (k >= 1n && k < q) yield k;
    K = hmac(H, K, concatBytes(V, Uint8Array.of(0x00)));
    V = hmac(H, K, V);
  }
}

/**
 * Signs `message` (FIPS 186-4 §4.6): z = leftmost min(N, outlen) bits of
 * Hash(M), r = (g^k mod p) mod q, s = k^-1 (z + x r) mod q, with k from
 * RFC 6979.
 * @param key - the private key (checked first)
 * @param hashName - 'sha1' for ssh-dss; others for the RFC 6979 vectors
 * @param message - the data to sign
 * @returns r and s, both in [1, q-1]
 * @throws CryptoError('invalid-key') for an unusable key
 */
export function dsaSign(key: DsaPrivateKey, hashName: HashName, message: Uint8Array): DsaSignatureValues {
  checkDsaPublicKey(key);
  const { p, q, g, x } = key;
  const h1 = hashFunction(hashName)(message);
  const z = bits2int(h1, bitLength(q));
  for (const k of rfc6979Nonces(hashName, q, x, h1)) {
    const r = modPow(g, k, p) % q;
    if (r === 0n) continue;
    const s = mod(modInverse(k, q) * (z + x * r), q);
    if (s !== 0n) return { r, s };
  }
  // The generator never ends; this satisfies the type checker.
  throw new Error('unreachable');
}

/**
 * Verifies (FIPS 186-4 §4.7). Returns `false` for r or s outside [1, q-1].
 * @throws CryptoError('invalid-key') for an unusable key
 */
export function dsaVerify(
  key: DsaPublicKey,
  hashName: HashName,
  message: Uint8Array,
  signature: DsaSignatureValues,
): boolean {
  checkDsaPublicKey(key);
  const { p, q, g, y } = key;
  const { r, s } = signature;
  if (r < 1n || r >= q || s < 1n || s >= q) return false;
  const z = bits2int(hashFunction(hashName)(message), bitLength(q));
  const w = modInverse(s, q);
  const u1 = mod(z * w, q);
  const u2 = mod(r * w, q);
  const v = ((modPow(g, u1, p) * modPow(y, u2, p)) % p) % q;
  return v === r;
}
