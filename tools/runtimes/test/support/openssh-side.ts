// The OpenSSH end of the runtime tests: an sshd that offers every algorithm
// of the sweep with three kinds of client key, files to move, an echo
// service to forward to; and OpenSSH's ssh and sftp driven into a server
// running in a runtime.
import { execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findTool, type SshdInstance, sshClientArgs, startSshd } from '@sshkit/testkit';
import { type Combination, combinations, SSHD_ALGORITHM_CONFIG } from '../../scripts/algorithm-sweep.mjs';

export const RSA_PASSPHRASE = 'runtime test passphrase';

function keygen(dir: string, name: string, args: readonly string[]): string {
  const path = join(dir, name);
  execFileSync(findTool('ssh-keygen') ?? 'ssh-keygen', ['-q', '-N', '', '-C', name, '-f', path, ...args]);
  return path;
}

export const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

/** sshd, what a client in a runtime gets told about it, and what the harness expects back. */
export interface SshdSide {
  readonly sshd: SshdInstance;
  /** The `ClientConfig` of scripts/client-checks.mjs. */
  readonly clientConfig: {
    port: number;
    user: string;
    keys: Record<string, string>;
    keyPassphrase: string;
    knownHosts: string;
    dir: string;
    echoPort: number;
  };
  readonly downloadSha256: string;
  stop(): Promise<void>;
}

export async function startSshdSide(): Promise<SshdSide> {
  const keys = mkdtempSync(join(tmpdir(), 'sshkit-runtime-keys-'));
  const ecdsa = keygen(keys, 'ecdsa', ['-t', 'ecdsa', '-b', '384']);
  const rsa = keygen(keys, 'rsa', ['-t', 'rsa', '-b', '3072']);
  execFileSync(findTool('ssh-keygen') ?? 'ssh-keygen', [
    '-q',
    '-p',
    '-P',
    '',
    '-N',
    RSA_PASSPHRASE,
    '-a',
    '4',
    '-f',
    rsa,
  ]);
  const sshd = await startSshd({
    hostKeyTypes: ['ed25519', 'ecdsa', 'rsa'],
    authorizedKeys: [ecdsa, rsa].map((p) => readFileSync(`${p}.pub`, 'utf8').trim()),
    config: SSHD_ALGORITHM_CONFIG,
  });
  const download = randomBytes(1 << 20);
  writeFileSync(join(sshd.dir, 'download.bin'), download);
  const echo: Server = createServer((s) => s.pipe(s));
  await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
  return {
    sshd,
    clientConfig: {
      port: sshd.port,
      user: sshd.user,
      keys: {
        ed25519: readFileSync(sshd.clientKeyPath, 'utf8'),
        ecdsa: readFileSync(ecdsa, 'utf8'),
        rsa: readFileSync(rsa, 'utf8'),
      },
      keyPassphrase: RSA_PASSPHRASE,
      knownHosts: readFileSync(sshd.knownHostsPath, 'utf8'),
      dir: sshd.dir,
      echoPort: (echo.address() as { port: number }).port,
    },
    downloadSha256: sha256(download),
    stop: async () => {
      await new Promise<void>((r) => echo.close(() => r()));
      await sshd.stop();
      rmSync(keys, { recursive: true, force: true });
    },
  };
}

/** Keys for a server running in a runtime, and an ssh/sftp set up to log into it. */
export interface ServerSide {
  readonly dir: string;
  /** Host private key texts and files (ed25519, ECDSA, RSA). */
  readonly hostKeys: string[];
  readonly hostKeyPaths: string[];
  readonly authorizedKeys: string;
  readonly authorizedKeysPath: string;
  /** The client key authorized_keys lets in (ssh's `-i`). */
  readonly clientKeyPath: string;
  /** Runs OpenSSH's ssh into `port`: `[stdout, stderr, exit status]`. */
  ssh(
    port: number,
    command: string,
    options?: { input?: Uint8Array; extra?: readonly string[] },
  ): Promise<SshRun>;
  /** Runs OpenSSH's sftp into `port` with a batch file. */
  sftp(port: number, batch: string): Promise<SshRun>;
  close(): void;
}

export interface SshRun {
  readonly stdout: string;
  readonly stderr: string;
  readonly status: number | null;
}

const ALIAS = 'sshkit-runtime-server';

function runTool(tool: string, args: readonly string[], input?: Uint8Array): Promise<SshRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (status) => resolve({ stdout, stderr, status }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}

export function makeServerSide(): ServerSide {
  const dir = mkdtempSync(join(tmpdir(), 'sshkit-runtime-server-'));
  const hostKeyPaths = [
    keygen(dir, 'host_ed25519', ['-t', 'ed25519']),
    keygen(dir, 'host_ecdsa', ['-t', 'ecdsa', '-b', '256']),
    keygen(dir, 'host_rsa', ['-t', 'rsa', '-b', '3072']),
  ];
  const clientKey = keygen(dir, 'client_ed25519', ['-t', 'ed25519']);
  const authorizedKeys = readFileSync(`${clientKey}.pub`, 'utf8');
  const authorizedKeysPath = join(dir, 'authorized_keys');
  writeFileSync(authorizedKeysPath, authorizedKeys);
  const knownHostsPath = join(dir, 'known_hosts');
  writeFileSync(
    knownHostsPath,
    hostKeyPaths
      .map((p) => `${ALIAS} ${readFileSync(`${p}.pub`, 'utf8').split(' ').slice(0, 2).join(' ')}\n`)
      .join(''),
  );
  const args = (port: number, portFlag: '-p' | '-P') => [
    ...sshClientArgs({ port, knownHostsPath, keyPath: clientKey }, portFlag),
    '-o',
    `HostKeyAlias=${ALIAS}`,
  ];
  return {
    dir,
    hostKeys: hostKeyPaths.map((p) => readFileSync(p, 'utf8')),
    hostKeyPaths,
    authorizedKeys,
    authorizedKeysPath,
    clientKeyPath: clientKey,
    ssh: (port, command, options = {}) =>
      runTool(
        findTool('ssh') ?? 'ssh',
        [...args(port, '-p'), ...(options.extra ?? []), 'tester@127.0.0.1', command],
        options.input,
      ),
    sftp: (port, batch) => {
      const batchPath = join(dir, 'batch');
      writeFileSync(batchPath, batch);
      return runTool(findTool('sftp') ?? 'sftp', [...args(port, '-P'), '-b', batchPath, 'tester@127.0.0.1']);
    },
    close: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** ssh's options that ask for exactly one combination (compression: ssh's `yes`). */
export function sshOptionsFor(c: Combination): string[] {
  return [
    '-v',
    '-o',
    `KexAlgorithms=${c.kex}`,
    '-o',
    `Ciphers=${c.cipher}`,
    '-o',
    `MACs=${c.mac}`,
    '-o',
    `HostKeyAlgorithms=${c.hostKey}`,
    '-o',
    `Compression=${c.compression === 'none' ? 'no' : 'yes'}`,
  ];
}

/** What `ssh -v` says it negotiated: `kex: algorithm:`, `host key algorithm:`, the client-to-server line. */
export function negotiatedBySsh(stderr: string): {
  kex?: string;
  hostKey?: string;
  cipher?: string;
  mac?: string;
  compression?: string;
} {
  const kex = /kex: algorithm: (\S+)/.exec(stderr)?.[1];
  const hostKey = /kex: host key algorithm: (\S+)/.exec(stderr)?.[1];
  const c2s = /kex: client->server cipher: (\S+) MAC: (\S+) compression: (\S+)/.exec(stderr);
  return { kex, hostKey, cipher: c2s?.[1], mac: c2s?.[2], compression: c2s?.[3] };
}

export { type Combination, combinations };
