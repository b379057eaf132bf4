import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { writeAskpass } from '../src/index.js';

describe('writeAskpass', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sshkit-askpass-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('answers prompts in order, then with nothing, and keeps each prompt', () => {
    const askpass = writeAskpass(dir, ['first secret', "it's $HOME"]);
    const ask = (prompt: string) =>
      execFileSync(askpass.env.SSH_ASKPASS as string, [prompt], { encoding: 'utf8' });
    expect(ask("me@host's password: ")).toBe('first secret\n');
    expect(ask('(me@host) Code: ')).toBe("it's $HOME\n");
    expect(ask('again: ')).toBe('');
    expect(askpass.prompts()).toEqual(["me@host's password: ", '(me@host) Code: ', 'again: ']);
    expect(askpass.env.SSH_ASKPASS_REQUIRE).toBe('force');
  });

  it('refuses multi-line answers', () => {
    expect(() => writeAskpass(dir, ['a\nb'])).toThrow(RangeError);
  });
});
