/**
 * Server side of `password` (RFC 4252 §8) and the constant-time password check
 * handlers should use.
 */
import { constantTimeEqual, hash } from '@sshkit/ssh-crypto';
import { encodeUtf8 } from '@sshkit/ssh-wire';
import { PasswordChangeRequired } from '../../errors.js';
import type { PasswordRequest } from '../../messages.js';
import type { AuthServerHandler } from '../handler.js';

/** Compared against when the user is unknown, so the work is the same. */
const DUMMY = /* @__PURE__ */ encodeUtf8('\u0000sshkit dummy password for unknown users');

/**
 * Compares a password in time independent of where it differs and of both
 * lengths (both sides are hashed with SHA-256, then compared with
 * `constantTimeEqual`). With `expected` undefined — an unknown user — it does
 * the same work against a dummy and returns false, so an unknown user costs
 * the same as a wrong password.
 * @param expected - the stored password, or undefined when the user is unknown
 * @param given - the password the client sent
 * @returns whether they are equal (always false for an unknown user)
 * @example
 * ```ts
 * import { checkPassword } from '@sshkit/ssh-auth';
 * const handler = { validatePassword: (user: string, pw: string) => checkPassword(passwords.get(user), pw) };
 * ```
 */
export function checkPassword(
  expected: string | Uint8Array | undefined,
  given: string | Uint8Array,
): boolean {
  const g = hash('sha256', typeof given === 'string' ? encodeUtf8(given) : given);
  const known = expected !== undefined;
  const e = hash('sha256', known ? (typeof expected === 'string' ? encodeUtf8(expected) : expected) : DUMMY);
  const equal = constantTimeEqual(e, g);
  return known && equal;
}

/** What the server does after a password request. */
export type PasswordOutcome =
  | { readonly kind: 'success' }
  | { readonly kind: 'failure' }
  | { readonly kind: 'change-required'; readonly prompt: string; readonly lang: string };

/**
 * Runs `validatePassword` or (for the change form) `changePassword`, turning a
 * thrown {@link PasswordChangeRequired} into a change request.
 * @throws whatever else the handler throws
 */
export async function evaluatePassword(
  handler: AuthServerHandler,
  username: string,
  req: PasswordRequest,
): Promise<PasswordOutcome> {
  try {
    let ok: boolean;
    if (req.newPassword === undefined) {
      ok = handler.validatePassword ? await handler.validatePassword(username, req.password) : false;
    } else {
      ok = handler.changePassword
        ? await handler.changePassword(username, req.password, req.newPassword)
        : false;
    }
    return ok === true ? { kind: 'success' } : { kind: 'failure' };
  } catch (e) {
    if (PasswordChangeRequired.isInstance(e))
      return { kind: 'change-required', prompt: e.prompt, lang: e.lang };
    throw e;
  }
}
