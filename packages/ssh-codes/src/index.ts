/**
 * @packageDocumentation
 * `@sshkit/ssh-codes`: every numeric code an SSH user meets, as named constants
 * and as frozen lookup tables both ways. Message numbers, disconnect reasons,
 * channel open failures, extended data types, terminal modes, SFTP packet
 * types, status codes and flags, certificate types, signal names and the
 * ssh-agent protocol's numbers, each with its RFC name, its AsyncSSH-style
 * name, a short title and a one-sentence description. Zero dependencies; runs
 * in Node, Deno, Bun and browsers.
 *
 * @example
 * ```ts
 * import { DISC_BY_APPLICATION, describeDisconnect, disconnectReasonName, messageName } from '@sshkit/ssh-codes';
 * disconnectReasonName(DISC_BY_APPLICATION); // 'SSH_DISCONNECT_BY_APPLICATION'
 * describeDisconnect(2);                     // 'Protocol error: The peer sent something that breaks ...'
 * messageName(30, 'ecdh');                   // 'SSH_MSG_KEX_ECDH_INIT'
 * ```
 */
// Re-exports only. `export *` keeps the several hundred constants in one place
// (their own file); every name is still a static, tree-shakeable ES export.
export * from './agent.js';
export * from './certificates.js';
export * from './channel-open.js';
export * from './disconnect.js';
export * from './extended-data.js';
export * from './messages.js';
export * from './pty-modes.js';
export * from './sftp.js';
export * from './signals.js';
export * from './table.js';
