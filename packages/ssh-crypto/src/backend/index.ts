/**
 * Bulk primitives behind the cipher and MAC registries. `portableBackend`
 * runs anywhere (`@noble/*`, ChaCha20 and Poly1305 in WebAssembly);
 * `nobleBackend` is all-noble; `nodeBackend` (from `./node.node.ts`, Node
 * only) uses OpenSSL.
 */
export { chacha20WasmAvailable } from './chacha20-wasm.js';
export { nobleBackend } from './noble.js';
export { poly1305Into } from './poly1305.js';
export { poly1305WasmAvailable, poly1305WasmInto } from './poly1305-wasm.js';
export { portableBackend } from './portable.js';
export {
  type ChaCha20,
  type ChainedBlockCipher,
  type CryptoBackend,
  type GcmCipher,
  HMAC_HASH_LENGTH,
  type Hmac,
  type HmacHashName,
  type StreamCipher,
} from './types.js';
