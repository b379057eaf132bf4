/**
 * @packageDocumentation
 * `@sshkit/ssh-transport`: the SSH transport layer (RFC 4253): identification
 * exchange, binary packet protocol, algorithm negotiation, key exchange,
 * rekeying, ext-info and compression, as a sans-I/O core over a minimal
 * duplex byte stream.
 */
export { type AlgorithmListOption, resolveAlgorithmList } from './algorithm-lists.js';
export type { ByteDuplex, ByteDuplexHandlers } from './duplex.js';
export * from './errors.js';
export { createMemoryPair } from './memory-duplex.js';
export * from './messages.js';
export * from './negotiate.js';
export type { PacketChannel } from './packet-channel.js';
export * from './version.js';
