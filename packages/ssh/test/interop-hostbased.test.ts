// Hostbased authentication with OpenSSH: our client -> sshd (with a host key
// it holds, a host certificate, and through ssh-keysign), and ssh (through
// ssh-keysign) -> our server. ssh-keysign reads only /etc/ssh, so it runs in a
// private mount of a temp dir there (root only; see support/private-etc-ssh.ts).
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ensureUnprivilegedUser, requireTools, type SshdInstance, startSshd } from '@sshkit/testkit';
import {
  connect,
  generatePrivateKey,
  importKnownHosts,
  type SessionData,
  type SSHServerProcess,
} from '../src/index.js';
import { type OurServer, startOurServer } from './support/openssh-client.js';
import { type PrivateEtcSsh, privateEtcSsh } from './support/private-etc-ssh.js';

const tools = requireTools('sshd', 'ssh', 'ssh-keygen');
const etc = tools ? privateEtcSsh(tools['ssh-keygen']) : undefined;
// sshd checks ~/.shosts of the account: root writes it into the unprivileged test account's home.
const account = tools && etc ? ensureUnprivilegedUser() : undefined;
const describeInterop = tools && etc && account ? describe : describe.skip;
const keysignClient = fileURLToPath(new URL('./support/keysign-client.mjs', import.meta.url));
const localUser = userInfo().username;
afterAll(() => etc?.remove());

function homeOf(user: string): string {
  const home = execFileSync('getent', ['passwd', user], { encoding: 'utf8' }).split(':')[5];
  if (!home) throw new Error(`no home directory for ${user}`);
  return home;
}

/** Writes files into a home and puts back what was there before on `restore()`. */
function homeFiles(home: string, files: Record<string, string>): { restore(): void } {
  const saved: [string, string][] = [];
  for (const [name, text] of Object.entries(files)) {
    const path = join(home, name);
    mkdirSync(join(path, '..'), { recursive: true });
    if (existsSync(path)) {
      renameSync(path, `${path}.sshkit-saved`);
      saved.push([path, `${path}.sshkit-saved`]);
    }
    writeFileSync(path, text);
  }
  return {
    restore() {
      for (const name of Object.keys(files)) rmSync(join(home, name), { force: true });
      for (const [path, copy] of saved) renameSync(copy, path);
    },
  };
}

function run(file: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { encoding: 'utf8', timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

describeInterop('hostbased: our client -> OpenSSH sshd', () => {
  const env = etc as PrivateEtcSsh;
  const user = account as string;
  const hostKey = generatePrivateKey('ssh-ed25519');
  const ca = generatePrivateKey('ssh-ed25519');
  const certifiedKey = generatePrivateKey('ecdsa-sha2-nistp256');
  const certificate = ca.generateHostCertificate(certifiedKey, 'client-host', { principals: ['localhost'] });
  let server: SshdInstance;
  let files: { restore(): void };

  beforeAll(async () => {
    const knownHosts = [
      `localhost ${hostKey.exportPublicKey('openssh')}`,
      `@cert-authority localhost ${ca.exportPublicKey('openssh')}`,
      `localhost ${env.hostPublicKey('ed25519')}`,
      `localhost ${env.hostPublicKey('rsa')}`,
    ];
    files = homeFiles(homeOf(user), {
      '.shosts': `localhost ${localUser}\n`,
      '.ssh/known_hosts': `${knownHosts.join('\n')}\n`,
    });
    server = await startSshd({
      hostKeyTypes: ['ed25519'],
      config: [
        'HostbasedAuthentication yes',
        'IgnoreRhosts no',
        // sshd runs without DNS here: it takes the name the client sends (ssh's reverse lookup of 127.0.0.1).
        'HostbasedUsesNameFromPacketOnly yes',
        'PubkeyAuthentication no',
      ],
    });
  });
  afterAll(async () => {
    await server?.stop();
    files?.restore();
  });

  const login = (options: Parameters<typeof connect>[1]) =>
    connect('127.0.0.1', {
      port: server.port,
      username: user,
      clientKeys: [],
      agentPath: null,
      config: null,
      knownHosts: server.knownHostsPath,
      preferredAuthentications: ['hostbased'],
      ...options,
    });

  it('logs in with a host key the client holds', async () => {
    const conn = await login({ clientHostKeys: [hostKey] });
    expect(conn.getExtraInfo('authMethod')).toBe('hostbased');
    expect(String((await conn.run('whoami', { check: true })).stdout).trim()).toBe(user);
    conn.close();
  });

  it('logs in with a host certificate sshd trusts through @cert-authority', async () => {
    const conn = await login({ clientHostKeys: [[certifiedKey, certificate]] });
    expect(conn.getExtraInfo('authMethod')).toBe('hostbased');
    conn.close();
    expect(server.log()).toMatch(/Accepted hostbased for \S+ from 127\.0\.0\.1 port \d+ ssh2: ECDSA-CERT/);
  });

  it('is refused for a host key sshd does not know', async () => {
    await expect(login({ clientHostKeys: [generatePrivateKey('ssh-ed25519')] })).rejects.toMatchObject({
      name: 'PermissionDenied',
    });
  });

  it('signs through ssh-keysign with the host keys in /etc/ssh (ed25519, and RSA as rsa-sha2-512)', async () => {
    for (const keyFile of [undefined, '/etc/ssh/ssh_host_rsa_key.pub']) {
      const argv = [process.execPath, keysignClient, String(server.port), user, server.knownHostsPath];
      const [file, args] = env.command(keyFile ? [...argv, keyFile] : argv);
      const r = await run(file, args);
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
      expect(JSON.parse(r.stdout)).toEqual({ method: 'hostbased', whoami: user });
    }
    expect(server.log()).toMatch(/Accepted hostbased for \S+ from 127\.0\.0\.1 port \d+ ssh2: ED25519 /);
    expect(server.log()).toMatch(/Accepted hostbased for \S+ from 127\.0\.0\.1 port \d+ ssh2: RSA /);
  });
});

describeInterop('hostbased: OpenSSH ssh (ssh-keysign) -> our server', () => {
  const env = etc as PrivateEtcSsh;
  let server: OurServer;
  let unknownHostServer: OurServer;
  const processFactory = (proc: SSHServerProcess<SessionData>) => {
    proc.stdout.write(`hello ${proc.command}\n`);
    proc.exit(0);
  };

  beforeAll(async () => {
    const sshTools = tools as { ssh: string; 'ssh-keygen': string };
    server = await startOurServer(sshTools, {
      publicKeyAuth: false,
      knownClientHosts: importKnownHosts(
        `localhost ${env.hostPublicKey('ed25519')}\nlocalhost ${env.hostPublicKey('rsa')}\n`,
      ),
      processFactory,
    });
    unknownHostServer = await startOurServer(sshTools, {
      publicKeyAuth: false,
      knownClientHosts: importKnownHosts(
        `localhost ${generatePrivateKey('ssh-ed25519').exportPublicKey('openssh')}\n`,
      ),
      processFactory,
    });
  });
  afterAll(async () => {
    await server?.close();
    await unknownHostServer?.close();
  });

  const ssh = (target: OurServer, extra: string[]) => {
    const sshPath = (tools as { ssh: string }).ssh;
    const [file, args] = env.command([
      sshPath,
      ...target.sshArgs(),
      '-o',
      'HostbasedAuthentication=yes',
      '-o',
      'PreferredAuthentications=hostbased',
      ...extra,
      `${localUser}@127.0.0.1`,
      'world',
    ]);
    return run(file, args);
  };

  it('accepts ssh with an ed25519 host key, and RSA signed as rsa-sha2-512', async () => {
    for (const extra of [[], ['-o', 'HostbasedAcceptedAlgorithms=rsa-sha2-512']]) {
      const r = await ssh(server, extra);
      expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 0, stdout: 'hello world\n' });
    }
  });

  it('refuses ssh when the host key is not among knownClientHosts', async () => {
    const r = await ssh(unknownHostServer, []);
    expect(r.code).toBe(255);
    expect(r.stderr).toMatch(/Permission denied \(hostbased\)/);
  });
});
