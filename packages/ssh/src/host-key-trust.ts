import { decodePublicKeyBlob } from '@sshkit/ssh-crypto';
import { importCertificate, matchKnownHosts, SSHKey, type SSHKnownHosts } from '@sshkit/ssh-keys';
import { type HostKeyVerifier, plainAlgorithmOf } from '@sshkit/ssh-transport';
import { sameBytes } from './bytes.js';
import type { SSHClient } from './handlers.js';

/** Trusted host keys: parsed known_hosts, `[trusted, ca, revoked]` lists, or null for no checking. */
export type HostKeyTrust = SSHKnownHosts | [SSHKey[], SSHKey[], SSHKey[]] | null;

/** The client's host key check, and what it learnt once it accepted a key. */
export interface HostKeyCheck {
  readonly verify: HostKeyVerifier;
  /**
   * The accepted key when known_hosts listed it for this host as a plain key
   * (not through a CA or `validateHostPublicKey`), with the path of the file
   * updates go to (the first of several: the key may have come from another).
   */
  vouchedByFile():
    | { readonly path: string; readonly blob: Uint8Array; readonly algorithm: string }
    | undefined;
}

/** Which host a key is checked for, and what to do with a new host's key. */
export interface HostKeyTarget {
  readonly host: string;
  readonly addr: string;
  readonly port: number;
  /** ssh's HostKeyAlias: known_hosts is searched for it alone (no address, no port), certificates must name it. */
  readonly alias?: string | undefined;
  /** The known_hosts file `trust` came from, if any. */
  readonly path?: string | undefined;
  /**
   * ssh's StrictHostKeyChecking=accept-new: called with the key of a host
   * known_hosts has no key or CA for at all, which is then accepted (after
   * this resolves). A host with other keys is never taken this way.
   */
  readonly acceptNew?: ((key: SSHKey) => void | Promise<void>) | undefined;
}

/**
 * The names a host is looked up and written under in known_hosts: the alias
 * alone (ssh's HostKeyAlias: no address, no port), else host, address and
 * port (`[host]:port` off port 22).
 */
export function knownHostsNames(target: Pick<HostKeyTarget, 'host' | 'addr' | 'port' | 'alias'>): {
  host: string;
  addr: string;
  port: number;
} {
  const { host, addr, port, alias } = target;
  return alias === undefined ? { host, addr, port } : { host: alias, addr: '', port: 22 };
}

/**
 * The client's host key check (ARCHITECTURE, Security defaults): a key
 * known_hosts trusts for this host is accepted, a revoked one refused (revoked
 * wins), a host certificate is accepted when a `@cert-authority` CA for the
 * host signed it and it is valid for the host name, a new host's key is
 * accepted with `acceptNew`, and any other key goes to
 * `validateHostPublicKey`, else is refused. `knownHosts: null` turns checking off.
 */
export function hostKeyCheckFor(trust: HostKeyTrust, client: SSHClient, target: HostKeyTarget): HostKeyCheck {
  if (trust === null) return { verify: () => true, vouchedByFile: () => undefined };
  const { addr, port, path } = target;
  const names = knownHostsNames(target);
  const [trusted, ca, revoked] = Array.isArray(trust)
    ? trust
    : matchKnownHosts(trust, names.host, names.addr, names.port);
  const name = names.host;
  let vouched: ReturnType<HostKeyCheck['vouchedByFile']>;
  const isIn = (keys: readonly SSHKey[], key: SSHKey) =>
    keys.some((k) => sameBytes(k.publicBlob, key.publicBlob));
  const verify: HostKeyVerifier = async (blob, algorithm) => {
    let key: SSHKey;
    if (plainAlgorithmOf(algorithm)) {
      // A host certificate: trusted when a @cert-authority CA for this host signed it for this host name.
      const cert = importCertificate(blob);
      if (isIn(revoked, cert.key) || isIn(revoked, cert.signatureKey)) return false;
      if (isIn(ca, cert.signatureKey)) {
        try {
          cert.validate('host', name);
          return true;
        } catch {
          return false;
        }
      }
      key = cert.key;
    } else {
      key = new SSHKey(decodePublicKeyBlob(blob), undefined, false);
      if (isIn(revoked, key)) return false;
      if (isIn(trusted, key)) {
        if (path !== undefined) vouched = { path, blob, algorithm };
        return true;
      }
    }
    if (isIn(trusted, key)) return true;
    if (target.acceptNew && trusted.length === 0 && ca.length === 0) {
      await target.acceptNew(key);
      return true;
    }
    return client.validateHostPublicKey ? client.validateHostPublicKey(name, addr, port, key) : false;
  };
  return { verify, vouchedByFile: () => vouched };
}
