import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Where Debian (and most Linux distributions) put the OpenSSH programs. */
const CANDIDATES: Readonly<Record<OpenSSHTool, readonly string[]>> = {
  sshd: ['/usr/sbin/sshd', '/usr/local/sbin/sshd'],
  ssh: ['/usr/bin/ssh', '/usr/local/bin/ssh'],
  'ssh-keygen': ['/usr/bin/ssh-keygen', '/usr/local/bin/ssh-keygen'],
  sftp: ['/usr/bin/sftp', '/usr/local/bin/sftp'],
  scp: ['/usr/bin/scp', '/usr/local/bin/scp'],
  'sftp-server': ['/usr/lib/openssh/sftp-server', '/usr/libexec/sftp-server', '/usr/lib/sftp-server'],
  openssl: ['/usr/bin/openssl', '/usr/local/bin/openssl'],
  'ssh-agent': ['/usr/bin/ssh-agent', '/usr/local/bin/ssh-agent'],
  'ssh-add': ['/usr/bin/ssh-add', '/usr/local/bin/ssh-add'],
  // Not OpenSSH's own, but what sshd and ssh run to store and look up X11 cookies.
  xauth: ['/usr/bin/xauth', '/usr/local/bin/xauth'],
};

export type OpenSSHTool =
  | 'sshd'
  | 'ssh'
  | 'ssh-keygen'
  | 'sftp'
  | 'scp'
  | 'sftp-server'
  | 'openssl'
  | 'ssh-agent'
  | 'ssh-add'
  | 'xauth';

/** The path of an OpenSSH tool on this machine, or undefined. */
export function findTool(tool: OpenSSHTool): string | undefined {
  return CANDIDATES[tool].find((p) => existsSync(p));
}

/** Whether CI asked for interop tests to fail rather than skip when a tool is missing. */
export function interopRequired(): boolean {
  return process.env.SSHKIT_REQUIRE_INTEROP === '1';
}

/**
 * The tools' paths when all are present. When one is missing: undefined (the
 * caller skips its interop tests), or, under `SSHKIT_REQUIRE_INTEROP=1`, an
 * error, so CI cannot pass with interop tests skipped.
 */
export function requireTools<T extends OpenSSHTool>(...tools: T[]): Record<T, string> | undefined {
  const found = {} as Record<T, string>;
  const missing: string[] = [];
  for (const t of tools) {
    const p = findTool(t);
    if (p) found[t] = p;
    else missing.push(t);
  }
  if (missing.length === 0) return found;
  if (interopRequired()) {
    throw new Error(`SSHKIT_REQUIRE_INTEROP=1 but OpenSSH tools are missing: ${missing.join(', ')}`);
  }
  return undefined;
}

/** The OpenSSH version string (`OpenSSH_9.2p1 ...`) of the installed `ssh`. */
export function opensshVersion(): string | undefined {
  const ssh = findTool('ssh');
  if (!ssh) return undefined;
  const r = spawnSync(ssh, ['-V'], { encoding: 'utf8' });
  return (r.stderr || r.stdout).trim();
}
