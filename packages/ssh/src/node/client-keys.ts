import { access } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ClientKey, ClientKeySource } from '@sshkit/ssh-auth';
import type { Passphrase, SSHKeyPair } from '@sshkit/ssh-keys';
import { type KeyPairFileSource, loadKeypairs } from '@sshkit/ssh-keys/node';

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

/**
 * The `clientKeys` option as the auth layer's key source: given keys are
 * loaded as AsyncSSH's "Specifying private keys" says; without them, a
 * loader reads `~/.ssh/id_*` (and `-cert.pub`) when publickey is first tried,
 * skipping keys that need a passphrase nobody gave.
 */
export function clientKeySource(spec: unknown, passphrase: Passphrase | undefined): ClientKeySource {
  if (typeof spec === 'function') return spec as ClientKeySource;
  if (spec !== undefined) {
    return async () => (await loadKeypairs(spec as KeyPairFileSource[], passphrase)).map(toClientKey);
  }
  return async () => {
    const dir = join(homedir(), '.ssh');
    const files: string[] = [];
    for (const name of DEFAULT_KEY_FILES) {
      const path = join(dir, name);
      if (await exists(path)) files.push(path);
    }
    if (files.length === 0) return [];
    return (await loadKeypairs(files, passphrase, { ignoreEncrypted: true })).map(toClientKey);
  };
}
