import { access } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ClientKey, ClientKeySource } from '@sshkit/ssh-auth';
import type { Passphrase, SSHKeyPair } from '@sshkit/ssh-keys';
import { type KeyPairFileSource, type LoadKeypairFilesOptions, loadKeypairs } from '@sshkit/ssh-keys/node';
import { sameBytes } from '../bytes.js';
import type { AgentKeys } from './agent.js';

/** The key files ssh(1) tries by default, in its order. */
export const DEFAULT_KEY_FILES = ['id_ecdsa', 'id_ed25519', 'id_rsa', 'id_dsa'] as const;

function toClientKey(pair: SSHKeyPair): ClientKey {
  return pair.certificate ? [pair.key, pair.certificate] : pair.key;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** What identifies a key to the server: its public blob, or its certificate's. */
function blobOf(key: ClientKey): Uint8Array {
  return 'publicBlob' in key ? key.publicBlob : key[1].blob;
}

/**
 * The key files that exist, loaded: ssh's defaults in a directory, or the
 * given paths (ssh_config IdentityFile); those needing a passphrase nobody
 * gave are skipped, as missing ones are.
 */
async function defaultKeyFiles(
  where: string | readonly string[],
  passphrase: Passphrase | undefined,
  certificates: KeyLoadOptions['certificates'],
): Promise<ClientKey[]> {
  const candidates = typeof where === 'string' ? DEFAULT_KEY_FILES.map((name) => join(where, name)) : where;
  const files: string[] = [];
  for (const path of candidates) if (await exists(path)) files.push(path);
  if (files.length === 0) return [];
  return (
    await loadKeypairs(files, passphrase, { ignoreEncrypted: true, ...(certificates && { certificates }) })
  ).map(toClientKey);
}

/** How given keys load: extra certificates to pair with them (AsyncSSH `client_certs`), and skipping encrypted ones. */
export interface KeyLoadOptions {
  readonly certificates?: LoadKeypairFilesOptions['certificates'] | undefined;
  /** Skip keys no passphrase opens instead of failing (AsyncSSH `ignore_encrypted`); the default key files always are. */
  readonly ignoreEncrypted?: boolean | undefined;
}

/**
 * The `clientKeys` option as the auth layer's key source: given keys are
 * loaded as AsyncSSH's "Specifying private keys" says; without them, a
 * loader runs when publickey is first tried: the agent's keys first (as
 * ssh(1) does), then the key files (`keyFiles`: ssh's `id_*` in a directory,
 * default `~/.ssh`, or a list of paths) and their `-cert.pub`, less those
 * the agent already holds.
 */
export function clientKeySource(
  spec: unknown,
  passphrase: Passphrase | undefined,
  agent?: AgentKeys,
  keyFiles: string | readonly string[] = join(homedir(), '.ssh'),
  load: KeyLoadOptions = {},
): ClientKeySource {
  if (typeof spec === 'function') return spec as ClientKeySource;
  const { certificates, ignoreEncrypted } = load;
  if (spec !== undefined) {
    const options = { ...(certificates && { certificates }), ...(ignoreEncrypted && { ignoreEncrypted }) };
    return async () =>
      (await loadKeypairs(spec as KeyPairFileSource[], passphrase, options)).map(toClientKey);
  }
  return async () => {
    const fromAgent = (await agent?.keys()) ?? [];
    const fromFiles = (await defaultKeyFiles(keyFiles, passphrase, certificates)).filter(
      (key) => !fromAgent.some((held) => sameBytes(blobOf(held), blobOf(key))),
    );
    return [...fromAgent, ...fromFiles];
  };
}
