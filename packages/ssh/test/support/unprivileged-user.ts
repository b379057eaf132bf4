// sshd runs a root login's session without privilege separation and then
// refuses `signal` requests ("session signalling requires privilege
// separation"), so tests of signals log in as a normal account.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { interopRequired, PASSWORD_TEST_USER } from '@sshkit/testkit';

/** useradd's exit status when the account already exists. */
const USERADD_EXISTS = 9;

/**
 * A non-root account sshd can log in with publickey: ours when we are not
 * root, else testkit's `sshkit-test` (created without a password if missing;
 * an existing one keeps its password, so the password tests are not disturbed).
 * @returns the user name; undefined when root without useradd (unless SSHKIT_REQUIRE_INTEROP=1)
 */
export function unprivilegedUser(): string | undefined {
  if (process.getuid?.() !== 0) return userInfo().username;
  const useradd = ['/usr/sbin/useradd', '/sbin/useradd'].find((p) => existsSync(p));
  if (!useradd) {
    if (interopRequired()) throw new Error('SSHKIT_REQUIRE_INTEROP=1 but useradd is missing');
    return undefined;
  }
  // '*' means "no password", which sshd does not treat as a locked account ('!').
  const r = spawnSync(useradd, ['-m', '-s', '/bin/sh', '-p', '*', PASSWORD_TEST_USER], { encoding: 'utf8' });
  if (r.status !== 0 && r.status !== USERADD_EXISTS) {
    throw new Error(`useradd ${PASSWORD_TEST_USER} failed (${r.status}): ${r.stderr}`);
  }
  return PASSWORD_TEST_USER;
}
