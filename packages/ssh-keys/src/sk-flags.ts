/**
 * Flags of security-key (`sk-*`) signatures (OpenSSH PROTOCOL.u2f: the
 * signature ends with `byte flags || uint32 counter`). sshd checks them after
 * the signature verifies: user presence unless `no-touch-required`, user
 * verification when `verify-required`.
 */

/** The user touched the authenticator. */
export const SK_USER_PRESENCE_REQUIRED = 0x01;
/** The authenticator verified the user (PIN, biometrics). */
export const SK_USER_VERIFICATION_REQUIRED = 0x04;

/**
 * True when `skFlags` meet the requirements for a key of type `algorithm`.
 * Keys that are not `sk-*` carry no flags and always pass (sshd ignores both
 * requirements for them), and so does an absent `skFlags`: the caller checks then.
 */
export function skFlagsAllow(
  algorithm: string,
  skFlags: number | undefined,
  requirePresence: boolean,
  requireVerification: boolean,
): boolean {
  if (skFlags === undefined || !algorithm.startsWith('sk-')) return true;
  if (requirePresence && (skFlags & SK_USER_PRESENCE_REQUIRED) === 0) return false;
  if (requireVerification && (skFlags & SK_USER_VERIFICATION_REQUIRED) === 0) return false;
  return true;
}
