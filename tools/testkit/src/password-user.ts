import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { interopRequired } from './openssh.js';

/** The local account sshd's password and keyboard-interactive tests log in as. */
export const PASSWORD_TEST_USER = 'sshkit-test';

/** A local account and its current password. */
export interface PasswordUser {
  readonly user: string;
  readonly password: string;
}

/** useradd's exit status when the account already exists. */
const USERADD_EXISTS = 9;

function systemTool(name: string): string | undefined {
  return [`/usr/sbin/${name}`, `/sbin/${name}`].find((p) => existsSync(p));
}

function unavailable(why: string): undefined {
  if (interopRequired()) throw new Error(`SSHKIT_REQUIRE_INTEROP=1 but ${why}`);
  return undefined;
}

/** Creates the test account unless it exists; `passwordHash` as `useradd -p` takes it. */
function createTestUser(useradd: string, passwordHash?: string): void {
  const hash = passwordHash === undefined ? [] : ['-p', passwordHash];
  const r = spawnSync(useradd, ['-m', '-s', '/bin/sh', ...hash, PASSWORD_TEST_USER], { encoding: 'utf8' });
  if (r.status !== 0 && r.status !== USERADD_EXISTS) {
    throw new Error(`useradd ${PASSWORD_TEST_USER} failed (${r.status}): ${r.stderr}`);
  }
}

/**
 * A normal (non-root) account sshd can log a key into. sshd runs a root
 * login's session without privilege separation and then refuses `signal`
 * requests, so signal tests need one. Not root: the current user. Root: the
 * account `sshkit-test`, created without a password if missing ('*': no
 * password, which sshd does not treat as locked); an existing one keeps its
 * password, so {@link ensurePasswordUser}'s tests are not disturbed.
 * @returns the user name; undefined as root without useradd (the caller
 *   skips), unless `SSHKIT_REQUIRE_INTEROP=1`, which makes that an error
 */
export function ensureUnprivilegedUser(): string | undefined {
  if (process.getuid?.() !== 0) return userInfo().username;
  const useradd = systemTool('useradd');
  if (!useradd) return unavailable('useradd is missing');
  createTestUser(useradd, '*');
  return PASSWORD_TEST_USER;
}

/**
 * As root: creates the account `sshkit-test` (home directory, shell /bin/sh)
 * unless it exists, and gives it a fresh random password with `chpasswd`, so
 * a real sshd can check it against /etc/shadow or PAM. Each call changes the
 * password, so one test file should call it once (in `beforeAll`).
 * @returns the account and password; undefined when not root or useradd/chpasswd
 *   are missing (the caller skips), unless `SSHKIT_REQUIRE_INTEROP=1`, which makes that an error
 */
export function ensurePasswordUser(): PasswordUser | undefined {
  if (process.getuid?.() !== 0) return unavailable('not running as root: cannot create a password test user');
  const useradd = systemTool('useradd');
  const chpasswd = systemTool('chpasswd');
  if (!useradd || !chpasswd) return unavailable('useradd or chpasswd is missing');
  const user = PASSWORD_TEST_USER;
  createTestUser(useradd);
  const password = randomBytes(18).toString('base64url');
  execFileSync(chpasswd, { input: `${user}:${password}\n` });
  return { user, password };
}
