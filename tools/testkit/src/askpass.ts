import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** An SSH_ASKPASS program that answers OpenSSH's prompts from a list. */
export interface Askpass {
  /** Environment for `ssh`: SSH_ASKPASS, SSH_ASKPASS_REQUIRE=force and a DISPLAY. */
  readonly env: Readonly<Record<string, string>>;
  /** The prompts `ssh` asked so far, in order. */
  prompts(): string[];
}

/**
 * Writes an askpass script into `dir` that answers the n-th prompt with
 * `answers[n]` (an empty answer once they run out) and keeps each prompt, so a
 * test can drive `ssh`'s password and keyboard-interactive prompts without a
 * terminal. `dir` must not be shared with another Askpass.
 */
export function writeAskpass(dir: string, answers: readonly string[]): Askpass {
  if (answers.some((a) => a.includes('\n'))) throw new RangeError('writeAskpass: answers are single lines');
  const answersPath = join(dir, 'askpass-answers');
  writeFileSync(answersPath, answers.map((a) => `${a}\n`).join(''));
  const count = join(dir, 'askpass-count');
  const script = join(dir, 'askpass.sh');
  // ssh runs it with the prompt as $1 and reads the answer from its stdout.
  writeFileSync(
    script,
    [
      '#!/bin/sh',
      `n=$(( $(cat '${count}' 2>/dev/null || echo 0) + 1 ))`,
      `echo "$n" > '${count}'`,
      `printf '%s' "$1" > '${dir}/askpass-prompt.'"$n"`,
      `sed -n "\${n}p" '${answersPath}'`,
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
  return {
    env: { SSH_ASKPASS: script, SSH_ASKPASS_REQUIRE: 'force', DISPLAY: ':0' },
    prompts() {
      const out: string[] = [];
      for (let n = 1; existsSync(join(dir, `askpass-prompt.${n}`)); n++) {
        out.push(readFileSync(join(dir, `askpass-prompt.${n}`), 'utf8'));
      }
      return out;
    },
  };
}
