import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { requireTools, type SshdInstance, startSshd } from '../src/index.js';

const tools = requireTools('sshd', 'ssh', 'ssh-keygen');
const describeInterop = tools ? describe : describe.skip;

describeInterop('the sshd harness, checked with the real ssh client', () => {
  let server: SshdInstance;

  beforeAll(async () => {
    server = await startSshd();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('runs a command for the generated client key, with the host key checked strictly', () => {
    const out = execFileSync(
      tools!.ssh,
      [
        '-F',
        '/dev/null',
        '-p',
        String(server.port),
        '-i',
        server.clientKeyPath,
        '-o',
        'BatchMode=yes',
        '-o',
        'StrictHostKeyChecking=yes',
        '-o',
        `UserKnownHostsFile=${server.knownHostsPath}`,
        `${server.user}@127.0.0.1`,
        'echo sshkit-harness-ok',
      ],
      { encoding: 'utf8', timeout: 20_000 },
    );
    expect(out.trim()).toBe('sshkit-harness-ok');
    expect(server.hostPublicKeys.map((k) => k.split(' ')[0])).toEqual([
      'ssh-ed25519',
      'ecdsa-sha2-nistp256',
      'ssh-rsa',
    ]);
  });
});
