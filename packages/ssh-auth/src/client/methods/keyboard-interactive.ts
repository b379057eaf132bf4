/**
 * Client side of `keyboard-interactive` (RFC 4256): the default answer when
 * the caller gave only a password.
 */
import type { KbdintPrompt } from '../../messages.js';

/**
 * Answers a challenge with `password` when it is the only thing asked, as
 * AsyncSSH does: no prompts → no responses; one hidden prompt mentioning
 * "password" → the password; anything else → null (abandon the method).
 */
export function answerWithPassword(
  password: string | undefined,
  prompts: readonly KbdintPrompt[],
): string[] | null {
  if (prompts.length === 0) return [];
  const only = prompts.length === 1 ? prompts[0] : undefined;
  if (password !== undefined && only && !only[1] && /password/i.test(only[0])) return [password];
  return null;
}
