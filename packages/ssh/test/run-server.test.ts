// runServer (AsyncSSH run_server): one SSH server connection on a byte stream
// you already have, in memory with our client, on the server side of a
// WebSocket (ws's WebSocketServer, as a Node endpoint for browsers would be),
// and on a TCP socket a plain net.Server accepted, with OpenSSH's ssh as the client.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { requireTools } from '@sshkit/testkit';
import { WebSocket, WebSocketServer } from 'ws';
import {
  connect,
  createMemoryPair,
  DisconnectError,
  generatePrivateKey,
  PermissionDenied,
  runServer,
  type SSHClientConnection,
  SSHServer,
  type SSHServerConnection,
  type SSHServerProcess,
  webSocketDuplex,
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

async function countInput(proc: SSHServerProcess<string>): Promise<void> {
  const input = await proc.stdin.read();
  proc.stdout.write(`${proc.command}: ${input.length} bytes in\n`);
  proc.exit(0);
}

describe('runServer on a WebSocket a WebSocketServer accepted (SSH for browsers, no relay)', () => {
  it('serves each WebSocket client, binary messages as the byte stream', async () => {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((r) => wss.once('listening', () => r()));
    const served: Promise<SSHServerConnection>[] = [];
    wss.on('connection', (ws) => {
      served.push(
        webSocketDuplex(ws).then((sock) =>
          runServer(sock, {
            serverHostKeys: [hostKey],
            serverFactory: () => new OpenServer(),
            processFactory: countInput as never,
          }),
        ),
      );
    });
    const url = `ws://127.0.0.1:${(wss.address() as { port: number }).port}/`;
    const conns: SSHClientConnection[] = [];
    try {
      for (const user of ['first', 'second']) {
        const conn = await connect({
          sock: await webSocketDuplex(new WebSocket(url)),
          username: user,
          clientKeys: [],
          knownHosts: [[hostKey.convertToPublic()], [], []],
        });
        conns.push(conn);
        const input = 'x'.repeat(300_000);
        expect((await conn.run(`over ${user}`, { input })).stdout).toBe(`over ${user}: 300000 bytes in\n`);
      }
      const servers = await Promise.all(served);
      expect(servers.map((c) => c.getExtraInfo('username'))).toEqual(['first', 'second']);
    } finally {
      for (const conn of conns) conn.close();
      await Promise.all(served.map(async (s) => (await s).waitClosed()));
      await new Promise<void>((r) => wss.close(() => r()));
    }
  });
});

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
