/**
 * Server side of `keyboard-interactive` (RFC 4256): turns a handler's answer
 * into the next step.
 */
import type { KbdintPrompt } from '../../messages.js';
import type { KbdintChallenge } from '../handler.js';

/** What the server does after `getKbdintChallenge` or `validateKbdintResponse`. */
export type KbdintOutcome =
  | { readonly kind: 'success' }
  | { readonly kind: 'failure' }
  | {
      readonly kind: 'challenge';
      readonly name: string;
      readonly instruction: string;
      readonly language: string;
      readonly prompts: readonly KbdintPrompt[];
    };

/** `true` → success, a challenge → another round, anything else → failure. */
export function kbdintOutcome(answer: KbdintChallenge | boolean): KbdintOutcome {
  if (answer === true) return { kind: 'success' };
  if (!Array.isArray(answer)) return { kind: 'failure' };
  const [name, instruction, language, prompts] = answer as KbdintChallenge;
  return { kind: 'challenge', name, instruction, language, prompts };
}
