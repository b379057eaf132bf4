import type { AuthClientHandler, AuthServerHandler } from '@sshkit/ssh-auth';
import type { ServerConnectionHandler } from '@sshkit/ssh-connection';
import type { SSHKey } from '@sshkit/ssh-keys';
import type { DisconnectError } from '@sshkit/ssh-transport';
import type { SSHClientConnection } from './client-connection.js';
import type { SSHClientConnectionBase } from './connection-base.js';
import type { SSHServerConnection } from './server-connection.js';
import type { SSHServerConnectionBase } from './server-connection-base.js';

/**
 * Connection-level hooks of {@link SSHClient}, beside the authentication hooks
 * of `AuthClientHandler`. `Conn` is the connection class (`@sshkit/ssh/web`'s
 * is `SSHClientConnectionBase`).
 */
export interface SSHClientHooks<Conn extends SSHClientConnectionBase = SSHClientConnection> {
  /** The transport is up (before authentication). */
  connectionMade?(conn: Conn): void;
  /** The connection ended; `error` is undefined for a clean close. */
  connectionLost?(error?: DisconnectError): void;
  /** SSH_MSG_DEBUG from the server. */
  debugMsgReceived?(message: string, lang: string, alwaysDisplay: boolean): void;
  /**
   * Decides about a host key known_hosts does not vouch for (and did not revoke).
   * @returns true to trust it
   */
  validateHostPublicKey?(host: string, addr: string, port: number, key: SSHKey): boolean | Promise<boolean>;
}

/**
 * Client handler: subclass and override any method (all optional), as with
 * AsyncSSH's `SSHClient`. Pass a factory as `clientFactory`.
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the optional hooks are declared by the merged interface.
export class SSHClient<_Conn extends SSHClientConnectionBase = SSHClientConnection> {}
export interface SSHClient<_Conn extends SSHClientConnectionBase = SSHClientConnection>
  extends SSHClientHooks<_Conn>,
    AuthClientHandler {}

/**
 * Connection-level hooks of {@link SSHServer}, beside the authentication hooks
 * of `AuthServerHandler`. `Conn` is the connection class (`@sshkit/ssh/web`'s
 * is `SSHServerConnectionBase`).
 */
export interface SSHServerHooks<Conn extends SSHServerConnectionBase = SSHServerConnection> {
  connectionMade?(conn: Conn): void;
  connectionLost?(error?: DisconnectError): void;
  debugMsgReceived?(message: string, lang: string, alwaysDisplay: boolean): void;
}

/**
 * Server handler: subclass and override any method (all optional), as with
 * AsyncSSH's `SSHServer`. Pass a factory as `serverFactory`.
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the optional hooks are declared by the merged interface.
export class SSHServer<_Conn extends SSHServerConnectionBase = SSHServerConnection> {}
export interface SSHServer<_Conn extends SSHServerConnectionBase = SSHServerConnection>
  extends SSHServerHooks<_Conn>,
    AuthServerHandler,
    ServerConnectionHandler {}
