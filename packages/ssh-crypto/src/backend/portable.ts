/**
 * The backend of the portable entry point (browsers, Deno's and Bun's web
 * entry, workers): `@noble/*` for every primitive but the two that carry
 * chacha20-poly1305@openssh.com's bulk, which run in the package's own
 * WebAssembly where it loads: ChaCha20 (./chacha20-wasm.ts, SIMD) and
 * Poly1305 (./poly1305-wasm.ts, else its float64 JavaScript, itself faster
 * than noble's). `nobleBackend` stays all-noble, the reference the others are
 * checked against.
 */
import { wasmChaCha20 } from './chacha20-wasm.js';
import { nobleBackend } from './noble.js';
import { poly1305WasmInto } from './poly1305-wasm.js';
import type { CryptoBackend } from './types.js';

/**
 * The portable backend: noble, with ChaCha20 and Poly1305 in WebAssembly.
 * @example
 * ```ts
 * import { createCipherRegistry, portableBackend } from '@sshkit/ssh-crypto';
 * const ciphers = createCipherRegistry(portableBackend);
 * ```
 */
export const portableBackend: CryptoBackend = Object.freeze({
  ...nobleBackend,
  name: 'portable',
  chacha20: (key: Uint8Array) => wasmChaCha20(key) ?? nobleBackend.chacha20(key),
  poly1305: poly1305WasmInto,
});
