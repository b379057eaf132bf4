import { homedir } from 'node:os';
import { join } from 'node:path';
import { decodePublicKeyBlob } from '@sshkit/ssh-crypto';
import { matchKnownHosts, SSHKey, type SSHKnownHosts } from '@sshkit/ssh-keys';
import { readKnownHosts } from '@sshkit/ssh-keys/node';
import type { HostKeyVerifier } from '@sshkit/ssh-transport';
import type { SSHClient } from '../handlers.js';
import type { KnownHostsOption } from '../options.js';

function sameKey(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

async function loadTrust(
  option: KnownHostsOption | undefined,
): Promise<SSHKnownHosts | [SSHKey[], SSHKey[], SSHKey[]] | null> {
  if (option === null) return null;
  if (option === undefined) {
    try {
      return await readKnownHosts(join(homedir(), '.ssh', 'known_hosts'));
    } catch {
      return [[], [], []];
    }
  }
  if (typeof option === 'string') return readKnownHosts(option);
  return option;
}

/**
 * The client's host key check (ARCHITECTURE, Security defaults): a key
 * known_hosts trusts for this host is accepted, a revoked one refused, and an
 * unknown one goes to `validateHostPublicKey`, else is refused. `knownHosts:
 * null` turns checking off.
 */
export async function hostKeyVerifier(
  option: KnownHostsOption | undefined,
  host: string,
  addr: string,
  port: number,
  client: SSHClient,
): Promise<HostKeyVerifier> {
  const trust = await loadTrust(option);
  if (trust === null) return () => true;
  const [trusted, , revoked] = Array.isArray(trust) ? trust : matchKnownHosts(trust, host, addr, port);
  return async (blob) => {
    if (revoked.some((k) => sameKey(k.publicBlob, blob))) return false;
    if (trusted.some((k) => sameKey(k.publicBlob, blob))) return true;
    if (!client.validateHostPublicKey) return false;
    return client.validateHostPublicKey(
      host,
      addr,
      port,
      new SSHKey(decodePublicKeyBlob(blob), undefined, false),
    );
  };
}
