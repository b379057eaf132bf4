/**
 * @packageDocumentation
 * `@sshkit/ssh-transport`: SSH transport layer: version exchange, binary packets, key exchange, rekeying, compression.
 */
export {};
