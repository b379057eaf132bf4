/**
 * What hostbased authentication needs on the client (AsyncSSH
 * `client_host_keys`, `client_host_certs`, `client_host_keysign`,
 * `client_host`, `client_username`): the host keys, the host name to claim
 * and the local user.
 */
import { existsSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import type { ClientKey, ClientKeySource } from '@sshkit/ssh-auth';
import type { SSHCertificate } from '@sshkit/ssh-keys';
import {
  type KeyPairFileSource,
  loadCertificates,
  loadKeypairs,
  loadPublicKeys,
} from '@sshkit/ssh-keys/node';
import type { ByteDuplex } from '@sshkit/ssh-transport';
import { socketOf } from '@sshkit/ssh-transport/node';
import type { HostBasedSetup } from '../handshake.js';
import type { SSHClientOptions } from '../options.js';
import { keysignKey, keysignPath } from './keysign.js';
import { reverseLookup } from './reverse-lookup.js';

/** The host's public keys ssh hands to ssh-keysign by default, in ssh's order. */
const SYSTEM_HOST_KEYS = ['ecdsa', 'ed25519', 'rsa'].map((t) => `/etc/ssh/ssh_host_${t}_key.pub`);

/**
 * The name ssh claims for this end of the connection: the reverse lookup of
 * the socket's local address, else the system's host name; with the trailing
 * dot of a fully qualified name, as ssh and ssh-keysign write it.
 */
async function localHostName(duplex: ByteDuplex): Promise<string> {
  const address = duplex.info?.localAddress;
  const name = typeof address === 'string' && address !== '' ? await reverseLookup(address) : undefined;
  // No name for the address: the host name stands in, as in ssh's get_local_name().
  return name ?? hostname();
}

function withTrailingDot(name: string): string {
  return name.endsWith('.') ? name : `${name}.`;
}

/** Certificates for keysign keys: the given ones, or the `-cert.pub` beside each default key file. */
async function keysignCertificates(options: SSHClientOptions): Promise<SSHCertificate[]> {
  if (options.clientHostCerts !== undefined) return loadCertificates(options.clientHostCerts);
  if (options.clientHostKeys !== undefined) return [];
  const files = SYSTEM_HOST_KEYS.map((p) => p.replace(/\.pub$/, '-cert.pub')).filter((p) => existsSync(p));
  return files.length === 0 ? [] : loadCertificates(files);
}

/** Public host keys signed through ssh-keysign, each with its certificate when one is known. */
async function keysignKeys(
  options: SSHClientOptions,
  path: string,
  duplex: ByteDuplex,
): Promise<ClientKey[]> {
  const keys =
    options.clientHostKeys !== undefined
      ? await loadPublicKeys(options.clientHostKeys as Parameters<typeof loadPublicKeys>[0])
      : await loadPublicKeys(SYSTEM_HOST_KEYS.filter((p) => existsSync(p)));
  const certificates = await keysignCertificates(options);
  const socket = socketOf(duplex);
  return keys.map((key): ClientKey => {
    const signer = keysignKey(key, path, socket);
    const certificate = certificates.find((c) => c.key.equals(key));
    return certificate ? [signer, certificate] : signer;
  });
}

/**
 * The hostbased options for the auth layer, or undefined when hostbased is
 * off: it is on when `clientHostKeys` or `clientHostKeysign` is given, unless
 * `hostBasedAuth` is false. Keys load when the server first offers hostbased.
 * @throws KeysignError when `clientHostKeysign: true` finds no ssh-keysign
 */
export async function hostBasedSetup(
  options: SSHClientOptions,
  duplex: ByteDuplex,
): Promise<HostBasedSetup | undefined> {
  const wanted = options.clientHostKeys !== undefined || Boolean(options.clientHostKeysign);
  if (!wanted || options.hostBasedAuth === false) return undefined;
  const keysign = options.clientHostKeysign ? keysignPath(options.clientHostKeysign) : undefined;
  const clientHostKeys: ClientKeySource = keysign
    ? () => keysignKeys(options, keysign, duplex)
    : async () =>
        (
          await loadKeypairs(
            options.clientHostKeys as KeyPairFileSource | readonly KeyPairFileSource[],
            options.passphrase,
            {
              ...(options.clientHostCerts !== undefined && { certificates: options.clientHostCerts }),
            },
          )
        ).map((pair): ClientKey => (pair.certificate ? [pair.key, pair.certificate] : pair.key));
  return {
    clientHostKeys,
    clientHost: withTrailingDot(options.clientHost ?? (await localHostName(duplex))),
    clientUsername: options.clientUsername ?? userInfo().username,
  };
}
