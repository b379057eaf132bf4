/**
 * Named limits shared by the client and server sides (CONVENTIONS rule 6).
 */

/**
 * Milliseconds a client has to authenticate (and a client waits for it). sshd_config(5) LoginGraceTime
 * "The default is 120 seconds"; AsyncSSH's `login_timeout` is also 120 s.
 * RFC 4252 §4: "The server SHOULD have a timeout for authentication and
 * disconnect if the authentication has not been accepted within the timeout
 * period."
 */
export const DEFAULT_LOGIN_TIMEOUT_MS = 120_000;

/**
 * The only service this package authenticates for. RFC 4252 §5: "If the
 * requested service is not available, the server MAY disconnect immediately
 * or at any later time. Sending a proper disconnect message is RECOMMENDED."
 */
export const CONNECTION_SERVICE = 'ssh-connection';
