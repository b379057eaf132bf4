/**
 * Named limits of the server side (CONVENTIONS rule 6).
 */

/**
 * Failed attempts allowed per connection before the server disconnects.
 * sshd_config(5) MaxAuthTries "The default is 6". Counted as sshd counts
 * (`auth2.c` userauth_finish): every failed request except the first `none`
 * probe and except partial successes; a publickey query answered with PK_OK,
 * a password change request and a keyboard-interactive round in progress are
 * not failures.
 */
export const DEFAULT_MAX_AUTH_TRIES = 6;
