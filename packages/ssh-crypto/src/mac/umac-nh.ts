/**
 * UMAC's L1 layer (NH over 1024-byte chunks, RFC 4418 §4.2) in a
 * hand-written WebAssembly module (./umac-nh.wat): native 32x32->64-bit
 * multiplies make it several times faster than the JavaScript NH in
 * ./umac.ts, which stays as the fallback where WebAssembly is unavailable.
 * Both are checked against the RFC 4418 vectors.
 *
 * The embedded bytes are `wat2wasm src/mac/umac-nh.wat` (wabt 1.0.32),
 * base64; regenerate with `wat2wasm src/mac/umac-nh.wat -o nh.wasm && base64 -w0 nh.wasm`.
 */

import { lazyEmbedded } from '../wasm.js';

const WASM_BASE64 =
  'AGFzbQEAAAABCQFgBX9/f39/AAMCAQAFAwEAAQcPAgZtZW1vcnkCAAJsMQAACrsCAbgCAgh/AX4gAkH/B2pBCnYhBSAFRQRAQQEhBQtBACEHA0BBACEGA0AgBkEKdCEIIAIgCGshCSAJQYAISwRAQYAIIQkLIAlBH2pBYHEhCyALRQRAQSAhCwsgASAIaiEKIAogC2ohCyAAIAdBBHRqIQwgCUEDdK0hDQNAIA0gCigCACAMKAIAaq0gCigCECAMKAIQaq1+fCENIA0gCigCBCAMKAIEaq0gCigCFCAMKAIUaq1+fCENIA0gCigCCCAMKAIIaq0gCigCGCAMKAIYaq1+fCENIA0gCigCDCAMKAIMaq0gCigCHCAMKAIcaq1+fCENIApBIGohCiAMQSBqIQwgCiALSQ0ACyAEIAcgBWwgBmpBA3RqIA03AwAgBkEBaiEGIAYgBUkNAAsgB0EBaiEHIAcgA0kNAAsL';

const KEY = 0;
const MSG = 2048;
const load = lazyEmbedded<{
  l1: (key: number, msg: number, len: number, iters: number, out: number) => void;
}>(WASM_BASE64, ['l1']);
let view: DataView = new DataView(new ArrayBuffer(0));

/** @returns whether the WebAssembly NH loaded */
export function umacNhWasmAvailable(): boolean {
  return load() !== null;
}

/**
 * Runs L1 for all iterations: out[(it * chunks + c) * 2] = high word,
 * [.. + 1] = low word of NH(chunk c, key from word 4 * it) + its bit length.
 * @param nhKeyLE - the L1 key as little-endian 32-bit words (byte length a multiple of 4)
 * @param message - the whole message
 * @param iters - iterations (tag length / 4)
 * @param out - at least 2 * iters * chunks words
 * @returns false when WebAssembly is unavailable (nothing written)
 */
export function umacL1Wasm(
  nhKeyLE: Uint8Array,
  message: Uint8Array,
  iters: number,
  out: Uint32Array,
): boolean {
  const wasm = load();
  if (wasm === null) return false;
  const len = message.length;
  const chunks = Math.max(1, Math.ceil(len / 1024));
  const padded = Math.max(32, (len + 31) & ~31);
  const outAt = MSG + padded;
  const heap = wasm.heap.withRoom(outAt + chunks * iters * 8);
  if (view.buffer !== heap.buffer) view = new DataView(heap.buffer);
  heap.set(nhKeyLE, KEY);
  heap.set(message, MSG);
  heap.fill(0, MSG + len, MSG + padded);
  wasm.l1(KEY, MSG, len, iters, outAt);
  // WebAssembly memory is little-endian: each result is (low word, high word).
  const n = chunks * iters;
  for (let i = 0; i < n; i++) {
    out[i * 2] = view.getUint32(outAt + i * 8 + 4, true);
    out[i * 2 + 1] = view.getUint32(outAt + i * 8, true);
  }
  // The key and the message (a plaintext packet for non-etm UMAC) do not linger.
  heap.fill(0, KEY, KEY + nhKeyLE.length);
  heap.fill(0, MSG, MSG + padded);
  return true;
}
