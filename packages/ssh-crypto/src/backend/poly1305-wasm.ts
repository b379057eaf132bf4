/**
 * Poly1305 (RFC 8439 §2.5) in a hand-written WebAssembly module
 * (./poly1305.wat, 26-bit limbs in i64 registers, whole blocks two at a time
 * with r^2), for the node backend's
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
import { lazyEmbedded } from '../wasm.js';
import { poly1305Into } from './poly1305.js';

const WASM_BASE64 =
  'AGFzbQEAAAABBgFgAn9/AAMCAQAFAwEAAQcVAgZtZW1vcnkCAAhwb2x5MTMwNQAACv4PAfsPBRR+An8IfgF/E35BADUCAEL///8f' +
  'gyECQQM1AgBCAohCg/7/H4MhA0EGNQIAQgSIQv+B/x+DIQRBCTUCAEIGiEL//8AfgyEFQQw1AgBCCIhC//8/gyEGIANCBX4hByAE' +
  'QgV+IQggBUIFfiEJIAZCBX4hCkHAACEWQcAAIABBYHFqISAgFiAgSQRAIAIgAn4gAyAKfnwgBCAJfnwgBSAIfnwgBiAHfnwhECAC' +
  'IAN+IAMgAn58IAQgCn58IAUgCX58IAYgCH58IREgAiAEfiADIAN+fCAEIAJ+fCAFIAp+fCAGIAl+fCESIAIgBX4gAyAEfnwgBCAD' +
  'fnwgBSACfnwgBiAKfnwhEyACIAZ+IAMgBX58IAQgBH58IAUgA358IAYgAn58IRQgEEIaiCEVIBBC////H4MhISARIBV8IREgEUIa' +
  'iCEVIBFC////H4MhIiASIBV8IRIgEkIaiCEVIBJC////H4MhIyATIBV8IRMgE0IaiCEVIBNC////H4MhJCAUIBV8IRQgFEIaiCEV' +
  'IBRC////H4MhJSAhIBVCBX58ISEgIUIaiCEVICFC////H4MhISAiIBV8ISIgIkIFfiEmICNCBX4hJyAkQgV+ISggJUIFfiEpA0Ag' +
  'CyAWNQIAQv///x+DfCEqIAwgFjUCA0ICiEL///8fg3whKyANIBY1AgZCBIhC////H4N8ISwgDiAWNQIJQgaIQv///x+DfCEtIA8g' +
  'FjUCDEIIiEKAgIAIhHwhLiAWNQIQQv///x+DIS8gFjUCE0ICiEL///8fgyEwIBY1AhZCBIhC////H4MhMSAWNQIZQgaIQv///x+D' +
  'ITIgFjUCHEIIiEKAgIAIhCEzICogIX4gKyApfnwgLCAofnwgLSAnfnwgLiAmfnwgLyACfnwgMCAKfnwgMSAJfnwgMiAIfnwgMyAH' +
  'fnwhECAqICJ+ICsgIX58ICwgKX58IC0gKH58IC4gJ358IC8gA358IDAgAn58IDEgCn58IDIgCX58IDMgCH58IREgKiAjfiArICJ+' +
  'fCAsICF+fCAtICl+fCAuICh+fCAvIAR+fCAwIAN+fCAxIAJ+fCAyIAp+fCAzIAl+fCESICogJH4gKyAjfnwgLCAifnwgLSAhfnwg' +
  'LiApfnwgLyAFfnwgMCAEfnwgMSADfnwgMiACfnwgMyAKfnwhEyAqICV+ICsgJH58ICwgI358IC0gIn58IC4gIX58IC8gBn58IDAg' +
  'BX58IDEgBH58IDIgA358IDMgAn58IRQgEEIaiCEVIBBC////H4MhCyARIBV8IREgEUIaiCEVIBFC////H4MhDCASIBV8IRIgEkIa' +
  'iCEVIBJC////H4MhDSATIBV8IRMgE0IaiCEVIBNC////H4MhDiAUIBV8IRQgFEIaiCEVIBRC////H4MhDyALIBVCBX58IQsgC0Ia' +
  'iCEVIAtC////H4MhCyAMIBV8IQwgFkEgaiEWIBYgIEkNAAsLQcAAIAAgAUEEdGpqIRdCgICACCEYAkADQCAWIBdPDQEgFkHAACAA' +
  'ak8EQEIAIRgLIAsgFjUCAEL///8fg3whCyAMIBY1AgNCAohC////H4N8IQwgDSAWNQIGQgSIQv///x+DfCENIA4gFjUCCUIGiEL/' +
  '//8fg3whDiAPIBY1AgxCCIggGIR8IQ8gCyACfiAMIAp+fCANIAl+fCAOIAh+fCAPIAd+fCEQIAsgA34gDCACfnwgDSAKfnwgDiAJ' +
  'fnwgDyAIfnwhESALIAR+IAwgA358IA0gAn58IA4gCn58IA8gCX58IRIgCyAFfiAMIAR+fCANIAN+fCAOIAJ+fCAPIAp+fCETIAsg' +
  'Bn4gDCAFfnwgDSAEfnwgDiADfnwgDyACfnwhFCAQQhqIIRUgEEL///8fgyELIBEgFXwhESARQhqIIRUgEUL///8fgyEMIBIgFXwh' +
  'EiASQhqIIRUgEkL///8fgyENIBMgFXwhEyATQhqIIRUgE0L///8fgyEOIBQgFXwhFCAUQhqIIRUgFEL///8fgyEPIAsgFUIFfnwh' +
  'CyALQhqIIRUgC0L///8fgyELIAwgFXwhDCAWQRBqIRYMAAsLIAxCGoghFSAMQv///x+DIQwgDSAVfCENIA1CGoghFSANQv///x+D' +
  'IQ0gDiAVfCEOIA5CGoghFSAOQv///x+DIQ4gDyAVfCEPIA9CGoghFSAPQv///x+DIQ8gCyAVQgV+fCELIAtCGoghFSALQv///x+D' +
  'IQsgDCAVfCEMIAtCBXwhGSAZQhqIIRUgGUL///8fgyEZIAwgFXwhGiAaQhqIIRUgGkL///8fgyEaIA0gFXwhGyAbQhqIIRUgG0L/' +
  '//8fgyEbIA4gFXwhHCAcQhqIIRUgHEL///8fgyEcIA8gFXxCgICAIH0hHSAdQj+IQgF9IR4gGSAegyALIB5Cf4WDhCELIBogHoMg' +
  'DCAeQn+Fg4QhDCAbIB6DIA0gHkJ/hYOEIQ0gHCAegyAOIB5Cf4WDhCEOIB0gHoMgDyAeQn+Fg4QhDyALIAxCGoaEQv////8PgyEQ' +
  'IAxCBoggDUIUhoRC/////w+DIREgDUIMiCAOQg6GhEL/////D4MhEiAOQhKIIA9CCIaEQv////8PgyETIBBBEDUCAHwhH0EgIB8+' +
  'AgAgEUEUNQIAfCAfQiCIfCEfQSQgHz4CACASQRg1AgB8IB9CIIh8IR9BKCAfPgIAIBNBHDUCAHwgH0IgiHwhH0EsIB8+AgAL';

const KEY = 0;
const TAG = 32;
const MSG = 64;

const load = lazyEmbedded<{ poly1305: (full: number, partial: number) => void }>(WASM_BASE64, ['poly1305']);

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
  const heap = wasm.heap.withRoom(MSG + data.length + 16);
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
