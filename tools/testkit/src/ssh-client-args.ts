/** Where an OpenSSH client should go and what it should trust. */
export interface SshClientTarget {
  readonly port: number;
  /** A known_hosts file holding exactly the server's key (or a `@cert-authority` line). */
  readonly knownHostsPath: string;
  /** The private key for publickey auth (`-i`); omit when the test authenticates otherwise. */
  readonly keyPath?: string;
}

/**
 * The options every interop test gives OpenSSH's `ssh` (for `sftp`, set `portFlag`
 * to `-P`): no user config, no prompts, and host keys checked strictly against
 * the test's own known_hosts file. Put the destination and command after them.
 */
export function sshClientArgs(target: SshClientTarget, portFlag: '-p' | '-P' = '-p'): string[] {
  return [
    '-F',
    '/dev/null',
    portFlag,
    String(target.port),
    ...(target.keyPath !== undefined ? ['-i', target.keyPath] : []),
    '-o',
    'BatchMode=yes',
    '-o',
    'StrictHostKeyChecking=yes',
    '-o',
    `UserKnownHostsFile=${target.knownHostsPath}`,
  ];
}
