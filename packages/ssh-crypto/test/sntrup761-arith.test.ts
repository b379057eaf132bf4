/**
 * sntrup761's arithmetic against plain references written here: the
 * reductions over their whole stated ranges, products against schoolbook
 * sums, the inversions by multiplying back and against a full-length divstep
 * (the one the specification describes, no bounds, no bit slicing; the Rq
 * one in both its WebAssembly and JavaScript loops), and the sorting network
 * against Array.prototype.sort.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { constantTimeSortUint32 } from '../src/pq/ct-sort.js';
import { r3Mult, rqMultSmall } from '../src/pq/sntrup761-mult.js';
import { convolveJs, f3, fq, fqLazy, P, Q } from '../src/pq/sntrup761-poly.js';
import { r3Recip, rqRecip3 } from '../src/pq/sntrup761-recip.js';
import { rqRecip3Js } from '../src/pq/sntrup761-rq-js.js';
import { convolveWasm, rqRecip3Wasm, sntrup761WasmAvailable } from '../src/pq/sntrup761-wasm.js';

const Q12 = (Q - 1) / 2;
/** x mod m in [-(m-1)/2, (m-1)/2] for odd m, on exact integers. */
const centered = (x: number, m: number) => {
  const r = ((x % m) + m) % m;
  return r > (m - 1) / 2 ? r - m : r;
};

/** Schoolbook product in Z[x]/(x^p - x - 1), then centred mod m. */
function referenceProduct(a: ArrayLike<number>, b: ArrayLike<number>, m: number): number[] {
  const c = new Array<number>(2 * P - 1).fill(0);
  for (let i = 0; i < P; i++) {
    for (let j = 0; j < P; j++) c[i + j] = (c[i + j] as number) + (a[i] as number) * (b[j] as number);
  }
  for (let k = 2 * P - 2; k >= P; k--) {
    c[k - P] = (c[k - P] as number) + (c[k] as number);
    c[k - P + 1] = (c[k - P + 1] as number) + (c[k] as number);
  }
  return c.slice(0, P).map((x) => centered(x, m));
}

/** The specification's divstep inversion, full length every iteration; m = 3 or q. */
function referenceRecip(s: ArrayLike<number>, m: number, scale: number): number[] | undefined {
  const inv = (a: number) => {
    for (let t = 1; t < m; t++) if (centered(a * t, m) === 1) return t;
    return 0;
  };
  let f = new Array<number>(P + 1).fill(0);
  let g = new Array<number>(P + 1).fill(0);
  let v = new Array<number>(P + 1).fill(0);
  let r = new Array<number>(P + 1).fill(0);
  f[0] = 1;
  f[P - 1] = -1;
  f[P] = -1;
  for (let i = 0; i < P; i++) g[P - 1 - i] = s[i] as number;
  r[0] = scale;
  let delta = 1;
  for (let n = 0; n < 2 * P - 1; n++) {
    v = [0, ...v.slice(0, P)];
    if (delta > 0 && g[0] !== 0) {
      [f, g, v, r, delta] = [g, f, r, v, -delta];
    }
    delta++;
    const f0 = f[0] as number;
    const g0 = g[0] as number;
    g = g.map((gi, i) => centered(f0 * gi - g0 * (f[i] as number), m));
    r = r.map((ri, i) => centered(f0 * ri - g0 * (v[i] as number), m));
    g = [...g.slice(1), 0];
  }
  if (delta !== 0) return undefined;
  const k = inv(f[0] as number);
  return Array.from({ length: P }, (_, i) => centered(k * (v[P - 1 - i] as number), m));
}

const small = fc
  .array(fc.integer({ min: -1, max: 1 }), { minLength: P, maxLength: P })
  .map((a) => Int8Array.from(a));
const rq = fc
  .array(fc.integer({ min: -Q12, max: Q12 }), { minLength: P, maxLength: P })
  .map((a) => Int16Array.from(a));
/** Short polynomials (weight 286), as f and r are. */
const short = fc
  .array(fc.integer({ min: 0, max: P - 1 }), { minLength: 286, maxLength: 286 })
  .map((picks) => {
    const s = new Int8Array(P);
    let placed = 0;
    for (const at of picks) {
      for (let i = at; ; i = (i + 1) % P) {
        if (s[i] === 0) {
          s[i] = placed++ & 1 ? 1 : -1;
          break;
        }
      }
    }
    return s;
  });

describe('reductions', () => {
  it('fq and fqLazy over every |x| ≤ 2^20 and at multiples of q up to 2^31', () => {
    const check = (x: number) => {
      const lazy = fqLazy(x);
      if (fq(x) !== centered(x, Q) || Math.abs(lazy) >= Q || centered(lazy - x, Q) !== 0) {
        throw new Error(`fq(${x}) = ${fq(x)}, fqLazy = ${lazy}`);
      }
    };
    for (let x = -(2 ** 20); x <= 2 ** 20; x++) check(x);
    for (let k = 2 ** 20; k < 2 ** 31 / Q; k += 997)
      for (const d of [-Q12 - 1, -Q12, -1, 0, 1, Q12, Q12 + 1]) {
        check(k * Q + d);
        check(-k * Q - d);
      }
    for (const x of [2 ** 31 - 1, -(2 ** 31) + 1, Math.floor((2 ** 31 - 1) / Q) * Q]) check(x);
    expect(fqLazy(-Q)).toBe(0);
    expect(fqLazy(467_000 * Q)).toBe(0);
  });

  it('f3 over every |x| < 16384', () => {
    for (let x = -16383; x < 16384; x++) if (f3(x) !== centered(x, 3)) throw new Error(`f3(${x}) = ${f3(x)}`);
    expect(f3(-2)).toBe(1);
  });
});

describe('products', () => {
  it('rqMultSmall and r3Mult equal the schoolbook product', () => {
    fc.assert(
      fc.property(rq, small, small, (a, b, c) => {
        expect(Array.from(rqMultSmall(a, b))).toEqual(referenceProduct(a, b, Q));
        expect(Array.from(r3Mult(c, b))).toEqual(referenceProduct(c, b, 3));
      }),
      { numRuns: 20 },
    );
  });

  it('the WebAssembly and JavaScript convolutions agree (the JavaScript one is the fallback)', () => {
    expect(sntrup761WasmAvailable()).toBe(true);
    fc.assert(
      fc.property(fc.oneof(rq, small), small, (a, b) => {
        expect(Array.from(convolveWasm(a, b) ?? [])).toEqual(Array.from(convolveJs(a, b)));
      }),
      { numRuns: 40 },
    );
  });

  it('rqMultSmall is exact at the extremes (every coefficient ±(q-1)/2 times ±1)', () => {
    for (const [x, y] of [
      [Q12, 1],
      [Q12, -1],
      [-Q12, 1],
    ]) {
      const a = new Int16Array(P).fill(x as number);
      const b = new Int8Array(P).fill(y as number);
      expect(Array.from(rqMultSmall(a, b))).toEqual(referenceProduct(a, b, Q));
      expect(Array.from(convolveJs(a, b))).toEqual(Array.from(convolveWasm(a, b) ?? []));
    }
  });
});

describe('inversions', () => {
  it('the WebAssembly Rq loops load on Node (rqRecip3 runs them, not the fallback)', () => {
    expect(sntrup761WasmAvailable()).toBe(true);
    const s = fc.sample(short, { numRuns: 1, seed: 1 })[0] as Int8Array;
    expect(Array.from(rqRecip3(s))).toEqual(Array.from(rqRecip3Wasm(s) ?? []));
  });

  it.each([
    ['WebAssembly', (s: Int8Array) => rqRecip3Wasm(s) ?? new Int16Array(0)],
    ['JavaScript', rqRecip3Js],
  ] as const)('rqRecip3 (%s loops) times 3 s is 1, and equals the full-length divstep', (_label, recip) => {
    const one = [1, ...new Array<number>(P - 1).fill(0)];
    fc.assert(
      fc.property(fc.oneof(short, small), (s) => {
        fc.pre(s.some((c) => c !== 0));
        expect(Array.from(rqMultSmall(recip(s), s)).map((c) => centered(3 * c, Q))).toEqual(one);
      }),
      { numRuns: 25 },
    );
    for (const s of fc.sample(fc.oneof(short, small), { numRuns: 2, seed: 7 })) {
      // 3 · 3061 = 2q + 1: the reference starts r at 1/3 to give 1/(3s).
      expect(Array.from(recip(s))).toEqual(referenceRecip(s, Q, 3061));
    }
  });

  it('r3Recip(s) times s is 1 when defined, and agrees with the full-length divstep on which s invert', () => {
    const one = [1, ...new Array<number>(P - 1).fill(0)];
    let inverted = 0;
    for (const s of fc.sample(fc.oneof(small, short), { numRuns: 12, seed: 11 })) {
      const inverse = r3Recip(s);
      const reference = referenceRecip(s, 3, 1);
      expect(inverse === undefined ? undefined : Array.from(inverse)).toEqual(reference);
      if (inverse) {
        inverted++;
        expect(Array.from(r3Mult(inverse, s))).toEqual(one);
      }
    }
    expect(inverted).toBeGreaterThan(0);
    expect(r3Recip(new Int8Array(P))).toBeUndefined();
    const minusOne = new Int8Array(P);
    minusOne[0] = -1;
    expect(Array.from(r3Recip(minusOne) ?? [])).toEqual(Array.from(minusOne));
  });

  it('r3Recip refuses the zero divisors: multiples of a factor of x^p - x - 1 mod 3', () => {
    // x^761 - x - 1 factors mod 3 into degrees 19, 60 and 682 (SymPy's
    // factor_list), so a random s is almost never a zero divisor; this is the
    // degree-19 factor, lowest coefficient first. Checked to divide it first.
    const factor = [-1, -1, 0, -1, -1, -1, 1, -1, 1, -1, 0, -1, 1, 1, 1, 1, -1, 0, 1, 1];
    const remainder = [-1, -1, ...new Array<number>(P - 2).fill(0), 1]; // x^p - x - 1, low first
    for (let top = P; top >= factor.length - 1; top--) {
      const q = centered((remainder[top] as number) * (factor.at(-1) as number), 3); // leading coefficient is 1
      for (let i = 0; i < factor.length; i++) {
        const at = top - (factor.length - 1) + i;
        remainder[at] = centered((remainder[at] as number) - q * (factor[i] as number), 3);
      }
    }
    expect(remainder.every((c) => c === 0)).toBe(true);

    const d = Int8Array.from({ length: P }, (_, i) => factor[i] ?? 0);
    expect(r3Recip(d)).toBeUndefined();
    expect(referenceRecip(d, 3, 1)).toBeUndefined();
    for (const t of fc.sample(small, { numRuns: 4, seed: 5 })) {
      const multiple = r3Mult(d, t);
      expect(multiple.some((c) => c !== 0)).toBe(true);
      expect(r3Recip(multiple)).toBeUndefined();
    }
  });
});

describe('constantTimeSortUint32', () => {
  it('sorts like Array.prototype.sort, any length, duplicates and extreme values included', () => {
    const value = fc.oneof(fc.constantFrom(0, 1, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff), fc.nat());
    fc.assert(
      fc.property(
        fc.oneof(fc.array(value, { maxLength: 70 }), fc.array(value, { minLength: P, maxLength: P })),
        (values) => {
          const x = Uint32Array.from(values);
          constantTimeSortUint32(x);
          expect(Array.from(x)).toEqual(values.map((v) => v >>> 0).sort((a, b) => a - b));
        },
      ),
      { numRuns: 200 },
    );
  });
});
