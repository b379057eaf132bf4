// An sshkit server (listen()) on 127.0.0.1 with a fresh host key, and OpenSSH's
// ssh pointed at it with a key and a known_hosts file that trust exactly it.
import { type ChildProcessWithoutNullStreams, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sshClientArgs } from '@sshkit/testkit';
import {
  type GeneratableKeyType,
  generatePrivateKey,
  importAuthorizedKeys,
  listen,
  type SSHAcceptor,
  type SSHServerOptions,
} from '../../src/index.js';

export interface OurServer {
  readonly acceptor: SSHAcceptor;
  readonly dir: string;
  /** ssh's private key (`-i`) and the known_hosts file that trusts exactly this server, for other OpenSSH tools. */
  readonly keyPath: string;
  readonly knownHostsPath: string;
  /** The ssh options that reach this server (put the destination after them). */
  sshArgs(): string[];
  /** Starts `ssh` with {@link sshArgs} and `args`; the caller owns the child. */
  spawnSsh(args: readonly string[], env?: NodeJS.ProcessEnv): ChildProcessWithoutNullStreams;
  close(): Promise<void>;
}

/**
 * Starts `listen()` with `options` (host key, authorized client key and
 * address filled in) and prepares an ed25519 key for ssh.
 * @param hostKeyType - the server's host key algorithm (ed25519 unless a test wants another)
 */
export async function startOurServer(
  tools: { ssh: string; 'ssh-keygen': string },
  options: Omit<SSHServerOptions, 'serverHostKeys'>,
  hostKeyType: GeneratableKeyType = 'ssh-ed25519',
): Promise<OurServer> {
  const dir = mkdtempSync(join(tmpdir(), 'sshkit-ssh-'));
  const keyPath = join(dir, 'id_ed25519');
  execFileSync(tools['ssh-keygen'], ['-q', '-t', 'ed25519', '-N', '', '-f', keyPath]);
  const hostKey = generatePrivateKey(hostKeyType);
  const acceptor = await listen({
    ...options,
    host: '127.0.0.1',
    port: 0,
    serverHostKeys: [hostKey],
    authorizedClientKeys: importAuthorizedKeys(readFileSync(`${keyPath}.pub`, 'utf8')),
  });
  const knownHosts = join(dir, 'known_hosts');
  writeFileSync(knownHosts, `[127.0.0.1]:${acceptor.getPort()} ${hostKey.exportPublicKey('openssh')}\n`);
  const sshArgs = () => sshClientArgs({ port: acceptor.getPort(), keyPath, knownHostsPath: knownHosts });
  const children = new Set<ChildProcessWithoutNullStreams>();
  return {
    acceptor,
    dir,
    keyPath,
    knownHostsPath: knownHosts,
    sshArgs,
    spawnSsh(args, env) {
      const child = spawn(tools.ssh, [...sshArgs(), ...args], env ? { env } : {});
      children.add(child);
      child.on('exit', () => children.delete(child));
      return child;
    },
    async close() {
      for (const c of children) c.kill('SIGKILL');
      for (const conn of acceptor.connections) conn.abort();
      acceptor.close();
      await acceptor.waitClosed();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** What a finished ssh printed and returned. */
export interface SshResult {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

/** Collects a child's output until it exits. */
export function finished(child: ChildProcessWithoutNullStreams): Promise<SshResult> {
  return new Promise((resolve, reject) => {
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out), stderr: err }));
  });
}
