import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { formatKnownHostsEntry, type SSHKey, SSHKnownHosts } from '@sshkit/ssh-keys';
import { readKnownHosts } from '@sshkit/ssh-keys/node';
import type { SSHClient } from '../handlers.js';
import {
  type HostKeyCheck,
  type HostKeyTarget,
  type HostKeyTrust,
  hostKeyCheckFor,
} from '../host-key-trust.js';
import type { KnownHostsOption } from '../options.js';

/** ssh's default UserKnownHostsFile. */
export function defaultKnownHostsPath(): string {
  return join(homedir(), '.ssh', 'known_hosts');
}

/**
 * The trusted keys of the option. A missing file counts as empty for the
 * default path and under accept-new (which creates it); a missing file
 * given explicitly is an error otherwise (most likely a mistyped path).
 */
async function loadTrust(option: KnownHostsOption | undefined, acceptNew: boolean): Promise<HostKeyTrust> {
  if (option === null) return null;
  if (option === undefined || (typeof option === 'string' && acceptNew)) {
    try {
      return await readKnownHosts(option ?? defaultKnownHostsPath());
    } catch (e) {
      if ((e as { code?: unknown }).code !== 'ENOENT') throw e;
      return [[], [], []];
    }
  }
  if (typeof option === 'string') return readKnownHosts(option);
  return option;
}

/**
 * Appends a new host's key to known_hosts, as ssh's accept-new does: under
 * the host name (`[host]:port` off port 22) or the alias, the file (and its
 * directory) created when missing. A failure to write leaves the connection
 * as it is (ssh only warns).
 */
async function recordNewHost(path: string, target: HostKeyTarget, key: SSHKey): Promise<void> {
  const name = target.alias ?? target.host;
  const entries = new SSHKnownHosts([], []).addHost(
    name,
    key,
    target.alias === undefined ? { port: target.port } : {},
  );
  try {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    const existing = await readFile(path, 'utf8').catch(() => '');
    const separator = existing === '' || existing.endsWith('\n') ? '' : '\n';
    await appendFile(path, `${separator}${entries.map(formatKnownHostsEntry).join('\n')}\n`, { mode: 0o600 });
  } catch {
    // Accepted all the same: the next connection will see an unknown host again.
  }
}

/**
 * {@link hostKeyCheckFor} with `knownHosts` read from its file (default
 * `~/.ssh/known_hosts`) when it is a path; with `strictHostKeyChecking:
 * 'accept-new'`, a new host's key is accepted and appended to that file.
 */
export async function hostKeyVerifier(
  option: KnownHostsOption | undefined,
  client: SSHClient,
  target: Omit<HostKeyTarget, 'path' | 'acceptNew'>,
  strictHostKeyChecking: 'yes' | 'accept-new' = 'yes',
): Promise<HostKeyCheck> {
  const path =
    option === undefined ? defaultKnownHostsPath() : typeof option === 'string' ? option : undefined;
  const full: HostKeyTarget = { ...target, path };
  const acceptNew =
    strictHostKeyChecking !== 'accept-new'
      ? undefined
      : path === undefined
        ? () => undefined
        : (key: SSHKey) => recordNewHost(path, full, key);
  return hostKeyCheckFor(await loadTrust(option, acceptNew !== undefined), client, { ...full, acceptNew });
}
