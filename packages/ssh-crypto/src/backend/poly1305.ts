/**
 * Poly1305 (RFC 8439 §2.5) in float64 limbs, for the Node backend's
 * chacha20-poly1305@openssh.com, where OpenSSL offers ChaCha20 but no bare
 * Poly1305 to Node.
 *
 * Why not `@noble/ciphers`' Poly1305: noble uses ten 13-bit limbs and 100
 * integer multiplies per block (portable and audited, about 0.3 GB/s); here
 * the accumulator is six 22-bit limbs held in doubles, 36 multiplies per block,
 * two blocks per step (h = (h + m1) r^2 + m2 r) to halve the carry chains.
 * Every product is below 2^49.5 and every column sum below 2^53, so all
 * arithmetic is exact integer arithmetic (no rounding ever happens). Verified
 * against the RFC 8439 vectors and cross-checked against noble on random
 * inputs in test/backend.test.ts.
 *
 * The key is secret; like noble's, this code has no secret-dependent branches
 * or memory indices (the final `>= p` selection is done with masks).
 */

const TWO22 = 4194304; // 2^22, the limb radix
const INV22 = 1 / TWO22;
const TWO20 = 1048576; // 2^20: limb 5 holds bits 110..129 of a reduced value
const HIBIT = 262144; // 2^18: bit 128 (the RFC's appended 0x01 byte) within limb 5
const INV32 = 1 / 4294967296; // 2^-32, for the carries of the final addition of s

/**
 * Computes the Poly1305 tag of `data` under the one-time `key` into `out`.
 * @param key - 32-byte one-time key (r || s)
 * @param data - message
 * @param out - receives the 16-byte tag
 */
export function poly1305Into(key: Uint8Array, data: Uint8Array, out: Uint8Array): void {
  const kv = new DataView(key.buffer, key.byteOffset, 32);
  // r, clamped (RFC 8439 §2.5.1), split into 22-bit limbs.
  const k0 = kv.getUint32(0, true) & 0x0fffffff;
  const k1 = kv.getUint32(4, true) & 0x0ffffffc;
  const k2 = kv.getUint32(8, true) & 0x0ffffffc;
  const k3 = kv.getUint32(12, true) & 0x0ffffffc;
  const r0 = k0 & 0x3fffff;
  const r1 = (k0 >>> 22) | ((k1 & 0xfff) << 10);
  const r2 = (k1 >>> 12) | ((k2 & 0x3) << 20);
  const r3 = (k2 >>> 2) & 0x3fffff;
  const r4 = (k2 >>> 24) | ((k3 & 0x3fff) << 8);
  const r5 = k3 >>> 14;
  // 2^132 = 4 * 2^130 ≡ 4 * 5 = 20 (mod p): columns past limb 5 wrap with factor 20.
  const s1 = r1 * 20;
  const s2 = r2 * 20;
  const s3 = r3 * 20;
  const s4 = r4 * 20;
  const s5 = r5 * 20;

  let h0 = 0;
  let h1 = 0;
  let h2 = 0;
  let h3 = 0;
  let h4 = 0;
  let h5 = 0;

  // r^2 mod p in the same limbs, for two blocks per step: h = (h + m1) * r^2 + m2 * r.
  // Column sums then hold 12 products, still below 2^52.5 < 2^53 (limbs < 2^23, 20 * r limbs < 2^26.33).
  let q0 = r0 * r0 + r1 * s5 + r2 * s4 + r3 * s3 + r4 * s2 + r5 * s1;
  let q1 = r0 * r1 + r1 * r0 + r2 * s5 + r3 * s4 + r4 * s3 + r5 * s2;
  let q2 = r0 * r2 + r1 * r1 + r2 * r0 + r3 * s5 + r4 * s4 + r5 * s3;
  let q3 = r0 * r3 + r1 * r2 + r2 * r1 + r3 * r0 + r4 * s5 + r5 * s4;
  let q4 = r0 * r4 + r1 * r3 + r2 * r2 + r3 * r1 + r4 * r0 + r5 * s5;
  let q5 = r0 * r5 + r1 * r4 + r2 * r3 + r3 * r2 + r4 * r1 + r5 * r0;
  for (let pass = 0; pass < 2; pass++) {
    let c = Math.floor(q0 * INV22);
    q0 -= c * TWO22;
    q1 += c;
    c = Math.floor(q1 * INV22);
    q1 -= c * TWO22;
    q2 += c;
    c = Math.floor(q2 * INV22);
    q2 -= c * TWO22;
    q3 += c;
    c = Math.floor(q3 * INV22);
    q3 -= c * TWO22;
    q4 += c;
    c = Math.floor(q4 * INV22);
    q4 -= c * TWO22;
    q5 += c;
    c = Math.floor(q5 * INV22);
    q5 -= c * TWO22;
    q0 += c * 20;
  }
  const u1 = q1 * 20;
  const u2 = q2 * 20;
  const u3 = q3 * 20;
  const u4 = q4 * 20;
  const u5 = q5 * 20;

  const full = data.length - (data.length % 16);
  const dv = new DataView(data.buffer, data.byteOffset, data.length);
  let off = 0;
  for (; off + 32 <= full; off += 32) {
    let w0 = dv.getUint32(off, true);
    let w1 = dv.getUint32(off + 4, true);
    let w2 = dv.getUint32(off + 8, true);
    let w3 = dv.getUint32(off + 12, true);
    h0 += w0 & 0x3fffff;
    h1 += (w0 >>> 22) | ((w1 & 0xfff) << 10);
    h2 += (w1 >>> 12) | ((w2 & 0x3) << 20);
    h3 += (w2 >>> 2) & 0x3fffff;
    h4 += (w2 >>> 24) | ((w3 & 0x3fff) << 8);
    h5 += (w3 >>> 14) + HIBIT;
    w0 = dv.getUint32(off + 16, true);
    w1 = dv.getUint32(off + 20, true);
    w2 = dv.getUint32(off + 24, true);
    w3 = dv.getUint32(off + 28, true);
    const m0 = w0 & 0x3fffff;
    const m1 = (w0 >>> 22) | ((w1 & 0xfff) << 10);
    const m2 = (w1 >>> 12) | ((w2 & 0x3) << 20);
    const m3 = (w2 >>> 2) & 0x3fffff;
    const m4 = (w2 >>> 24) | ((w3 & 0x3fff) << 8);
    const m5 = (w3 >>> 14) + HIBIT;

    let d0 = h0 * q0 + h1 * u5 + h2 * u4 + h3 * u3 + h4 * u2 + h5 * u1;
    let d1 = h0 * q1 + h1 * q0 + h2 * u5 + h3 * u4 + h4 * u3 + h5 * u2;
    let d2 = h0 * q2 + h1 * q1 + h2 * q0 + h3 * u5 + h4 * u4 + h5 * u3;
    let d3 = h0 * q3 + h1 * q2 + h2 * q1 + h3 * q0 + h4 * u5 + h5 * u4;
    let d4 = h0 * q4 + h1 * q3 + h2 * q2 + h3 * q1 + h4 * q0 + h5 * u5;
    let d5 = h0 * q5 + h1 * q4 + h2 * q3 + h3 * q2 + h4 * q1 + h5 * q0;
    d0 += m0 * r0 + m1 * s5 + m2 * s4 + m3 * s3 + m4 * s2 + m5 * s1;
    d1 += m0 * r1 + m1 * r0 + m2 * s5 + m3 * s4 + m4 * s3 + m5 * s2;
    d2 += m0 * r2 + m1 * r1 + m2 * r0 + m3 * s5 + m4 * s4 + m5 * s3;
    d3 += m0 * r3 + m1 * r2 + m2 * r1 + m3 * r0 + m4 * s5 + m5 * s4;
    d4 += m0 * r4 + m1 * r3 + m2 * r2 + m3 * r1 + m4 * r0 + m5 * s5;
    d5 += m0 * r5 + m1 * r4 + m2 * r3 + m3 * r2 + m4 * r1 + m5 * r0;

    let c = Math.floor(d0 * INV22);
    d0 -= c * TWO22;
    d1 += c;
    c = Math.floor(d1 * INV22);
    d1 -= c * TWO22;
    d2 += c;
    c = Math.floor(d2 * INV22);
    d2 -= c * TWO22;
    d3 += c;
    c = Math.floor(d3 * INV22);
    d3 -= c * TWO22;
    d4 += c;
    c = Math.floor(d4 * INV22);
    d4 -= c * TWO22;
    d5 += c;
    c = Math.floor(d5 * INV22);
    d5 -= c * TWO22;
    d0 += c * 20;
    c = Math.floor(d0 * INV22);
    d0 -= c * TWO22;
    d1 += c;

    h0 = d0;
    h1 = d1;
    h2 = d2;
    h3 = d3;
    h4 = d4;
    h5 = d5;
  }

  let last: DataView | undefined;
  let hibit = HIBIT;
  for (; off < data.length; off += 16) {
    let m: DataView = dv;
    let at = off;
    if (off >= full) {
      // Final partial block: pad with 0x01 then zeros, and no 2^128 bit (RFC 8439 §2.5.1).
      const pad = new Uint8Array(16);
      pad.set(data.subarray(off));
      pad[data.length - off] = 1;
      last = new DataView(pad.buffer);
      m = last;
      at = 0;
      hibit = 0;
    }
    const w0 = m.getUint32(at, true);
    const w1 = m.getUint32(at + 4, true);
    const w2 = m.getUint32(at + 8, true);
    const w3 = m.getUint32(at + 12, true);
    h0 += w0 & 0x3fffff;
    h1 += (w0 >>> 22) | ((w1 & 0xfff) << 10);
    h2 += (w1 >>> 12) | ((w2 & 0x3) << 20);
    h3 += (w2 >>> 2) & 0x3fffff;
    h4 += (w2 >>> 24) | ((w3 & 0x3fff) << 8);
    h5 += (w3 >>> 14) + hibit;

    let d0 = h0 * r0 + h1 * s5 + h2 * s4 + h3 * s3 + h4 * s2 + h5 * s1;
    let d1 = h0 * r1 + h1 * r0 + h2 * s5 + h3 * s4 + h4 * s3 + h5 * s2;
    let d2 = h0 * r2 + h1 * r1 + h2 * r0 + h3 * s5 + h4 * s4 + h5 * s3;
    let d3 = h0 * r3 + h1 * r2 + h2 * r1 + h3 * r0 + h4 * s5 + h5 * s4;
    let d4 = h0 * r4 + h1 * r3 + h2 * r2 + h3 * r1 + h4 * r0 + h5 * s5;
    let d5 = h0 * r5 + h1 * r4 + h2 * r3 + h3 * r2 + h4 * r1 + h5 * r0;

    let c = Math.floor(d0 * INV22);
    d0 -= c * TWO22;
    d1 += c;
    c = Math.floor(d1 * INV22);
    d1 -= c * TWO22;
    d2 += c;
    c = Math.floor(d2 * INV22);
    d2 -= c * TWO22;
    d3 += c;
    c = Math.floor(d3 * INV22);
    d3 -= c * TWO22;
    d4 += c;
    c = Math.floor(d4 * INV22);
    d4 -= c * TWO22;
    d5 += c;
    c = Math.floor(d5 * INV22);
    d5 -= c * TWO22;
    d0 += c * 20;
    c = Math.floor(d0 * INV22);
    d0 -= c * TWO22;
    d1 += c;

    h0 = d0;
    h1 = d1;
    h2 = d2;
    h3 = d3;
    h4 = d4;
    h5 = d5;
  }

  // Fully reduce: carry into 22-bit limbs with limb 5 holding 20 bits (2^130 ≡ 5).
  for (let pass = 0; pass < 2; pass++) {
    let c = Math.floor(h0 * INV22);
    h0 -= c * TWO22;
    h1 += c;
    c = Math.floor(h1 * INV22);
    h1 -= c * TWO22;
    h2 += c;
    c = Math.floor(h2 * INV22);
    h2 -= c * TWO22;
    h3 += c;
    c = Math.floor(h3 * INV22);
    h3 -= c * TWO22;
    h4 += c;
    c = Math.floor(h4 * INV22);
    h4 -= c * TWO22;
    h5 += c;
    c = Math.floor(h5 / TWO20);
    h5 -= c * TWO20;
    h0 += c * 5;
  }
  // Now h < 2^130. g = h + 5 - 2^130; use g when it is non-negative (h >= p).
  let g0 = h0 + 5;
  let c = Math.floor(g0 * INV22);
  g0 -= c * TWO22;
  let g1 = h1 + c;
  c = Math.floor(g1 * INV22);
  g1 -= c * TWO22;
  let g2 = h2 + c;
  c = Math.floor(g2 * INV22);
  g2 -= c * TWO22;
  let g3 = h3 + c;
  c = Math.floor(g3 * INV22);
  g3 -= c * TWO22;
  let g4 = h4 + c;
  c = Math.floor(g4 * INV22);
  g4 -= c * TWO22;
  const g5 = h5 + c - TWO20;
  // mask = all ones when g5 >= 0 (take g), zero otherwise (keep h).
  const mask = ~(g5 >> 31);
  const keep = ~mask;
  const f0 = (g0 & mask) | (h0 & keep);
  const f1 = (g1 & mask) | (h1 & keep);
  const f2 = (g2 & mask) | (h2 & keep);
  const f3 = (g3 & mask) | (h3 & keep);
  const f4 = (g4 & mask) | (h4 & keep);
  const f5 = (g5 & mask) | (h5 & keep);

  // h mod 2^128 as four little-endian words, plus s.
  const t0 = (f0 | (f1 << 22)) >>> 0;
  const t1 = ((f1 >>> 10) | (f2 << 12)) >>> 0;
  const t2 = ((f2 >>> 20) | (f3 << 2) | (f4 << 24)) >>> 0;
  const t3 = ((f4 >>> 8) | (f5 << 14)) >>> 0;
  const ov = new DataView(out.buffer, out.byteOffset, 16);
  let sum = t0 + kv.getUint32(16, true);
  ov.setUint32(0, sum >>> 0, true);
  sum = t1 + kv.getUint32(20, true) + Math.floor(sum * INV32);
  ov.setUint32(4, sum >>> 0, true);
  sum = t2 + kv.getUint32(24, true) + Math.floor(sum * INV32);
  ov.setUint32(8, sum >>> 0, true);
  sum = t3 + kv.getUint32(28, true) + Math.floor(sum * INV32);
  ov.setUint32(12, sum >>> 0, true);
  if (last !== undefined) new Uint8Array(last.buffer).fill(0);
}
