/**
 * Poly1305 (RFC 8439 §2.5) in a hand-written WebAssembly module
 * (./poly1305.wat, 26-bit limbs in i64 registers), for the node backend's
 * chacha20-poly1305@openssh.com: OpenSSL's ChaCha20 runs at gigabytes per
 * second, so Poly1305 in JavaScript dominated; with native 64-bit multiplies
 * the MAC keeps up. Where WebAssembly is unavailable it falls back to the
 * float64 JavaScript version (./poly1305.ts); both are checked against the
 * RFC 8439 vectors and against noble.
 *
 * The embedded bytes are `wat2wasm src/backend/poly1305.wat` (wabt 1.0.32),
 * base64: regenerate with `wat2wasm src/backend/poly1305.wat -o p.wasm && base64 -w0 p.wasm`.
 * The message is copied into the module's memory (one memcpy, cheap next to
 * the MAC itself), which grows as needed and is reused across calls.
 */
import { poly1305Into } from './poly1305.js';

const WASM_BASE64 =
  'AGFzbQEAAAABBgFgAn9/AAMCAQAFAwEAAQcVAgZtZW1vcnkCAAhwb2x5MTMwNQAACp8IAZwIAxR+An8IfkEANQIAQv///x+DIQJB' +
  'AzUCAEICiEKD/v8fgyEDQQY1AgBCBIhC/4H/H4MhBEEJNQIAQgaIQv//wB+DIQVBDDUCAEIIiEL//z+DIQYgA0IFfiEHIARCBX4h' +
  'CCAFQgV+IQkgBkIFfiEKQcAAIRZBwAAgACABQQR0amohF0KAgIAIIRgCQANAIBYgF08NASAWQcAAIABqTwRAQgAhGAsgCyAWNQIA' +
  'Qv///x+DfCELIAwgFjUCA0ICiEL///8fg3whDCANIBY1AgZCBIhC////H4N8IQ0gDiAWNQIJQgaIQv///x+DfCEOIA8gFjUCDEII' +
  'iCAYhHwhDyALIAJ+IAwgCn58IA0gCX58IA4gCH58IA8gB358IRAgCyADfiAMIAJ+fCANIAp+fCAOIAl+fCAPIAh+fCERIAsgBH4g' +
  'DCADfnwgDSACfnwgDiAKfnwgDyAJfnwhEiALIAV+IAwgBH58IA0gA358IA4gAn58IA8gCn58IRMgCyAGfiAMIAV+fCANIAR+fCAO' +
  'IAN+fCAPIAJ+fCEUIBBCGoghFSAQQv///x+DIQsgESAVfCERIBFCGoghFSARQv///x+DIQwgEiAVfCESIBJCGoghFSASQv///x+D' +
  'IQ0gEyAVfCETIBNCGoghFSATQv///x+DIQ4gFCAVfCEUIBRCGoghFSAUQv///x+DIQ8gCyAVQgV+fCELIAtCGoghFSALQv///x+D' +
  'IQsgDCAVfCEMIBZBEGohFgwACwsgDEIaiCEVIAxC////H4MhDCANIBV8IQ0gDUIaiCEVIA1C////H4MhDSAOIBV8IQ4gDkIaiCEV' +
  'IA5C////H4MhDiAPIBV8IQ8gD0IaiCEVIA9C////H4MhDyALIBVCBX58IQsgC0IaiCEVIAtC////H4MhCyAMIBV8IQwgC0IFfCEZ' +
  'IBlCGoghFSAZQv///x+DIRkgDCAVfCEaIBpCGoghFSAaQv///x+DIRogDSAVfCEbIBtCGoghFSAbQv///x+DIRsgDiAVfCEcIBxC' +
  'GoghFSAcQv///x+DIRwgDyAVfEKAgIAgfSEdIB1CP4hCAX0hHiAZIB6DIAsgHkJ/hYOEIQsgGiAegyAMIB5Cf4WDhCEMIBsgHoMg' +
  'DSAeQn+Fg4QhDSAcIB6DIA4gHkJ/hYOEIQ4gHSAegyAPIB5Cf4WDhCEPIAsgDEIahoRC/////w+DIRAgDEIGiCANQhSGhEL/////' +
  'D4MhESANQgyIIA5CDoaEQv////8PgyESIA5CEoggD0IIhoRC/////w+DIRMgEEEQNQIAfCEfQSAgHz4CACARQRQ1AgB8IB9CIIh8' +
  'IR9BJCAfPgIAIBJBGDUCAHwgH0IgiHwhH0EoIB8+AgAgE0EcNQIAfCAfQiCIfCEfQSwgHz4CAAs=';

const KEY = 0;
const TAG = 32;
const MSG = 64;
const PAGE = 65536;

interface Poly1305Module {
  readonly memory: WebAssembly.Memory;
  readonly poly1305: (full: number, partial: number) => void;
}

let instance: Poly1305Module | null | undefined;
let heap = new Uint8Array(0);

function load(): Poly1305Module | null {
  if (instance !== undefined) return instance;
  try {
    const bytes = Uint8Array.from(atob(WASM_BASE64), (c) => c.charCodeAt(0));
    const exports = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports;
    const memory = exports.memory;
    const fn = exports.poly1305;
    if (!(memory instanceof WebAssembly.Memory) || typeof fn !== 'function')
      throw new TypeError('poly1305.wasm');
    instance = { memory, poly1305: fn as (full: number, partial: number) => void };
  } catch {
    instance = null;
  }
  return instance;
}

/**
 * Computes the Poly1305 tag of `data` under the one-time `key` into `out`,
 * in WebAssembly when available.
 * @param key - 32-byte one-time key (r || s)
 * @param data - message
 * @param out - receives the 16-byte tag
 */
export function poly1305WasmInto(key: Uint8Array, data: Uint8Array, out: Uint8Array): void {
  const wasm = load();
  if (wasm === null) {
    poly1305Into(key, data, out);
    return;
  }
  const need = MSG + data.length + 16;
  if (wasm.memory.buffer.byteLength < need) {
    wasm.memory.grow(Math.ceil((need - wasm.memory.buffer.byteLength) / PAGE));
  }
  if (heap.buffer !== wasm.memory.buffer) heap = new Uint8Array(wasm.memory.buffer);
  heap.set(key.subarray(0, 32), KEY);
  heap.set(data, MSG);
  const full = data.length - (data.length % 16);
  const rest = data.length - full;
  if (rest > 0) {
    // The final partial block: 0x01 then zeros (RFC 8439 §2.5.1), no 2^128 bit.
    const at = MSG + data.length;
    heap[at] = 1;
    heap.fill(0, at + 1, at + 16 - rest);
  }
  wasm.poly1305(full, rest > 0 ? 1 : 0);
  out.set(heap.subarray(TAG, TAG + 16));
  heap.fill(0, KEY, TAG + 16); // the one-time key and tag do not linger
}

/** @returns whether the WebAssembly module loaded (else the JavaScript fallback runs) */
export function poly1305WasmAvailable(): boolean {
  return load() !== null;
}
