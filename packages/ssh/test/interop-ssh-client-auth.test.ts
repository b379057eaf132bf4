// OpenSSH's ssh against listen() with password and keyboard-interactive
// authentication, prompts answered through SSH_ASKPASS; then the limits:
// wrong passwords until maxAuthTries, and a client that never authenticates.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runTransport } from '@sshkit/ssh-transport';
import { connectTcp } from '@sshkit/ssh-transport/node';
import { requireTools, writeAskpass } from '@sshkit/testkit';
import {
  checkPassword,
  type DisconnectError,
  generatePrivateKey,
  type KbdintChallenge,
  listen,
  type SessionData,
  type SSHAcceptor,
  SSHServer,
  type SSHServerOptions,
  type SSHServerProcess,
} from '../src/index.js';

const tools = requireTools('ssh');
const describeInterop = tools ? describe : describe.skip;

const USER = 'alice';
const PASSWORD = 'correct horse battery staple';
const ROUND_1: KbdintChallenge = [
  'sshkit login',
  'Two rounds of questions.',
  '',
  [
    ['Password: ', false],
    ['Favourite colour: ', true],
  ],
];
const ROUND_2: KbdintChallenge = ['', '', '', [['One-time code: ', false]]];

/** What every connection's handler saw, for the assertions. */
const seen = { passwords: [] as string[], kbdint: [] as (readonly string[])[], lost: [] as string[] };

class AuthServer extends SSHServer {
  #round = 0;
  override passwordAuthSupported() {
    return true;
  }
  override validatePassword(user: string, password: string) {
    seen.passwords.push(password);
    return checkPassword(user === USER ? PASSWORD : undefined, password);
  }
  override kbdintAuthSupported() {
    return true;
  }
  override getKbdintChallenge() {
    this.#round = 1;
    return ROUND_1;
  }
  override validateKbdintResponse(user: string, responses: readonly string[]) {
    seen.kbdint.push(responses);
    if (user !== USER) return false;
    if (this.#round === 1 && responses[0] === PASSWORD && responses[1] === 'blue') {
      this.#round = 2;
      return ROUND_2;
    }
    return this.#round === 2 && responses[0] === '123456';
  }
  override connectionLost(error?: DisconnectError) {
    seen.lost.push(error?.name ?? 'clean');
  }
}

function processFactory(proc: SSHServerProcess<string>): void {
  proc.stdout.write(`hello ${String(proc.getExtraInfo('username'))}\n`);
  proc.exit(0);
}

describeInterop('OpenSSH ssh: password and keyboard-interactive against listen()', () => {
  let dir: string;
  let knownHosts: string;
  let acceptor: SSHAcceptor;
  let strict: SSHAcceptor;
  let askpassDirs = 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sshkit-askpass-'));
    const hostKey = generatePrivateKey('ssh-ed25519');
    const base: SSHServerOptions = {
      host: '127.0.0.1',
      port: 0,
      serverHostKeys: [hostKey],
      serverFactory: () => new AuthServer(),
      processFactory: processFactory as (p: SSHServerProcess<SessionData>) => unknown,
    };
    acceptor = await listen(base);
    strict = await listen({ ...base, maxAuthTries: 2, loginTimeout: 1000 });
    knownHosts = join(dir, 'known_hosts');
    const line = hostKey.exportPublicKey('openssh').trim();
    writeFileSync(
      knownHosts,
      `[127.0.0.1]:${acceptor.getPort()} ${line}\n[127.0.0.1]:${strict.getPort()} ${line}\n`,
    );
  });
  afterAll(() => {
    acceptor?.close();
    strict?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Runs ssh with `method` only, its prompts answered by `answers` in order. */
  function ssh(port: number, method: string, answers: string[], extra: string[] = []) {
    const askDir = join(dir, `askpass-${askpassDirs++}`);
    mkdirSync(askDir);
    const askpass = writeAskpass(askDir, answers);
    const env: NodeJS.ProcessEnv = { ...process.env, ...askpass.env };
    delete env.SSH_AUTH_SOCK;
    const args = [
      '-F',
      '/dev/null',
      '-p',
      String(port),
      '-o',
      'StrictHostKeyChecking=yes',
      '-o',
      `UserKnownHostsFile=${knownHosts}`,
      '-o',
      'PubkeyAuthentication=no',
      '-o',
      `PreferredAuthentications=${method}`,
      ...extra,
      `${USER}@127.0.0.1`,
      'greet',
    ];
    return new Promise<{ code: number | null; stdout: string; stderr: string; prompts: string[] }>(
      (resolve) => {
        const child = spawn(tools!.ssh, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => {
          stdout += d.toString();
        });
        child.stderr.on('data', (d: Buffer) => {
          stderr += d.toString();
        });
        child.on('close', (code) => resolve({ code, stdout, stderr, prompts: askpass.prompts() }));
      },
    );
  }

  const reset = () => {
    seen.passwords.length = 0;
    seen.kbdint.length = 0;
    seen.lost.length = 0;
  };

  it('logs in with a password typed into askpass', async () => {
    reset();
    const r = await ssh(acceptor.getPort(), 'password', [PASSWORD]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`hello ${USER}\n`);
    expect(r.prompts).toEqual([`${USER}@127.0.0.1's password: `]);
    expect(seen.passwords).toEqual([PASSWORD]);
  });

  it('asks again after a wrong password and then logs in', async () => {
    reset();
    const r = await ssh(acceptor.getPort(), 'password', ['wrong', PASSWORD]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`hello ${USER}\n`);
    expect(r.prompts).toHaveLength(2);
    expect(seen.passwords).toEqual(['wrong', PASSWORD]);
  });

  it('answers two rounds of keyboard-interactive prompts, two prompts then one', async () => {
    reset();
    const r = await ssh(acceptor.getPort(), 'keyboard-interactive', [PASSWORD, 'blue', '123456']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`hello ${USER}\n`);
    // ssh prefixes each prompt with (user@host) and prints the name and instructions itself.
    expect(r.prompts).toEqual([
      `(${USER}@127.0.0.1) Password: `,
      `(${USER}@127.0.0.1) Favourite colour: `,
      `(${USER}@127.0.0.1) One-time code: `,
    ]);
    expect(r.stderr).toContain('sshkit login');
    expect(r.stderr).toContain('Two rounds of questions.');
    expect(seen.kbdint).toEqual([[PASSWORD, 'blue'], ['123456']]);
  });

  it('fails keyboard-interactive when the second round is answered wrongly', async () => {
    reset();
    const r = await ssh(
      acceptor.getPort(),
      'keyboard-interactive',
      [PASSWORD, 'blue', '000000'],
      ['-o', 'NumberOfPasswordPrompts=1'],
    );
    expect(r.code).toBe(255);
    expect(r.stderr).toContain('Permission denied (password,keyboard-interactive)');
    expect(seen.kbdint).toEqual([[PASSWORD, 'blue'], ['000000']]);
  });

  it('disconnects ssh after maxAuthTries wrong passwords, having checked each', async () => {
    reset();
    const r = await ssh(
      strict.getPort(),
      'password',
      ['bad-1', 'bad-2', 'bad-3', 'bad-4'],
      ['-o', 'NumberOfPasswordPrompts=4'],
    );
    expect(r.code).toBe(255);
    expect(r.stderr).toMatch(
      /Received disconnect from 127\.0\.0\.1 port \d+:14: Too many authentication failures/,
    );
    expect(r.prompts).toHaveLength(2);
    expect(seen.passwords).toEqual(['bad-1', 'bad-2']);
    for (let i = 0; i < 50 && seen.lost.length === 0; i++) await new Promise((res) => setTimeout(res, 20));
    expect(seen.lost).toEqual(['PermissionDenied']);
  });

  it('drops a client that never authenticates once loginTimeout (1 s) has passed', async () => {
    const started = Date.now();
    const transport = runTransport(await connectTcp('127.0.0.1', strict.getPort()), {
      role: 'client',
      verifyHostKey: () => true,
    });
    await transport.ready;
    await transport.requestService('ssh-userauth');
    // Authenticated or not, the client now sends nothing more.
    const error = await transport.closed;
    const elapsed = Date.now() - started;
    expect(error).toMatchObject({ name: 'ConnectionLost', code: 10, reason: 'login grace time exceeded' });
    expect(elapsed).toBeGreaterThanOrEqual(900);
    expect(elapsed).toBeLessThan(3000);
  });
});
