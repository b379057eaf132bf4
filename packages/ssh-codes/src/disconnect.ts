/**
 * Disconnect reason codes (RFC 4253 §11.1), carried by `SSH_MSG_DISCONNECT`.
 *
 * Each code exists under its AsyncSSH name (`DISC_*`), its RFC name
 * (`SSH_DISCONNECT_*`), in the grouped {@link DISCONNECT} object and as a row of
 * {@link DISCONNECT_REASONS} with a title and a description.
 */
import { type CodeTable, defineCodeTable } from './table.js';

/** `SSH_DISCONNECT_HOST_NOT_ALLOWED_TO_CONNECT` = 1: Host not allowed to connect. */
export const DISC_HOST_NOT_ALLOWED_TO_CONNECT = 1;
/** `SSH_DISCONNECT_PROTOCOL_ERROR` = 2: Protocol error. */
export const DISC_PROTOCOL_ERROR = 2;
/** `SSH_DISCONNECT_KEY_EXCHANGE_FAILED` = 3: Key exchange failed. */
export const DISC_KEY_EXCHANGE_FAILED = 3;
/** `SSH_DISCONNECT_RESERVED` = 4: Reserved. */
export const DISC_RESERVED = 4;
/** `SSH_DISCONNECT_MAC_ERROR` = 5: MAC error. */
export const DISC_MAC_ERROR = 5;
/** `SSH_DISCONNECT_COMPRESSION_ERROR` = 6: Compression error. */
export const DISC_COMPRESSION_ERROR = 6;
/** `SSH_DISCONNECT_SERVICE_NOT_AVAILABLE` = 7: Service not available. */
export const DISC_SERVICE_NOT_AVAILABLE = 7;
/** `SSH_DISCONNECT_PROTOCOL_VERSION_NOT_SUPPORTED` = 8: Protocol version not supported. */
export const DISC_PROTOCOL_VERSION_NOT_SUPPORTED = 8;
/** `SSH_DISCONNECT_HOST_KEY_NOT_VERIFIABLE` = 9: Host key not verifiable. */
export const DISC_HOST_KEY_NOT_VERIFIABLE = 9;
/** `SSH_DISCONNECT_CONNECTION_LOST` = 10: Connection lost. */
export const DISC_CONNECTION_LOST = 10;
/** `SSH_DISCONNECT_BY_APPLICATION` = 11: Disconnected by application. */
export const DISC_BY_APPLICATION = 11;
/** `SSH_DISCONNECT_TOO_MANY_CONNECTIONS` = 12: Too many connections. */
export const DISC_TOO_MANY_CONNECTIONS = 12;
/** `SSH_DISCONNECT_AUTH_CANCELLED_BY_USER` = 13: Authentication cancelled by user. */
export const DISC_AUTH_CANCELLED_BY_USER = 13;
/** `SSH_DISCONNECT_NO_MORE_AUTH_METHODS_AVAILABLE` = 14: No more authentication methods. */
export const DISC_NO_MORE_AUTH_METHODS_AVAILABLE = 14;
/** `SSH_DISCONNECT_ILLEGAL_USER_NAME` = 15: Illegal user name. */
export const DISC_ILLEGAL_USER_NAME = 15;
/**
 * AsyncSSH's historic misspelling of {@link DISC_HOST_KEY_NOT_VERIFIABLE} (9), kept so ported code still compiles.
 * @deprecated Use {@link DISC_HOST_KEY_NOT_VERIFIABLE}.
 */
export const DISC_HOST_KEY_NOT_VERIFYABLE = 9;

/** The RFC 4253 name of {@link DISC_HOST_NOT_ALLOWED_TO_CONNECT} (1). */
export const SSH_DISCONNECT_HOST_NOT_ALLOWED_TO_CONNECT = 1;
/** The RFC 4253 name of {@link DISC_PROTOCOL_ERROR} (2). */
export const SSH_DISCONNECT_PROTOCOL_ERROR = 2;
/** The RFC 4253 name of {@link DISC_KEY_EXCHANGE_FAILED} (3). */
export const SSH_DISCONNECT_KEY_EXCHANGE_FAILED = 3;
/** The RFC 4253 name of {@link DISC_RESERVED} (4). */
export const SSH_DISCONNECT_RESERVED = 4;
/** The RFC 4253 name of {@link DISC_MAC_ERROR} (5). */
export const SSH_DISCONNECT_MAC_ERROR = 5;
/** The RFC 4253 name of {@link DISC_COMPRESSION_ERROR} (6). */
export const SSH_DISCONNECT_COMPRESSION_ERROR = 6;
/** The RFC 4253 name of {@link DISC_SERVICE_NOT_AVAILABLE} (7). */
export const SSH_DISCONNECT_SERVICE_NOT_AVAILABLE = 7;
/** The RFC 4253 name of {@link DISC_PROTOCOL_VERSION_NOT_SUPPORTED} (8). */
export const SSH_DISCONNECT_PROTOCOL_VERSION_NOT_SUPPORTED = 8;
/** The RFC 4253 name of {@link DISC_HOST_KEY_NOT_VERIFIABLE} (9). */
export const SSH_DISCONNECT_HOST_KEY_NOT_VERIFIABLE = 9;
/** The RFC 4253 name of {@link DISC_CONNECTION_LOST} (10). */
export const SSH_DISCONNECT_CONNECTION_LOST = 10;
/** The RFC 4253 name of {@link DISC_BY_APPLICATION} (11). */
export const SSH_DISCONNECT_BY_APPLICATION = 11;
/** The RFC 4253 name of {@link DISC_TOO_MANY_CONNECTIONS} (12). */
export const SSH_DISCONNECT_TOO_MANY_CONNECTIONS = 12;
/** The RFC 4253 name of {@link DISC_AUTH_CANCELLED_BY_USER} (13). */
export const SSH_DISCONNECT_AUTH_CANCELLED_BY_USER = 13;
/** The RFC 4253 name of {@link DISC_NO_MORE_AUTH_METHODS_AVAILABLE} (14). */
export const SSH_DISCONNECT_NO_MORE_AUTH_METHODS_AVAILABLE = 14;
/** The RFC 4253 name of {@link DISC_ILLEGAL_USER_NAME} (15). */
export const SSH_DISCONNECT_ILLEGAL_USER_NAME = 15;
/**
 * Disconnect reason codes keyed by their RFC name without the `SSH_DISCONNECT_` prefix.
 *
 * @example
 * ```ts
 * import { DISCONNECT } from '@sshkit/ssh-codes';
 * DISCONNECT.BY_APPLICATION; // 11
 * ```
 */
export const DISCONNECT = /* @__PURE__ */ Object.freeze({
  HOST_NOT_ALLOWED_TO_CONNECT: 1,
  PROTOCOL_ERROR: 2,
  KEY_EXCHANGE_FAILED: 3,
  RESERVED: 4,
  MAC_ERROR: 5,
  COMPRESSION_ERROR: 6,
  SERVICE_NOT_AVAILABLE: 7,
  PROTOCOL_VERSION_NOT_SUPPORTED: 8,
  HOST_KEY_NOT_VERIFIABLE: 9,
  CONNECTION_LOST: 10,
  BY_APPLICATION: 11,
  TOO_MANY_CONNECTIONS: 12,
  AUTH_CANCELLED_BY_USER: 13,
  NO_MORE_AUTH_METHODS_AVAILABLE: 14,
  ILLEGAL_USER_NAME: 15,
} as const);
/** A disconnect reason code defined by RFC 4253 §11.1 (1 to 15). */
export type DisconnectReasonCode = (typeof DISCONNECT)[keyof typeof DISCONNECT];

/**
 * Every disconnect reason code with its names, title and description.
 *
 * @example
 * ```ts
 * import { DISCONNECT_REASONS } from '@sshkit/ssh-codes';
 * DISCONNECT_REASONS.get(2)?.title;                                   // 'Protocol error'
 * DISCONNECT_REASONS.byName('DISC_HOST_KEY_NOT_VERIFYABLE')?.code;    // 9
 * ```
 */
export const DISCONNECT_REASONS: CodeTable = /* @__PURE__ */ defineCodeTable({
  title: 'Disconnect reasons',
  reference: 'RFC 4253 §11.1',
  rows: [
    {
      code: DISC_HOST_NOT_ALLOWED_TO_CONNECT,
      name: 'SSH_DISCONNECT_HOST_NOT_ALLOWED_TO_CONNECT',
      alias: 'DISC_HOST_NOT_ALLOWED_TO_CONNECT',
      title: 'Host not allowed to connect',
      description: "The server's policy refuses connections from the client's host or address.",
    },
    {
      code: DISC_PROTOCOL_ERROR,
      name: 'SSH_DISCONNECT_PROTOCOL_ERROR',
      alias: 'DISC_PROTOCOL_ERROR',
      title: 'Protocol error',
      description:
        'The peer sent something that breaks the SSH protocol rules, such as a malformed packet or a message in the wrong state.',
    },
    {
      code: DISC_KEY_EXCHANGE_FAILED,
      name: 'SSH_DISCONNECT_KEY_EXCHANGE_FAILED',
      alias: 'DISC_KEY_EXCHANGE_FAILED',
      title: 'Key exchange failed',
      description: 'The two sides found no common algorithms or could not complete the key exchange.',
    },
    {
      code: DISC_RESERVED,
      name: 'SSH_DISCONNECT_RESERVED',
      alias: 'DISC_RESERVED',
      title: 'Reserved',
      description: 'A reserved value with no assigned meaning that implementations should not send.',
    },
    {
      code: DISC_MAC_ERROR,
      name: 'SSH_DISCONNECT_MAC_ERROR',
      alias: 'DISC_MAC_ERROR',
      title: 'MAC error',
      description: 'A received packet failed its integrity check, so it was damaged or altered on the way.',
    },
    {
      code: DISC_COMPRESSION_ERROR,
      name: 'SSH_DISCONNECT_COMPRESSION_ERROR',
      alias: 'DISC_COMPRESSION_ERROR',
      title: 'Compression error',
      description: 'Compressing or decompressing a packet payload failed.',
    },
    {
      code: DISC_SERVICE_NOT_AVAILABLE,
      name: 'SSH_DISCONNECT_SERVICE_NOT_AVAILABLE',
      alias: 'DISC_SERVICE_NOT_AVAILABLE',
      title: 'Service not available',
      description: 'The server does not offer the service named in the service request.',
    },
    {
      code: DISC_PROTOCOL_VERSION_NOT_SUPPORTED,
      name: 'SSH_DISCONNECT_PROTOCOL_VERSION_NOT_SUPPORTED',
      alias: 'DISC_PROTOCOL_VERSION_NOT_SUPPORTED',
      title: 'Protocol version not supported',
      description: "The protocol version in the peer's identification line is one this side does not speak.",
    },
    {
      code: DISC_HOST_KEY_NOT_VERIFIABLE,
      name: 'SSH_DISCONNECT_HOST_KEY_NOT_VERIFIABLE',
      alias: 'DISC_HOST_KEY_NOT_VERIFIABLE',
      aliases: ['DISC_HOST_KEY_NOT_VERIFYABLE'],
      title: 'Host key not verifiable',
      description:
        "The client could not establish that the server's host key is trusted, typically because it is unknown or has changed.",
    },
    {
      code: DISC_CONNECTION_LOST,
      name: 'SSH_DISCONNECT_CONNECTION_LOST',
      alias: 'DISC_CONNECTION_LOST',
      title: 'Connection lost',
      description: 'The underlying connection broke, and the session ended without an orderly close.',
    },
    {
      code: DISC_BY_APPLICATION,
      name: 'SSH_DISCONNECT_BY_APPLICATION',
      alias: 'DISC_BY_APPLICATION',
      title: 'Disconnected by application',
      description: 'One side ended the session on purpose as a normal, orderly shutdown.',
    },
    {
      code: DISC_TOO_MANY_CONNECTIONS,
      name: 'SSH_DISCONNECT_TOO_MANY_CONNECTIONS',
      alias: 'DISC_TOO_MANY_CONNECTIONS',
      title: 'Too many connections',
      description: 'The server has reached its limit of simultaneous connections and turns this one away.',
    },
    {
      code: DISC_AUTH_CANCELLED_BY_USER,
      name: 'SSH_DISCONNECT_AUTH_CANCELLED_BY_USER',
      alias: 'DISC_AUTH_CANCELLED_BY_USER',
      title: 'Authentication cancelled by user',
      description: 'The user gave up on authenticating, for example by dismissing a password prompt.',
    },
    {
      code: DISC_NO_MORE_AUTH_METHODS_AVAILABLE,
      name: 'SSH_DISCONNECT_NO_MORE_AUTH_METHODS_AVAILABLE',
      alias: 'DISC_NO_MORE_AUTH_METHODS_AVAILABLE',
      title: 'No more authentication methods',
      description: 'Every authentication method the server allows was tried without success.',
    },
    {
      code: DISC_ILLEGAL_USER_NAME,
      name: 'SSH_DISCONNECT_ILLEGAL_USER_NAME',
      alias: 'DISC_ILLEGAL_USER_NAME',
      title: 'Illegal user name',
      description: 'The requested user name is malformed or not permitted on this server.',
    },
  ],
});

/**
 * The RFC name of a disconnect reason code.
 *
 * @param code - the reason code of an `SSH_MSG_DISCONNECT`
 * @returns e.g. `'SSH_DISCONNECT_BY_APPLICATION'`, or `'unknown (N)'`
 *
 * @example
 * ```ts
 * import { disconnectReasonName } from '@sshkit/ssh-codes';
 * disconnectReasonName(11); // 'SSH_DISCONNECT_BY_APPLICATION'
 * disconnectReasonName(99); // 'unknown (99)'
 * ```
 */
export function disconnectReasonName(code: number): string {
  return DISCONNECT_REASONS.nameOf(code);
}

/**
 * A one-line explanation of a disconnect reason code, for logs and error messages.
 *
 * @param code - the reason code of an `SSH_MSG_DISCONNECT`
 * @returns `'<title>: <description>'`, or `'unknown (N)'`
 *
 * @example
 * ```ts
 * import { describeDisconnect } from '@sshkit/ssh-codes';
 * describeDisconnect(11); // 'Disconnected by application: One side ended the session on purpose ...'
 * ```
 */
export function describeDisconnect(code: number): string {
  return DISCONNECT_REASONS.describe(code);
}
