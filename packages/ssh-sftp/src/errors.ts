import { SSHError } from '@sshkit/ssh-wire';
import { sftpStatusName } from './protocol-numbers.js';

/**
 * An SFTP request failed: the server answered with an `SSH_FXP_STATUS` other
 * than `SSH_FX_OK` (draft-ietf-secsh-filexfer-02 §7), or the session could not
 * carry the request (`FX_NO_CONNECTION`, `FX_CONNECTION_LOST`,
 * `FX_BAD_MESSAGE`, `FX_OP_UNSUPPORTED` raised locally).
 *
 * Server backends throw it too: the server turns it into the status reply.
 *
 * @example
 * ```ts
 * import { SFTPError, FX_NO_SUCH_FILE } from '@sshkit/ssh-sftp';
 * try { await sftp.stat('/missing'); }
 * catch (e) { if (SFTPError.isInstance(e) && e.code === FX_NO_SUCH_FILE) console.log('gone'); }
 * ```
 */
export class SFTPError extends SSHError {
  static override readonly errorName: string = 'SFTPError';
  /** The `SSH_FX_*` status code. */
  readonly code: number;
  /** The human-readable reason the server sent (or a local description). */
  readonly reason: string;
  /** The language tag of `reason` (RFC 1766), often empty. */
  readonly lang: string;

  /**
   * @param code - an `FX_*` status code
   * @param reason - a description of the failure
   * @param lang - language tag of `reason`
   */
  constructor(code: number, reason: string, lang = '') {
    super(`${sftpStatusName(code)}: ${reason}`);
    this.code = code;
    this.reason = reason;
    this.lang = lang;
  }
}
