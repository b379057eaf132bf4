import {
  DISC_AUTH_CANCELLED_BY_USER,
  DISC_BY_APPLICATION,
  DISC_COMPRESSION_ERROR,
  DISC_CONNECTION_LOST,
  DISC_HOST_KEY_NOT_VERIFIABLE,
  DISC_HOST_NOT_ALLOWED_TO_CONNECT,
  DISC_ILLEGAL_USER_NAME,
  DISC_KEY_EXCHANGE_FAILED,
  DISC_MAC_ERROR,
  DISC_NO_MORE_AUTH_METHODS_AVAILABLE,
  DISC_PROTOCOL_ERROR,
  DISC_PROTOCOL_VERSION_NOT_SUPPORTED,
  DISC_SERVICE_NOT_AVAILABLE,
  DISC_TOO_MANY_CONNECTIONS,
} from '@sshkit/ssh-codes';
import { SSHError } from '@sshkit/ssh-wire';

/**
 * The connection ended, or must end, with an RFC 4253 §11.1 disconnect
 * reason: `code`, a human-readable `reason` and its language tag. Raised
 * locally when the peer violates the protocol (and then sent to the peer), and
 * surfaced when the peer disconnects. Each code has a subclass.
 */
export class DisconnectError extends SSHError {
  static override readonly errorName: string = 'DisconnectError';
  readonly code: number;
  readonly reason: string;
  readonly lang: string;

  constructor(code: number, reason: string, lang = '', options?: { cause?: unknown }) {
    super(reason, options);
    this.code = code;
    this.reason = reason;
    this.lang = lang;
  }
}

/** The peer's host is not allowed to connect (code 1). */
export class HostNotAllowedToConnect extends DisconnectError {
  static override readonly errorName: string = 'HostNotAllowedToConnect';
  constructor(reason: string, lang = '') {
    super(DISC_HOST_NOT_ALLOWED_TO_CONNECT, reason, lang);
  }
}

/** A peer violated the protocol (code 2). */
export class ProtocolError extends DisconnectError {
  static override readonly errorName: string = 'ProtocolError';
  constructor(reason: string, lang = '', options?: { cause?: unknown }) {
    super(DISC_PROTOCOL_ERROR, reason, lang, options);
  }
}

/** Key exchange failed (code 3). */
export class KeyExchangeFailed extends DisconnectError {
  static override readonly errorName: string = 'KeyExchangeFailed';
  constructor(reason: string, lang = '', options?: { cause?: unknown }) {
    super(DISC_KEY_EXCHANGE_FAILED, reason, lang, options);
  }
}

/** A packet's MAC or AEAD tag did not verify (code 5). */
export class MACError extends DisconnectError {
  static override readonly errorName: string = 'MACError';
  constructor(reason: string, lang = '', options?: { cause?: unknown }) {
    super(DISC_MAC_ERROR, reason, lang, options);
  }
}

/** Compression or decompression failed, or exceeded its size limit (code 6). */
export class CompressionError extends DisconnectError {
  static override readonly errorName: string = 'CompressionError';
  constructor(reason: string, lang = '', options?: { cause?: unknown }) {
    super(DISC_COMPRESSION_ERROR, reason, lang, options);
  }
}

/** The requested service is not available (code 7). */
export class ServiceNotAvailable extends DisconnectError {
  static override readonly errorName: string = 'ServiceNotAvailable';
  constructor(reason: string, lang = '') {
    super(DISC_SERVICE_NOT_AVAILABLE, reason, lang);
  }
}

/** The peer's protocol version is not supported (code 8). */
export class ProtocolNotSupported extends DisconnectError {
  static override readonly errorName: string = 'ProtocolNotSupported';
  constructor(reason: string, lang = '') {
    super(DISC_PROTOCOL_VERSION_NOT_SUPPORTED, reason, lang);
  }
}

/** The server's host key could not be verified (code 9). */
export class HostKeyNotVerifiable extends DisconnectError {
  static override readonly errorName: string = 'HostKeyNotVerifiable';
  constructor(reason: string, lang = '', options?: { cause?: unknown }) {
    super(DISC_HOST_KEY_NOT_VERIFIABLE, reason, lang, options);
  }
}

/** The connection was lost: the byte stream closed or failed (code 10). */
export class ConnectionLost extends DisconnectError {
  static override readonly errorName: string = 'ConnectionLost';
  constructor(reason: string, lang = '', options?: { cause?: unknown }) {
    super(DISC_CONNECTION_LOST, reason, lang, options);
  }
}

/** A side closed the connection on purpose (code 11). */
export class DisconnectedByApplication extends DisconnectError {
  static override readonly errorName: string = 'DisconnectedByApplication';
  constructor(reason: string, lang = '') {
    super(DISC_BY_APPLICATION, reason, lang);
  }
}

/** The server has too many connections (code 12). */
export class TooManyConnections extends DisconnectError {
  static override readonly errorName: string = 'TooManyConnections';
  constructor(reason: string, lang = '') {
    super(DISC_TOO_MANY_CONNECTIONS, reason, lang);
  }
}

/** The user cancelled authentication (code 13). */
export class AuthCancelledByUser extends DisconnectError {
  static override readonly errorName: string = 'AuthCancelledByUser';
  constructor(reason: string, lang = '') {
    super(DISC_AUTH_CANCELLED_BY_USER, reason, lang);
  }
}

/** Authentication failed and no method is left to try (code 14). */
export class PermissionDenied extends DisconnectError {
  static override readonly errorName: string = 'PermissionDenied';
  constructor(reason: string, lang = '') {
    super(DISC_NO_MORE_AUTH_METHODS_AVAILABLE, reason, lang);
  }
}

/** The user name is not acceptable (code 15). */
export class IllegalUserName extends DisconnectError {
  static override readonly errorName: string = 'IllegalUserName';
  constructor(reason: string, lang = '') {
    super(DISC_ILLEGAL_USER_NAME, reason, lang);
  }
}

/** The kind of algorithm a negotiation was about (RFC 4253 §7.1). */
export type AlgorithmKind =
  | 'kex'
  | 'host key'
  | 'cipher client-to-server'
  | 'cipher server-to-client'
  | 'MAC client-to-server'
  | 'MAC server-to-client'
  | 'compression client-to-server'
  | 'compression server-to-client';

/** No algorithm both sides support, with both lists for the log. */
export class AlgorithmNegotiationError extends KeyExchangeFailed {
  static override readonly errorName: string = 'AlgorithmNegotiationError';
  readonly what: AlgorithmKind;
  readonly ours: readonly string[];
  readonly theirs: readonly string[];

  constructor(what: AlgorithmKind, ours: readonly string[], theirs: readonly string[]) {
    super(`no matching ${what} algorithm: ours [${ours.join(',')}], theirs [${theirs.join(',')}]`);
    this.what = what;
    this.ours = ours;
    this.theirs = theirs;
  }
}

const BY_CODE: ReadonlyMap<number, new (reason: string, lang?: string) => DisconnectError> = new Map<
  number,
  new (
    reason: string,
    lang?: string,
  ) => DisconnectError
>([
  [DISC_HOST_NOT_ALLOWED_TO_CONNECT, HostNotAllowedToConnect],
  [DISC_PROTOCOL_ERROR, ProtocolError],
  [DISC_KEY_EXCHANGE_FAILED, KeyExchangeFailed],
  [DISC_MAC_ERROR, MACError],
  [DISC_COMPRESSION_ERROR, CompressionError],
  [DISC_SERVICE_NOT_AVAILABLE, ServiceNotAvailable],
  [DISC_PROTOCOL_VERSION_NOT_SUPPORTED, ProtocolNotSupported],
  [DISC_HOST_KEY_NOT_VERIFIABLE, HostKeyNotVerifiable],
  [DISC_CONNECTION_LOST, ConnectionLost],
  [DISC_BY_APPLICATION, DisconnectedByApplication],
  [DISC_TOO_MANY_CONNECTIONS, TooManyConnections],
  [DISC_AUTH_CANCELLED_BY_USER, AuthCancelledByUser],
  [DISC_NO_MORE_AUTH_METHODS_AVAILABLE, PermissionDenied],
  [DISC_ILLEGAL_USER_NAME, IllegalUserName],
]);

/**
 * The error for a disconnect the peer sent: the subclass for its code, or a
 * plain `DisconnectError` for codes outside RFC 4253 §11.1.
 */
export function disconnectErrorFor(code: number, reason: string, lang = ''): DisconnectError {
  const Ctor = BY_CODE.get(code);
  return Ctor ? new Ctor(reason, lang) : new DisconnectError(code, reason, lang);
}
