// runServer (AsyncSSH run_server): one SSH server connection on a byte stream
// you already have, in memory with our client, and on a TCP socket a plain
// net.Server accepted, with OpenSSH's ssh as the client.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { requireTools } from '@sshkit/testkit';
import {
  connect,
  createMemoryPair,
  DisconnectError,
  generatePrivateKey,
  PermissionDenied,
  runServer,
  SSHServer,
  type SSHServerConnection,
  type SSHServerProcess,
} from '../src/index.js';
import { OpenServer } from './support/loopback.js';
import { finished } from './support/openssh-client.js';
import { runServerOverTcp, type ServedOverTcp } from './support/run-server-tcp.js';

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
  let env: ServedOverTcp<SSHServerConnection>;

  beforeAll(async () => {
    env = await runServerOverTcp(tools!['ssh-keygen'], hostKey, (sock, authorizedClientKeys) =>
      runServer(sock, {
        serverHostKeys: [hostKey],
        authorizedClientKeys,
        processFactory: echoCommand as never,
      }),
    );
  });
  afterAll(() => env?.close());

  it('runs ssh host cmd, and resolves with the connection', async () => {
    const ssh = await finished(spawn(tools!.ssh, [...env.sshArgs(), 'me@127.0.0.1', 'over a plain socket']));
    expect(ssh.stdout.toString()).toBe('ran over a plain socket\n');
    expect(ssh.code).toBe(0);
    const conn = await env.served[0];
    expect(conn?.getExtraInfo('username')).toBe('me');
  });
});
