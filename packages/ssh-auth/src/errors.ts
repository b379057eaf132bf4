/**
 * Errors of the authentication layer. The connection-ending ones reuse the
 * transport's `DisconnectError` family (`PermissionDenied`, `ProtocolError`,
 * `ServiceNotAvailable`, `ConnectionLost`), so a caller branches on one set of
 * names across layers.
 */
import { ConnectionLost } from '@sshkit/ssh-transport';
import { SSHError } from '@sshkit/ssh-wire';

/**
 * Thrown by a server handler's `validatePassword` or `changePassword` to ask
 * the client for a new password: the server answers with
 * SSH_MSG_USERAUTH_PASSWD_CHANGEREQ carrying `prompt` (RFC 4252 §8). Mirrors
 * AsyncSSH's `PasswordChangeRequired(prompt, lang)`.
 *
 * @example
 * ```ts
 * import { PasswordChangeRequired } from '@sshkit/ssh-auth';
 * const handler = {
 *   validatePassword(user: string, pw: string) {
 *     if (expired(user)) throw new PasswordChangeRequired('Password expired, choose a new one');
 *     return check(user, pw);
 *   },
 * };
 * ```
 */
export class PasswordChangeRequired extends SSHError {
  static override readonly errorName: string = 'PasswordChangeRequired';
  readonly prompt: string;
  readonly lang: string;

  constructor(prompt: string, lang = '') {
    super(prompt);
    this.prompt = prompt;
    this.lang = lang;
  }
}

/**
 * Authentication did not finish within the login timeout. The side that timed
 * out sends SSH_MSG_DISCONNECT with `SSH_DISCONNECT_CONNECTION_LOST` (10); as
 * in AsyncSSH, the error is a `ConnectionLost`.
 */
export class LoginTimeoutExpired extends ConnectionLost {
  static override readonly errorName: string = 'LoginTimeoutExpired';
  constructor(reason = 'Login timeout expired') {
    super(reason);
  }
}

/** Why an ssh-agent request failed; see {@link AgentError}. */
export type AgentErrorReason =
  /** The agent answered FAILURE: it does not hold the key, the passphrase is wrong... */
  | 'refused'
  /** The connection to the agent closed or failed (or `close()` was called) before the answer. */
  | 'connection-closed'
  /** The agent sent something that is not a well-formed answer to the request. */
  | 'bad-response'
  /** A message was longer than the agent protocol allows (OpenSSH's 256 KiB). */
  | 'too-long';

/**
 * An ssh-agent request failed. When the agent sends a malformed or oversized
 * message, or the connection closes, every pending request fails with it and
 * the client closes; a `refused` answer fails only its own request.
 *
 * @example
 * ```ts
 * import { AgentError } from '@sshkit/ssh-auth';
 * try { await agent.unlock('guess'); }
 * catch (e) { if (AgentError.isInstance(e) && e.reason === 'refused') console.log('wrong passphrase'); }
 * ```
 */
export class AgentError extends SSHError {
  static override readonly errorName: string = 'AgentError';
  readonly reason: AgentErrorReason;

  constructor(reason: AgentErrorReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.reason = reason;
  }
}
