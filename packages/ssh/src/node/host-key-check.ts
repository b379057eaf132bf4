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
  knownHostsNames,
} from '../host-key-trust.js';
import type { KnownHostsOption } from '../options.js';

/** ssh's default UserKnownHostsFile. */
export function defaultKnownHostsPath(): string {
  return join(homedir(), '.ssh', 'known_hosts');
}

/** ssh's default UserKnownHostsFile list. */
export function userKnownHostsFiles(): string[] {
  return [defaultKnownHostsPath(), join(homedir(), '.ssh', 'known_hosts2')];
}

/** ssh's default GlobalKnownHostsFile list. */
export const GLOBAL_KNOWN_HOSTS_FILES: readonly string[] = [
  '/etc/ssh/ssh_known_hosts',
  '/etc/ssh/ssh_known_hosts2',
];

/** The files ssh reads by default: the user's, then the global ones. */
function defaultKnownHostsFiles(): string[] {
  return [...userKnownHostsFiles(), ...GLOBAL_KNOWN_HOSTS_FILES];
}

/** A known_hosts file as parsed entries; none when it does not exist. */
async function readIfExists(path: string): Promise<SSHKnownHosts | undefined> {
  try {
    return await readKnownHosts(path);
  } catch (e) {
    if ((e as { code?: unknown }).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** Several files as one, in order, as ssh searches them; those missing are skipped. */
async function readAll(paths: readonly string[]): Promise<SSHKnownHosts> {
  const files = (await Promise.all(paths.map(readIfExists))).filter((f) => f !== undefined);
  return new SSHKnownHosts(
    files.flatMap((f) => f.entries),
    files.flatMap((f) => f.errors),
  );
}

/** The files behind the option, the first being the one that is updated; none for keys given in memory. */
function filesOf(option: KnownHostsOption | undefined): readonly string[] {
  if (option === undefined) return defaultKnownHostsFiles();
  if (typeof option === 'string') return [option];
  if (isPathList(option)) return option;
  return [];
}

function isPathList(option: KnownHostsOption): option is readonly string[] {
  return Array.isArray(option) && option.every((p) => typeof p === 'string');
}

/**
 * The trusted keys of the option. Missing files count as empty in a list
 * (as ssh reads them), for the defaults, and under accept-new (which
 * creates the first); a single path given explicitly must exist (most likely
 * a mistyped path otherwise).
 */
async function loadTrust(option: KnownHostsOption | undefined, acceptNew: boolean): Promise<HostKeyTrust> {
  if (option === null) return null;
  if (typeof option === 'string' && !acceptNew) return readKnownHosts(option);
  const files = filesOf(option);
  if (option === undefined || typeof option === 'string' || isPathList(option)) return readAll(files);
  return option;
}

/**
 * Appends a new host's key to known_hosts, as ssh's accept-new does: under
 * the host name (`[host]:port` off port 22) or the alias, hashed with
 * `hash` (ssh's HashKnownHosts), the file (and its
 * directory) created when missing. A failure to write leaves the connection
 * as it is (ssh only warns).
 */
async function recordNewHost(path: string, target: HostKeyTarget, key: SSHKey, hash: boolean): Promise<void> {
  const { host, port } = knownHostsNames(target);
  const entries = new SSHKnownHosts([], []).addHost(host, key, { port, hash });
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
 * {@link hostKeyCheckFor} with `knownHosts` read from its files (default:
 * ssh's, `~/.ssh/known_hosts`, `~/.ssh/known_hosts2`, `/etc/ssh/ssh_known_hosts`
 * and `ssh_known_hosts2`); with `strictHostKeyChecking: 'accept-new'`, a new
 * host's key is accepted and appended to the first of them.
 */
export async function hostKeyVerifier(
  option: KnownHostsOption | undefined,
  client: SSHClient,
  target: Omit<HostKeyTarget, 'path' | 'acceptNew'>,
  policy: {
    strictHostKeyChecking?: 'yes' | 'accept-new' | undefined;
    hashKnownHosts?: boolean | undefined;
  } = {},
): Promise<HostKeyCheck> {
  const path = filesOf(option)[0];
  const full: HostKeyTarget = { ...target, path };
  const acceptNew =
    policy.strictHostKeyChecking !== 'accept-new'
      ? undefined
      : path === undefined
        ? () => undefined
        : (key: SSHKey) => recordNewHost(path, full, key, policy.hashKnownHosts === true);
  return hostKeyCheckFor(await loadTrust(option, acceptNew !== undefined), client, { ...full, acceptNew });
}
