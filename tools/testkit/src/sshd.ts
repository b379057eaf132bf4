import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { findTool } from './openssh.js';

export type HostKeyType = 'ed25519' | 'ecdsa' | 'rsa';

export interface SshdOptions {
  /** Host key types to generate. @default ['ed25519', 'ecdsa', 'rsa'] */
  hostKeyTypes?: readonly HostKeyType[];
  /** Extra authorized_keys lines, beside the generated client key's. */
  authorizedKeys?: readonly string[];
  /** Extra sshd_config lines (they come first, so they win: sshd keeps the first value). */
  config?: readonly string[];
  /** How long to wait for sshd to listen. @default 10000 */
  startTimeoutMs?: number;
  /**
   * A CA private key file: each host key is certified by it (`ssh-keygen -s
   * -h`, principal 127.0.0.1) and served with `HostCertificate`.
   */
  hostCertificateAuthority?: string;
  /** A CA public key file for `TrustedUserCAKeys` (user certificates it signs are accepted). */
  trustedUserCAKeys?: string;
}

/** A running OpenSSH server on 127.0.0.1 with its own temp dir, keys and config. */
export interface SshdInstance {
  readonly host: '127.0.0.1';
  readonly port: number;
  /** The local user the server accepts (the user running the tests). */
  readonly user: string;
  readonly dir: string;
  /** Host public keys, as `ssh-xxx AAAA...` lines. */
  readonly hostPublicKeys: readonly string[];
  /** A known_hosts file that trusts exactly this server's host keys. */
  readonly knownHostsPath: string;
  /** An unencrypted ed25519 client key the server authorizes (mode 0600). */
  readonly clientKeyPath: string;
  /** Everything sshd printed so far (it runs with -e). */
  log(): string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function keygen(sshKeygen: string, type: HostKeyType, path: string): void {
  const bits = type === 'rsa' ? ['-b', '2048'] : [];
  execFileSync(sshKeygen, ['-q', '-t', type, ...bits, '-N', '', '-C', `sshkit-test-${type}`, '-f', path]);
  chmodSync(path, 0o600);
}

/**
 * Starts `sshd -D -e` on a free 127.0.0.1 port with a throwaway config: host
 * keys made by `ssh-keygen`, an authorized client key, the sftp subsystem.
 * Stop it with `stop()`, which also removes its temp dir.
 * @throws Error when sshd or ssh-keygen is missing or sshd does not start
 */
export async function startSshd(options: SshdOptions = {}): Promise<SshdInstance> {
  const sshd = findTool('sshd');
  const sshKeygen = findTool('ssh-keygen');
  if (!sshd || !sshKeygen) throw new Error('startSshd: sshd or ssh-keygen is not installed');
  const dir = mkdtempSync(join(tmpdir(), 'sshkit-sshd-'));
  chmodSync(dir, 0o700);
  // Debian's sshd refuses to start without its privilege separation directory.
  if (process.getuid?.() === 0) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });

  const hostKeyPaths = (options.hostKeyTypes ?? ['ed25519', 'ecdsa', 'rsa']).map((t) => {
    const p = join(dir, `ssh_host_${t}_key`);
    keygen(sshKeygen, t, p);
    return p;
  });
  const hostPublicKeys = hostKeyPaths.map((p) => readFileSync(`${p}.pub`, 'utf8').trim());
  const hostCertificates: string[] = [];
  if (options.hostCertificateAuthority) {
    for (const p of hostKeyPaths) {
      execFileSync(sshKeygen, [
        '-q',
        '-s',
        options.hostCertificateAuthority,
        '-h',
        '-I',
        'sshkit-test-host',
        '-n',
        '127.0.0.1',
        `${p}.pub`,
      ]);
      hostCertificates.push(`${p}-cert.pub`);
    }
  }
  const clientKeyPath = join(dir, 'id_ed25519');
  keygen(sshKeygen, 'ed25519', clientKeyPath);
  const authorized = [readFileSync(`${clientKeyPath}.pub`, 'utf8').trim(), ...(options.authorizedKeys ?? [])];
  writeFileSync(join(dir, 'authorized_keys'), `${authorized.join('\n')}\n`, { mode: 0o600 });

  const sftpServer = findTool('sftp-server');
  const user = userInfo().username;
  let lastError: Error | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const config = [
      ...(options.config ?? []),
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      ...hostKeyPaths.map((p) => `HostKey ${p}`),
      ...hostCertificates.map((p) => `HostCertificate ${p}`),
      ...(options.trustedUserCAKeys ? [`TrustedUserCAKeys ${options.trustedUserCAKeys}`] : []),
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      'StrictModes no',
      'UsePAM no',
      'PermitRootLogin yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'LogLevel VERBOSE',
      ...(sftpServer ? [`Subsystem sftp ${sftpServer}`] : []),
    ];
    const configPath = join(dir, 'sshd_config');
    writeFileSync(configPath, `${config.join('\n')}\n`);
    const knownHostsPath = join(dir, 'known_hosts');
    writeFileSync(knownHostsPath, hostPublicKeys.map((k) => `[127.0.0.1]:${port} ${k}\n`).join(''));

    const child = spawn(sshd, ['-D', '-e', '-f', configPath], { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    child.stderr?.on('data', (d: Buffer) => {
      log += d.toString('utf8');
    });
    try {
      await waitListening(child, () => log, options.startTimeoutMs ?? 10_000);
    } catch (e) {
      lastError = e as Error;
      child.kill('SIGKILL');
      continue;
    }
    return {
      host: '127.0.0.1',
      port,
      user,
      dir,
      hostPublicKeys,
      knownHostsPath,
      clientKeyPath,
      log: () => log,
      stop: () => stopChild(child, dir),
    };
  }
  rmSync(dir, { recursive: true, force: true });
  throw lastError ?? new Error('startSshd: sshd did not start');
}

function waitListening(child: ChildProcess, log: () => string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      if (log().includes('Server listening on')) done();
      else if (Date.now() - started > timeoutMs) done(new Error(`sshd did not start:\n${log()}`));
    }, 20);
    const onExit = (code: number | null) => done(new Error(`sshd exited with ${code}:\n${log()}`));
    child.once('exit', onExit);
    function done(err?: Error) {
      clearInterval(timer);
      child.off('exit', onExit);
      if (err) reject(err);
      else resolve();
    }
  });
}

function stopChild(child: ChildProcess, dir: string): Promise<void> {
  return new Promise((resolve) => {
    const finish = () => {
      rmSync(dir, { recursive: true, force: true });
      resolve();
    };
    if (child.exitCode !== null || child.signalCode !== null) return finish();
    child.once('exit', finish);
    child.kill('SIGTERM');
  });
}
