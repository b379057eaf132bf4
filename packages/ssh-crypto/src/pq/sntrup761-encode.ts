/**
 * The byte encodings of sntrup761 (round-3 specification §3.2): the general
 * Encode/Decode of integer lists with per-position moduli, applied to Rq
 * elements (public keys), rounded Rq elements (ciphertexts), and the
 * two-bits-per-coefficient Small encoding (secret keys, r). Control flow and
 * sizes depend only on the moduli, never on the values.
 */
import { P, Q, Q12 } from './sntrup761-poly.js';

/** Bytes of a small polynomial: four coefficients per byte. */
export const SMALL_BYTES = Math.ceil(P / 4); // 191

/**
 * The spec's Encode/Decode works level by level: neighbours pair up
 * (r0 + r1 m0 < m0 m1), each pair emits low bytes while its combined modulus
 * is at least 2^14, and the pairs' remainders form the next level, until one
 * value is left, which emits bytes while its modulus exceeds 1. Which bytes
 * each level emits depends on the moduli alone, so it is worked out once per
 * list of moduli: a plan.
 */
interface Level {
  /** This level's moduli. */
  readonly moduli: Uint32Array;
  /** Bytes each pair emits (0, 1 or 2). */
  readonly pairBytes: Uint8Array;
  /** Where this level's bytes start in the encoding. */
  readonly byteStart: number;
}

interface Plan {
  readonly levels: readonly Level[];
  /** The last value's modulus, where its bytes start, and how many. */
  readonly finalModulus: number;
  readonly finalStart: number;
  readonly finalBytes: number;
  readonly totalBytes: number;
}

function makePlan(count: number, modulus: number): Plan {
  const levels: Level[] = [];
  let moduli = new Uint32Array(count).fill(modulus);
  let at = 0;
  while (moduli.length > 1) {
    const half = moduli.length >> 1;
    const pairBytes = new Uint8Array(half);
    const next = new Uint32Array(half + (moduli.length & 1));
    for (let j = 0; j < half; j++) {
      let m = (moduli[2 * j] as number) * (moduli[2 * j + 1] as number);
      while (m >= 16384) {
        pairBytes[j] = (pairBytes[j] as number) + 1;
        m = (m + 255) >>> 8;
      }
      next[j] = m;
    }
    if (moduli.length & 1) next[half] = moduli[moduli.length - 1] as number;
    levels.push({ moduli, pairBytes, byteStart: at });
    for (const b of pairBytes) at += b;
    moduli = next;
  }
  const finalModulus = moduli[0] as number;
  let finalBytes = 0;
  for (let m = finalModulus; m > 1; m = (m + 255) >>> 8) finalBytes++;
  return { levels, finalModulus, finalStart: at, finalBytes, totalBytes: at + finalBytes };
}

/** Encode: values 0 ≤ R[i] < M[i] (M from the plan) into plan.totalBytes bytes. */
function encode(plan: Plan, values: Uint32Array): Uint8Array {
  const out = new Uint8Array(plan.totalBytes);
  let r = values;
  for (const { moduli, pairBytes, byteStart } of plan.levels) {
    const half = pairBytes.length;
    const next = new Uint32Array(half + (moduli.length & 1));
    let at = byteStart;
    for (let j = 0; j < half; j++) {
      // < m0 m1 ≤ 2^28
      let x = (r[2 * j] as number) + (moduli[2 * j] as number) * (r[2 * j + 1] as number);
      for (let b = pairBytes[j] as number; b > 0; b--) {
        out[at++] = x & 0xff;
        x >>>= 8;
      }
      next[j] = x;
    }
    if (moduli.length & 1) next[half] = r[moduli.length - 1] as number;
    r = next;
  }
  let x = r[0] as number;
  for (let b = 0; b < plan.finalBytes; b++) {
    out[plan.finalStart + b] = x & 0xff;
    x >>>= 8;
  }
  return out;
}

/** Decode, the inverse of {@link encode}; always yields 0 ≤ R[i] < M[i], whatever the bytes. */
function decode(plan: Plan, bytes: Uint8Array): Uint32Array {
  let x = 0;
  for (let b = 0; b < plan.finalBytes; b++) x += (bytes[plan.finalStart + b] as number) * 256 ** b;
  let r = Uint32Array.of(x % plan.finalModulus);
  for (let l = plan.levels.length - 1; l >= 0; l--) {
    const { moduli, pairBytes, byteStart } = plan.levels[l] as Level;
    const half = pairBytes.length;
    const out = new Uint32Array(moduli.length);
    let at = byteStart;
    for (let j = 0; j < half; j++) {
      // The pair's low bytes, then the next level's value above them: < 2^30.
      const count = pairBytes[j] as number;
      let low = 0;
      for (let b = 0; b < count; b++) low |= (bytes[at++] as number) << (8 * b);
      const y = low + (r[j] as number) * 256 ** count;
      const m0 = moduli[2 * j] as number;
      const r0 = y % m0;
      out[2 * j] = r0;
      out[2 * j + 1] = ((y - r0) / m0) % (moduli[2 * j + 1] as number);
    }
    if (moduli.length & 1) out[moduli.length - 1] = r[half] as number;
    r = out;
  }
  return r;
}

const RQ_PLAN = makePlan(P, Q);
const ROUNDED_PLAN = makePlan(P, (Q + 2) / 3);
/** Bytes of an encoded Rq element (public key): 1158. */
export const RQ_BYTES = RQ_PLAN.totalBytes;
/** Bytes of an encoded rounded Rq element (the first part of a ciphertext): 1007. */
export const ROUNDED_BYTES = ROUNDED_PLAN.totalBytes;

/** An Rq element (coefficients in [-(q-1)/2, (q-1)/2]) as 1158 bytes. */
export function rqEncode(h: Int16Array): Uint8Array {
  const values = new Uint32Array(P);
  for (let i = 0; i < P; i++) values[i] = (h[i] as number) + Q12;
  return encode(RQ_PLAN, values);
}

export function rqDecode(bytes: Uint8Array): Int16Array {
  const values = decode(RQ_PLAN, bytes);
  const h = new Int16Array(P);
  for (let i = 0; i < P; i++) h[i] = (values[i] as number) - Q12;
  return h;
}

/** A rounded Rq element (coefficients multiples of 3) as 1007 bytes: (c + (q-1)/2) / 3 each. */
export function roundedEncode(c: Int16Array): Uint8Array {
  const values = new Uint32Array(P);
  // (x * 10923) >>> 15 = floor(x / 3) for 0 ≤ x < 2^14, without a division.
  for (let i = 0; i < P; i++) values[i] = (((c[i] as number) + Q12) * 10923) >>> 15;
  return encode(ROUNDED_PLAN, values);
}

export function roundedDecode(bytes: Uint8Array): Int16Array {
  const values = decode(ROUNDED_PLAN, bytes);
  const c = new Int16Array(P);
  for (let i = 0; i < P; i++) c[i] = 3 * (values[i] as number) - Q12;
  return c;
}

/** Four coefficients per byte, each stored as c + 1 in two bits. */
export function smallEncode(f: Int8Array): Uint8Array {
  const out = new Uint8Array(SMALL_BYTES);
  for (let i = 0; i < P; i++)
    out[i >> 2] = (out[i >> 2] as number) | (((f[i] as number) + 1) << (2 * (i & 3)));
  return out;
}

export function smallDecode(bytes: Uint8Array): Int8Array {
  const f = new Int8Array(P);
  for (let i = 0; i < P; i++) f[i] = (((bytes[i >> 2] as number) >> (2 * (i & 3))) & 3) - 1;
  return f;
}
