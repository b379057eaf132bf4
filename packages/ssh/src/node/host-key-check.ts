import { homedir } from 'node:os';
import { join } from 'node:path';
import { readKnownHosts } from '@sshkit/ssh-keys/node';
import type { SSHClient } from '../handlers.js';
import { type HostKeyCheck, type HostKeyTrust, hostKeyCheckFor } from '../host-key-trust.js';
import type { KnownHostsOption } from '../options.js';

/** ssh's default UserKnownHostsFile. */
export function defaultKnownHostsPath(): string {
  return join(homedir(), '.ssh', 'known_hosts');
}

async function loadTrust(option: KnownHostsOption | undefined): Promise<HostKeyTrust> {
  if (option === null) return null;
  if (option === undefined) {
    try {
      return await readKnownHosts(defaultKnownHostsPath());
    } catch {
      return [[], [], []];
    }
  }
  if (typeof option === 'string') return readKnownHosts(option);
  return option;
}

/** {@link hostKeyCheckFor} with `knownHosts` read from its file (default `~/.ssh/known_hosts`) when it is a path. */
export async function hostKeyVerifier(
  option: KnownHostsOption | undefined,
  host: string,
  addr: string,
  port: number,
  client: SSHClient,
  alias?: string,
): Promise<HostKeyCheck> {
  const path =
    option === undefined ? defaultKnownHostsPath() : typeof option === 'string' ? option : undefined;
  return hostKeyCheckFor(await loadTrust(option), host, addr, port, client, path, alias);
}
