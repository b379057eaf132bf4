import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { requireTools, startAgent } from '../src/index.js';

const tools = requireTools('ssh-agent', 'ssh-add', 'ssh-keygen');
const describeInterop = tools ? describe : describe.skip;

describeInterop('the ssh-agent harness', () => {
  it('adds a key file with ssh-add, lists it, and removes its socket when stopped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sshkit-agent-test-'));
    const agent = await startAgent();
    try {
      const key = join(dir, 'id');
      execFileSync(tools!['ssh-keygen'], ['-q', '-t', 'ed25519', '-N', '', '-C', 'harness-key', '-f', key]);
      expect(() => agent.sshAdd('-l')).toThrow(/no identities/); // ssh-add -l exits 1 for an empty agent
      agent.addKeyFile(key);
      expect(agent.sshAdd('-l')).toMatch(/harness-key \(ED25519\)/);
      expect(() => agent.sshAdd('-d', join(dir, 'missing.pub'))).toThrow(/ssh-add -d/);
    } finally {
      await agent.stop();
      rmSync(dir, { recursive: true, force: true });
    }
    expect(existsSync(agent.socketPath)).toBe(false);
  });
});
