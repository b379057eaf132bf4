import { existsSync } from 'node:fs';
import { describe } from '@jest/globals';

/** Looks for an OpenSSH program in the usual places. */
export function findProgram(candidates: readonly string[]): string | undefined {
  return candidates.find((p) => existsSync(p));
}

export const SFTP_SERVER = findProgram([
  '/usr/lib/openssh/sftp-server',
  '/usr/lib/sftp-server',
  '/usr/libexec/openssh/sftp-server',
  '/usr/libexec/sftp-server',
]);

export const SFTP_CLIENT = findProgram(['/usr/bin/sftp', '/usr/local/bin/sftp']);

/**
 * `describe` when the program exists or interop is required
 * (SSHKIT_REQUIRE_INTEROP=1: then a missing program fails the tests),
 * `describe.skip` only when it is absent and not required.
 */
export function describeInterop(program: string | undefined): typeof describe | typeof describe.skip {
  const required = process.env.SSHKIT_REQUIRE_INTEROP === '1';
  return program !== undefined || required ? describe : describe.skip;
}

/** Fails with a clear message when the program is missing (only reached when required). */
export function requireProgram(program: string | undefined, name: string): string {
  if (program === undefined) throw new Error(`${name} not found but SSHKIT_REQUIRE_INTEROP=1`);
  return program;
}
