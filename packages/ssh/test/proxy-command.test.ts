// connect({ proxyCommand }): ssh's ProxyCommand. The connection runs over a
// command's stdin/stdout: a small Node relay, and OpenSSH's own `ssh -W %h:%p`
// through sshd as the jump host.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { requireTools, type SshdInstance, sshClientArgs, startSshd } from '@sshkit/testkit';
import { ConnectionLost, createMemoryPair } from '../src/index.js';
import { expandProxyTokens } from '../src/node/proxy-command.js';
import { connectToSshd } from './support/sshd-client.js';

/** A TCP relay to argv[1]:argv[2] over stdin/stdout that writes its pid to argv[3]. */
const RELAY = `
const [host, port, pidFile] = process.argv.slice(1);
require('node:fs').writeFileSync(pidFile, String(process.pid));
const s = require('node:net').connect(Number(port), host);
process.stdin.pipe(s);
s.pipe(process.stdout);
s.on('close', () => process.exit(0));
`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('proxyCommand tokens', () => {
  it('expands %h, %p, %r and %% as ssh does, and nothing else', () => {
    expect(expandProxyTokens('nc %h %p # %r %% %x', { host: 'h.example', port: 2222, user: 'me' })).toBe(
      'nc h.example 2222 # me % %x',
    );
  });

  it('refuses proxyCommand together with sock', async () => {
    const [sock] = createMemoryPair();
    await expect(connectToSshd({} as SshdInstance, { sock, proxyCommand: 'true' })).rejects.toThrow(
      TypeError,
    );
  });
});

const tools = requireTools('sshd', 'ssh', 'ssh-keygen');
const describeInterop = tools ? describe : describe.skip;

describeInterop('connect({ proxyCommand }) to OpenSSH sshd', () => {
  let sshd: SshdInstance;
  let dir: string;

  beforeAll(async () => {
    sshd = await startSshd({ hostKeyTypes: ['ed25519'] });
    dir = mkdtempSync(join(tmpdir(), 'sshkit-proxy-'));
  });
  afterAll(async () => {
    await sshd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs over a command given as an array, and stops it when the connection closes', async () => {
    const pidFile = join(dir, 'relay.pid');
    const conn = await connectToSshd(sshd, {
      proxyCommand: [process.execPath, '-e', RELAY, '%h', '%p', pidFile],
    });
    expect((await conn.run('echo through a proxy command')).stdout).toBe('through a proxy command\n');
    const pid = Number(readFileSync(pidFile, 'utf8'));
    expect(alive(pid)).toBe(true);
    conn.close();
    await conn.waitClosed();
    for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 20));
    expect(alive(pid)).toBe(false);
  });

  it("runs over OpenSSH's ssh -W %h:%p, given as a shell command", async () => {
    const jump = sshClientArgs({
      port: sshd.port,
      keyPath: sshd.clientKeyPath,
      knownHostsPath: sshd.knownHostsPath,
    });
    await using conn = await connectToSshd(sshd, {
      proxyCommand: `${tools!.ssh} ${jump.join(' ')} -W %h:%p ${sshd.user}@127.0.0.1`,
    });
    expect((await conn.run('echo through ssh -W')).stdout).toBe('through ssh -W\n');
    expect(conn.getExtraInfo('serverVersion')).toMatch(/OpenSSH/);
  });

  it('fails with ConnectionLost when the command exits at once', async () => {
    await expect(connectToSshd(sshd, { proxyCommand: ['/bin/sh', '-c', 'exit 3'] })).rejects.toBeInstanceOf(
      ConnectionLost,
    );
  });
});
