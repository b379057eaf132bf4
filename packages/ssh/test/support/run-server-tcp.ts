// runServer on sockets a plain net.Server on 127.0.0.1 accepts, with a key and
// a known_hosts file for OpenSSH's ssh: the interop setup of the Node and the
// web runServer suites.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importAuthorizedKeys, type SSHAuthorizedKeys, type SSHKey } from '@sshkit/ssh-keys';
import type { ByteDuplex } from '@sshkit/ssh-transport';
import { socketDuplex } from '@sshkit/ssh-transport/node';
import { sshClientArgs } from '@sshkit/testkit';

export interface ServedOverTcp<C> {
  /** What each accepted socket's runServer gave, in order. */
  readonly served: Promise<C>[];
  /** The ssh options that reach the server (put the destination after them). */
  sshArgs(): string[];
  close(): Promise<void>;
}

/** Listens on a free port and calls `serve` for each socket, with ssh's public key as authorized_keys. */
export async function runServerOverTcp<C>(
  sshKeygen: string,
  hostKey: SSHKey,
  serve: (sock: ByteDuplex, authorizedClientKeys: SSHAuthorizedKeys) => Promise<C>,
): Promise<ServedOverTcp<C>> {
  const dir = mkdtempSync(join(tmpdir(), 'sshkit-run-server-'));
  const keyPath = join(dir, 'id_ed25519');
  execFileSync(sshKeygen, ['-q', '-t', 'ed25519', '-N', '', '-f', keyPath]);
  const authorizedClientKeys = importAuthorizedKeys(readFileSync(`${keyPath}.pub`, 'utf8'));
  const served: Promise<C>[] = [];
  const tcp = createServer((socket) => {
    served.push(serve(socketDuplex(socket), authorizedClientKeys));
  });
  await new Promise<void>((r) => tcp.listen(0, '127.0.0.1', r));
  const knownHostsPath = join(dir, 'known_hosts');
  const { port } = tcp.address() as { port: number };
  writeFileSync(knownHostsPath, `[127.0.0.1]:${port} ${hostKey.exportPublicKey('openssh')}\n`);
  return {
    served,
    sshArgs: () => sshClientArgs({ port, keyPath, knownHostsPath }),
    close: async () => {
      await new Promise<void>((r) => tcp.close(() => r()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
