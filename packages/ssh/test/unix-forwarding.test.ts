// Unix-socket forwarding (direct-streamlocal / streamlocal-forward@openssh.com)
// in every combination with TCP: our client against our server, and against
// OpenSSH's sshd.
import { mkdtempSync, rmSync } from 'node:fs';
import { connect as netConnect, createServer as netServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { requireTools, type SshdInstance, startSshd } from '@sshkit/testkit';
import {
  connect,
  generatePrivateKey,
  listen,
  type SSHAcceptor,
  type SSHClientConnection,
  SSHServer,
} from '../src/index.js';
import { connectToSshd } from './support/sshd-client.js';

type Target = { path: string } | { port: number };

/** Sends `text` to a TCP port or Unix socket, half-closes, and resolves with what came back. */
function echoThrough(target: Target, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket =
      'path' in target
        ? netConnect({ path: target.path })
        : netConnect({ host: '127.0.0.1', port: target.port });
    let reply = '';
    socket.on('connect', () => socket.end(text));
    socket.on('data', (d) => {
      reply += d.toString();
    });
    socket.on('end', () => resolve(reply));
    socket.on('error', reject);
  });
}

function startEcho(listenOn: string | number): Promise<Server> {
  const server = netServer({ allowHalfOpen: true }, (s) => s.pipe(s));
  return new Promise((resolve) => {
    if (typeof listenOn === 'string') server.listen(listenOn, () => resolve(server));
    else server.listen(listenOn, '127.0.0.1', () => resolve(server));
  });
}

function closeServer(server: Server | undefined): Promise<void> {
  return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
}

/** Polls until a Unix socket accepts connections (remote listeners bind asynchronously). */
async function waitListening(path: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = netConnect({ path });
      s.on('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`nothing listens on ${path}`);
}

let dir: string;
let unixEcho: Server;
let tcpEcho: Server;
let unixEchoPath: string;
let tcpEchoPort: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sshkit-unix-'));
  unixEchoPath = join(dir, 'echo.sock');
  unixEcho = await startEcho(unixEchoPath);
  tcpEcho = await startEcho(0);
  tcpEchoPort = (tcpEcho.address() as { port: number }).port;
});
afterAll(async () => {
  await closeServer(unixEcho);
  await closeServer(tcpEcho);
  rmSync(dir, { recursive: true, force: true });
});

class ForwardingServer extends SSHServer {
  override beginAuth() {
    return false;
  }
  override connectionRequested() {
    return true;
  }
  override serverRequested() {
    return true;
  }
  override unixConnectionRequested() {
    return true;
  }
  override unixServerRequested() {
    return true;
  }
}

describe('Unix-socket forwarding, our client against our server', () => {
  const hostKey = generatePrivateKey('ssh-ed25519');
  let acceptor: SSHAcceptor;
  let conn: SSHClientConnection;

  beforeAll(async () => {
    acceptor = await listen({
      host: '127.0.0.1',
      port: 0,
      serverHostKeys: [hostKey],
      serverFactory: () => new ForwardingServer(),
    });
    conn = await connect('127.0.0.1', {
      port: acceptor.getPort(),
      username: 'u',
      clientKeys: [],
      knownHosts: [[hostKey.convertToPublic()], [], []],
    });
  });
  afterAll(async () => {
    conn?.close();
    acceptor?.close();
    await acceptor?.waitClosed();
  });

  it('forwardLocalPath: local socket -> server-side socket', async () => {
    const listener = await conn.forwardLocalPath(join(dir, 'l1.sock'), unixEchoPath);
    expect(listener.getPort()).toBe(0);
    expect(await echoThrough({ path: join(dir, 'l1.sock') }, 'path to path')).toBe('path to path');
    listener.close();
    await listener.waitClosed();
  });

  it('forwardLocalPortToPath and forwardLocalPathToPort', async () => {
    const toPath = await conn.forwardLocalPortToPath('127.0.0.1', 0, unixEchoPath);
    expect(await echoThrough({ port: toPath.getPort() }, 'port to path')).toBe('port to path');
    const toPort = await conn.forwardLocalPathToPort(join(dir, 'l2.sock'), '127.0.0.1', tcpEchoPort);
    expect(await echoThrough({ path: join(dir, 'l2.sock') }, 'path to port')).toBe('path to port');
    toPath.close();
    toPort.close();
  });

  it('forwardRemotePath, forwardRemotePortToPath and forwardRemotePathToPort', async () => {
    const remotePath = join(dir, 'r1.sock');
    const pathToPath = await conn.forwardRemotePath(remotePath, unixEchoPath);
    await waitListening(remotePath);
    expect(await echoThrough({ path: remotePath }, 'remote path')).toBe('remote path');

    const portToPath = await conn.forwardRemotePortToPath('127.0.0.1', 0, unixEchoPath);
    expect(portToPath.getPort()).toBeGreaterThan(0);
    expect(await echoThrough({ port: portToPath.getPort() }, 'remote port to path')).toBe(
      'remote port to path',
    );

    const remotePath2 = join(dir, 'r2.sock');
    const pathToPort = await conn.forwardRemotePathToPort(remotePath2, '127.0.0.1', tcpEchoPort);
    await waitListening(remotePath2);
    expect(await echoThrough({ path: remotePath2 }, 'remote path to port')).toBe('remote path to port');

    for (const l of [pathToPath, portToPath, pathToPort]) {
      l.close();
      await l.waitClosed();
    }
  });

  it('a destination that does not exist closes that one local connection; the SSH connection carries on', async () => {
    const listener = await conn.forwardLocalPath(join(dir, 'l3.sock'), join(dir, 'missing.sock'));
    await expect(echoThrough({ path: join(dir, 'l3.sock') }, 'lost')).resolves.toBe('');
    const again = await conn.forwardLocalPath(join(dir, 'l4.sock'), unixEchoPath);
    expect(await echoThrough({ path: join(dir, 'l4.sock') }, 'still here')).toBe('still here');
    listener.close();
    again.close();
  });
});

const tools = requireTools('sshd', 'ssh-keygen');
const describeInterop = tools ? describe : describe.skip;

describeInterop('Unix-socket forwarding through OpenSSH sshd', () => {
  let server: SshdInstance;
  let conn: SSHClientConnection;

  beforeAll(async () => {
    server = await startSshd({
      hostKeyTypes: ['ed25519'],
      config: ['AllowStreamLocalForwarding yes', 'StreamLocalBindUnlink yes'],
    });
    conn = await connectToSshd(server);
  });
  afterAll(async () => {
    conn?.close();
    await server?.stop();
  });

  it('forwardLocalPath reaches a Unix socket through sshd (direct-streamlocal@openssh.com)', async () => {
    const listener = await conn.forwardLocalPath(join(dir, 's1.sock'), unixEchoPath);
    expect(await echoThrough({ path: join(dir, 's1.sock') }, 'via sshd')).toBe('via sshd');
    listener.close();
  });

  it('forwardRemotePath makes sshd listen on a Unix socket (streamlocal-forward@openssh.com)', async () => {
    const remotePath = join(dir, 's2.sock');
    const listener = await conn.forwardRemotePath(remotePath, unixEchoPath);
    await waitListening(remotePath);
    expect(await echoThrough({ path: remotePath }, 'back through sshd')).toBe('back through sshd');
    listener.close();
    await listener.waitClosed();
  });
});
