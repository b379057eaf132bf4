// The server every runtime runs for OpenSSH's ssh and sftp to log into: the
// web entry's runServer with keys the harness made, commands answered here,
// SFTP on an in-memory tree.
import { importAuthorizedKeys, importPrivateKey, MemoryFileSystem, SFTPServer } from '@sshkit/ssh/web';
import { SERVER_ALGORITHMS } from './algorithm-sweep.mjs';
import { sha256Hex } from './client-checks.mjs';

/**
 * @typedef {object} ServerConfig
 * @property {string} runtime the name `whoami` answers with
 * @property {string[]} hostKeys host private keys (ed25519, ECDSA, RSA), OpenSSH format
 * @property {string} authorizedKeys authorized_keys text
 */

/**
 * The commands OpenSSH's ssh runs in the tests: `whoami` (the runtime's
 * name), `sha256` (of all of stdin, bytes), `fail` (stderr, exit status 7).
 * @param {ServerConfig} cfg
 */
export function answerCommand(cfg) {
  return async (proc) => {
    if (proc.command === 'whoami') {
      proc.stdout.write(new TextEncoder().encode(`${cfg.runtime}\n`));
      proc.exit(0);
    } else if (proc.command === 'sha256') {
      const all = await proc.stdin.read(); // to EOF
      proc.stdout.write(new TextEncoder().encode(`${await sha256Hex(all)} ${all.length}\n`));
      proc.exit(0);
    } else {
      proc.stderr.write(new TextEncoder().encode(`no such command: ${proc.command}\n`));
      proc.exit(7);
    }
  };
}

/** runServer's options: every algorithm of the sweep, bytes sessions, publickey only, SFTP on one in-memory tree. */
export function webServerOptions(cfg) {
  const files = new MemoryFileSystem();
  return {
    ...SERVER_ALGORITHMS,
    serverHostKeys: cfg.hostKeys.map((text) => importPrivateKey(text)),
    authorizedClientKeys: importAuthorizedKeys(cfg.authorizedKeys),
    encoding: null,
    processFactory: answerCommand(cfg),
    sftpFactory: () => new SFTPServer(files, { homeDirectory: '/' }),
  };
}
