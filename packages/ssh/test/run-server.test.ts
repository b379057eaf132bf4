// runServer (AsyncSSH run_server): one SSH server connection on a byte stream
// you already have, in memory with our client, and on a TCP socket a plain
// net.Server accepted, with OpenSSH's ssh as the client.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { requireTools, sshClientArgs } from '@sshkit/testkit';
import {
  connect,
  createMemoryPair,
  DisconnectError,
  generatePrivateKey,
  importAuthorizedKeys,
  PermissionDenied,
  runServer,
  SSHServer,
  type SSHServerConnection,
  type SSHServerProcess,
  socketDuplex,
} from '../src/index.js';
import { OpenServer } from './support/loopback.js';
import { finished } from './support/openssh-client.js';

const hostKey = generatePrivateKey('ssh-ed25519');

class PasswordServer extends SSHServer {
  override passwordAuthSupported() {
    return true;
  }
  override validatePassword(_user: string, password: string) {
    return password === 'right';
  }
}

function echoCommand(proc: SSHServerProcess<string>): void {
  proc.stdout.write(`ran ${proc.command}\n`);
  proc.exit(0);
}

describe('runServer over an in-memory byte stream', () => {
  it('serves our client and resolves with the authenticated connection', async () => {
    const [a, b] = createMemoryPair();
    const [conn, served] = await Promise.all([
      connect({ sock: a, username: 'u', clientKeys: [], knownHosts: [[hostKey.convertToPublic()], [], []] }),
      runServer(b, {
        serverHostKeys: [hostKey],
        serverFactory: () => new OpenServer(),
        processFactory: echoCommand as never,
      }),
    ]);
    try {
      expect((await conn.run('in memory')).stdout).toBe('ran in memory\n');
      expect(served.getExtraInfo('username')).toBe('u');
    } finally {
      conn.close();
      await served.waitClosed();
    }
  });

  it('rejects with the disconnect when the client fails to authenticate', async () => {
    const [a, b] = createMemoryPair();
    const client = connect({
      sock: a,
      username: 'u',
      password: 'wrong',
      clientKeys: [],
      knownHosts: [[hostKey.convertToPublic()], [], []],
      preferredAuthentications: ['password'],
    });
    const server = runServer(b, {
      serverHostKeys: [hostKey],
      serverFactory: () => new PasswordServer(),
      maxAuthTries: 1,
    });
    await Promise.all([
      expect(client).rejects.toBeInstanceOf(PermissionDenied),
      expect(server).rejects.toBeInstanceOf(DisconnectError),
    ]);
  });
});

const tools = requireTools('ssh', 'ssh-keygen');
const describeInterop = tools ? describe : describe.skip;

describeInterop('runServer on sockets a plain net.Server accepts, with OpenSSH ssh', () => {
  let dir: string;
  let keyPath: string;
  let knownHosts: string;
  let tcp: Server;
  const served: Promise<SSHServerConnection>[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sshkit-run-server-'));
    keyPath = join(dir, 'id_ed25519');
    execFileSync(tools!['ssh-keygen'], ['-q', '-t', 'ed25519', '-N', '', '-f', keyPath]);
    const authorizedClientKeys = importAuthorizedKeys(readFileSync(`${keyPath}.pub`, 'utf8'));
    tcp = createServer((socket) => {
      served.push(
        runServer(socketDuplex(socket), {
          serverHostKeys: [hostKey],
          authorizedClientKeys,
          processFactory: echoCommand as never,
        }),
      );
    });
    await new Promise<void>((r) => tcp.listen(0, '127.0.0.1', r));
    knownHosts = join(dir, 'known_hosts');
    const { port } = tcp.address() as { port: number };
    writeFileSync(knownHosts, `[127.0.0.1]:${port} ${hostKey.exportPublicKey('openssh')}\n`);
  });
  afterAll(async () => {
    await new Promise<void>((r) => tcp?.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs ssh host cmd, and resolves with the connection', async () => {
    const { port } = tcp.address() as { port: number };
    const ssh = await finished(
      spawn(tools!.ssh, [
        ...sshClientArgs({ port, keyPath, knownHostsPath: knownHosts }),
        'me@127.0.0.1',
        'over a plain socket',
      ]),
    );
    expect(ssh.stdout.toString()).toBe('ran over a plain socket\n');
    expect(ssh.code).toBe(0);
    const conn = await served[0];
    expect(conn?.getExtraInfo('username')).toBe('me');
  });
});
