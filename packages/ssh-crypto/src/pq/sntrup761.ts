/**
 * Streamlined NTRU Prime sntrup761 (the NTRU Prime round-3 specification,
 * "ntruprime-20201007"): the KEM inside OpenSSH's
 * `sntrup761x25519-sha512@openssh.com`.
 *
 * Parameters: p = 761, q = 4591, w = 286, in R = Z[x]/(x^p - x - 1).
 * Rq = R/q is a field (x^p - x - 1 is irreducible mod q); R3 = R/3 is not,
 * so key generation retries g until it is invertible mod 3.
 *
 * - KeyGen: g small and invertible in R3, f short (weight w);
 *   h = g / (3f) in Rq. pk = Encode(h); sk = Small(f) || Small(1/g in R3)
 *   || pk || rho || Hash4(pk).
 * - Encap: r short; c = Round(h r) (coefficients rounded to multiples of 3);
 *   ct = Rounded(c) || HashConfirm(r, pk); K = HashSession(1, r, ct).
 * - Decap: e = (3 f c mod q) mod 3 = g r; r' = e / g in R3 (or a fixed
 *   weight-w vector if r' is not of weight w); re-encrypt; if the ciphertext
 *   differs, K = HashSession(0, rho, ct) (implicit rejection).
 *
 * Hashes are SHA-512 truncated to 32 bytes with a one-byte prefix:
 * Hash_b(x) = SHA512(b || x)[0..32).
 *
 * Arithmetic lives in ./sntrup761-poly.ts and ./sntrup761-mult.ts, the
 * inversions in ./sntrup761-recip.ts (hot loops in WebAssembly where
 * available, ./sntrup761-wasm.ts), the byte encodings in
 * ./sntrup761-encode.ts. Key generation, encapsulation and decapsulation run
 * without branches or memory indexes that depend on secrets (masked swaps and
 * selections, a sorting network for Short_random, a masked weight check and
 * rejection); sntrup761-recip.ts says how far that holds in JavaScript.
 * Secrets come from the injected RandomSource.
 */
import { sha512 } from '@noble/hashes/sha2.js';
import { concatBytes } from '../bytes.js';
import { CryptoError } from '../errors.js';
import { defaultRandom, type RandomSource } from '../random.js';
import { constantTimeSortUint32 } from './ct-sort.js';
import {
  ROUNDED_BYTES,
  RQ_BYTES,
  roundedDecode,
  roundedEncode,
  rqDecode,
  rqEncode,
  SMALL_BYTES,
  smallDecode,
  smallEncode,
} from './sntrup761-encode.js';
import { r3Mult, rqMultSmall } from './sntrup761-mult.js';
import { f3, fq, P, W } from './sntrup761-poly.js';
import { r3Recip, rqRecip3 } from './sntrup761-recip.js';

const HASH_BYTES = 32;
/** Bytes of the encoded public key (Rq element). */
export const SNTRUP761_PUBLIC_KEY_BYTES = RQ_BYTES;
/** Bytes of the secret key: f, 1/g, pk, rho, Hash4(pk). */
export const SNTRUP761_SECRET_KEY_BYTES =
  2 * SMALL_BYTES + SNTRUP761_PUBLIC_KEY_BYTES + SMALL_BYTES + HASH_BYTES;
/** Bytes of the ciphertext: rounded c and the confirmation hash. */
export const SNTRUP761_CIPHERTEXT_BYTES = ROUNDED_BYTES + HASH_BYTES;
/** Bytes of the shared secret. */
export const SNTRUP761_SHARED_SECRET_BYTES = HASH_BYTES;

// ---------------------------------------------------------------- randomness

/**
 * p little-endian uint32 values, drawn 4 bytes at a time as the reference
 * implementation's `urandom32()` does, so a deterministic source (the NIST
 * KAT DRBG) reproduces the published known-answer tests. The platform CSPRNG
 * gives the same distribution in one call (hundreds of 4-byte calls cost
 * more than the rest of encapsulation).
 */
function randomWords(random: RandomSource): Uint32Array {
  const out = new Uint32Array(P);
  if (random === defaultRandom) {
    const bytes = random(4 * P);
    for (let i = 0; i < P; i++) out[i] = readU32(bytes, 4 * i);
    return out;
  }
  for (let i = 0; i < P; i++) {
    const c = random(4);
    if (c.length !== 4) throw new RangeError('sntrup761: random source returned the wrong length');
    out[i] = readU32(c, 0);
  }
  return out;
}

function readU32(b: Uint8Array, at: number): number {
  return (
    ((b[at] as number) |
      ((b[at + 1] as number) << 8) |
      ((b[at + 2] as number) << 16) |
      ((b[at + 3] as number) << 24)) >>>
    0
  );
}

/** Small_random: each coefficient ((L & 0x3fffffff) * 3) >> 30, minus 1. */
function smallRandom(random: RandomSource): Int8Array {
  const L = randomWords(random);
  const out = new Int8Array(P);
  // The product is below 2^32, exact in a double; >>> 30 keeps its top two bits.
  for (let i = 0; i < P; i++) out[i] = ((((L[i] as number) & 0x3fffffff) * 3) >>> 30) - 1;
  return out;
}

/**
 * Short_random: weight-w polynomial by sorting. The first w words get their
 * low bit cleared (becoming ±1 from bit 1), the rest become ...01 (0); the
 * sort by value shuffles them. The result is secret (f, r), hence the
 * sorting network.
 */
function shortRandom(random: RandomSource): Int8Array {
  const L = randomWords(random);
  for (let i = 0; i < W; i++) L[i] = (L[i] as number) & 0xfffffffe;
  for (let i = W; i < P; i++) L[i] = ((L[i] as number) & 0xfffffffc) | 1;
  constantTimeSortUint32(L);
  const out = new Int8Array(P);
  for (let i = 0; i < P; i++) out[i] = ((L[i] as number) & 3) - 1;
  return out;
}

// ---------------------------------------------------------------- hashing

/** Hash_b(x) = first 32 bytes of SHA-512(b || x). */
function hashPrefix(b: number, input: Uint8Array): Uint8Array {
  return sha512(concatBytes(Uint8Array.of(b), input)).subarray(0, HASH_BYTES);
}

/** HashConfirm(r, pk) = Hash_2(Hash_3(r) || Hash_4(pk)), with Hash_4(pk) cached. */
function hashConfirm(rEncoded: Uint8Array, pkHash: Uint8Array): Uint8Array {
  return hashPrefix(2, concatBytes(hashPrefix(3, rEncoded), pkHash));
}

/** HashSession(b, y, z) = Hash_b(Hash_3(y) || z). */
function hashSession(b: number, y: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  return hashPrefix(b, concatBytes(hashPrefix(3, y), ciphertext));
}

// ---------------------------------------------------------------- the KEM

/** An sntrup761 key pair. */
export interface Sntrup761KeyPair {
  /** 1158 bytes. */
  readonly publicKey: Uint8Array;
  /** 1763 bytes. */
  readonly secretKey: Uint8Array;
}

/** What encapsulation produces. */
export interface Sntrup761Encapsulation {
  /** 1039 bytes, to send. */
  readonly ciphertext: Uint8Array;
  /** 32 bytes. */
  readonly sharedSecret: Uint8Array;
}

/**
 * Generates a key pair. Randomness is drawn as the reference implementation
 * does: p draws of 4 bytes per candidate g, p more for f, then 191 bytes of
 * rho (the default CSPRNG is read in one call per polynomial instead).
 * @param random - source of randomness (CONVENTIONS rule 7)
 * @example
 * ```ts
 * import { sntrup761KeyPair } from '@sshkit/ssh-crypto';
 * const { publicKey, secretKey } = sntrup761KeyPair();
 * ```
 */
export function sntrup761KeyPair(random: RandomSource = defaultRandom): Sntrup761KeyPair {
  let g: Int8Array;
  let gInverse: Int8Array | undefined;
  do {
    g = smallRandom(random);
    gInverse = r3Recip(g);
  } while (gInverse === undefined);
  const f = shortRandom(random);
  const h = rqMultSmall(rqRecip3(f), g);
  const publicKey = rqEncode(h);
  const rho = random(SMALL_BYTES);
  if (rho.length !== SMALL_BYTES) throw new RangeError('sntrup761: random source returned the wrong length');
  const secretKey = concatBytes(
    smallEncode(f),
    smallEncode(gInverse),
    publicKey,
    rho,
    hashPrefix(4, publicKey),
  );
  return { publicKey, secretKey };
}

/** ct = Rounded(Round(h r)) || HashConfirm(r, pk). */
function hide(
  r: Int8Array,
  h: Int16Array,
  pkHash: Uint8Array,
): { rEncoded: Uint8Array; ciphertext: Uint8Array } {
  const hr = rqMultSmall(h, r);
  for (let i = 0; i < P; i++) hr[i] = (hr[i] as number) - f3(hr[i] as number);
  const rEncoded = smallEncode(r);
  return { rEncoded, ciphertext: concatBytes(roundedEncode(hr), hashConfirm(rEncoded, pkHash)) };
}

/**
 * Encapsulates a fresh shared secret to `publicKey`.
 * @param publicKey - 1158 bytes
 * @param random - source of r (p draws of 4 bytes; one call for the default CSPRNG)
 * @throws CryptoError('bad-length') for a public key of the wrong length
 */
export function sntrup761Encapsulate(
  publicKey: Uint8Array,
  random: RandomSource = defaultRandom,
): Sntrup761Encapsulation {
  if (publicKey.length !== SNTRUP761_PUBLIC_KEY_BYTES) {
    throw new CryptoError('bad-length', `sntrup761 public key must be ${SNTRUP761_PUBLIC_KEY_BYTES} bytes`);
  }
  const r = shortRandom(random);
  const { rEncoded, ciphertext } = hide(r, rqDecode(publicKey), hashPrefix(4, publicKey));
  return { ciphertext, sharedSecret: hashSession(1, rEncoded, ciphertext) };
}

/**
 * Decapsulates. Never fails on a well-sized ciphertext: a ciphertext that
 * does not re-encrypt to itself yields the implicit-rejection secret
 * Hash_0(Hash_3(rho) || ct), as the specification requires.
 * @param ciphertext - 1039 bytes
 * @param secretKey - 1763 bytes
 * @throws CryptoError('bad-length') for inputs of the wrong length
 */
export function sntrup761Decapsulate(ciphertext: Uint8Array, secretKey: Uint8Array): Uint8Array {
  if (ciphertext.length !== SNTRUP761_CIPHERTEXT_BYTES) {
    throw new CryptoError('bad-length', `sntrup761 ciphertext must be ${SNTRUP761_CIPHERTEXT_BYTES} bytes`);
  }
  if (secretKey.length !== SNTRUP761_SECRET_KEY_BYTES) {
    throw new CryptoError('bad-length', `sntrup761 secret key must be ${SNTRUP761_SECRET_KEY_BYTES} bytes`);
  }
  // sk = f || 1/g || pk || rho || Hash4(pk)
  const pkAt = 2 * SMALL_BYTES;
  const rhoAt = pkAt + SNTRUP761_PUBLIC_KEY_BYTES;
  const f = smallDecode(secretKey.subarray(0, SMALL_BYTES));
  const gInverse = smallDecode(secretKey.subarray(SMALL_BYTES, pkAt));
  const publicKey = secretKey.subarray(pkAt, rhoAt);
  const rho = secretKey.subarray(rhoAt, rhoAt + SMALL_BYTES);
  const pkHash = secretKey.subarray(rhoAt + SMALL_BYTES);

  // e = 3 f c (mod q), lifted and reduced mod 3, is g r; multiply by 1/g in R3.
  const c = roundedDecode(ciphertext.subarray(0, ROUNDED_BYTES));
  const cf = rqMultSmall(c, f);
  const e = new Int8Array(P);
  for (let i = 0; i < P; i++) e[i] = f3(fq(3 * (cf[i] as number)));
  const ev = r3Mult(e, gInverse);
  // Weight check without branching on it: mask = 0 if weight is w, else -1.
  let weight = 0;
  for (let i = 0; i < P; i++) weight += (ev[i] as number) & 1;
  const mask = ((weight - W) | (W - weight)) >> 31; // -1 unless weight = w
  const r = new Int8Array(P);
  for (let i = 0; i < W; i++) r[i] = (((ev[i] as number) ^ 1) & ~mask) ^ 1;
  for (let i = W; i < P; i++) r[i] = (ev[i] as number) & ~mask;

  const { rEncoded, ciphertext: expected } = hide(r, rqDecode(publicKey), pkHash);
  let diff = 0;
  for (let i = 0; i < SNTRUP761_CIPHERTEXT_BYTES; i++)
    diff |= (ciphertext[i] as number) ^ (expected[i] as number);
  const fail = -diff >> 31; // 0, or -1 when the ciphertexts differ
  const y = new Uint8Array(SMALL_BYTES);
  for (let i = 0; i < SMALL_BYTES; i++) {
    y[i] = (rEncoded[i] as number) ^ (fail & ((rEncoded[i] as number) ^ (rho[i] as number)));
  }
  return hashSession(1 + fail, y, ciphertext);
}
