// A private /etc/ssh for OpenSSH's ssh-keysign, which reads only fixed paths
// (/etc/ssh/ssh_config for EnableSSHKeysign, /etc/ssh/ssh_host_*_key): the
// commands of a test run in a mount namespace where /etc/ssh is a temp dir
// with host keys made by ssh-keygen, so the machine's own is never touched.
// Needs root (unshare + mount).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { interopRequired } from '@sshkit/testkit';

const UNSHARE = '/usr/bin/unshare';

export type EtcHostKeyType = 'ed25519' | 'rsa';

export interface PrivateEtcSsh {
  readonly dir: string;
  /** The `ssh-xxx AAAA...` line of the host key of a type. */
  hostPublicKey(type: EtcHostKeyType): string;
  /** The program and arguments that run `argv` with this dir as /etc/ssh. */
  command(argv: readonly string[]): [file: string, args: string[]];
  remove(): void;
}

function unavailable(why: string): undefined {
  if (interopRequired()) throw new Error(`SSHKIT_REQUIRE_INTEROP=1 but ${why}`);
  return undefined;
}

/**
 * Makes the dir (ssh_config with EnableSSHKeysign, ed25519 and RSA host keys).
 * @returns undefined when not root or without unshare (the caller skips), unless interop is required
 */
export function privateEtcSsh(sshKeygen: string): PrivateEtcSsh | undefined {
  if (process.getuid?.() !== 0)
    return unavailable('ssh-keysign tests need root (a private mount of /etc/ssh)');
  if (!existsSync(UNSHARE)) return unavailable(`${UNSHARE} is missing`);
  const dir = mkdtempSync(join(tmpdir(), 'sshkit-etc-ssh-'));
  writeFileSync(join(dir, 'ssh_config'), 'EnableSSHKeysign yes\n');
  for (const type of ['ed25519', 'rsa'] as const) {
    const bits = type === 'rsa' ? ['-b', '2048'] : [];
    execFileSync(sshKeygen, ['-q', '-t', type, ...bits, '-N', '', '-f', join(dir, `ssh_host_${type}_key`)]);
  }
  return {
    dir,
    hostPublicKey: (type) => readFileSync(join(dir, `ssh_host_${type}_key.pub`), 'utf8').trim(),
    command: (argv) => [
      UNSHARE,
      [
        '--mount',
        '--propagation',
        'private',
        'sh',
        '-c',
        'mount --bind "$0" /etc/ssh && exec "$@"',
        dir,
        ...argv,
      ],
    ],
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
