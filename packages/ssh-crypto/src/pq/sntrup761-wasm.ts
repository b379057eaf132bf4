/**
 * sntrup761's hot loops in WebAssembly (./sntrup761.wat): the Rq divstep's
 * two inner loops, two coefficients per f64x2 operation, about 4x the
 * JavaScript loops; and the convolution, eight products per
 * i32x4.dot_i16x8_s. The step scalars of the inversion (the swap, the
 * multiple c, the bounds) come from ./sntrup761-divstep.ts, as in
 * ./sntrup761-rq-js.ts, whose loops compute the same doubles.
 *
 * The embedded bytes are `wat2wasm src/pq/sntrup761.wat` (wabt 1.0.32),
 * base64: regenerate with
 * `wat2wasm src/pq/sntrup761.wat -o sntrup761.wasm && base64 -w0 sntrup761.wasm`.
 * The module's memory holds one operation at a time (every call here is
 * synchronous) and is zeroed after each, so no secret lingers in it. Where
 * the module cannot load (no WebAssembly, or an engine without SIMD), these
 * functions return undefined and the callers run the JavaScript versions.
 */

import { instantiateEmbedded, type WasmExports } from '../wasm.js';
import { fgLast, nextDelta, STEPS, swapConstants, swapMask, vrLast } from './sntrup761-divstep.js';
import { P, Q_INV_UP } from './sntrup761-poly.js';
import { rqResult, rqStart } from './sntrup761-rq-js.js';

const WASM_BASE64 =
  'AGFzbQEAAAABCwJgBHx8fH8AYAAAAwQDAAABBQMBAAEHGgQGbWVtb3J5AgACZmcAAAJ2cgABA211bAACCqEEA7IBAgJ/CHsgAP0U' +
  'IQogAf0UIQtEAAAAAADvsUD9FCEMIAL9FCENQQghBCADQQN0IQUCQANAIAQgBUsNASAE/QAEACEGIAT9AASAQCEHIAogByAG/fEB' +
  '/fIBIQggBiAI/fABIQYgBCAG/QsEACAHIAj98QEgCyAG/fIB/fEBIQkgBCAJIAwgCSAN/fIB/Xr98gH98QH9CwT4PyAEQRBqIQQM' +
  'AAsLIAVEAAAAAAAAAAA5A4BAC6sBAgF/CHsgAP0UIQkgAf0UIQpEAAAAAADvsUD9FCELIAL9FCEMIANBAXJBAWtBA3QhBAJAA0Ag' +
  'BEEASA0BIAT9AASAgAEhBSAE/QAEgMABIQYgCSAGIAX98QH98gEhByAFIAf98AEhBSAEIAX9CwSIgAEgBiAH/fEBIAogBf3yAf3x' +
  'ASEIIAQgCCALIAggDP3yAf16/fIB/fEB/QsEgMABIARBEGshBAwACwsLvQECBH8BewNAQZCAAiAAQfgFa0EAIABB+AVKG0F4cUEB' +
  'dGohAUGQgAIgAEH4BSAAQfgFSBtBAXRqIQJBgBBB+AUgAGtBAXRqIQP9DAAAAAAAAAAAAAAAAAAAAAAhBAJAA0AgASACSw0BIAQg' +
  'Af0ABAAgASADav0ABAD9ugH9rgEhBCABQRBqIQEMAAsLIABBAnQgBP0bACAE/RsBaiAE/RsCIAT9GwNqajYCgKACIABBAWohACAA' +
  'QfELSQ0ACws=';

/** Doubles per divstep array in the module's memory (f, g, v, r at 0, 8192, 16392, 24576 bytes). */
const SLOTS = 1023;
/** 16-bit slots per convolution input (at 32768 and 34816 bytes); coefficient i sits at PAD + i. */
const MUL_SLOTS = 1024;
const PAD = 8;

interface Kernels {
  readonly fg: (m: number, c: number, qInv: number, last: number) => void;
  readonly vr: (m: number, c: number, qInv: number, last: number) => void;
  readonly mul: () => void;
  readonly f: Float64Array;
  readonly g: Float64Array;
  readonly v: Float64Array;
  readonly r: Float64Array;
  readonly a: Int16Array;
  readonly rb: Int16Array;
  readonly product: Int32Array;
}

let kernels: Kernels | null | undefined;

function load(): Kernels | null {
  if (kernels !== undefined) return kernels;
  const wasm = instantiateEmbedded(WASM_BASE64, ['fg', 'vr', 'mul']);
  kernels = wasm && kernelsOf(wasm);
  return kernels;
}

function kernelsOf(wasm: WasmExports<'fg' | 'vr' | 'mul'>): Kernels {
  const { memory, fg, vr, mul } = wasm;
  const buffer = memory.buffer;
  return {
    fg: fg as Kernels['fg'],
    vr: vr as Kernels['vr'],
    mul: mul as Kernels['mul'],
    f: new Float64Array(buffer, 0, SLOTS),
    g: new Float64Array(buffer, 8192, SLOTS),
    // v[-1], at byte 16384, is never written and stays 0.
    v: new Float64Array(buffer, 16392, SLOTS),
    r: new Float64Array(buffer, 24576, SLOTS),
    a: new Int16Array(buffer, 32768, MUL_SLOTS),
    rb: new Int16Array(buffer, 34816, MUL_SLOTS),
    product: new Int32Array(buffer, 36864, 2 * P - 1),
  };
}

/**
 * 1/(3 s) in Rq with the WebAssembly loops.
 * @param s - p coefficients in {-1, 0, 1}, not all zero
 * @returns coefficients in [-(q-1)/2, (q-1)/2], or undefined where the module cannot load
 */
export function rqRecip3Wasm(s: Int8Array): Int16Array | undefined {
  const k = load();
  if (k === null) return undefined;
  const { f, g, v, r } = k;
  rqStart(f, g, v, r, s);
  let delta = 1;
  for (let n = 0; n < STEPS; n++) {
    const g0 = g[0] as number;
    const swap = swapMask(delta, g0);
    const m = swap & 1;
    const c = swapConstants(f, g0, m);
    k.fg(m, c, Q_INV_UP, fgLast(n));
    k.vr(m, c, Q_INV_UP, vrLast(n));
    delta = nextDelta(delta, swap);
  }
  const out = rqResult(f, v);
  for (const x of [f, g, v, r]) x.fill(0);
  return out;
}

/**
 * The convolution c_k = sum_i a_i b_(k-i), k = 0 .. 2p - 2 (as convolveJs).
 * @param a - p coefficients with |a_i| ≤ (q-1)/2
 * @param b - p coefficients in {-1, 0, 1}
 * @returns 2p - 1 coefficients, or undefined where the module cannot load
 */
export function convolveWasm(a: Int16Array | Int8Array, b: Int8Array): Int32Array | undefined {
  const k = load();
  if (k === null) return undefined;
  const { a: at, rb, product } = k;
  // The padding on both sides stays 0: only these p slots are ever written.
  for (let i = 0; i < P; i++) {
    at[PAD + i] = a[i] as number;
    rb[PAD + P - 1 - i] = b[i] as number;
  }
  k.mul();
  const out = product.slice();
  at.fill(0);
  rb.fill(0);
  product.fill(0);
  return out;
}

/** @returns whether the WebAssembly module loaded (else the JavaScript loops run) */
export function sntrup761WasmAvailable(): boolean {
  return load() !== null;
}
