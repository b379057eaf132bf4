// What the portable and the Node cipher entry points share; each adds a
// registry built on its own backend.

export { rekeyBlockLimit } from './legacy.js';
export type {
  PacketLayout,
  PacketOpener,
  PacketProtectionOptions,
  PacketSealer,
} from './packet.js';
export { createPacketOpener, createPacketSealer } from './packet.js';
export {
  type CipherName,
  type CipherRegistry,
  createCipherRegistry,
  defaultCiphers,
  isCipherName,
  LEGACY_CIPHERS,
  lookupCipher,
  supportedCiphers,
} from './registry.js';
export type {
  AeadCipherSpec,
  AeadCipherState,
  CipherInfo,
  CipherSpec,
  Direction,
  StreamCipherSpec,
  StreamCipherState,
} from './types.js';
