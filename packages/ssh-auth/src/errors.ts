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
