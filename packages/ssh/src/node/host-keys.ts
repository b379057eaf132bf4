import { type KeyPairFileSource, loadKeypairs } from '@sshkit/ssh-keys/node';
import type { HostKey } from '@sshkit/ssh-transport';
import { loadHostKeysWith } from '../host-key-pairs.js';

/**
 * Loads `serverHostKeys` as AsyncSSH's "Specifying private keys" says (file
 * names pair with their `-cert.pub`).
 */
export function loadHostKeys(specs: readonly unknown[]): Promise<HostKey[]> {
  return loadHostKeysWith(specs, (s) => loadKeypairs(s as KeyPairFileSource[]));
}
