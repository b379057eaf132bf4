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
 * Constant-time execution is not attempted beyond avoiding data-dependent
 * branches in decapsulation's weight check and rejection; the inversions
 * and sorting run in time that depends on secret data (correctness first,
 * as the package's issue allows). Secrets come from the injected RandomSource.
 */
import { sha512 } from '@noble/hashes/sha2.js';
import { concatBytes } from '../bytes.js';
import { CryptoError } from '../errors.js';
import { defaultRandom, type RandomSource } from '../random.js';

const P = 761;
const Q = 4591;
const W = 286;
const Q12 = (Q - 1) / 2; // 2295

/** Bytes of a small polynomial: four coefficients per byte. */
const SMALL_BYTES = Math.ceil(P / 4); // 191
const HASH_BYTES = 32;
/** Bytes of the encoded public key (Rq element). */
export const SNTRUP761_PUBLIC_KEY_BYTES = 1158;
/** Bytes of the rounded part of the ciphertext. */
const ROUNDED_BYTES = 1007;
/** Bytes of the secret key: f, 1/g, pk, rho, Hash4(pk). */
export const SNTRUP761_SECRET_KEY_BYTES =
  2 * SMALL_BYTES + SNTRUP761_PUBLIC_KEY_BYTES + SMALL_BYTES + HASH_BYTES;
/** Bytes of the ciphertext: rounded c and the confirmation hash. */
export const SNTRUP761_CIPHERTEXT_BYTES = ROUNDED_BYTES + HASH_BYTES;
/** Bytes of the shared secret. */
export const SNTRUP761_SHARED_SECRET_BYTES = HASH_BYTES;

// ---------------------------------------------------------------- field arithmetic

// The reductions avoid Math.* in the hot loops: a global lookup per call is
// slow in sandboxed realms (vm contexts, as test runners use) and needless here.

/** x mod 3 as a representative in {-1, 0, 1} (x an integer below 2^53). */
function f3(x: number): number {
  const r = x % 3;
  return r > 1 ? r - 3 : r < -1 ? r + 3 : r;
}

/** x mod q as a representative in [-(q-1)/2, (q-1)/2] (x an integer below 2^53). */
function fq(x: number): number {
  const r = x % Q;
  return r > Q12 ? r - Q : r < -Q12 ? r + Q : r;
}

/** a^(q-2) mod q, the inverse of a nonzero a in Z/q. */
function fqRecip(a: number): number {
  let result = 1;
  let base = fq(a);
  for (let e = Q - 2; e > 0; e >>= 1) {
    if (e & 1) result = fq(result * base);
    base = fq(base * base);
  }
  return result;
}

/**
 * Product in Z[x]/(x^p - x - 1) before reduction of the coefficients:
 * x^p = x + 1, so the coefficient of x^i (i ≥ p) is added to x^(i-p) and
 * x^(i-p+1).
 */
function multiply(f: ArrayLike<number>, g: ArrayLike<number>): Float64Array {
  const fg = new Float64Array(2 * P - 1);
  for (let i = 0; i < P; i++) {
    const fi = f[i] as number;
    if (fi === 0) continue;
    for (let j = 0; j < P; j++) fg[i + j] = (fg[i + j] as number) + fi * (g[j] as number);
  }
  for (let i = 2 * P - 2; i >= P; i--) {
    const top = fg[i] as number;
    fg[i - P] = (fg[i - P] as number) + top;
    fg[i - P + 1] = (fg[i - P + 1] as number) + top;
  }
  return fg;
}

/** h = f g in Rq (f in Rq, g small). */
function rqMultSmall(f: Int16Array, g: Int8Array): Int16Array {
  const fg = multiply(f, g);
  const h = new Int16Array(P);
  for (let i = 0; i < P; i++) h[i] = fq(fg[i] as number);
  return h;
}

/** h = f g in R3. */
function r3Mult(f: Int8Array, g: Int8Array): Int8Array {
  const fg = multiply(f, g);
  const h = new Int8Array(P);
  for (let i = 0; i < P; i++) h[i] = f3(fg[i] as number);
  return h;
}

/**
 * 1/s in R3 by the constant-round "divstep" extended GCD of f = x^p - x - 1
 * (reversed) and g = s (reversed), 2p - 1 iterations.
 * @returns the inverse, or undefined when s is not invertible mod 3
 */
function r3Recip(s: Int8Array): Int8Array | undefined {
  let f = new Int8Array(P + 1);
  let g = new Int8Array(P + 1);
  let v = new Int8Array(P + 1);
  let r = new Int8Array(P + 1);
  r[0] = 1;
  f[0] = 1;
  f[P - 1] = -1;
  f[P] = -1;
  for (let i = 0; i < P; i++) g[P - 1 - i] = s[i] as number;
  let delta = 1;
  for (let loop = 0; loop < 2 * P - 1; loop++) {
    v.copyWithin(1, 0, P);
    v[0] = 0;
    const sign = -(g[0] as number) * (f[0] as number);
    if (delta > 0 && g[0] !== 0) {
      delta = -delta;
      [f, g] = [g, f];
      [v, r] = [r, v];
    }
    delta += 1;
    for (let i = 0; i <= P; i++) {
      g[i] = f3((g[i] as number) + sign * (f[i] as number));
      r[i] = f3((r[i] as number) + sign * (v[i] as number));
    }
    g.copyWithin(0, 1);
    g[P] = 0;
  }
  if (delta !== 0) return undefined;
  const scale = f[0] as number;
  const out = new Int8Array(P);
  for (let i = 0; i < P; i++) out[i] = scale * (v[P - 1 - i] as number);
  return out;
}

/** 1/(3 s) in Rq (always exists: Rq is a field and s ≠ 0), by the same divstep. */
function rqRecip3(s: Int8Array): Int16Array {
  let f = new Int32Array(P + 1);
  let g = new Int32Array(P + 1);
  let v = new Int32Array(P + 1);
  let r = new Int32Array(P + 1);
  r[0] = fqRecip(3);
  f[0] = 1;
  f[P - 1] = -1;
  f[P] = -1;
  for (let i = 0; i < P; i++) g[P - 1 - i] = s[i] as number;
  let delta = 1;
  for (let loop = 0; loop < 2 * P - 1; loop++) {
    v.copyWithin(1, 0, P);
    v[0] = 0;
    if (delta > 0 && g[0] !== 0) {
      delta = -delta;
      [f, g] = [g, f];
      [v, r] = [r, v];
    }
    delta += 1;
    const f0 = f[0] as number;
    const g0 = g[0] as number;
    for (let i = 0; i <= P; i++) {
      g[i] = fq(f0 * (g[i] as number) - g0 * (f[i] as number));
      r[i] = fq(f0 * (r[i] as number) - g0 * (v[i] as number));
    }
    g.copyWithin(0, 1);
    g[P] = 0;
  }
  const scale = fqRecip(f[0] as number);
  const out = new Int16Array(P);
  for (let i = 0; i < P; i++) out[i] = fq(scale * (v[P - 1 - i] as number));
  return out;
}

// ---------------------------------------------------------------- encodings

/**
 * The spec's Encode: a list of integers 0 ≤ R[i] < M[i] ≤ 16384 into bytes,
 * pairing neighbours (r0 + r1 m0 < m0 m1) and emitting low bytes while the
 * combined modulus is ≥ 2^14, recursively.
 */
function encode(out: number[], R: readonly number[], M: readonly number[]): void {
  const len = R.length;
  if (len === 1) {
    let r = R[0] as number;
    let m = M[0] as number;
    while (m > 1) {
      out.push(r & 0xff);
      r >>>= 8;
      m = (m + 255) >>> 8;
    }
    return;
  }
  const R2: number[] = [];
  const M2: number[] = [];
  let i = 0;
  for (; i < len - 1; i += 2) {
    const m0 = M[i] as number;
    let r = (R[i] as number) + (R[i + 1] as number) * m0;
    let m = (M[i + 1] as number) * m0;
    while (m >= 16384) {
      out.push(r & 0xff);
      r >>>= 8;
      m = (m + 255) >>> 8;
    }
    R2.push(r);
    M2.push(m);
  }
  if (i < len) {
    R2.push(R[i] as number);
    M2.push(M[i] as number);
  }
  encode(out, R2, M2);
}

/** The spec's Decode, the inverse of {@link encode}; always yields 0 ≤ out[i] < M[i]. */
function decode(S: Uint8Array, at: number, M: readonly number[]): number[] {
  const len = M.length;
  if (len === 1) {
    const m = M[0] as number;
    if (m === 1) return [0];
    if (m <= 256) return [(S[at] as number) % m];
    return [((S[at] as number) + ((S[at + 1] as number) << 8)) % m];
  }
  const M2: number[] = [];
  const bottomR: number[] = [];
  const bottomT: number[] = [];
  let pos = at;
  let i = 0;
  for (; i < len - 1; i += 2) {
    const m = (M[i] as number) * (M[i + 1] as number);
    if (m > 256 * 16383) {
      bottomT.push(65536);
      bottomR.push((S[pos] as number) + 256 * (S[pos + 1] as number));
      pos += 2;
      M2.push((((m + 255) >>> 8) + 255) >>> 8);
    } else if (m >= 16384) {
      bottomT.push(256);
      bottomR.push(S[pos] as number);
      pos += 1;
      M2.push((m + 255) >>> 8);
    } else {
      bottomT.push(1);
      bottomR.push(0);
      M2.push(m);
    }
  }
  if (i < len) M2.push(M[i] as number);
  const R2 = decode(S, pos, M2);
  const out: number[] = [];
  for (i = 0; i < len - 1; i += 2) {
    const r = (bottomR[i >> 1] as number) + (bottomT[i >> 1] as number) * (R2[i >> 1] as number);
    const m0 = M[i] as number;
    const r0 = r % m0;
    out.push(r0, ((r - r0) / m0) % (M[i + 1] as number));
  }
  if (i < len) out.push(R2[i >> 1] as number);
  return out;
}

const RQ_MODULI: readonly number[] = new Array<number>(P).fill(Q);
const ROUNDED_MODULI: readonly number[] = new Array<number>(P).fill((Q + 2) / 3);

function rqEncode(h: Int16Array): Uint8Array {
  const out: number[] = [];
  encode(
    out,
    Array.from(h, (c) => c + Q12),
    RQ_MODULI,
  );
  return Uint8Array.from(out);
}

function rqDecode(bytes: Uint8Array): Int16Array {
  return Int16Array.from(decode(bytes, 0, RQ_MODULI), (c) => c - Q12);
}

function roundedEncode(c: Int16Array): Uint8Array {
  const out: number[] = [];
  encode(
    out,
    Array.from(c, (x) => ((x + Q12) * 10923) >>> 15),
    ROUNDED_MODULI,
  );
  return Uint8Array.from(out);
}

function roundedDecode(bytes: Uint8Array): Int16Array {
  return Int16Array.from(decode(bytes, 0, ROUNDED_MODULI), (x) => x * 3 - Q12);
}

/** Four coefficients per byte, each stored as c + 1 in two bits. */
function smallEncode(f: Int8Array): Uint8Array {
  const out = new Uint8Array(SMALL_BYTES);
  for (let i = 0; i < P; i++)
    out[i >> 2] = (out[i >> 2] as number) | (((f[i] as number) + 1) << (2 * (i & 3)));
  return out;
}

function smallDecode(bytes: Uint8Array): Int8Array {
  const f = new Int8Array(P);
  for (let i = 0; i < P; i++) f[i] = (((bytes[i >> 2] as number) >> (2 * (i & 3))) & 3) - 1;
  return f;
}

// ---------------------------------------------------------------- randomness

/**
 * p little-endian uint32 values, drawn 4 bytes at a time as the reference
 * implementation's `urandom32()` does, so a deterministic source (the NIST
 * KAT DRBG) reproduces the published known-answer tests.
 */
function randomWords(random: RandomSource): Uint32Array {
  const out = new Uint32Array(P);
  for (let i = 0; i < P; i++) {
    const c = random(4);
    if (c.length !== 4) throw new RangeError('sntrup761: random source returned the wrong length');
    out[i] =
      ((c[0] as number) | ((c[1] as number) << 8) | ((c[2] as number) << 16) | ((c[3] as number) << 24)) >>>
      0;
  }
  return out;
}

/** Small_random: each coefficient ((L & 0x3fffffff) * 3) >> 30, minus 1. */
function smallRandom(random: RandomSource): Int8Array {
  const L = randomWords(random);
  const out = new Int8Array(P);
  // ((L & 0x3fffffff) * 3) >> 30 in doubles: the product can exceed 2^31, so divide and truncate.
  for (let i = 0; i < P; i++) out[i] = (((((L[i] as number) & 0x3fffffff) * 3) / 0x40000000) | 0) - 1;
  return out;
}

/**
 * Short_random: weight-w polynomial by sorting. The first w words get their
 * low bit cleared (becoming ±1 from bit 1), the rest become ...01 (0); the
 * sort by value shuffles them.
 */
function shortRandom(random: RandomSource): Int8Array {
  const L = randomWords(random);
  for (let i = 0; i < W; i++) L[i] = (L[i] as number) & 0xfffffffe;
  for (let i = W; i < P; i++) L[i] = ((L[i] as number) & 0xfffffffc) | 1;
  L.sort();
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
 * does: p draws of 4 bytes per candidate g, p more for f, then 191 bytes of rho.
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
 * @param random - source of r (p draws of 4 bytes)
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
  const mask = -Number(weight !== W);
  const r = new Int8Array(P);
  for (let i = 0; i < W; i++) r[i] = (((ev[i] as number) ^ 1) & ~mask) ^ 1;
  for (let i = W; i < P; i++) r[i] = (ev[i] as number) & ~mask;

  const { rEncoded, ciphertext: expected } = hide(r, rqDecode(publicKey), pkHash);
  let diff = 0;
  for (let i = 0; i < SNTRUP761_CIPHERTEXT_BYTES; i++)
    diff |= (ciphertext[i] as number) ^ (expected[i] as number);
  const fail = -Number(diff !== 0); // 0 or -1
  const y = new Uint8Array(SMALL_BYTES);
  for (let i = 0; i < SMALL_BYTES; i++) {
    y[i] = (rEncoded[i] as number) ^ (fail & ((rEncoded[i] as number) ^ (rho[i] as number)));
  }
  return hashSession(1 + fail, y, ciphertext);
}
