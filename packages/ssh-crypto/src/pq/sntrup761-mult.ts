/**
 * Products in R by a small polynomial, the multiplications of sntrup761's
 * encapsulation and decapsulation: the convolution in WebAssembly where
 * available (./sntrup761-wasm.ts, eight products per SIMD instruction), else
 * in JavaScript (convolveJs); then x^p = x + 1 and the reduction.
 */
import { convolveJs, f3, foldProduct, fq, P } from './sntrup761-poly.js';
import { convolveWasm } from './sntrup761-wasm.js';

/** a b folded mod x^p - x - 1, before the coefficients are reduced. */
function multiply(a: Int16Array | Int8Array, b: Int8Array): Int32Array {
  const ab = convolveWasm(a, b) ?? convolveJs(a, b);
  foldProduct(ab);
  return ab;
}

/** h = f g in Rq (f in Rq, coefficients in [-(q-1)/2, (q-1)/2]; g small). */
export function rqMultSmall(f: Int16Array, g: Int8Array): Int16Array {
  const fg = multiply(f, g);
  const h = new Int16Array(P);
  for (let i = 0; i < P; i++) h[i] = fq(fg[i] as number);
  return h;
}

/** h = f g in R3 (both small). */
export function r3Mult(f: Int8Array, g: Int8Array): Int8Array {
  const fg = multiply(f, g);
  const h = new Int8Array(P);
  for (let i = 0; i < P; i++) h[i] = f3(fg[i] as number);
  return h;
}
