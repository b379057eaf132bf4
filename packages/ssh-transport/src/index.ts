/**
 * @packageDocumentation
 * `@sshkit/ssh-transport`: the SSH transport layer (RFC 4253): identification
 * exchange, binary packet protocol, algorithm negotiation, key exchange,
 * rekeying, ext-info and compression, as a sans-I/O core over a minimal
 * duplex byte stream.
 */
export { type AlgorithmListOption, resolveAlgorithmList } from './algorithm-lists.js';
export {
  type CompressionMethod,
  createCompressor,
  createDecompressor,
  DEFAULT_COMPRESSION_LEVEL,
  isDelayedCompression,
  MAX_DECOMPRESSED_PAYLOAD,
  type PacketCompressor,
  type PacketDecompressor,
  SUPPORTED_COMPRESSION_METHODS,
} from './compression.js';
export { type DriveOptions, runTransport } from './driver.js';
export type { ByteDuplex, ByteDuplexHandlers } from './duplex.js';
export * from './errors.js';
export type { HostKey, HostKeyVerifier } from './host-key.js';
export {
  certificateAlgorithmFor,
  defaultHostKeyAlgs,
  plainAlgorithmOf,
  supportedHostKeyAlgs,
} from './host-key-algorithms.js';
export type { TransportLog, TransportLogEvent } from './log.js';
export { createMemoryPair } from './memory-duplex.js';
export * from './messages.js';
export * from './negotiate.js';
export {
  DEFAULT_REKEY_BYTES,
  DEFAULT_REKEY_SECONDS,
  type KeyLogEntry,
  offeredAlgorithms,
  type TransportOptions,
} from './options.js';
export { DEFAULT_MAX_PACKET } from './packet/limits.js';
export type { PacketChannel } from './packet-channel.js';
export { freeIfSoleOwned, markSoleOwned } from './sole-owner.js';
export { type ByteStreamPair, streamDuplex } from './stream-duplex.js';
export { Transport, type TransportEvents } from './transport.js';
export * from './version.js';
export {
  type WebSocketDuplexOptions,
  type WebSocketEventLike,
  type WebSocketLike,
  webSocketDuplex,
} from './websocket-duplex.js';
